import { DAY_MS, stockholmDayNumber, stockholmMonthStartMs } from '@fvm/domain';
import type { Sqlite } from '../client';

// The user log's digest (schema/userLogDigest.ts): counts beside the log, so that a log review
// reads thousands of rows instead of every entry of a period. Brought up to date set-wise from the
// entries stored since it last counted (before every selection, at the end of an import, in the
// server's background); recomputed from the entries after a purge and on request;
// `verifyUserLogDigest` compares it with the entries.

/**
 * Stockholm wall-clock milliseconds of an epoch-ms column, in SQL: the domain's EU summer-time
 * rule (from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October)
 * in integer arithmetic only, so that rebuilding the digest of millions of entries stays cheap.
 * The year is the instant's epoch ms over an average year: off by one only near New Year, in
 * winter time either way. Days are Howard Hinnant's days-from-civil; a test holds the whole
 * expression to the domain's, hour by hour.
 */
export function stockholmLocalMsSql(column: string): string {
  const y = `(CAST(${column} AS INTEGER) / 31556952000 + 1970)`;
  // Days since 1970-01-01 of the last day of March (day 30 of the March-based year) or October (day 244).
  const lastDay = (dayOfYear: number) => `(${y} / 400 * 146097 + (${y} % 400) * 365 + (${y} % 400) / 4 - (${y} % 400) / 100 + ${dayOfYear} - 719468)`;
  const lastSundayOneUtc = (dayOfYear: number) => `((${lastDay(dayOfYear)} - (${lastDay(dayOfYear)} + 4) % 7) * ${DAY_MS} + 3600000)`;
  return `(${column} + CASE WHEN ${column} >= ${lastSundayOneUtc(30)} AND ${column} < ${lastSundayOneUtc(244)} THEN 7200000 ELSE 3600000 END)`;
}

const monthOfLocalSql = (local: string) => `(CAST(strftime('%Y', ${local} / 1000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', ${local} / 1000, 'unixepoch') AS INTEGER) - 1)`;

/**
 * The digest's rows recomputed from the entries a WHERE clause picks, as one SELECT per table, in
 * the tables' column order. One definition serves the rebuild, the migration and the verification.
 */
export function digestFromEntriesSql(where: string): { userDays: string; patientUnits: string; actionDays: string } {
  // Only the columns the digest keeps: the groups sort millions of rows.
  const columns = 'data_owner_id, is_demo, user_hsa_id, patient_pseudonym, care_unit, user_profession, category_id, action, device';
  const local = `(SELECT ${columns}, ${stockholmLocalMsSql('occurred_at')} AS local FROM user_log_entries WHERE ${where})`;
  const e = `(SELECT ${columns}, local / ${DAY_MS} AS day, ${monthOfLocalSql('local')} AS month FROM ${local})`;
  return {
    userDays: `SELECT data_owner_id, is_demo, day, user_hsa_id, count(*) FROM ${e} GROUP BY data_owner_id, is_demo, day, user_hsa_id`,
    patientUnits: `SELECT data_owner_id, is_demo, month, patient_pseudonym, care_unit, min(user_hsa_id) AS user_hsa_id, min(user_hsa_id) <> max(user_hsa_id) AS several_users FROM ${e}
                   GROUP BY data_owner_id, is_demo, month, patient_pseudonym, care_unit`,
    actionDays: `SELECT data_owner_id, is_demo, day, user_profession, category_id, action, device, count(*) FROM ${e} WHERE user_profession IS NOT NULL
                 GROUP BY data_owner_id, is_demo, day, user_profession, category_id, action, device`,
  };
}

/** The digest's upserts: each table's rows added to what it already counts. */
const MERGE = {
  userDays: 'ON CONFLICT (data_owner_id, is_demo, day, user_hsa_id) DO UPDATE SET entries = entries + excluded.entries',
  // Written only when a second user shows up: most additions leave the row as it is.
  patientUnits:
    'ON CONFLICT (data_owner_id, is_demo, month, patient_pseudonym, care_unit) DO UPDATE SET several_users = 1 WHERE several_users = 0 AND (excluded.several_users OR user_hsa_id <> excluded.user_hsa_id)',
  actionDays: 'ON CONFLICT (data_owner_id, is_demo, day, profession, category_id, action, device) DO UPDATE SET entries = entries + excluded.entries',
};

const lastCounted = (sqlite: Sqlite) => (sqlite.prepare('SELECT last_entry_id FROM user_log_digest_state WHERE id = 1').pluck().get() as number | undefined) ?? 0;

/**
 * Brings the digest up to date with the entries stored since it last counted, a group per table
 * in SQL (an append itself does no digest work: per entry it cost more than the append). At most
 * `limit` entries at a time when given, so a background catch-up never holds the write lock long.
 * Answers how many entries it counted. Runs in its own transaction unless called inside one.
 */
export function catchUpUserLogDigest(sqlite: Sqlite, options: { limit?: number } = {}): number {
  const catchUp = () => {
    const from = lastCounted(sqlite);
    const newest = (sqlite.prepare('SELECT max(id) FROM user_log_entries').pluck().get() as number | null) ?? 0;
    if (newest <= from) return 0;
    const to = options.limit ? Math.min(newest, from + options.limit) : newest;
    const added = digestFromEntriesSql(`id > ${Number(from)} AND id <= ${Number(to)}`);
    sqlite.exec(`INSERT INTO user_log_user_days ${added.userDays} ${MERGE.userDays}`);
    sqlite.exec(`INSERT INTO user_log_patient_units ${added.patientUnits} ${MERGE.patientUnits}`);
    sqlite.exec(`INSERT INTO user_log_action_days ${added.actionDays} ${MERGE.actionDays}`);
    sqlite.prepare('INSERT INTO user_log_digest_state (id, last_entry_id) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_entry_id = excluded.last_entry_id').run(to);
    return to - from;
  };
  return sqlite.inTransaction ? catchUp() : sqlite.transaction(catchUp).immediate();
}

/** Which entries a rebuild covers: everything, or one owner's entries of whole Stockholm months. */
export interface DigestScope {
  dataOwnerId: number;
  isDemo: boolean;
  /** First and last Stockholm month (year × 12 + month − 1), inclusive. */
  fromMonth: number;
  toMonth: number;
}

/**
 * Recomputes the digest from the entries, wholly or for one owner's whole months. Runs in its own
 * transaction unless called inside one (as the purge does).
 */
export function rebuildUserLogDigest(sqlite: Sqlite, scope?: DigestScope): void {
  const rebuild = () => {
    // Counted up to the newest entry first: a rebuilt month must not be counted again later.
    catchUpUserLogDigest(sqlite);
    let entries = '1';
    let days = '1';
    let months = '1';
    if (scope) {
      const fromMs = stockholmMonthStartMs(scope.fromMonth);
      const toMs = stockholmMonthStartMs(scope.toMonth + 1);
      const owner = `data_owner_id = ${Number(scope.dataOwnerId)} AND is_demo = ${scope.isDemo ? 1 : 0}`;
      entries = `${owner} AND occurred_at >= ${fromMs} AND occurred_at < ${toMs}`;
      days = `${owner} AND day >= ${stockholmDayNumber(fromMs)} AND day < ${stockholmDayNumber(toMs)}`;
      months = `${owner} AND month >= ${Number(scope.fromMonth)} AND month <= ${Number(scope.toMonth)}`;
    }
    const from = digestFromEntriesSql(entries);
    sqlite.exec(`DELETE FROM user_log_user_days WHERE ${days}; DELETE FROM user_log_action_days WHERE ${days}; DELETE FROM user_log_patient_units WHERE ${months};`);
    sqlite.exec(`INSERT INTO user_log_user_days ${from.userDays}; INSERT INTO user_log_patient_units ${from.patientUnits}; INSERT INTO user_log_action_days ${from.actionDays};`);
  };
  if (sqlite.inTransaction) rebuild();
  else sqlite.transaction(rebuild).immediate();
}

/** Forgets the digest of demo entries (they are removed with it). */
export function removeDemoDigest(sqlite: Sqlite): void {
  sqlite.exec('DELETE FROM user_log_user_days WHERE is_demo = 1; DELETE FROM user_log_patient_units WHERE is_demo = 1; DELETE FROM user_log_action_days WHERE is_demo = 1;');
}

export interface DigestVerdict {
  ok: boolean;
  /** Rows that differ from what the entries say, per digest table (missing, extra or wrong). */
  mismatches: { userDays: number; patientUnits: number; actionDays: number };
}

/**
 * Compares the digest with the entries it counts so far. The digest proves nothing, but a digest altered behind the
 * API could hide entries from a log review; this finds that (and any bug) by recomputing it.
 */
export function verifyUserLogDigest(sqlite: Sqlite): DigestVerdict {
  const from = digestFromEntriesSql(`id <= ${Number(lastCounted(sqlite))}`);
  const differ = (stored: string, computed: string) =>
    sqlite.prepare(`SELECT (SELECT count(*) FROM (${stored} EXCEPT ${computed})) + (SELECT count(*) FROM (${computed} EXCEPT ${stored}))`).pluck().get() as number;
  // A month's pair is the same whichever of its users the digest names, as long as it is one user.
  const pairs = (select: string) =>
    `SELECT data_owner_id, is_demo, month, patient_pseudonym, care_unit, CASE WHEN several_users THEN NULL ELSE user_hsa_id END, several_users FROM (${select})`;
  const mismatches = {
    userDays: differ('SELECT data_owner_id, is_demo, day, user_hsa_id, entries FROM user_log_user_days', from.userDays),
    patientUnits: differ(pairs('SELECT * FROM user_log_patient_units'), pairs(from.patientUnits)),
    actionDays: differ('SELECT data_owner_id, is_demo, day, profession, category_id, action, device, entries FROM user_log_action_days', from.actionDays),
  };
  return { ok: mismatches.userDays + mismatches.patientUnits + mismatches.actionDays === 0, mismatches };
}
