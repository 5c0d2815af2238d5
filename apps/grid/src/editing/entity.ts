import { changeableRows, isOneOf, mayChangeOwnedRow, USER_ROLES, validateRegistryText, validateRequired, type Changer, type RuleViolation } from '@fvm/domain';
import type { ReactNode } from 'react';
import type { TypedDocumentNode } from 'urql';
import { DICTIONARIES, type Dictionary, type Language } from '../i18n/dictionary';
import type { FilterTarget } from './filters';
import type { Lookups } from './lookups';
import type { Page } from './pager';
import { changedRowIds, makeStagingReducer, type StagingState } from './staging';
import type { CellState, Outcome, Violation } from './types';
import { parseValue, sameValue, type ParseContext, type Parsed, type RefOption, type ValueKind, type Vocabulary } from './values';

/** Who is looking: the role decides what is offered, the organisation which rows are theirs. */
export interface Viewer {
  role: string;
  organisationId: string;
  organisationName?: string;
}

/** The viewer as the domain's ownership rule sees it (the API spells roles as enum values: ORG_ADMIN). */
export function changerOf(viewer: Viewer): Changer<string> | null {
  const role = viewer.role.toLowerCase();
  return isOneOf(role, USER_ROLES) ? { role, organisationId: viewer.organisationId } : null;
}

/** Whether the role may change registry rows at all (otherwise editing is not offered). */
export function roleCanEdit(viewer: Viewer, table?: string): boolean {
  return changeableRows(changerOf(viewer), table).kind !== 'none';
}

/** Who may change a row: the domain's ownership rule, which the server applies to every write. */
export function canChange(viewer: Viewer, ownerId: string | null, table?: string): boolean {
  return mayChangeOwnedRow(changerOf(viewer), ownerId, table);
}

/**
 * Who may write an entity's rows, by the domain's rule for its table: the general rule, or where
 * the table has its own writers (a review item's finding is its data owner's log reviewer's alone).
 */
export interface Writers {
  /** Whether the role may change any row of the entity (otherwise editing is not offered). */
  role: (viewer: Viewer) => boolean;
  /** Whether the viewer may change a row of this owner. */
  row: (viewer: Viewer, ownerId: string | null) => boolean;
}

const GENERAL_WRITERS: Writers = { role: (viewer) => roleCanEdit(viewer), row: (viewer, ownerId) => canChange(viewer, ownerId) };

/** The writers of a table with writers of its own (the domain's `specialWriters`). */
export function writersOfTable(table: string): Writers {
  return { role: (viewer) => roleCanEdit(viewer, table), row: (viewer, ownerId) => canChange(viewer, ownerId, table) };
}

export const writersOf = (config: Pick<EntityConfig, 'writers'>): Writers => config.writers ?? GENERAL_WRITERS;

/** A row as an editable grid keeps it: the server's values in the domain's form. */
export interface EntityRow {
  id: string;
  version: number;
  ownerId: string | null;
  ownerName: string | null;
  /** Per column field, in the domain's form (see values.ts). */
  values: Record<string, unknown>;
  /** How the server named what a reference column points to (for display before the lookups load). */
  labels: Record<string, string>;
  /** Added here, not yet created on the server. */
  isNew?: boolean;
  /** The API's node, for read-only columns and detail panels. */
  node?: unknown;
}

/** One staged cell. */
export interface CellEdit {
  rowId: string;
  field: string;
  /** The row version the change is based on, quoted to the server. */
  version: number;
  /** The server's value when the change was staged. */
  original: unknown;
  /** As typed, chosen, pasted or imported. */
  raw: string;
  /** `raw` parsed by the column's kind; when `ok` is false, the text as typed (so the domain's rule can name it). */
  value: unknown;
  ok: boolean;
}

export type EntityStaging = StagingState<CellEdit, EntityRow>;

export const cellKey = (rowId: string, field: string) => `${rowId}\u001f${field}`;

export const entityReducer = makeStagingReducer<CellEdit, EntityRow>({
  key: (e) => cellKey(e.rowId, e.field),
  row: (e) => e.rowId,
  unchanged: (e) => e.ok && sameValue(e.value, e.original),
  same: (a, b) => a.raw === b.raw && a.ok === b.ok && sameValue(a.value, b.value) && a.version === b.version,
  rebase: (e, current) => {
    const theirs = current.values[e.field] ?? null;
    return e.ok && sameValue(e.value, theirs) ? null : { ...e, version: current.version, original: theirs };
  },
  version: (f) => f.version,
});

export const changedRows = (s: EntityStaging) => changedRowIds(s, (e) => e.rowId);

export interface ValidateContext {
  /** The row as the server has it (for a new row: its defaults). */
  row: EntityRow;
  isNew: boolean;
  /** Fields the user changed (a value derived by the server unless typed, like an end date, is derived here too). */
  edited: ReadonlySet<string>;
  lookups: Lookups;
  today: string;
}

export interface ColumnSpec {
  /** The value's key: the API's field, and for a reference its input field (municipalityId). */
  field: string;
  header: (t: Dictionary, lang: Language) => string;
  headerTooltip?: (t: Dictionary, lang: Language) => string;
  kind: ValueKind | 'computed';
  vocabulary?: Vocabulary;
  /** For a reference: what it may point to, by id and label. */
  options?: (lookups: Lookups, values: Readonly<Record<string, unknown>>) => readonly RefOption[];
  /** Written by the bulk mutations (the viewer's rights permitting). */
  editable?: boolean;
  /** Must have a value (the domain's `required` rule). */
  required?: boolean;
  /** The API's order field (VALID_FROM): the column sorts on the server. */
  order?: string;
  /** Where the column's filter goes in the API's filter; absent: not filterable. */
  filter?: FilterTarget;
  /** Domain rule fields that land on this column besides its own. */
  violationFields?: readonly string[];
  /** A computed column's value, from the row's current (staged) values. */
  compute?: (values: Readonly<Record<string, unknown>>, row: EntityRow, lookups: Lookups) => unknown;
  /** Display text for a computed (or otherwise special) value. */
  format?: (value: unknown, t: Dictionary, lang: Language) => string;
  /** The cell's content where text is not enough (e.g. chips); `format` still gives its text for copying and CSV. */
  render?: (value: unknown, lang: Language) => ReactNode;
  width?: number;
  minWidth?: number;
  flex?: number;
  /** Hidden until shown from the column chooser. */
  hide?: boolean;
  /** Stays left when scrolling sideways. */
  pinned?: boolean;
  /** A long heading wraps (and the header grows) rather than being cut. */
  wrapHeader?: boolean;
}

type Doc = TypedDocumentNode<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * What a view's staged rows are to its user, so the question before leaving counts them in those
 * words: a table's rows, or the call-off matrix's call-offs (each of its staged rows is one).
 */
export type ChangeUnit = 'rows' | 'callOffs';

/** One entity's editable grid: its columns, how it is read and saved, and its rules. */
export interface EntityConfig {
  id: string;
  /** The API type of its rows (their global IDs' type): which findings are about them. */
  typename?: string;
  title: (t: Dictionary) => string;
  intro: (t: Dictionary) => string;
  /** Variables: first, after, filter, orderBy. */
  list: Doc;
  connection: (data: any) => Page<unknown>; // eslint-disable-line @typescript-eslint/no-explicit-any
  toRow: (node: never) => EntityRow;
  columns: readonly ColumnSpec[];
  /** The Save document: created/updated/deleted with @include flags; absent for a read-only view. */
  save?: Doc;
  /** What a new row is created with besides its cells (API form), e.g. the kind of agreement. */
  createInput?: Record<string, unknown>;
  /** A new row's starting values (domain form). */
  newValues?: Record<string, unknown>;
  canCreate?: boolean;
  canDelete?: boolean;
  /** The same rules the server applies, from the domain package, on the row's current values. */
  validate?: (values: Record<string, unknown>, ctx: ValidateContext) => RuleViolation[];
  /** The connection takes a free-text `search`. */
  search?: boolean;
  /** What the row's column `name` of a read-only hint says (e.g. its title). */
  describe?: (row: EntityRow) => string;
  /** Who may write, where it is not the owner's org admin or a regional admin. */
  writers?: Writers;
  /** What its staged rows are called when counted before leaving them (rows, unless each is a call-off). */
  changeUnit?: ChangeUnit;
}

export function parseContext(spec: ColumnSpec, lookups: Lookups, values: Readonly<Record<string, unknown>>): ParseContext {
  return { vocabulary: spec.vocabulary, options: spec.options?.(lookups, values) };
}

/** A row seen through its staged changes: what each cell holds, which rules it breaks, its state. */
export interface RowView {
  row: EntityRow;
  isNew: boolean;
  deleted: boolean;
  /** The viewer may change the row. */
  editable: boolean;
  values: Record<string, unknown>;
  edits: Record<string, CellEdit>;
  /** Per column field: the rule findings on it (errors and warnings). */
  cells: Record<string, Violation[]>;
  /** Findings on no shown column. */
  rowViolations: Violation[];
  /** Cells (and a row-level finding) that stop a Save. */
  invalidCells: number;
  outcome: Outcome<EntityRow> | undefined;
  state: CellState | 'deleted' | null;
}

const STATE_ORDER: CellState[] = ['conflict', 'invalid', 'forbidden', 'notFound', 'notApplied', 'pending', 'saved'];

function parseViolation(spec: ColumnSpec, value: unknown): Violation {
  const msg = (d: Dictionary) => d.parseError(spec.kind, spec.header(d, d === DICTIONARIES.sv ? 'sv' : 'en'), String(value));
  return { field: spec.field, code: `parse.${spec.kind}`, message: msg(DICTIONARIES.en), messageSv: msg(DICTIONARIES.sv), severity: 'error' };
}

/** The newer of what a query returned and what a mutation told us since. */
export function latestRow(fromQuery: EntityRow, known: EntityRow | undefined): EntityRow {
  return known && known.version > fromQuery.version ? known : fromQuery;
}

/** Indexes staged cells by row once per staging state. */
export function editsByRow(staging: EntityStaging): Map<string, Record<string, CellEdit>> {
  const out = new Map<string, Record<string, CellEdit>>();
  for (const e of Object.values(staging.edits)) {
    const row = out.get(e.rowId) ?? {};
    row[e.field] = e;
    out.set(e.rowId, row);
  }
  return out;
}

export interface ViewContext {
  config: EntityConfig;
  viewer: Viewer;
  staging: EntityStaging;
  byRow: Map<string, Record<string, CellEdit>>;
  lookups: Lookups;
  today: string;
  /** Whether the grid offers editing (a role that may write, and a view that is not read-only). */
  editing: boolean;
}

/**
 * The row as the grid shows it: the server's values under the staged ones, checked by the
 * entity's domain rules (only rows with changes: the server's own data is what it is), each
 * finding on the column it is about.
 */
export function viewRow(fromQuery: EntityRow, ctx: ViewContext): RowView {
  const { staging, config } = ctx;
  const row = latestRow(fromQuery, staging.known[fromQuery.id]);
  const isNew = !!row.isNew;
  const edits = ctx.byRow.get(row.id) ?? {};
  const values: Record<string, unknown> = { ...row.values };
  for (const [field, e] of Object.entries(edits)) values[field] = e.value;
  const deleted = row.id in staging.deleted;
  const editable = ctx.editing && (isNew || writersOf(config).row(ctx.viewer, row.ownerId));
  const outcome = staging.outcomes[row.id];

  const cells: Record<string, Violation[]> = {};
  const rowViolations: Violation[] = [];
  const changed = Object.keys(edits).length > 0 || isNew;
  if (changed && !deleted) {
    const found: Violation[] = [];
    for (const spec of config.columns) {
      if (spec.required)
        found.push(
          ...validateRequired(values[spec.field] as string | number | null, spec.field, {
            en: spec.header(DICTIONARIES.en, 'en').toLowerCase(),
            sv: spec.header(DICTIONARIES.sv, 'sv').toLowerCase(),
          }),
        );
    }
    const edited = new Set(Object.keys(edits));
    // The server's text rules over what was typed or pasted (a paste from Excel may bring control characters).
    found.push(...validateRegistryText(Object.fromEntries([...edited].map((f) => [f, values[f]]))));
    found.push(...(config.validate?.(values, { row, isNew, edited, lookups: ctx.lookups, today: ctx.today }) ?? []));
    // A value that does not parse: the domain's finding says why where it has one, else the grid's.
    for (const e of Object.values(edits)) {
      if (e.ok) continue;
      const spec = config.columns.find((c) => c.field === e.field);
      if (spec && !found.some((v) => v.field.split(',').includes(e.field))) found.push(parseViolation(spec, e.value));
    }
    const unique = found.filter((v, i) => found.findIndex((w) => w.field === v.field && w.code === v.code && w.message === v.message) === i);
    for (const v of unique) {
      const fields = v.field.split(',');
      const spec = config.columns.find((c) => fields.includes(c.field) || c.violationFields?.some((f) => fields.includes(f)));
      if (spec) (cells[spec.field] ??= []).push(v);
      else rowViolations.push(v);
    }
  }
  const isError = (list: Violation[]) => list.some(isErrorFinding);
  const invalidCells = Object.values(cells).filter(isError).length + (isError(rowViolations) ? 1 : 0);

  const kind = outcome?.kind;
  const states: CellState[] = [];
  if (kind === 'conflict' || kind === 'forbidden' || kind === 'notFound' || kind === 'notApplied') states.push(kind);
  if (invalidCells > 0 || kind === 'invalid') states.push('invalid');
  if (changed) states.push('pending');
  if (kind === 'saved') states.push('saved');
  const state = deleted && !outcome ? 'deleted' : (STATE_ORDER.find((s) => states.includes(s)) ?? null);
  return { row, isNew, deleted, editable, values, edits, cells, rowViolations, invalidCells, outcome, state };
}

/** Whether a finding is an error (blocks a Save) rather than a warning. */
export function isErrorFinding(v: Violation): boolean {
  return !(v.severity === 'warning' || v.severity === 'WARNING');
}

/** A cell set to `raw`, parsed by its column; null when the cell cannot take a value. */
export function cellChange(view: RowView, spec: ColumnSpec, raw: string, lookups: Lookups, parsed?: Parsed): CellEdit | null {
  if (!view.editable || view.deleted || !spec.editable || spec.kind === 'computed') return null;
  const p = parsed ?? parseValue(spec.kind, raw, parseContext(spec, lookups, view.values));
  return { rowId: view.row.id, field: spec.field, version: view.row.version, original: view.row.values[spec.field] ?? null, raw, value: p.value, ok: p.ok };
}
