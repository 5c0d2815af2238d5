import { fromApiStatus } from './status';
import type { CallOffFacts, Outcome, StagedEdit, Violation } from './types';

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

/** One entry of `updateCallOffs.results`, loosely: each member of the union has some of these. */
export interface ApiRowResult {
  __typename: string;
  index?: number;
  node?: ApiCallOff;
  warnings?: readonly Violation[];
  current?: ApiCallOff;
  yourVersion?: number;
  violations?: readonly Violation[];
  message?: string;
  messageSv?: string;
}

/**
 * The server's answer, one result per sent row in order, as an outcome per call-off id. A row the
 * server did not answer for (which it always does) counts as not applied, so it stays staged.
 */
export function mapOutcomes(sent: readonly StagedEdit[], results: readonly ApiRowResult[]): Record<string, Outcome> {
  const byIndex = new Map<number, ApiRowResult>();
  results.forEach((r, i) => byIndex.set(r.index ?? i, r));
  const out: Record<string, Outcome> = {};
  sent.forEach((edit, i) => {
    out[edit.callOffId] = toOutcome(byIndex.get(i), edit);
  });
  return out;
}

function toOutcome(r: ApiRowResult | undefined, edit: StagedEdit): Outcome {
  switch (r?.__typename) {
    case 'CallOffSaved':
      return { kind: 'saved', node: factsFromApi(r.node!), warnings: [...(r.warnings ?? [])] };
    case 'CallOffConflict':
      return { kind: 'conflict', yourVersion: r.yourVersion ?? edit.version, current: factsFromApi(r.current!) };
    case 'RowInvalid':
      return { kind: 'invalid', violations: [...(r.violations ?? [])] };
    case 'RowForbidden':
      return { kind: 'forbidden', message: r.message ?? '', messageSv: r.messageSv ?? r.message ?? '' };
    case 'RowNotFound':
      return { kind: 'notFound', message: r.message ?? '' };
    case 'RowNotApplied':
      return { kind: 'notApplied', message: r.message ?? '' };
    default:
      return { kind: 'notApplied', message: `No answer for this row (${r?.__typename ?? 'missing'}).` };
  }
}

/** How many sent cells were saved, and how many were not. */
export function outcomeCounts(outcomes: Readonly<Record<string, Outcome>>): { saved: number; failed: number } {
  const all = Object.values(outcomes);
  const saved = all.filter((o) => o.kind === 'saved').length;
  return { saved, failed: all.length - saved };
}
