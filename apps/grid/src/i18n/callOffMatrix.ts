/**
 * The words of the call-off matrix (views/CallOffsView.tsx, callOffs/): registering, withdrawing,
 * typing a status, searching, filtering and exporting; spread into the dictionary (kept apart so
 * that the dictionary's other additions merge without touching these).
 */
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const callOffMatrixSv = {
  colStatus: 'Status',
  colSubmittedOn: 'Inskickat',
  callOffsHowTo: 'Skriv en status i en cell eller välj i listan; Delete eller Återkalla återkallar avropet; + Avropa registrerar ett nytt.',
  register: 'Avropa',
  registerLabel: (municipality: string, option: string) => `Avropa ${option} för ${municipality}`,
  registerTitle: 'Nytt avrop',
  registerRules:
    'Ett avrop kräver en fullmakt till VGR som gäller på avropets datum, och en ny option kan bara avropas medan upphandlingens avropsperiod är öppen.',
  registerWindow: (opensOn: string | null, closesOn: string | null) => `Avropsperiod: ${opensOn ?? '–'} till ${closesOn ?? '–'}.`,
  registerStage: 'Lägg till',
  dialogApply: 'Använd',
  registerEdit: 'Ändra datum',
  registerEditLabel: (municipality: string, option: string) => `Ändra avropet av ${option} för ${municipality}`,
  callOffDetails: 'Avrop',
  withdraw: 'Återkalla',
  withdrawLabel: (municipality: string, option: string) => `Återkalla avropet av ${option} för ${municipality}`,
  removeNewCallOff: (municipality: string, option: string) => `Ta bort det nya avropet av ${option} för ${municipality}`,
  noCallOffHint: 'Kommunen har inte avropat optionen.',
  noCallOffRegister: 'Kommunen har inte avropat optionen: + Avropa registrerar ett avrop.',
  newCallOff: 'Nytt',
  statusEditorLabel: 'Status: skriv eller välj',
  searchMunicipality: 'Sök kommun eller kod…',
  filterLabel: 'Visa',
  filterAll: 'Alla kommuner',
  filterMine: 'Min organisations rader',
  filterChanged: 'Med osparade ändringar',
  filterNone: 'Utan avrop',
  filterStatus: (label: string) => `Med status: ${label}`,
  shownOf: (shown: number, total: number) => `${shown} av ${total}`,
  callOffsChanged: (callOffs: number, municipalities: number) =>
    `${callOffs} ${plural(callOffs, 'avrop ändrat', 'avrop ändrade')}${municipalities > 1 ? ` i ${municipalities} kommuner` : ''}`,
  matrixCsvFile: 'avrop.csv',
  matrixExported: (n: number) => `${n} ${plural(n, 'kommun exporterad', 'kommuner exporterade')}.`,
};

export const callOffMatrixEn: typeof callOffMatrixSv = {
  colStatus: 'Status',
  colSubmittedOn: 'Submitted',
  callOffsHowTo: 'Type a status in a cell or choose it from the list; Delete or Withdraw withdraws the call-off; + Call off registers a new one.',
  register: 'Call off',
  registerLabel: (municipality: string, option: string) => `Call off ${option} for ${municipality}`,
  registerTitle: 'New call-off',
  registerRules:
    'A call-off needs a power of attorney to VGR in force on its date, and a new option can only be called off while the procurement’s call-off window is open.',
  registerWindow: (opensOn: string | null, closesOn: string | null) => `Call-off window: ${opensOn ?? '–'} to ${closesOn ?? '–'}.`,
  registerStage: 'Add',
  dialogApply: 'Apply',
  registerEdit: 'Change dates',
  registerEditLabel: (municipality: string, option: string) => `Change the call-off of ${option} for ${municipality}`,
  callOffDetails: 'Call-off',
  withdraw: 'Withdraw',
  withdrawLabel: (municipality: string, option: string) => `Withdraw the call-off of ${option} for ${municipality}`,
  removeNewCallOff: (municipality: string, option: string) => `Remove the new call-off of ${option} for ${municipality}`,
  noCallOffHint: 'The municipality has not called off this option.',
  noCallOffRegister: 'The municipality has not called off this option: + Call off registers one.',
  newCallOff: 'New',
  statusEditorLabel: 'Status: type or choose',
  searchMunicipality: 'Search municipality or code…',
  filterLabel: 'Show',
  filterAll: 'All municipalities',
  filterMine: 'My organisation’s rows',
  filterChanged: 'With unsaved changes',
  filterNone: 'Without a call-off',
  filterStatus: (label: string) => `With status: ${label}`,
  shownOf: (shown: number, total: number) => `${shown} of ${total}`,
  callOffsChanged: (callOffs: number, municipalities: number) =>
    `${callOffs} ${plural(callOffs, 'call-off changed', 'call-offs changed')}${municipalities > 1 ? ` in ${municipalities} municipalities` : ''}`,
  matrixCsvFile: 'call-offs.csv',
  matrixExported: (n: number) => `${n} ${plural(n, 'municipality', 'municipalities')} exported.`,
};
