import type { Outcome } from './types';

/**
 * Staged changes to a grid, keyed by cell, with undo/redo and what the server said after the last
 * Save. Generic over the staged cell `E` (what was typed, for which row and column) and the row as
 * the server last told it, `F`. Pure: every action returns a new state, or the same one when
 * nothing changed (so React skips the render).
 */
export interface Stage<E> {
  /** Per cell key: the pending change. */
  edits: Readonly<Record<string, E>>;
  /** Rows added here and not yet created on the server (temporary ids, in the order added). */
  added: readonly string[];
  /** Rows marked for deletion: id → the version quoted to the server. */
  deleted: Readonly<Record<string, number>>;
}

export interface StagingState<E, F> extends Stage<E> {
  /** Earlier stages, newest last; one entry per user action (a whole paste is one). */
  past: readonly Stage<E>[];
  future: readonly Stage<E>[];
  /** Per row id: the outcome of the last Save that sent it. */
  outcomes: Readonly<Record<string, Outcome<F>>>;
  /** Per row id: rows from mutation answers, newer than a query may yet have. */
  known: Readonly<Record<string, F>>;
}

/** What the reducer needs to know about a staged cell. */
export interface StagingSpec<E, F> {
  /** The cell's key: one pending change per key. */
  key(e: E): string;
  /** The row the change is sent with (outcomes are per row). */
  row(e: E): string;
  /** The change sets the cell back to the server's value: no longer a change. */
  unchanged(e: E): boolean;
  /** Two changes to the same cell that are the same. */
  same(a: E, b: E): boolean;
  /** Keep mine after a conflict: the change re-based on the server's current row; null when theirs already is mine. */
  rebase(e: E, current: F): E | null;
  /** The version of a row as the server told it (to re-quote a deletion after a conflict). */
  version?(f: F): number;
}

export type StagingAction<E, F> =
  /** Cells set by typing, choosing, pasting or importing; `add` stages new rows in the same step. */
  | { type: 'stage'; changes: readonly E[]; add?: readonly string[] }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'discard' }
  /** The answer to a Save: outcomes per row id; `created` maps the temporary id of each new row the server created to its id. */
  | { type: 'saved'; outcomes: Readonly<Record<string, Outcome<F>>>; created?: Readonly<Record<string, string>> }
  | { type: 'keepMine'; rowId: string }
  | { type: 'takeTheirs'; rowId: string }
  | { type: 'clearOutcomes'; rowIds: readonly string[] }
  | { type: 'deleteRows'; rows: readonly { id: string; version: number }[] }
  | { type: 'restoreRows'; ids: readonly string[] };

const HISTORY_LIMIT = 200;

export function emptyStaging<E, F>(): StagingState<E, F> {
  return { edits: {}, added: [], deleted: {}, past: [], future: [], outcomes: {}, known: {} };
}

function without<T>(record: Readonly<Record<string, T>>, keys: Iterable<string>): Record<string, T> {
  const copy = { ...record };
  for (const k of keys) delete copy[k];
  return copy;
}

const snapshot = <E>(s: Stage<E>): Stage<E> => ({ edits: s.edits, added: s.added, deleted: s.deleted });

function commit<E, F>(state: StagingState<E, F>, next: Partial<Stage<E>>): StagingState<E, F> {
  return { ...state, ...next, past: [...state.past, snapshot(state)].slice(-HISTORY_LIMIT), future: [] };
}

export function isEmptyStage(s: Stage<unknown>): boolean {
  return Object.keys(s.edits).length === 0 && s.added.length === 0 && Object.keys(s.deleted).length === 0;
}

export function makeStagingReducer<E, F>(spec: StagingSpec<E, F>) {
  const editsOfRow = (edits: Readonly<Record<string, E>>, rowIds: ReadonlySet<string>) => Object.keys(edits).filter((k) => rowIds.has(spec.row(edits[k]!)));

  return function reducer(state: StagingState<E, F>, action: StagingAction<E, F>): StagingState<E, F> {
    switch (action.type) {
      case 'stage': {
        const next: Record<string, E> = { ...state.edits };
        const add = (action.add ?? []).filter((id) => !state.added.includes(id));
        let changed = add.length > 0;
        for (const c of action.changes) {
          const k = spec.key(c);
          const prior = next[k];
          // Back to the server's value: no longer a change.
          if (spec.unchanged(c)) {
            if (prior) {
              delete next[k];
              changed = true;
            }
            continue;
          }
          if (prior && spec.same(prior, c)) continue;
          next[k] = c;
          changed = true;
        }
        if (!changed) return state;
        return {
          ...commit(state, { edits: next, ...(add.length ? { added: [...state.added, ...add] } : {}) }),
          outcomes: without(state.outcomes, action.changes.map(spec.row)),
        };
      }
      case 'undo': {
        const previous = state.past[state.past.length - 1];
        if (!previous) return state;
        return { ...state, ...previous, past: state.past.slice(0, -1), future: [snapshot(state), ...state.future] };
      }
      case 'redo': {
        const [next, ...rest] = state.future;
        if (!next) return state;
        return { ...state, ...next, past: [...state.past, snapshot(state)], future: rest };
      }
      case 'discard': {
        if (isEmptyStage(state)) return state;
        // Outcomes of discarded cells go too; the flash of a row just saved stays.
        const outcomes = Object.fromEntries(Object.entries(state.outcomes).filter(([, o]) => o.kind === 'saved'));
        return { ...commit(state, { edits: {}, added: [], deleted: {} }), outcomes };
      }
      case 'saved': {
        const savedIds = new Set(
          Object.entries(action.outcomes)
            .filter(([, o]) => o.kind === 'saved')
            .map(([id]) => id),
        );
        const created = action.created ?? {};
        for (const temp of Object.keys(created)) savedIds.add(temp);
        const known: Record<string, F> = { ...state.known };
        for (const [id, o] of Object.entries(action.outcomes)) {
          if (o.kind === 'saved' && o.node) known[id] = o.node;
          if (o.kind === 'conflict') known[id] = o.current;
        }
        // What was saved leaves the stage; undo cannot bring back what the server already has,
        // so the history starts again from here.
        return {
          edits: without(state.edits, editsOfRow(state.edits, savedIds)),
          added: state.added.filter((id) => !savedIds.has(id)),
          deleted: without(state.deleted, savedIds),
          past: [],
          future: [],
          outcomes: without({ ...state.outcomes, ...action.outcomes }, Object.keys(created)),
          known,
        };
      }
      case 'keepMine': {
        const outcome = state.outcomes[action.rowId];
        const keys = editsOfRow(state.edits, new Set([action.rowId]));
        const deleting = action.rowId in state.deleted;
        if (outcome?.kind !== 'conflict' || (keys.length === 0 && !deleting)) return state;
        const current = outcome.current;
        const edits: Record<string, E> = { ...state.edits };
        // Re-staged on the server's version, so the next Save overwrites theirs with mine.
        for (const k of keys) {
          const rebased = spec.rebase(edits[k]!, current);
          if (rebased) edits[k] = rebased;
          else delete edits[k];
        }
        const deleted = deleting && spec.version ? { ...state.deleted, [action.rowId]: spec.version(current) } : state.deleted;
        return { ...commit(state, { edits, deleted }), outcomes: without(state.outcomes, [action.rowId]) };
      }
      case 'takeTheirs': {
        const keys = editsOfRow(state.edits, new Set([action.rowId]));
        if (keys.length === 0 && !state.outcomes[action.rowId] && !(action.rowId in state.deleted)) return state;
        return {
          ...commit(state, { edits: without(state.edits, keys), deleted: without(state.deleted, [action.rowId]) }),
          outcomes: without(state.outcomes, [action.rowId]),
        };
      }
      case 'clearOutcomes': {
        if (!action.rowIds.some((id) => id in state.outcomes)) return state;
        return { ...state, outcomes: without(state.outcomes, action.rowIds) };
      }
      case 'deleteRows': {
        const fresh = action.rows.filter((r) => state.added.includes(r.id));
        const existing = action.rows.filter((r) => !state.added.includes(r.id) && !(r.id in state.deleted));
        if (fresh.length === 0 && existing.length === 0) return state;
        // A row added here and not yet created just goes, with its cells.
        const freshIds = new Set(fresh.map((r) => r.id));
        return {
          ...commit(state, {
            edits: without(state.edits, editsOfRow(state.edits, freshIds)),
            added: state.added.filter((id) => !freshIds.has(id)),
            deleted: { ...state.deleted, ...Object.fromEntries(existing.map((r) => [r.id, r.version])) },
          }),
          outcomes: without(
            state.outcomes,
            action.rows.map((r) => r.id),
          ),
        };
      }
      case 'restoreRows': {
        if (!action.ids.some((id) => id in state.deleted)) return state;
        return { ...commit(state, { deleted: without(state.deleted, action.ids) }), outcomes: without(state.outcomes, action.ids) };
      }
    }
  };
}

/** Rows with a staged change: edited cells, added rows and rows to delete. */
export function changedRowIds<E>(state: Stage<E>, rowOf: (e: E) => string): Set<string> {
  return new Set([...Object.values(state.edits).map(rowOf), ...state.added, ...Object.keys(state.deleted)]);
}
