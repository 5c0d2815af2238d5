import {
  compareForSample,
  LOG_OUTPUT_ACTIONS,
  outsideHoursSpans,
  ruleBit,
  sampleRanks,
  stockholmDayNumber,
  stockholmDayStartMs,
  stockholmMonthOfDay,
  stockholmMonthStartMs,
  unusualDays,
  type LogReviewRule,
  type SelectionCriteria,
} from '@fvm/domain';
import type { Sqlite } from '../client';
import { permissionSql, policyAllowsSql } from '../policyChecks';
import { prepared } from '../statements';
import { REVIEW_INDEX_CONDITION } from '../schema/userLogs';
import { catchUpUserLogDigest } from '../userLogs/digest';
import { POSTGRES_TRUTH, SQLITE_TRUTH, type Truth } from '../userLogs/read';

// The selection of a log review run: the same rules as the domain's `selectForReview` (a test runs
// both over the same entries), answered from the user log's digest and indexes, so that a month
// of a large owner (millions of entries) is never read whole:
// - what an entry says by itself (emergency access, no care relationship, another care provider,
//   output, disclosure) through the partial review index;
// - the hours outside the usual ones as time spans of the owner's time index;
// - unusual volume and the random sample from the per-user-and-day counts, then only the entries
//   of those users' days;
// - rare pairs from the per-month patient × care unit digest (entries for part of a month);
// - actions the access policy forbids on the days the per-day action counts say they happened.

export interface SelectionScope {
  dataOwnerId: number;
  isDemo: boolean;
  /** Stockholm midnights: [fromMs, toMs) is a run's period of whole days. */
  fromMs: number;
  toMs: number;
}

export interface SelectedEntry {
  id: number;
  ruleMask: number;
}

/** The digest disagrees with the entries (altered behind the API): the selection cannot be trusted. */
export class DigestMismatchError extends Error {
  constructor(detail: string) {
    super(`The user log's digest does not match its entries (${detail}); run \`npm run fvm -- logs verify\` and \`npm run fvm -- logs rebuild-digest\`.`);
  }
}

/** How the selection's statements differ between engines. */
export interface SelectionDialect {
  truth: Truth;
  /** SQLite's planner is told which index to use; PostgreSQL's finds it itself. */
  indexed(index: string): string;
  /** Whether any of a group's booleans is true (SQLite's are 0/1). */
  anyTrue(expression: string): string;
}
export const SQLITE_SELECTION: SelectionDialect = { truth: SQLITE_TRUTH, indexed: (index) => `INDEXED BY ${index}`, anyTrue: (e) => `max(${e})` };
export const POSTGRES_SELECTION: SelectionDialect = { truth: POSTGRES_TRUTH, indexed: () => '', anyTrue: (e) => `bool_or(${e})` };

/** A statement the selection needs answered (`?` placeholders): its rows, as arrays of column values. */
export interface SelectionQuery {
  sql: string;
  params: unknown[];
}
/** The selection written once: it yields its statements, and each engine answers them (see runSync/runAsync in writes/effects). */
export type SelectionIo<T> = Generator<SelectionQuery, T, unknown[][]>;

function* rowsOf(sql: string, ...params: unknown[]): SelectionIo<unknown[][]> {
  return yield { sql, params };
}
function* idsOf(sql: string, ...params: unknown[]): SelectionIo<number[]> {
  return (yield* rowsOf(sql, ...params)).map((r) => Number(r[0]));
}

/** Runs a selection's statements on SQLite, synchronously (inside the caller's transaction, if any). */
export function runSelectionSync<T>(sqlite: Sqlite, io: SelectionIo<T>): T {
  let step = io.next();
  while (!step.done)
    step = io.next(
      prepared(sqlite, step.value.sql)
        .raw()
        .all(...step.value.params) as unknown[][],
    );
  return step.value;
}

/**
 * The effective policy per profession and category for the owner: its own row, else the region's
 * default; of the entries' own kind (demo entries by demo policies), as the registry check judges.
 * Parameters: demo, owner, owner, demo.
 */
const effectivePolicy = (t: Truth) => `SELECT p.profession, p.category_id, p.may_read, p.may_write, p.may_sign, p.may_sign_mobile FROM access_policies p
  WHERE p.is_demo = ? AND (p.owner_org_id = ? OR (
    p.owner_org_id = (SELECT min(id) FROM organisations WHERE kind = 'region' AND is_demo = ${t.never})
    AND NOT EXISTS (SELECT 1 FROM access_policies o WHERE o.owner_org_id = ? AND o.is_demo = ? AND o.profession = p.profession AND o.category_id = p.category_id)))`;

/** The selection on SQLite, the digest caught up first. */
export function runSelection(sqlite: Sqlite, scope: SelectionScope, c: SelectionCriteria): SelectedEntry[] {
  // Inside the caller's transaction when there is one, so the count and the selection see the same entries.
  catchUpUserLogDigest(sqlite);
  return runSelectionSync(sqlite, selectionIo(scope, c, SQLITE_SELECTION));
}

/**
 * The selection's statements and what it makes of their rows. The caller has caught the digest up
 * in the same transaction, with nothing appended meanwhile (SQLite's write lock; PostgreSQL's
 * chains lock).
 */
export function* selectionIo(scope: SelectionScope, c: SelectionCriteria, d: SelectionDialect): SelectionIo<SelectedEntry[]> {
  const on = (rule: LogReviewRule) => (c.rules & ruleBit(rule)) !== 0;
  const owner = scope.dataOwnerId;
  // 0 or 1: SQLite's boolean, and read as one by PostgreSQL's boolean parameters.
  const demo = scope.isDemo ? 1 : 0;
  const masks = new Map<number, number>();
  const mark = (id: number, bits: number) => masks.set(id, (masks.get(id) ?? 0) | bits);

  // An entry's own columns.
  const ownBits = [`CASE WHEN basis = 'emergency_access' THEN ${ruleBit('emergency_access')} ELSE 0 END`];
  if (on('no_care_relationship')) ownBits.push(`CASE WHEN basis = 'none' THEN ${ruleBit('no_care_relationship')} ELSE 0 END`);
  if (on('other_care_provider')) ownBits.push(`CASE WHEN care_provider_id <> data_owner_id THEN ${ruleBit('other_care_provider')} ELSE 0 END`);
  if (on('output_action'))
    ownBits.push(`CASE WHEN action IN (${LOG_OUTPUT_ACTIONS.map((a) => `'${a}'`).join(', ')}) THEN ${ruleBit('output_action')} ELSE 0 END`);
  if (on('disclosure_without_assessment')) {
    ownBits.push(`CASE WHEN action = 'disclose' AND category_id IN (SELECT id FROM information_categories WHERE harm_assessment_required = ${d.truth.yes})
      AND NOT EXISTS (SELECT 1 FROM disclosure_requests d WHERE d.user_log_entry_id = user_log_entries.id AND d.outcome IS NOT NULL)
      THEN ${ruleBit('disclosure_without_assessment')} ELSE 0 END`);
  }
  const own = yield* rowsOf(
    `SELECT id, ${ownBits.join(' | ')} FROM user_log_entries
     WHERE data_owner_id = ? AND is_demo = ? AND occurred_at >= ? AND occurred_at < ? AND (${REVIEW_INDEX_CONDITION})`,
    owner,
    demo,
    scope.fromMs,
    scope.toMs,
  );
  for (const [id, bits] of own) if (Number(bits)) mark(Number(id), Number(bits));

  if (on('outside_usual_hours')) {
    const span = 'SELECT id FROM user_log_entries WHERE data_owner_id = ? AND occurred_at >= ? AND occurred_at < ? AND is_demo = ?';
    for (const s of outsideHoursSpans(scope.fromMs, scope.toMs, c.usualHoursStart, c.usualHoursEnd)) {
      for (const id of yield* idsOf(span, owner, s.fromMs, s.toMs, demo)) mark(id, ruleBit('outside_usual_hours'));
    }
  }

  const firstDay = stockholmDayNumber(scope.fromMs);
  const endDay = stockholmDayNumber(scope.toMs);
  const userDays = (yield* rowsOf(
    'SELECT day, user_hsa_id, entries FROM user_log_user_days WHERE data_owner_id = ? AND is_demo = ? AND day >= ? AND day < ?',
    owner,
    demo,
    firstDay,
    endDay,
  )).map(([day, user, n]) => [Number(day), String(user), Number(n)] as const);
  const ofUserDay = `SELECT id FROM user_log_entries ${d.indexed('user_log_entries_user_time_idx')}
     WHERE user_hsa_id = ? AND occurred_at >= ? AND occurred_at < ? AND data_owner_id = ? AND is_demo = ? ORDER BY occurred_at, id`;
  const userDayEntries = (user: string, day: number) => idsOf(ofUserDay, user, stockholmDayStartMs(day), stockholmDayStartMs(day + 1), owner, demo);

  if (on('unusual_volume')) {
    const perUser = new Map<string, Map<number, number>>();
    for (const [day, user, n] of userDays) (perUser.get(user) ?? perUser.set(user, new Map()).get(user)!).set(day, n);
    for (const [user, days] of perUser)
      for (const day of unusualDays(days, c)) for (const id of yield* userDayEntries(user, day)) mark(id, ruleBit('unusual_volume'));
  }

  if (c.sampleSize > 0) {
    // The sample's ranks count entries in (day, user, time, id) order: walk the day × user counts to each rank's bucket.
    const buckets = userDays.map(([day, userHsaId, n]) => ({ day, userHsaId, n, occurredAt: 0, id: 0 })).sort(compareForSample);
    const total = buckets.reduce((sum, b) => sum + b.n, 0);
    let b = 0;
    let before = 0;
    let bucketIds: number[] | null = null;
    for (const rank of sampleRanks(c.seed, total, c.sampleSize)) {
      while (rank >= before + buckets[b]!.n) {
        before += buckets[b]!.n;
        b++;
        bucketIds = null;
      }
      bucketIds ??= yield* userDayEntries(buckets[b]!.userHsaId, buckets[b]!.day);
      const id = bucketIds[rank - before];
      if (id === undefined || bucketIds.length !== buckets[b]!.n)
        throw new DigestMismatchError(`${buckets[b]!.userHsaId} on day ${buckets[b]!.day}: ${buckets[b]!.n} counted, ${bucketIds.length} stored`);
      mark(id, ruleBit('random_sample'));
    }
  }

  if (on('rare_pair')) {
    const rareOf = `SELECT id FROM user_log_entries ${d.indexed('user_log_entries_patient_time_idx')}
       WHERE patient_pseudonym = ? AND occurred_at >= ? AND occurred_at < ? AND care_unit = ? AND data_owner_id = ? AND is_demo = ?`;
    for (const [patient, unit] of yield* rarePairs(scope, d)) {
      for (const id of yield* idsOf(rareOf, patient, scope.fromMs, scope.toMs, unit, owner, demo)) mark(id, ruleBit('rare_pair'));
    }
  }

  if (on('action_not_permitted')) {
    const permission = (action: string, device: string) => policyAllowsSql(permissionSql(action, device), 'ep');
    const ep = `ep AS MATERIALIZED (${effectivePolicy(d.truth)})`;
    const policyParams = [demo, owner, owner, demo];
    const days = yield* idsOf(
      `WITH ${ep} SELECT DISTINCT a.day FROM user_log_action_days a JOIN ep ON ep.profession = a.profession AND ep.category_id = a.category_id
       WHERE a.data_owner_id = ? AND a.is_demo = ? AND a.day >= ? AND a.day < ? AND ${permission('a.action', 'a.device')} = ${d.truth.never} ORDER BY a.day`,
      ...policyParams,
      owner,
      demo,
      firstDay,
      endDay,
    );
    const onDay = `WITH ${ep} SELECT e.id FROM user_log_entries e JOIN ep ON ep.profession = e.user_profession AND ep.category_id = e.category_id
       WHERE e.data_owner_id = ? AND e.is_demo = ? AND e.occurred_at >= ? AND e.occurred_at < ? AND ${permission('e.action', 'e.device')} = ${d.truth.never}`;
    for (const day of days)
      for (const id of yield* idsOf(onDay, ...policyParams, owner, demo, stockholmDayStartMs(day), stockholmDayStartMs(day + 1)))
        mark(id, ruleBit('action_not_permitted'));
  }

  return [...masks].sort((a, b) => a[0] - b[0]).map(([id, ruleMask]) => ({ id, ruleMask }));
}

/**
 * The period's rare pairs: patient × care unit where one user of the unit accessed the patient,
 * of patients accessed from more than one unit. Whole months from the digest; the days of a month
 * the period covers only in part from the entries.
 */
function* rarePairs(scope: SelectionScope, d: SelectionDialect): SelectionIo<[Buffer, string][]> {
  const firstMonth = stockholmMonthOfDay(stockholmDayNumber(scope.fromMs));
  const lastMonth = stockholmMonthOfDay(stockholmDayNumber(scope.toMs - 1));
  const whole: number[] = [];
  const partial: [number, number][] = [];
  for (let m = firstMonth; m <= lastMonth; m++) {
    const from = stockholmMonthStartMs(m);
    const to = stockholmMonthStartMs(m + 1);
    if (from >= scope.fromMs && to <= scope.toMs) whole.push(m);
    else partial.push([Math.max(from, scope.fromMs), Math.min(to, scope.toMs)]);
  }
  const owner = scope.dataOwnerId;
  const demo = scope.isDemo ? 1 : 0;
  const sources: string[] = [];
  const params: unknown[] = [];
  if (whole.length) {
    sources.push(`SELECT patient_pseudonym AS p, care_unit AS unit, user_hsa_id AS u, several_users AS several FROM user_log_patient_units
                  WHERE data_owner_id = ? AND is_demo = ? AND month IN (${whole.map(Number).join(', ')})`);
    params.push(owner, demo);
  }
  if (partial.length) {
    const spans = partial.map(([a, b]) => `(occurred_at >= ${Number(a)} AND occurred_at < ${Number(b)})`).join(' OR ');
    sources.push(`SELECT patient_pseudonym AS p, care_unit AS unit, min(user_hsa_id) AS u, min(user_hsa_id) <> max(user_hsa_id) AS several FROM user_log_entries
                  WHERE data_owner_id = ? AND is_demo = ? AND (${spans}) GROUP BY patient_pseudonym, care_unit`);
    params.push(owner, demo);
  }
  const sql = `WITH pu AS MATERIALIZED (SELECT p, unit, ${d.anyTrue('several')} = ${d.truth.never} AND min(u) = max(u) AS alone FROM (${sources.join(' UNION ALL ')}) AS s GROUP BY p, unit)
    SELECT pu.p, pu.unit FROM pu WHERE pu.alone AND pu.p IN (SELECT p FROM pu GROUP BY p HAVING count(*) > 1)`;
  return (yield* rowsOf(sql, ...params)) as [Buffer, string][];
}
