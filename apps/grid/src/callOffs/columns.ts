import { CustomEditorModule, ModuleRegistry, type CellClassParams, type ColDef, type TooltipCallbackParams } from 'ag-grid-community';
import { findingsColumn } from '../findings/FindingMark';
import type { RegistryFindingItem } from '../findings/marks';
import type { Dictionary, Language } from '../i18n';
import { cellEditable, cellMessage, cellOf, OptionHeader, RowStateCell, StatusCell, StatusEditor, type MatrixContextRef } from './cells';
import { optionName, statusLabel, statusOf, type MatrixCell, type MatrixOption, type MatrixRow } from './matrix';

// The status editor is the matrix's own component (typing and choosing in one).
ModuleRegistry.registerModules([CustomEditorModule]);

/**
 * The matrix's columns: the row's state, its findings, the municipality, and one column per
 * option. Everything that depends on the staged changes is read through `context` when AG Grid
 * asks, so the definitions change only with the options and the language.
 */
export function matrixColumns(
  t: Dictionary,
  lang: Language,
  options: readonly MatrixOption[],
  context: MatrixContextRef,
  findingsOf: (r: MatrixRow) => readonly RegistryFindingItem[],
): ColDef<MatrixRow>[] {
  const flag = (test: (c: MatrixCell) => boolean) => (p: CellClassParams<MatrixRow>) => {
    const c = cellOf(p);
    return !!c && test(c);
  };
  const errors = (c: MatrixCell) => (c.view?.invalidCells ?? 0) > 0 || c.view?.outcome?.kind === 'invalid';
  return [
    // Wide enough for the state's word; narrower, the icon alone says it (the word in its tooltip).
    { colId: 'state', headerName: t.colState, width: 120, minWidth: 48, cellClass: 'cell-state', cellRenderer: RowStateCell, sortable: false },
    findingsColumn(findingsOf, t, lang),
    { colId: 'code', headerName: t.colCode, field: 'code', width: 112, cellClass: 'cell-middle' },
    { colId: 'name', headerName: t.colName, field: 'name', width: 140, cellClass: ['cell-name', 'cell-middle'] },
    ...options.map((o): ColDef<MatrixRow> => ({
      colId: `option-${o.number}`,
      headerName: t.optionColumn(o.number, optionName(o, lang)),
      headerTooltip: t.optionColumn(o.number, optionName(o, lang)),
      headerComponent: OptionHeader,
      headerComponentParams: { number: o.number, name: optionName(o, lang) },
      flex: 1,
      minWidth: 180,
      valueGetter: (p) => statusOf(p.data?.cells[o.number]?.view ?? null),
      valueFormatter: (p) => statusLabel((p.value as string | null) ?? null, lang),
      editable: (p) => context.current.editing && cellEditable(p.data?.cells[o.number]),
      cellEditor: StatusEditor,
      cellEditorPopup: true,
      cellRenderer: StatusCell,
      tooltip: (p: TooltipCallbackParams<MatrixRow>) =>
        p.location === 'cell' ? cellMessage(p.data?.cells[o.number], p.data, context.current) || undefined : undefined,
      cellClass: 'cell-status',
      cellClassRules: {
        'cell-empty': flag((c) => !c.row),
        'cell-register': flag((c) => c.canRegister),
        'cell-readonly': flag((c) => context.current.editing && !!c.view && !c.view.editable),
        'cell-pending': flag((c) => !!c.view && (Object.keys(c.view.edits).length > 0 || c.view.isNew) && !errors(c)),
        'cell-invalid': flag(errors),
        'cell-saved': flag((c) => c.view?.outcome?.kind === 'saved'),
        'cell-conflict': flag((c) => c.view?.outcome?.kind === 'conflict'),
        'cell-forbidden': flag((c) => c.view?.outcome?.kind === 'forbidden' || c.view?.outcome?.kind === 'notFound'),
        'cell-notapplied': flag((c) => c.view?.outcome?.kind === 'notApplied'),
      },
    })),
  ];
}
