import type { CallOffFacts, Outcome, StagedEdit } from './types';

type Edits = Readonly<Record<string, StagedEdit>>;

/**
 * The staged edits of the call-off matrix, with their undo/redo history and what the server said
 * after the last Save. Pure: every action returns a new state (or the same one when nothing changed).
 */
export interface StagingState {
  edits: Edits;
  /** Earlier `edits`, newest last; one entry per user action (a whole paste is one). */
  past: readonly Edits[];
  future: readonly Edits[];
  /** Per call-off id: the outcome of the last Save that sent it. */
  outcomes: Readonly<Record<string, Outcome>>;
  /** Per call-off id: facts from mutation answers, newer than a query may yet have. */
  known: Readonly<Record<string, CallOffFacts>>;
}

export const initialStaging: StagingState = { edits: {}, past: [], future: [], outcomes: {}, known: {} };

/** One cell set to a new value by typing, choosing or pasting. */
export type CellChange = Omit<StagedEdit, never>;

export type StagingAction =
  | { type: 'stage'; changes: readonly CellChange[] }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'discard' }
  | { type: 'saved'; outcomes: Readonly<Record<string, Outcome>> }
  | { type: 'keepMine'; callOffId: string }
  | { type: 'takeTheirs'; callOffId: string }
  | { type: 'clearOutcomes'; callOffIds: readonly string[] };

const HISTORY_LIMIT = 200;

function pushPast(state: StagingState, next: Edits): StagingState {
  return { ...state, edits: next, past: [...state.past, state.edits].slice(-HISTORY_LIMIT), future: [] };
}

function without<T>(record: Readonly<Record<string, T>>, keys: Iterable<string>): Record<string, T> {
  const copy = { ...record };
  for (const k of keys) delete copy[k];
  return copy;
}

export function stagingReducer(state: StagingState, action: StagingAction): StagingState {
  switch (action.type) {
    case 'stage': {
      const next: Record<string, StagedEdit> = { ...state.edits };
      let changed = false;
      for (const c of action.changes) {
        const prior = next[c.callOffId];
        // Back to the server's value: no longer a change.
        if (c.status !== null && c.status === c.original) {
          if (prior) {
            delete next[c.callOffId];
            changed = true;
          }
          continue;
        }
        if (prior && prior.raw === c.raw && prior.status === c.status && prior.version === c.version) continue;
        next[c.callOffId] = { ...c };
        changed = true;
      }
      if (!changed) return state;
      return { ...pushPast(state, next), outcomes: without(state.outcomes, action.changes.map((c) => c.callOffId)) };
    }
    case 'undo': {
      const previous = state.past[state.past.length - 1];
      if (!previous) return state;
      return { ...state, edits: previous, past: state.past.slice(0, -1), future: [state.edits, ...state.future] };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (!next) return state;
      return { ...state, edits: next, past: [...state.past, state.edits], future: rest };
    }
    case 'discard': {
      if (Object.keys(state.edits).length === 0) return state;
      // Outcomes of discarded cells go too; the flash of a cell just saved stays.
      const outcomes = Object.fromEntries(Object.entries(state.outcomes).filter(([, o]) => o.kind === 'saved'));
      return { ...pushPast(state, {}), outcomes };
    }
    case 'saved': {
      const saved = Object.entries(action.outcomes).filter(([, o]) => o.kind === 'saved').map(([id]) => id);
      const known: Record<string, CallOffFacts> = { ...state.known };
      for (const [id, o] of Object.entries(action.outcomes)) {
        if (o.kind === 'saved') known[id] = o.node;
        if (o.kind === 'conflict') known[id] = o.current;
      }
      // What was saved leaves the stage; undo cannot bring back an edit the server already has,
      // so the history starts again from here.
      return { edits: without(state.edits, saved), past: [], future: [], outcomes: { ...state.outcomes, ...action.outcomes }, known };
    }
    case 'keepMine': {
      const edit = state.edits[action.callOffId];
      const outcome = state.outcomes[action.callOffId];
      if (!edit || outcome?.kind !== 'conflict') return state;
      const current = outcome.current;
      const outcomes = without(state.outcomes, [action.callOffId]);
      // Re-staged on the server's version, so the next Save overwrites theirs with mine.
      if (edit.status !== null && edit.status === current.status) return { ...pushPast(state, without(state.edits, [action.callOffId])), outcomes };
      return { ...pushPast(state, { ...state.edits, [action.callOffId]: { ...edit, version: current.version, original: current.status } }), outcomes };
    }
    case 'takeTheirs': {
      if (!state.edits[action.callOffId] && !state.outcomes[action.callOffId]) return state;
      return { ...pushPast(state, without(state.edits, [action.callOffId])), outcomes: without(state.outcomes, [action.callOffId]) };
    }
    case 'clearOutcomes': {
      if (!action.callOffIds.some((id) => id in state.outcomes)) return state;
      return { ...state, outcomes: without(state.outcomes, action.callOffIds) };
    }
  }
}

/** How many matrix rows (municipalities) have a staged change. */
export function changedRowCount(state: StagingState): number {
  return new Set(Object.values(state.edits).map((e) => e.rowId)).size;
}

/** The newer of what a query returned and what a mutation told us since. */
export function latestFacts(fromQuery: CallOffFacts, known: CallOffFacts | undefined): CallOffFacts {
  return known && known.version > fromQuery.version ? known : fromQuery;
}
