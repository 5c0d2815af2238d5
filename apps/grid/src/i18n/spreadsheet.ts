/**
 * The words of the spreadsheet habits: a block of cells copied and filled, a paste beyond the rows
 * loaded, and the question asked before staged changes are left; spread into the dictionary (kept
 * apart so that the dictionary's other additions merge without touching these).
 */
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const spreadsheetSv = {
  copied: (n: number) => `${n} ${plural(n, 'cell kopierad', 'celler kopierade')}.`,
  fillStaged: (n: number) => `${n} ${plural(n, 'cell fylld', 'celler fyllda')} nedåt.`,
  fillNothing: 'Markera cellerna att fylla (Skift+pil) under den rad vars värden ska fyllas nedåt.',
  pasteLoading: (n: number) => `Hämtar ${n} rader att klistra in i …`,
  /** Why pasted or filled cells were not staged, one clause per reason. */
  skippedReadOnlyRows: (n: number) => `${n} ${plural(n, 'rad hoppades', 'rader hoppades')} över: de tillhör en annan organisation och du får inte ändra dem.`,
  skippedDeletedRows: (n: number) =>
    `${n} ${plural(n, 'rad hoppades', 'rader hoppades')} över: ${plural(n, 'den är markerad', 'de är markerade')} för borttagning.`,
  skippedColumns: (n: number) => `${n} ${plural(n, 'cell hoppades', 'celler hoppades')} över: kolumnen går inte att ändra.`,
  skippedOutside: (n: number) => `${n} ${plural(n, 'cell hamnade', 'celler hamnade')} utanför tabellen (efter sista raden eller kolumnen).`,
  keysHint: 'Skift+klick eller Skift+piltangenter markerar flera celler; Ctrl+C kopierar dem, Ctrl+V klistrar in (även från Excel) och Ctrl+D fyller nedåt.',
  copyKeysHint: 'Skift+klick eller Skift+piltangenter markerar flera celler; Ctrl+C kopierar dem.',
  colSelect: 'Markera rader',
  leaveTitle: 'Osparade ändringar',
  /** The staged things counted in the question before leaving them, by what each view's are. */
  unsavedChanges: {
    rows: (n: number) => `${n} ${plural(n, 'ändrad rad', 'ändrade rader')}`,
    callOffs: (n: number) => `${n} ${plural(n, 'ändrat avrop', 'ändrade avrop')}`,
  },
  unsavedAnd: 'och',
  /** `what`: the staged things, as unsavedChanges counts them. */
  leaveBody: (what: string) => `Du har ${what} som inte har sparats. Ändringarna finns kvar när du kommer tillbaka till vyn, så länge du är inloggad.`,
  leaveStay: 'Stanna kvar',
  leaveKeep: 'Gå vidare och behåll ändringarna',
  leaveDiscard: 'Kasta ändringarna',
  signOutTitle: 'Logga ut med osparade ändringar?',
  signOutBody: (what: string) => `Du har ${what} som inte har sparats. Ändringarna går förlorade om du loggar ut.`,
  signOutAnyway: 'Logga ut och kasta ändringarna',
};

export const spreadsheetEn: typeof spreadsheetSv = {
  copied: (n: number) => `${n} ${plural(n, 'cell', 'cells')} copied.`,
  fillStaged: (n: number) => `${n} ${plural(n, 'cell', 'cells')} filled down.`,
  fillNothing: 'Select the cells to fill (Shift+arrow) below the row whose values are filled down.',
  pasteLoading: (n: number) => `Reading ${n} rows to paste into …`,
  skippedReadOnlyRows: (n: number) => `${n} ${plural(n, 'row was', 'rows were')} skipped: they belong to another organisation and you may not change them.`,
  skippedDeletedRows: (n: number) => `${n} ${plural(n, 'row was', 'rows were')} skipped: marked for deletion.`,
  skippedColumns: (n: number) => `${n} ${plural(n, 'cell was', 'cells were')} skipped: the column cannot be changed.`,
  skippedOutside: (n: number) => `${n} ${plural(n, 'cell fell', 'cells fell')} outside the table (past the last row or column).`,
  keysHint: 'Shift+click or Shift+arrow keys select a block of cells; Ctrl+C copies it, Ctrl+V pastes (from Excel too) and Ctrl+D fills down.',
  copyKeysHint: 'Shift+click or Shift+arrow keys select a block of cells; Ctrl+C copies it.',
  colSelect: 'Select rows',
  leaveTitle: 'Unsaved changes',
  unsavedChanges: {
    rows: (n: number) => `${n} changed ${plural(n, 'row', 'rows')}`,
    callOffs: (n: number) => `${n} changed ${plural(n, 'call-off', 'call-offs')}`,
  },
  unsavedAnd: 'and',
  leaveBody: (what: string) => `You have ${what} not yet saved. The changes are still here when you come back to the view, as long as you stay signed in.`,
  leaveStay: 'Stay',
  leaveKeep: 'Go on and keep the changes',
  leaveDiscard: 'Discard the changes',
  signOutTitle: 'Sign out with unsaved changes?',
  signOutBody: (what: string) => `You have ${what} not yet saved. The changes are lost if you sign out.`,
  signOutAnyway: 'Sign out and discard the changes',
};
