import {
  compareForSample, LOG_OUTPUT_ACTIONS, outsideHoursSpans, ruleBit, sampleRanks, stockholmDayNumber, stockholmDayStartMs, stockholmMonthOfDay,
  stockholmMonthStartMs, unusualDays, type LogReviewRule, type SelectionCriteria,
} from '@fvm/domain';
import type { Sqlite } from '../client';
import { permissionSql, policyAllowsSql } from '../policyChecks';
import { REVIEW_INDEX_CONDITION } from '../schema/userLogs';
import { catchUpUserLogDigest } from '../userLogs/digest';

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

type Params = { owner: number; demo: number; from: number; to: number };

/**
 * The effective policy per profession and category for the owner: its own row, else the region's
 * default; of the entries' own kind (demo entries by demo policies), as the registry check judges.
 */
const EFFECTIVE_POLICY = `SELECT p.profession, p.category_id, p.may_read, p.may_write, p.may_sign, p.may_sign_mobile FROM access_policies p
  WHERE p.is_demo = @demo AND (p.owner_org_id = @owner OR (
    p.owner_org_id = (SELECT min(id) FROM organisations WHERE kind = 'region' AND is_demo = 0)
    AND NOT EXISTS (SELECT 1 FROM access_policies o WHERE o.owner_org_id = @owner AND o.is_demo = @demo AND o.profession = p.profession AND o.category_id = p.category_id)))`;

export function runSelection(sqlite: Sqlite, scope: SelectionScope, c: SelectionCriteria): SelectedEntry[] {
  // Inside the caller's transaction when there is one, so the count and the selection see the same entries.
  catchUpUserLogDigest(sqlite);
  const on = (rule: LogReviewRule) => (c.rules & ruleBit(rule)) !== 0;
  const p: Params = { owner: scope.dataOwnerId, demo: scope.isDemo ? 1 : 0, from: scope.fromMs, to: scope.toMs };
  const masks = new Map<number, number>();
  const mark = (id: number, bits: number) => masks.set(id, (masks.get(id) ?? 0) | bits);
  const entriesOf = (sql: string, params: Record<string, unknown>, bit: number) => {
    for (const id of sqlite.prepare(sql).pluck().iterate({ ...p, ...params }) as Iterable<number>) mark(id, bit);
  };

  // An entry's own columns.
  const ownBits = [`CASE WHEN basis = 'emergency_access' THEN ${ruleBit('emergency_access')} ELSE 0 END`];
  if (on('no_care_relationship')) ownBits.push(`CASE WHEN basis = 'none' THEN ${ruleBit('no_care_relationship')} ELSE 0 END`);
  if (on('other_care_provider')) ownBits.push(`CASE WHEN care_provider_id <> data_owner_id THEN ${ruleBit('other_care_provider')} ELSE 0 END`);
  if (on('output_action')) ownBits.push(`CASE WHEN action IN (${LOG_OUTPUT_ACTIONS.map((a) => `'${a}'`).join(', ')}) THEN ${ruleBit('output_action')} ELSE 0 END`);
  if (on('disclosure_without_assessment')) {
    ownBits.push(`CASE WHEN action = 'disclose' AND category_id IN (SELECT id FROM information_categories WHERE harm_assessment_required = 1)
      AND NOT EXISTS (SELECT 1 FROM disclosure_requests d WHERE d.user_log_entry_id = user_log_entries.id AND d.outcome IS NOT NULL)
      THEN ${ruleBit('disclosure_without_assessment')} ELSE 0 END`);
  }
  const own = sqlite.prepare(
    `SELECT id, ${ownBits.join(' | ')} FROM user_log_entries
     WHERE data_owner_id = @owner AND is_demo = @demo AND occurred_at >= @from AND occurred_at < @to AND (${REVIEW_INDEX_CONDITION})`,
  );
  for (const [id, bits] of own.raw().iterate(p) as Iterable<[number, number]>) if (bits) mark(id, bits);

  if (on('outside_usual_hours')) {
    const span = `SELECT id FROM user_log_entries WHERE data_owner_id = @owner AND occurred_at >= @a AND occurred_at < @b AND is_demo = @demo`;
    for (const s of outsideHoursSpans(scope.fromMs, scope.toMs, c.usualHoursStart, c.usualHoursEnd)) entriesOf(span, { a: s.fromMs, b: s.toMs }, ruleBit('outside_usual_hours'));
  }

  const firstDay = stockholmDayNumber(scope.fromMs);
  const endDay = stockholmDayNumber(scope.toMs);
  const userDays = sqlite
    .prepare('SELECT day, user_hsa_id, entries FROM user_log_user_days WHERE data_owner_id = @owner AND is_demo = @demo AND day >= @firstDay AND day < @endDay')
    .raw()
    .all({ owner: p.owner, demo: p.demo, firstDay, endDay }) as [number, string, number][];
  const ofUserDay = sqlite.prepare(
    `SELECT id FROM user_log_entries INDEXED BY user_log_entries_user_time_idx
     WHERE user_hsa_id = @user AND occurred_at >= @a AND occurred_at < @b AND data_owner_id = @owner AND is_demo = @demo ORDER BY occurred_at, id`,
  );
  const userDayEntries = (user: string, day: number) => ofUserDay.pluck().all({ ...p, user, a: stockholmDayStartMs(day), b: stockholmDayStartMs(day + 1) }) as number[];

  if (on('unusual_volume')) {
    const perUser = new Map<string, Map<number, number>>();
    for (const [day, user, n] of userDays) (perUser.get(user) ?? perUser.set(user, new Map()).get(user)!).set(day, n);
    for (const [user, days] of perUser) for (const day of unusualDays(days, c)) for (const id of userDayEntries(user, day)) mark(id, ruleBit('unusual_volume'));
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
      bucketIds ??= userDayEntries(buckets[b]!.userHsaId, buckets[b]!.day);
      const id = bucketIds[rank - before];
      if (id === undefined || bucketIds.length !== buckets[b]!.n) throw new DigestMismatchError(`${buckets[b]!.userHsaId} on day ${buckets[b]!.day}: ${buckets[b]!.n} counted, ${bucketIds.length} stored`);
      mark(id, ruleBit('random_sample'));
    }
  }

  if (on('rare_pair')) {
    const rareOf = sqlite.prepare(
      `SELECT id FROM user_log_entries INDEXED BY user_log_entries_patient_time_idx
       WHERE patient_pseudonym = @patient AND occurred_at >= @from AND occurred_at < @to AND care_unit = @unit AND data_owner_id = @owner AND is_demo = @demo`,
    );
    for (const [patient, unit] of rarePairs(sqlite, scope, p)) {
      for (const id of rareOf.pluck().iterate({ ...p, patient, unit }) as Iterable<number>) mark(id, ruleBit('rare_pair'));
    }
  }

  if (on('action_not_permitted')) {
    const permission = (action: string, device: string) => policyAllowsSql(permissionSql(action, device), 'ep');
    const ep = `ep AS MATERIALIZED (${EFFECTIVE_POLICY})`;
    const days = sqlite
      .prepare(
        `WITH ${ep} SELECT DISTINCT a.day FROM user_log_action_days a JOIN ep ON ep.profession = a.profession AND ep.category_id = a.category_id
         WHERE a.data_owner_id = @owner AND a.is_demo = @demo AND a.day >= @firstDay AND a.day < @endDay AND ${permission('a.action', 'a.device')} = 0 ORDER BY a.day`,
      )
      .pluck()
      .all({ owner: p.owner, demo: p.demo, firstDay, endDay }) as number[];
    const onDay = `WITH ${ep} SELECT e.id FROM user_log_entries e JOIN ep ON ep.profession = e.user_profession AND ep.category_id = e.category_id
       WHERE e.data_owner_id = @owner AND e.is_demo = @demo AND e.occurred_at >= @a AND e.occurred_at < @b AND ${permission('e.action', 'e.device')} = 0`;
    for (const day of days) entriesOf(onDay, { a: stockholmDayStartMs(day), b: stockholmDayStartMs(day + 1) }, ruleBit('action_not_permitted'));
  }

  return [...masks].sort((a, b) => a[0] - b[0]).map(([id, ruleMask]) => ({ id, ruleMask }));
}

/**
 * The period's rare pairs: patient × care unit where one user of the unit accessed the patient,
 * of patients accessed from more than one unit. Whole months from the digest; the days of a month
 * the period covers only in part from the entries.
 */
function rarePairs(sqlite: Sqlite, scope: SelectionScope, p: Params): [Buffer, string][] {
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
  const sources: string[] = [];
  if (whole.length) {
    sources.push(`SELECT patient_pseudonym AS p, care_unit AS unit, user_hsa_id AS u, several_users AS several FROM user_log_patient_units
                  WHERE data_owner_id = @owner AND is_demo = @demo AND month IN (${whole.map(Number).join(', ')})`);
  }
  if (partial.length) {
    const spans = partial.map(([a, b]) => `(occurred_at >= ${a} AND occurred_at < ${b})`).join(' OR ');
    sources.push(`SELECT patient_pseudonym AS p, care_unit AS unit, min(user_hsa_id) AS u, min(user_hsa_id) <> max(user_hsa_id) AS several FROM user_log_entries
                  WHERE data_owner_id = @owner AND is_demo = @demo AND (${spans}) GROUP BY patient_pseudonym, care_unit`);
  }
  const sql = `WITH pu AS MATERIALIZED (SELECT p, unit, max(several) = 0 AND min(u) = max(u) AS alone FROM (${sources.join(' UNION ALL ')}) GROUP BY p, unit)
    SELECT pu.p, pu.unit FROM pu WHERE pu.alone AND pu.p IN (SELECT p FROM pu GROUP BY p HAVING count(*) > 1)`;
  return sqlite.prepare(sql).raw().all({ owner: p.owner, demo: p.demo }) as [Buffer, string][];
}
