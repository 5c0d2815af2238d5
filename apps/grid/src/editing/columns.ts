import type { CellClassParams, ColDef, GridApi, TooltipCallbackParams } from 'ag-grid-community';
import { findingsColumn } from '../findings/FindingMark';
import type { Dictionary, Language } from '../i18n';
import { cellMessage, cellValue, displayText, serverFindings, StateCell, ValueCell, type GridContextRef } from './cells';
import { ChoiceFilter } from './ChoiceFilter';
import { isErrorFinding, type ColumnSpec, type EntityConfig, type EntityRow, type RowView } from './entity';
import { OWNER_FIELD } from './findRows';
import { DATE_FILTER_OPTIONS, NULL_VALUE, NUMBER_FILTER_OPTIONS, TEXT_FILTER_OPTIONS } from './filters';
import type { Lookups } from './lookups';
import { STATE_COLUMN } from './types';

const STATE_WIDTH = 124;

/** One entry of a closed list: the value as the grid keeps it (a string), and its words. */
export interface Choice {
  value: string;
  label: string;
}

export const yesNoChoices = (t: Dictionary): Choice[] => [
  { value: 'true', label: t.yes },
  { value: 'false', label: t.no },
];

export const vocabularyChoices = (spec: ColumnSpec, lang: Language): Choice[] =>
  (spec.vocabulary?.values ?? []).map((v) => ({ value: v, label: spec.vocabulary!.labels[v]?.[lang] ?? v }));

/** What a reference may point to, for a row with these values. */
export const refChoices = (spec: ColumnSpec, lookups: Lookups, values: Readonly<Record<string, unknown>>): Choice[] =>
  (spec.options?.(lookups, values) ?? []).map((o) => ({ value: o.id, label: o.label }));

/** The closed list a column chooses from, or null when it takes typed text. */
export function columnChoices(
  spec: ColumnSpec,
  t: Dictionary,
  lang: Language,
  lookups: Lookups,
  values: Readonly<Record<string, unknown>> = {},
): Choice[] | null {
  if (spec.kind === 'enum') return vocabularyChoices(spec, lang);
  if (spec.kind === 'boolean') return yesNoChoices(t);
  if (spec.kind === 'ref') return refChoices(spec, lookups, values);
  return null;
}

/** A select editor over a closed list; the empty entry clears the cell. */
const selectParams = (choices: readonly Choice[], unlisted: (v: unknown) => string = String) => ({
  values: ['', ...choices.map((c) => c.value)],
  formatValue: (v: unknown) => (v ? (choices.find((c) => c.value === v)?.label ?? unlisted(v)) : '—'),
});

function filterOf(spec: ColumnSpec, t: Dictionary, lang: Language): Partial<ColDef<EntityRow>> {
  const kind = spec.filter?.kind;
  if (!kind) return { filter: false };
  if (kind === 'text')
    return {
      filter: 'agTextColumnFilter',
      filterParams: { filterOptions: [...TEXT_FILTER_OPTIONS], maxNumConditions: 2, debounceMs: 400, buttons: ['reset'] },
    };
  if (kind === 'number')
    return {
      filter: 'agNumberColumnFilter',
      filterParams: { filterOptions: [...NUMBER_FILTER_OPTIONS], maxNumConditions: 2, debounceMs: 400, buttons: ['reset'] },
    };
  if (kind === 'date')
    return {
      filter: 'agDateColumnFilter',
      filterParams: { filterOptions: [...DATE_FILTER_OPTIONS], maxNumConditions: 2, inRangeInclusive: true, buttons: ['reset'] },
    };
  const choices = spec.kind === 'boolean' ? [...yesNoChoices(t), { value: NULL_VALUE, label: t.notAnswered }] : vocabularyChoices(spec, lang);
  return { filter: ChoiceFilter, filterParams: { choices } };
}

function editorOf(spec: ColumnSpec, t: Dictionary, lang: Language, context: GridContextRef): Partial<ColDef<EntityRow>> {
  if (spec.kind === 'enum') return { cellEditor: 'agSelectCellEditor', cellEditorParams: selectParams(vocabularyChoices(spec, lang)) };
  // Only the list's own 'true' and 'false' have words; anything else (the cell's boolean itself) reads as unanswered.
  if (spec.kind === 'boolean') return { cellEditor: 'agSelectCellEditor', cellEditorParams: selectParams(yesNoChoices(t), () => '—') };
  if (spec.kind === 'ref') {
    return {
      cellEditor: 'agSelectCellEditor',
      // Read when the editor opens: the lookups may have loaded and the row's values changed since.
      cellEditorParams: (p: { data?: EntityRow }) => selectParams(refChoices(spec, context.current.lookups, p.data ? context.current.view(p.data).values : {})),
    };
  }
  if (spec.kind === 'longText') return { cellEditor: 'agLargeTextCellEditor', cellEditorPopup: true, cellEditorParams: { maxLength: 4000, rows: 6, cols: 50 } };
  return { cellEditor: 'agTextCellEditor' };
}

/**
 * The grid's columns: the row's state, then one per column spec. Everything that depends on the
 * staged changes is read through `context` when AG Grid asks, so the definitions change only with
 * the entity, the language and whether editing is offered.
 */
export function entityColumns(config: EntityConfig, t: Dictionary, lang: Language, editing: boolean, context: GridContextRef): ColDef<EntityRow>[] {
  const flag = (spec: ColumnSpec, test: (v: RowView, spec: ColumnSpec) => boolean) => (p: CellClassParams<EntityRow>) =>
    !!p.data && test(context.current.view(p.data), spec);
  return [
    {
      colId: STATE_COLUMN,
      headerName: t.colState,
      headerTooltip: t.colStateHint,
      width: STATE_WIDTH,
      hide: !editing,
      pinned: 'left',
      lockPinned: true,
      sortable: false,
      filter: false,
      resizable: false,
      suppressMovable: true,
      cellClass: 'cell-state',
      cellRenderer: StateCell,
    },
    findingsColumn<EntityRow>((row) => context.current.findings?.(row) ?? [], t, lang),
    ...config.columns.map((spec): ColDef<EntityRow> => ({
      colId: spec.field,
      headerName: spec.header(t, lang),
      headerTooltip: `${spec.headerTooltip?.(t, lang) ?? spec.header(t, lang)}\n${spec.order ? t.sortableHint : t.notSortable[unsortableReason(spec)]}`,
      width: spec.width,
      minWidth: spec.minWidth ?? 90,
      flex: spec.flex,
      hide: spec.hide,
      pinned: spec.pinned ? 'left' : undefined,
      wrapHeaderText: spec.wrapHeader,
      autoHeaderHeight: spec.wrapHeader,
      sortable: !!spec.order,
      ...filterOf(spec, t, lang),
      valueGetter: (p) => (p.data ? cellValue(spec, context.current.view(p.data), context.current.lookups) : null),
      valueFormatter: (p) => (p.data ? displayText(spec, p.value, p.data, context.current) : ''),
      editable: (p) => {
        if (!p.data || !editing || !spec.editable || spec.kind === 'computed') return false;
        const v = context.current.view(p.data);
        return v.editable && !v.deleted;
      },
      ...editorOf(spec, t, lang, context),
      cellRenderer: ValueCell,
      cellRendererParams: { spec },
      tooltip: (p: TooltipCallbackParams<EntityRow>) =>
        p.location === 'cell' && p.data ? cellMessage(spec, context.current.view(p.data), context.current) || undefined : undefined,
      cellClass: spec.kind === 'computed' ? 'cell-computed' : spec.kind === 'boolean' ? 'cell-bool' : undefined,
      cellClassRules: {
        'cell-readonly': flag(spec, (v, s) => editing && !!s.editable && !v.editable),
        'cell-pending': flag(spec, (v, s) => s.field in v.edits && !(v.cells[s.field] ?? []).some(isErrorFinding)),
        'cell-invalid': flag(spec, (v, s) => (v.cells[s.field] ?? []).some(isErrorFinding) || serverFindings(s, v).length > 0),
        'cell-warning': flag(spec, (v, s) => (v.cells[s.field] ?? []).length > 0 && !(v.cells[s.field] ?? []).some(isErrorFinding)),
        'cell-conflict': flag(spec, (v, s) => v.outcome?.kind === 'conflict' && s.field in v.edits),
        'cell-forbidden': flag(spec, (v, s) => (v.outcome?.kind === 'forbidden' || v.outcome?.kind === 'notFound') && s.field in v.edits),
        'cell-saved-row': flag(spec, (v) => v.outcome?.kind === 'saved'),
        'cell-deleted': flag(spec, (v) => v.deleted),
        'cell-new': flag(spec, (v) => v.isNew),
      },
    })),
  ];
}

/** Why a column does not sort, in words its header's tooltip gives. */
export function unsortableReason(spec: ColumnSpec): 'computed' | 'ref' | 'longText' | 'other' {
  // The owner is another row (an organisation), shown by name, like a reference.
  if (spec.kind === 'ref' || spec.field === OWNER_FIELD) return 'ref';
  if (spec.kind === 'computed') return 'computed';
  if (spec.kind === 'longText') return 'longText';
  return 'other';
}

/** The column specs in the order the user sees them; undefined where a column is the grid's own (state, selection). */
export function displayedSpecs(api: GridApi<EntityRow>, config: EntityConfig): (ColumnSpec | undefined)[] {
  return api.getAllDisplayedColumns().map((c) => config.columns.find((s) => s.field === c.getColId()));
}

/** The column chooser's list: every column, shown or not. */
export function columnList(config: EntityConfig, api: GridApi<EntityRow> | null, t: Dictionary, lang: Language) {
  return config.columns.map((c) => ({ field: c.field, header: c.header(t, lang), visible: api?.getColumn(c.field)?.isVisible() ?? !c.hide }));
}
