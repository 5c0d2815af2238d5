import { DICTIONARIES, type Dictionary, type Language } from '../i18n/dictionary';
import {
  cellChange,
  cellKey,
  editsByRow,
  isErrorFinding,
  viewRow,
  type CellEdit,
  type ColumnSpec,
  type EntityConfig,
  type EntityRow,
  type Viewer,
} from './entity';
import type { Lookups } from './lookups';
import { emptyStaging } from './staging';
import { parseValue, sameValue } from './values';

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv');

export interface ImportHeader {
  /** File column → the grid column it fills (only columns that take a value). */
  columns: { index: number; spec: ColumnSpec }[];
  /** The file column with row IDs (an export has one): those rows are updates. */
  idIndex: number | null;
  /** Headings that name no column. */
  unknown: string[];
}

/** A file's first line, matched to the view's columns by their Swedish or English heading or field name. */
export function matchHeader(header: readonly string[], specs: readonly ColumnSpec[]): ImportHeader {
  const out: ImportHeader = { columns: [], idIndex: null, unknown: [] };
  header.forEach((name, index) => {
    const n = normalise(name);
    if (n === '') return;
    if (n === 'id') {
      out.idIndex = index;
      return;
    }
    const spec = specs.find((s) => [s.header(DICTIONARIES.sv, 'sv'), s.header(DICTIONARIES.en, 'en'), s.field].some((h) => normalise(h) === n));
    // Read-only columns of an export (an owner, what is missing) are not for importing: passed over quietly.
    if (spec?.editable && spec.kind !== 'computed') out.columns.push({ index, spec });
    else if (!spec) out.unknown.push(name);
  });
  return out;
}

export interface PlannedCell {
  field: string;
  raw: string;
  /** Differs from the row as the server has it. */
  changed: boolean;
  /** Why the cell is invalid (the domain rule's or the grid's words), or null. */
  invalid: string | null;
}

export interface PlannedRow {
  /** The line in the file (the heading is line 1). */
  line: number;
  id: string;
  isNew: boolean;
  cells: PlannedCell[];
  /** Why the row cannot be imported at all (unknown id, read-only), or findings on no imported column. */
  error: string | null;
  edits: CellEdit[];
}

export interface ImportPlan {
  rows: PlannedRow[];
  /** The rows the file names by id, as the server has them. */
  existing: ReadonlyMap<string, EntityRow>;
  /** New rows to add (for those without an error). */
  fresh: EntityRow[];
  created: number;
  updated: number;
  invalidCells: number;
}

export interface PlanContext {
  config: EntityConfig;
  viewer: Viewer;
  lookups: Lookups;
  today: string;
  lang: Language;
  t: Dictionary;
  /** Rows named by id in the file, as the server has them now. */
  existing: ReadonlyMap<string, EntityRow>;
  /** A new row with its starting values. */
  newRow: () => EntityRow;
}

/**
 * What importing a file would stage, checked before anything is sent: each row parsed cell by
 * cell as if typed, then seen through the same view the grid uses (viewRow), so the entity's
 * domain rules mark the invalid cells exactly as they would in the grid.
 */
export function planImport(data: readonly (readonly string[])[], header: ImportHeader, ctx: PlanContext): ImportPlan {
  const say = (v: { message: string; messageSv: string }) => (ctx.lang === 'sv' ? v.messageSv : v.message);
  const rows: PlannedRow[] = [];
  const fresh: EntityRow[] = [];
  let invalidCells = 0;
  data.forEach((line, i) => {
    const id = header.idIndex === null ? '' : (line[header.idIndex] ?? '').trim();
    const existing = id ? ctx.existing.get(id) : undefined;
    const base = id ? existing : ctx.newRow();
    const cells: PlannedCell[] = header.columns.map(({ index, spec }) => ({ field: spec.field, raw: line[index] ?? '', changed: false, invalid: null }));
    if (!base) {
      rows.push({ line: i + 2, id, isNew: false, cells, error: ctx.t.importUnknownId, edits: [] });
      return;
    }
    const viewCtx = { config: ctx.config, viewer: ctx.viewer, lookups: ctx.lookups, today: ctx.today, editing: true };
    const before = viewRow(base, { ...viewCtx, staging: emptyStaging(), byRow: new Map() });
    if (!before.editable) {
      rows.push({ line: i + 2, id, isNew: false, cells, error: ctx.t.importReadOnly, edits: [] });
      return;
    }
    const edits: CellEdit[] = [];
    header.columns.forEach(({ spec }, c) => {
      const raw = cells[c]!.raw;
      if (base.isNew && raw.trim() === '') return;
      const parsed = parseValue(spec.kind as never, raw, { vocabulary: spec.vocabulary, options: spec.options?.(ctx.lookups, base.values) });
      if (!base.isNew && parsed.ok && sameValue(parsed.value, base.values[spec.field])) return;
      const edit = cellChange(before, spec, raw, ctx.lookups, parsed);
      if (edit) {
        edits.push(edit);
        cells[c]!.changed = true;
      }
    });
    const staging = {
      ...emptyStaging<CellEdit, EntityRow>(),
      edits: Object.fromEntries(edits.map((e) => [cellKey(e.rowId, e.field), e])),
      added: base.isNew ? [base.id] : [],
    };
    const after = viewRow(base, { ...viewCtx, staging, byRow: editsByRow(staging) });
    const leftOver: string[] = after.rowViolations.filter(isErrorFinding).map(say);
    for (const [field, findings] of Object.entries(after.cells)) {
      const errors = findings.filter(isErrorFinding);
      if (!errors.length) continue;
      const cell = cells.find((c) => c.field === field);
      if (cell) cell.invalid = errors.map(say).join(' ');
      else leftOver.push(...errors.map(say));
    }
    invalidCells += cells.filter((c) => c.invalid).length + (leftOver.length ? 1 : 0);
    if (base.isNew) fresh.push(base);
    rows.push({ line: i + 2, id: base.id, isNew: !!base.isNew, cells, error: leftOver.length ? leftOver.join(' ') : null, edits });
  });
  return {
    rows,
    existing: ctx.existing,
    fresh,
    created: rows.filter((r) => r.isNew).length,
    updated: rows.filter((r) => !r.isNew && r.edits.length > 0).length,
    invalidCells,
  };
}
