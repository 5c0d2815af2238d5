import type { Outcome, Violation } from './types';

/** One entry of a bulk mutation's `results`, loosely: each member of the union has some of these. */
export interface ApiRowResult {
  __typename: string;
  /** Which input list the row came from (a save's CREATE, UPDATE or DELETE). */
  operation?: string;
  index?: number;
  node?: unknown;
  warnings?: readonly Violation[];
  current?: unknown;
  yourVersion?: number;
  violations?: readonly Violation[];
  message?: string;
  messageSv?: string;
}

/**
 * The server's answer to one sent row as an outcome: RowSaved (or an old mutation's
 * `<Entity>Saved`), RowConflict (`<Entity>Conflict`), the other shared Row* results, and
 * `RowDeleted` for a deletion. `convert` turns
 * the API's row into the grid's.
 */
export function toOutcome<F>(r: ApiRowResult | undefined, convert: (node: never) => F, quotedVersion: number): Outcome<F> {
  const name = r?.__typename ?? 'missing';
  if (name === 'RowDeleted') return { kind: 'saved', node: null, warnings: [] };
  if (r && name.endsWith('Saved')) return { kind: 'saved', node: r.node ? convert(r.node as never) : null, warnings: [...(r.warnings ?? [])] };
  if (r && name.endsWith('Conflict')) return { kind: 'conflict', yourVersion: r.yourVersion ?? quotedVersion, current: convert(r.current as never) };
  switch (name) {
    case 'RowInvalid':
      return { kind: 'invalid', violations: [...(r!.violations ?? [])] };
    case 'RowForbidden':
      return { kind: 'forbidden', message: r!.message ?? '', messageSv: r!.messageSv ?? r!.message ?? '' };
    case 'RowNotFound':
      return { kind: 'notFound', message: r!.message ?? '' };
    case 'RowNotApplied':
      return { kind: 'notApplied', message: r!.message ?? '' };
    default:
      return { kind: 'notApplied', message: `No answer for this row (${name}).` };
  }
}

/**
 * The results of one bulk mutation, in the order the rows were sent, as outcomes per row key. A
 * row the server did not answer for (which it always does) counts as not applied, so it stays staged.
 */
export function mapResults<F>(
  sent: readonly { key: string; version: number }[],
  results: readonly ApiRowResult[],
  convert: (node: never) => F,
): Record<string, Outcome<F>> {
  const byIndex = new Map<number, ApiRowResult>();
  results.forEach((r, i) => byIndex.set(r.index ?? i, r));
  const out: Record<string, Outcome<F>> = {};
  sent.forEach((row, i) => {
    out[row.key] = toOutcome(byIndex.get(i), convert, row.version);
  });
  return out;
}

/** How many sent rows were saved, and how many were not. */
export function outcomeCounts(outcomes: Readonly<Record<string, Outcome<unknown>>>): { saved: number; failed: number } {
  const all = Object.values(outcomes);
  const saved = all.filter((o) => o.kind === 'saved').length;
  return { saved, failed: all.length - saved };
}
