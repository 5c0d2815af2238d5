import { mapResults, type ApiRowResult as GenericRowResult } from '../editing/outcomes';
import { fromApiStatus } from './status';
import type { CallOffFacts, Outcome, StagedEdit } from './types';

export { outcomeCounts } from '../editing/outcomes';

/** A call-off as the API returns it (CallOffFields). */
export interface ApiCallOff {
  id: string;
  version: number;
  status: string;
  signedOn: string | null;
  submittedOn: string | null;
  option: { number: number } | null;
  owner: { id: string } | null;
}

export function factsFromApi(c: ApiCallOff): CallOffFacts {
  return {
    id: c.id,
    version: c.version,
    status: fromApiStatus(c.status),
    signedOn: c.signedOn,
    submittedOn: c.submittedOn,
    optionNumber: c.option?.number ?? 0,
    ownerId: c.owner?.id ?? null,
  };
}

/** One entry of `updateCallOffs.results`. */
export interface ApiRowResult extends GenericRowResult {
  node?: ApiCallOff;
  current?: ApiCallOff;
}

/**
 * The server's answer, one result per sent row in order, as an outcome per call-off id (the
 * editing machinery's mapping, with call-offs as the grid keeps them).
 */
export function mapOutcomes(sent: readonly StagedEdit[], results: readonly ApiRowResult[]): Record<string, Outcome> {
  return mapResults(
    sent.map((e) => ({ key: e.callOffId, version: e.version })),
    results,
    factsFromApi,
  );
}
