import {
  CALL_OFF_STATUS_LABELS,
  CALL_OFF_STATUSES,
  isActiveCallOff,
  isOneOf,
  type CallOffStatus,
  type CallOffWindow,
  type PowerOfAttorneyFacts,
} from '@fvm/domain';
import { toCsv } from '../editing/csv';
import type { EntityRow, RowView } from '../editing/entity';
import { planBlock, type BlockPlan } from '../editing/paste';
import type { CellState } from '../editing/types';
import { callOffRow, type CallOffFacts, type CallOffNode } from '../entities/callOffs';
import { retype } from '../entities/shared';
import type { Dictionary, Language } from '../i18n';

/**
 * The call-off matrix's shape over the editing engine: one row per municipality, one cell per
 * option, each cell one call-off row of the engine (staged, checked and saved as every grid's rows
 * are) or none. Pure, so the shape is tested without a grid.
 */

export interface MatrixOption {
  id: string;
  number: number;
  name: string;
  nameEn: string;
}

export interface MatrixMunicipality {
  id: string;
  code: string | null;
  name: string;
  /** Its call-offs as the engine keeps rows (entities/callOffs.ts). */
  callOffs: readonly EntityRow[];
}

/** A municipality as the matrix query reads it. */
export interface ApiMunicipality {
  id: string;
  code: string | null;
  name: string;
  powersOfAttorney: { nodes: readonly PowerOfAttorneyFacts[] };
  callOffs: { nodes: readonly CallOffNode[] };
}

export type FactsMunicipality = MatrixMunicipality & { powersOfAttorney: readonly PowerOfAttorneyFacts[] };

/** The municipalities in Swedish alphabetical order (Å, Ä, Ö last), their call-offs as the engine's rows. */
export function matrixMunicipalities(nodes: readonly ApiMunicipality[]): FactsMunicipality[] {
  return [...nodes]
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
    .map((m) => ({ id: m.id, code: m.code, name: m.name, powersOfAttorney: m.powersOfAttorney.nodes, callOffs: m.callOffs.nodes.map(callOffRow) }));
}

const NO_WINDOW: CallOffWindow = { opensOn: null, closesOn: null };

/** What the call-off rules need, from the matrix's own query: powers of attorney, the window, the cell's other call-offs. */
export function callOffFacts(
  municipalities: readonly FactsMunicipality[],
  procurements: readonly { id: string; callOffWindowOpensOn: string | null; callOffWindowClosesOn: string | null }[],
): CallOffFacts {
  const byId = new Map(municipalities.map((m) => [m.id, m]));
  const windowOf = (p: (typeof procurements)[number] | undefined): CallOffWindow =>
    p ? { opensOn: p.callOffWindowOpensOn, closesOn: p.callOffWindowClosesOn } : NO_WINDOW;
  return {
    powersOfAttorney: (id) => byId.get(id)?.powersOfAttorney,
    // A new call-off is made under the only procurement (the server's default).
    window: (id) => windowOf(id ? procurements.find((p) => p.id === id) : procurements.length === 1 ? procurements[0] : undefined),
    sameCell: (m, o) => (byId.get(m)?.callOffs ?? []).filter((c) => c.values.optionId === o).map((c) => ({ id: c.id, status: String(c.values.status) })),
  };
}

export interface MatrixCell {
  option: MatrixOption;
  /** The call-off the cell shows (the active one where history left more), a new one staged here, or none. */
  row: EntityRow | null;
  view: RowView | null;
  /** No call-off yet, and the viewer may register one for the municipality. */
  canRegister: boolean;
}

export type MatrixState = CellState | 'new';

export interface MatrixRow {
  id: string;
  code: string;
  name: string;
  /** The municipality as an organisation: the owner of its call-offs. */
  organisationId: string;
  /** The viewer may change (and register) the municipality's call-offs. */
  editable: boolean;
  /** The viewer's own organisation. */
  own: boolean;
  cells: Record<number, MatrixCell>;
  /** The most pressing state of its cells. */
  state: MatrixState | null;
}

const STATE_ORDER: MatrixState[] = ['conflict', 'invalid', 'forbidden', 'notFound', 'notApplied', 'new', 'pending', 'saved'];

export const statusOf = (view: RowView | null): string | null => (view ? ((view.values.status as string | null) ?? null) : null);

export interface MatrixSource {
  municipalities: readonly MatrixMunicipality[];
  options: readonly MatrixOption[];
  /** Call-offs added here and not yet created (the engine's new rows). */
  added: readonly EntityRow[];
  /** Rows the server answered a Save with that a reload has not brought yet. */
  known: readonly EntityRow[];
}

export interface MatrixAccess {
  /** Whether the viewer may write call-offs at all. */
  editing: boolean;
  /** Whether the viewer may change rows this organisation owns. */
  mayChange: (ownerId: string) => boolean;
  viewerOrganisationId: string;
}

export function buildMatrix(src: MatrixSource, view: (row: EntityRow) => RowView, access: MatrixAccess): MatrixRow[] {
  const here = (row: EntityRow, m: string, o: string) => row.values.municipalityId === m && row.values.optionId === o;
  return src.municipalities.map((m) => {
    const organisationId = retype(m.id, 'Organisation');
    const editable = access.editing && access.mayChange(organisationId);
    const stored = [...m.callOffs, ...src.known.filter((k) => here(k, m.id, k.values.optionId as string) && !m.callOffs.some((c) => c.id === k.id))];
    const cells: Record<number, MatrixCell> = {};
    for (const option of src.options) {
      const views = stored.filter((c) => c.values.optionId === option.id).map(view);
      const added = src.added.find((r) => here(r, m.id, option.id));
      const chosen = views.find((v) => isActiveCallOff(String(statusOf(v)))) ?? views[0] ?? (added ? view(added) : null);
      cells[option.number] = { option, row: chosen?.row ?? null, view: chosen, canRegister: !chosen && editable };
    }
    const states = Object.values(cells).flatMap((c): MatrixState[] => {
      const s = c.view?.state;
      if (!s || s === 'deleted') return [];
      return [c.view?.isNew && s === 'pending' ? 'new' : s];
    });
    return {
      id: m.id,
      code: m.code ?? '',
      name: m.name,
      organisationId,
      editable,
      own: organisationId === access.viewerOrganisationId,
      cells,
      state: STATE_ORDER.find((s) => states.includes(s)) ?? null,
    };
  });
}

/** Cells that break a rule: while there is one, Save is blocked. */
export function invalidCellCount(rows: readonly MatrixRow[]): number {
  return rows.reduce((n, r) => n + Object.values(r.cells).filter((c) => (c.view?.invalidCells ?? 0) > 0).length, 0);
}

export type MatrixShow = 'all' | 'mine' | 'changed' | 'none' | `status:${CallOffStatus}`;

export const SHOW_CHOICES: readonly MatrixShow[] = ['all', 'mine', 'changed', 'none', ...CALL_OFF_STATUSES.map((s) => `status:${s}` as const)];

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv');

/** The rows a search (name or code) and a choice of which rows to show leave. */
export function filterRows(rows: readonly MatrixRow[], search: string, show: MatrixShow): MatrixRow[] {
  const q = normalise(search);
  const cells = (r: MatrixRow) => Object.values(r.cells);
  const keep = (r: MatrixRow): boolean => {
    if (q && !normalise(r.name).includes(q) && !r.code.includes(q)) return false;
    if (show === 'all') return true;
    if (show === 'mine') return r.own;
    if (show === 'changed') return cells(r).some((c) => !!c.view?.state && c.view.state !== 'saved');
    if (show === 'none') return cells(r).some((c) => !c.row);
    const status = show.slice('status:'.length);
    return cells(r).some((c) => statusOf(c.view) === status);
  };
  return rows.filter(keep);
}

/**
 * The viewer's own municipality first, the others after it in their order: an org admin's row is
 * one among 49, and the one it works on (every row is in the matrix, so nothing is hidden).
 */
export function ownFirst(rows: readonly MatrixRow[]): MatrixRow[] {
  return [...rows.filter((r) => r.own), ...rows.filter((r) => !r.own)];
}

export function showLabel(show: MatrixShow, t: Dictionary, lang: Language): string {
  if (show === 'all') return t.filterAll;
  if (show === 'mine') return t.filterMine;
  if (show === 'changed') return t.filterChanged;
  if (show === 'none') return t.filterNone;
  return t.filterStatus(statusLabel(show.slice('status:'.length), lang));
}

/** A status in the reader's language; text that is no status (typed, invalid) as it is. */
export function statusLabel(value: string | null, lang: Language): string {
  if (value === null) return '';
  return isOneOf(value, CALL_OFF_STATUSES) ? CALL_OFF_STATUS_LABELS[value][lang] : value;
}

export const optionName = (o: MatrixOption, lang: Language) => (lang === 'sv' ? o.name : o.nameEn);

/**
 * The matrix as a spreadsheet reads it: code, municipality, then one column per option with the
 * status as the cell shows it (staged values included), empty where there is no call-off.
 */
export function matrixCsv(rows: readonly MatrixRow[], options: readonly MatrixOption[], t: Dictionary, lang: Language): string {
  const header = [t.colCode, t.colName, ...options.map((o) => t.optionColumn(o.number, optionName(o, lang)))];
  const lines = rows.map((r) => [r.code, r.name, ...options.map((o) => statusLabel(statusOf(r.cells[o.number]?.view ?? null), lang))]);
  return toCsv([header, ...lines]);
}

/**
 * Lays a pasted block onto the matrix with its top-left at the focused cell. `rows` are in the
 * order shown; `columns` the shown columns, each an option number or null (not a status). A cell
 * takes a value the way a typed one does (`changeAt`); one without a call-off takes none.
 */
export function planPaste<E>(
  text: string,
  anchor: { rowIndex: number; columnIndex: number },
  rows: readonly MatrixRow[],
  columns: readonly (number | null)[],
  changeAt: (cell: MatrixCell, raw: string) => E | null,
): BlockPlan<E> {
  return planBlock(text, anchor, rows, columns, (row, option, raw) => {
    const cell = option == null ? undefined : row.cells[option];
    return cell?.row ? changeAt(cell, raw) : null;
  });
}
