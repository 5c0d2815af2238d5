import type { ICellRendererParams } from 'ag-grid-community';
import type { MutableRefObject } from 'react';
import { AlertIcon, BanIcon, CheckIcon, ConflictIcon, DotIcon, LockIcon } from '../components/Icons';
import type { RegistryFindingItem } from '../findings/marks';
import type { Dictionary, Language } from '../i18n';
import { isErrorFinding, type ColumnSpec, type EntityRow, type RowView } from './entity';
import type { Lookups } from './lookups';
import type { CellState, Violation } from './types';
import { formatValue, sameValue } from './values';

/** What the cell renderers read (through AG Grid's `context`), current at every render. */
export interface GridContext {
  view: (row: EntityRow) => RowView;
  t: Dictionary;
  lang: Language;
  lookups: Lookups;
  editing: boolean;
  stage: (row: EntityRow, spec: ColumnSpec, raw: string, value?: unknown) => void;
  keepMine: (rowId: string) => void;
  takeTheirs: (rowId: string) => void;
  removeNew: (rowId: string) => void;
  restore: (rowId: string) => void;
  describe: (row: EntityRow) => string;
  /** The registry findings about the row (none outside a view that reads them). */
  findings?: (row: EntityRow) => readonly RegistryFindingItem[];
}
export type GridContextRef = MutableRefObject<GridContext>;

/** A cell's value: a computed column's from the row's current values, else the (staged) value. */
export function cellValue(spec: ColumnSpec, view: RowView, lookups: Lookups): unknown {
  return spec.kind === 'computed' ? spec.compute?.(view.values, view.row, lookups) : view.values[spec.field];
}

/** A value as the cell, the clipboard and a CSV file show it. */
export function displayText(spec: ColumnSpec, value: unknown, row: EntityRow | undefined, g: Pick<GridContext, 't' | 'lang' | 'lookups'>): string {
  if (spec.format) return spec.format(value, g.t, g.lang);
  if (spec.kind === 'computed') return value == null ? '' : String(value);
  return formatValue(spec.kind, value, g.lang, {
    vocabulary: spec.vocabulary,
    options: spec.options?.(g.lookups, row?.values ?? {}),
    refLabel: row && sameValue(row.values[spec.field], value) ? row.labels[spec.field] : undefined,
    yes: g.t.yes,
    no: g.t.no,
  });
}

const pick = (lang: Language) => (v: { message: string; messageSv: string }) => (lang === 'sv' ? v.messageSv : v.message);

/** The words on hover: the rules' messages, the outcome, what the cell was, or why it cannot change. */
export function cellMessage(spec: ColumnSpec, view: RowView, g: GridContext): string {
  const say = pick(g.lang);
  const findings = view.cells[spec.field] ?? [];
  const o = view.outcome;
  const edited = spec.field in view.edits;
  if (o?.kind === 'conflict' && edited) return g.t.conflictServer(displayText(spec, o.current.values[spec.field], o.current, g) || '—', o.current.version);
  if (findings.length) return [...findings.filter(isErrorFinding), ...findings.filter((v) => !isErrorFinding(v))].map(say).join(' ');
  if (o?.kind === 'invalid') {
    const mine = o.violations.filter((v) => v.field.split(',').includes(spec.field) || spec.violationFields?.some((f) => v.field.split(',').includes(f)));
    if (mine.length) return mine.map(say).join(' ');
  }
  if (edited) return g.t.wasValue(displayText(spec, view.edits[spec.field]!.original, view.row, g) || '—');
  if (g.editing && spec.editable && !view.editable) return g.t.readOnlyRowHint(view.row.ownerName ?? '');
  return '';
}

/** Server findings of the last Save that are about this column. */
export function serverFindings(spec: ColumnSpec, view: RowView): Violation[] {
  if (view.outcome?.kind !== 'invalid') return [];
  return view.outcome.violations.filter((v) => v.field.split(',').includes(spec.field) || spec.violationFields?.some((f) => v.field.split(',').includes(f)));
}

/**
 * A text cut short by its column is shown whole on hover (the browser's tooltip), measured as
 * drawn: a cell that has a message shows that instead, in the grid's own tooltip.
 */
function titleIfCut(e: React.MouseEvent<HTMLElement>) {
  const text = e.currentTarget.querySelector<HTMLElement>('.value-text');
  if (!text) return;
  // A text cut in the middle (see CutText) overflows in its head, not as a whole.
  const cut = [text, text.querySelector<HTMLElement>('.value-head')].some((el) => !!el && el.scrollWidth > el.clientWidth);
  if (cut) text.title = text.textContent ?? '';
  else text.removeAttribute('title');
}

/**
 * Where a text ends in " – something" (the demo titles differ only by the municipality at the
 * end), the end stays whole and the middle gives way.
 */
export function splitTail(text: string): [head: string, tail: string] | null {
  const at = text.lastIndexOf(' – ');
  if (at <= 0 || text.length - at > 40) return null;
  return [text.slice(0, at), text.slice(at)];
}

function CutText({ text }: { text: string }) {
  const split = splitTail(text);
  if (!split) return <span className="value-text">{text}</span>;
  return (
    <span className="value-text value-split">
      <span className="value-head">{split[0]}</span>
      <span className="value-tail">{split[1]}</span>
    </span>
  );
}

export function ValueCell(p: ICellRendererParams<EntityRow> & { spec: ColumnSpec }) {
  const g = (p.context as GridContextRef).current;
  if (!p.data) return <span className="cell-stub" aria-hidden="true" />;
  const spec = p.spec;
  const view = g.view(p.data);
  const value = cellValue(spec, view, g.lookups);
  const findings = view.cells[spec.field] ?? [];
  const error = findings.some(isErrorFinding) || serverFindings(spec, view).length > 0;
  const message = cellMessage(spec, view, g);
  const o = view.outcome;
  const theirs =
    o?.kind === 'conflict' && spec.field in view.edits && !sameValue(o.current.values[spec.field], value) ? o.current.values[spec.field] : undefined;
  const editable = g.editing && spec.editable && view.editable && !view.deleted;

  if (spec.kind === 'boolean') {
    const label = value === true ? g.t.yes : value === false ? g.t.no : '—';
    return (
      <div className="value-cell" data-testid="cell" data-message={message} data-value={String(value ?? '')}>
        <button
          type="button"
          className={`bool bool-${value === true ? 'yes' : value === false ? 'no' : 'unset'}`}
          disabled={!editable}
          aria-label={`${spec.header(g.t, g.lang)}: ${label}`}
          aria-pressed={value === true}
          data-testid="toggle"
          onClick={(e) => {
            e.stopPropagation();
            g.stage(view.row, spec, value === true ? g.t.no : g.t.yes, value !== true);
          }}
        >
          {value === true ? <CheckIcon width={13} height={13} /> : value === false ? '✕' : ''}
        </button>
        {error && <AlertIcon className="cell-alert" width={14} height={14} />}
        {theirs !== undefined && <ConflictHint text={g.t.conflictShort(displayText(spec, theirs, o?.kind === 'conflict' ? o.current : undefined, g) || '—')} />}
      </div>
    );
  }
  const text = displayText(spec, value, view.row, g);
  return (
    <div className="value-cell" data-testid="cell" data-message={message} onMouseEnter={message ? undefined : titleIfCut}>
      {spec.render ? spec.render(value, g.lang) : <CutText text={text} />}
      {error && <AlertIcon className="cell-alert" width={14} height={14} />}
      {theirs !== undefined && <ConflictHint text={g.t.conflictShort(displayText(spec, theirs, o?.kind === 'conflict' ? o.current : undefined, g) || '—')} />}
    </div>
  );
}

/**
 * The server's value beside a conflicting edit. In a column too narrow for both, the words give
 * way to the icon alone (editing.css), and the cell's tooltip says the server's value in full.
 */
function ConflictHint({ text }: { text: string }) {
  return (
    <span className="conflict-hint" data-testid="conflict-hint">
      <ConflictIcon width={13} height={13} aria-hidden="true" />
      <span className="conflict-hint-text">{text}</span>
    </span>
  );
}

/** One icon per row outcome, shared by every editable grid (the call-off matrix included). */
export const STATE_ICON: Record<CellState | 'deleted', React.ReactNode> = {
  pending: <DotIcon width={14} height={14} />,
  saved: <CheckIcon width={14} height={14} />,
  invalid: <AlertIcon width={14} height={14} />,
  conflict: <ConflictIcon width={14} height={14} />,
  forbidden: <BanIcon width={14} height={14} />,
  notFound: <BanIcon width={14} height={14} />,
  notApplied: <AlertIcon width={14} height={14} />,
  deleted: <BanIcon width={14} height={14} />,
};

export function stateWords(t: Dictionary): Record<CellState | 'deleted', string> {
  return {
    pending: t.outcomePending,
    saved: t.outcomeSaved,
    invalid: t.outcomeInvalid,
    conflict: t.outcomeConflict,
    forbidden: t.outcomeForbidden,
    notFound: t.outcomeNotFound,
    notApplied: t.outcomeNotApplied,
    deleted: t.outcomeDeleted,
  };
}

/** The row's state: changed, new, to be deleted, the outcome of the last Save (with the conflict's choices), or read-only. */
export function StateCell(p: ICellRendererParams<EntityRow>) {
  const g = (p.context as GridContextRef).current;
  if (!p.data) return null;
  const view = g.view(p.data);
  const t = g.t;
  const say = pick(g.lang);
  const stop = (e: React.SyntheticEvent) => e.stopPropagation();
  const o = view.outcome;
  const title = [
    ...view.rowViolations.map(say),
    ...(o?.kind === 'invalid' ? o.violations.map(say) : []),
    ...(o?.kind === 'forbidden' ? [say(o)] : []),
    ...(o?.kind === 'notApplied' ? [t.notAppliedHint] : []),
    ...(o?.kind === 'notFound' ? [o.message] : []),
    ...(o?.kind === 'saved' ? o.warnings.map(say) : []),
  ].join(' ');

  if (view.state === 'conflict') {
    return (
      <span
        className="row-state state-conflict"
        data-testid="row-state"
        data-state="conflict"
        title={title || t.outcomeConflict}
        onMouseDown={stop}
        onDoubleClick={stop}
      >
        <ConflictIcon width={14} height={14} />
        <button type="button" className="mini mini-primary" title={t.keepMine} onClick={() => g.keepMine(view.row.id)} data-testid="keep-mine">
          {t.keepMineShort}
        </button>
        <button type="button" className="mini" title={t.takeTheirs} onClick={() => g.takeTheirs(view.row.id)} data-testid="take-theirs">
          {t.takeTheirsShort}
        </button>
      </span>
    );
  }
  const extra = view.isNew ? (
    <button
      type="button"
      className="mini mini-plain"
      title={t.removeNewRow}
      aria-label={t.removeNewRow}
      onMouseDown={stop}
      onClick={() => g.removeNew(view.row.id)}
      data-testid="remove-new"
    >
      ✕
    </button>
  ) : view.deleted ? (
    <button type="button" className="mini mini-plain" title={t.restoreRow} onMouseDown={stop} onClick={() => g.restore(view.row.id)} data-testid="restore">
      {t.restoreRowShort}
    </button>
  ) : null;
  if (view.state) {
    const word = view.isNew && view.state === 'pending' ? t.outcomeNew : stateWords(t)[view.state];
    return (
      <span
        className={`row-state row-state-fit state-${view.state}`}
        data-testid="row-state"
        data-state={view.isNew && view.state === 'pending' ? 'new' : view.state}
        title={title ? `${word}: ${title}` : word}
      >
        {STATE_ICON[view.state]}
        <span className="state-word">{word}</span>
        {extra}
      </span>
    );
  }
  if (g.editing && !view.editable) {
    return (
      <span className="row-state state-readonly" data-testid="row-state" data-state="readonly" title={t.readOnlyRowHint(view.row.ownerName ?? '')}>
        <LockIcon width={13} height={13} />
      </span>
    );
  }
  return extra;
}
