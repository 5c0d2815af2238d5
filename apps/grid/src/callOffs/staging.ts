import { changedRowIds, emptyStaging, makeStagingReducer, type StagingState as GenericState } from '../editing/staging';
import type { CallOffFacts, StagedEdit } from './types';

/**
 * The staged edits of the call-off matrix: the editing machinery's generic staging reducer
 * (undo/redo, outcomes, conflicts), with one staged cell per call-off (its status).
 */
export type StagingState = GenericState<StagedEdit, CallOffFacts>;

export const initialStaging: StagingState = emptyStaging();

/** One cell set to a new value by typing, choosing or pasting. */
export type CellChange = Omit<StagedEdit, never>;

export type StagingAction =
  | { type: 'stage'; changes: readonly CellChange[] }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'discard' }
  | { type: 'saved'; outcomes: GenericState<StagedEdit, CallOffFacts>['outcomes'] }
  | { type: 'keepMine'; callOffId: string }
  | { type: 'takeTheirs'; callOffId: string }
  | { type: 'clearOutcomes'; callOffIds: readonly string[] };

const generic = makeStagingReducer<StagedEdit, CallOffFacts>({
  key: (e) => e.callOffId,
  row: (e) => e.callOffId,
  unchanged: (e) => e.status !== null && e.status === e.original,
  same: (a, b) => a.raw === b.raw && a.status === b.status && a.version === b.version,
  rebase: (e, current) => (e.status !== null && e.status === current.status ? null : { ...e, version: current.version, original: current.status }),
  version: (f) => f.version,
});

export function stagingReducer(state: StagingState, action: StagingAction): StagingState {
  switch (action.type) {
    case 'keepMine':
    case 'takeTheirs':
      return generic(state, { type: action.type, rowId: action.callOffId });
    case 'clearOutcomes':
      return generic(state, { type: 'clearOutcomes', rowIds: action.callOffIds });
    default:
      return generic(state, action);
  }
}

/** How many matrix rows (municipalities) have a staged change. */
export function changedRowCount(state: StagingState): number {
  return changedRowIds(state, (e) => e.rowId).size;
}

/** The newer of what a query returned and what a mutation told us since. */
export function latestFacts(fromQuery: CallOffFacts, known: CallOffFacts | undefined): CallOffFacts {
  return known && known.version > fromQuery.version ? known : fromQuery;
}
