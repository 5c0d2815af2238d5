import { DAY_MS, stockholmDayNumber, stockholmMonthOfDay, stockholmMonthStartMs } from '@fvm/domain';
import type { Sqlite } from '../client';
import { POSTGRES_TRUTH, SQLITE_TRUTH, type Truth } from './read';

// The user log's digest (schema/userLogDigest.ts): counts beside the log, so that a log review
// reads thousands of rows instead of every entry of a period. Brought up to date set-wise from the
// entries stored since it last counted (before every selection, at the end of an import, in the
// server's background); recomputed from the entries after a purge and on request;
// `verifyUserLogDigest` compares it with the entries. The statements are written once for both
// engines (`DigestDialect` says how they differ); SQLite runs them here, PostgreSQL in
// postgres/logs/digest.ts.

/** How the digest's statements differ between engines. */
export interface DigestDialect {
  /** The 64-bit integer type: SQLite's INTEGER is, PostgreSQL's is 32-bit. */
  int: string;
  truth: Truth;
  /** A subquery's name: PostgreSQL 15 wants one; SQLite's text stays as its migration computed it. */
  alias(name: string): string;
  /** The calendar month (year × 12 + month − 1) of wall-clock milliseconds (an SQL expression). */
  monthOfLocal(local: string): string;
}
export const SQLITE_DIGEST: DigestDialect = {
  int: 'INTEGER',
  truth: SQLITE_TRUTH,
  alias: () => '',
  monthOfLocal: (local) =>
    `(CAST(strftime('%Y', ${local} / 1000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', ${local} / 1000, 'unixepoch') AS INTEGER) - 1)`,
};
// The same truncated seconds as SQLite's, read as UTC whatever the session's time zone.
const utcOf = (local: string) => `(to_timestamp(${local} / 1000) AT TIME ZONE 'UTC')`;
export const POSTGRES_DIGEST: DigestDialect = {
  int: 'BIGINT',
  truth: POSTGRES_TRUTH,
  alias: (name) => ` AS ${name}`,
  monthOfLocal: (local) => `(CAST(extract(year FROM ${utcOf(local)}) AS INTEGER) * 12 + CAST(extract(month FROM ${utcOf(local)}) AS INTEGER) - 1)`,
};
const boolSql = (truth: Truth, value: boolean) => (value ? truth.yes : truth.never);

/**
 * Stockholm wall-clock milliseconds of an epoch-ms column, in SQL: the domain's EU summer-time
 * rule (from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October)
 * in integer arithmetic only, so that rebuilding the digest of millions of entries stays cheap.
 * The year is the instant's epoch ms over an average year: off by one only near New Year, in
 * winter time either way. Days are Howard Hinnant's days-from-civil; a test holds the whole
 * expression to the domain's, hour by hour.
 */
export function stockholmLocalMsSql(column: string, int = SQLITE_DIGEST.int): string {
  const y = `(CAST(${column} AS ${int}) / 31556952000 + 1970)`;
  // Days since 1970-01-01 of the last day of March (day 30 of the March-based year) or October (day 244).
  const lastDay = (dayOfYear: number) => `(${y} / 400 * 146097 + (${y} % 400) * 365 + (${y} % 400) / 4 - (${y} % 400) / 100 + ${dayOfYear} - 719468)`;
  const lastSundayOneUtc = (dayOfYear: number) => `((${lastDay(dayOfYear)} - (${lastDay(dayOfYear)} + 4) % 7) * ${DAY_MS} + 3600000)`;
  return `(${column} + CASE WHEN ${column} >= ${lastSundayOneUtc(30)} AND ${column} < ${lastSundayOneUtc(244)} THEN 7200000 ELSE 3600000 END)`;
}

/**
 * The digest's rows recomputed from the entries a WHERE clause picks, as one SELECT per table, in
 * the tables' column order. One definition serves the rebuild, the migration and the verification.
 */
export function digestFromEntriesSql(where: string, dialect: DigestDialect = SQLITE_DIGEST): { userDays: string; patientUnits: string; actionDays: string } {
  // Only the columns the digest keeps: the groups sort millions of rows.
  const columns = 'data_owner_id, is_demo, user_hsa_id, patient_pseudonym, care_unit, user_profession, category_id, action, device';
  const local = `(SELECT ${columns}, ${stockholmLocalMsSql('occurred_at', dialect.int)} AS local FROM user_log_entries WHERE ${where})${dialect.alias('l')}`;
  const e = `(SELECT ${columns}, local / ${DAY_MS} AS day, ${dialect.monthOfLocal('local')} AS month FROM ${local})${dialect.alias('e')}`;
  return {
    userDays: `SELECT data_owner_id, is_demo, day, user_hsa_id, count(*) FROM ${e} GROUP BY data_owner_id, is_demo, day, user_hsa_id`,
    patientUnits: `SELECT data_owner_id, is_demo, month, patient_pseudonym, care_unit, min(user_hsa_id) AS user_hsa_id, min(user_hsa_id) <> max(user_hsa_id) AS several_users FROM ${e}
                   GROUP BY data_owner_id, is_demo, month, patient_pseudonym, care_unit`,
    actionDays: `SELECT data_owner_id, is_demo, day, user_profession, category_id, action, device, count(*) FROM ${e} WHERE user_profession IS NOT NULL
                 GROUP BY data_owner_id, is_demo, day, user_profession, category_id, action, device`,
  };
}

/** The digest's upserts: each table's rows added to what it already counts. */
const merge = (truth: Truth) => ({
  userDays: 'ON CONFLICT (data_owner_id, is_demo, day, user_hsa_id) DO UPDATE SET entries = user_log_user_days.entries + excluded.entries',
  // Written only when a second user shows up: most additions leave the row as it is.
  patientUnits: `ON CONFLICT (data_owner_id, is_demo, month, patient_pseudonym, care_unit) DO UPDATE SET several_users = ${truth.yes}
    WHERE user_log_patient_units.several_users = ${truth.never} AND (excluded.several_users OR user_log_patient_units.user_hsa_id <> excluded.user_hsa_id)`,
  actionDays:
    'ON CONFLICT (data_owner_id, is_demo, day, profession, category_id, action, device) DO UPDATE SET entries = user_log_action_days.entries + excluded.entries',
});

/** The statements that keep the digest, the same on both engines but for the dialect. */
export const DIGEST_SQL = {
  lastCounted: 'SELECT last_entry_id FROM user_log_digest_state WHERE id = 1',
  newest: 'SELECT max(id) FROM user_log_entries',
  /** The entries after `from` up to `to` counted in, and the watermark moved to `to`. */
  catchUp(from: number, to: number, dialect: DigestDialect): string[] {
    const added = digestFromEntriesSql(`id > ${Number(from)} AND id <= ${Number(to)}`, dialect);
    const m = merge(dialect.truth);
    return [
      `INSERT INTO user_log_user_days ${added.userDays} ${m.userDays}`,
      `INSERT INTO user_log_patient_units ${added.patientUnits} ${m.patientUnits}`,
      `INSERT INTO user_log_action_days ${added.actionDays} ${m.actionDays}`,
      `INSERT INTO user_log_digest_state (id, last_entry_id) VALUES (1, ${Number(to)}) ON CONFLICT (id) DO UPDATE SET last_entry_id = excluded.last_entry_id`,
    ];
  },
  /** The digest recomputed from the entries, wholly or for one owner's whole months (after a catch-up). */
  rebuild(scope: DigestScope | undefined, dialect: DigestDialect): string[] {
    let entries = '1 = 1';
    let days = '1 = 1';
    let months = '1 = 1';
    if (scope) {
      const fromMs = stockholmMonthStartMs(scope.fromMonth);
      const toMs = stockholmMonthStartMs(scope.toMonth + 1);
      const owner = `data_owner_id = ${Number(scope.dataOwnerId)} AND is_demo = ${boolSql(dialect.truth, scope.isDemo)}`;
      entries = `${owner} AND occurred_at >= ${fromMs} AND occurred_at < ${toMs}`;
      days = `${owner} AND day >= ${stockholmDayNumber(fromMs)} AND day < ${stockholmDayNumber(toMs)}`;
      months = `${owner} AND month >= ${Number(scope.fromMonth)} AND month <= ${Number(scope.toMonth)}`;
    }
    const from = digestFromEntriesSql(entries, dialect);
    return [
      `DELETE FROM user_log_user_days WHERE ${days}`,
      `DELETE FROM user_log_action_days WHERE ${days}`,
      `DELETE FROM user_log_patient_units WHERE ${months}`,
      `INSERT INTO user_log_user_days ${from.userDays}`,
      `INSERT INTO user_log_patient_units ${from.patientUnits}`,
      `INSERT INTO user_log_action_days ${from.actionDays}`,
    ];
  },
  /** Forgets the digest of demo entries (they are removed with it). */
  removeDemo(dialect: DigestDialect): string[] {
    return ['user_log_user_days', 'user_log_patient_units', 'user_log_action_days'].map((t) => `DELETE FROM ${t} WHERE is_demo = ${dialect.truth.yes}`);
  },
  /** Per digest table, one count of the rows that differ from what the entries up to `last` say. */
  verify(last: number, dialect: DigestDialect): { userDays: string; patientUnits: string; actionDays: string } {
    const from = digestFromEntriesSql(`id <= ${Number(last)}`, dialect);
    const differ = (stored: string, computed: string) =>
      `SELECT (SELECT count(*) FROM (${stored} EXCEPT ${computed})${dialect.alias('a')}) + (SELECT count(*) FROM (${computed} EXCEPT ${stored})${dialect.alias('b')})`;
    // A month's pair is the same whichever of its users the digest names, as long as it is one user.
    const pairs = (select: string) =>
      `SELECT data_owner_id, is_demo, month, patient_pseudonym, care_unit, CASE WHEN several_users THEN NULL ELSE user_hsa_id END, several_users FROM (${select})${dialect.alias('p')}`;
    return {
      userDays: differ('SELECT data_owner_id, is_demo, day, user_hsa_id, entries FROM user_log_user_days', from.userDays),
      patientUnits: differ(pairs('SELECT * FROM user_log_patient_units'), pairs(from.patientUnits)),
      actionDays: differ('SELECT data_owner_id, is_demo, day, profession, category_id, action, device, entries FROM user_log_action_days', from.actionDays),
    };
  },
};

/** Where the next catch-up stops: the newest entry, or `limit` entries on; null when nothing is new. */
export function catchUpTo(from: number, newest: number, limit?: number): number | null {
  if (newest <= from) return null;
  return limit ? Math.min(newest, from + limit) : newest;
}

/** The months of one owner's entries a purge removed (first and last instant), to recompute. */
export function purgedDigestScope(dataOwnerId: number, isDemo: boolean, firstMs: number, lastMs: number): DigestScope {
  return { dataOwnerId, isDemo, fromMonth: stockholmMonthOfDay(stockholmDayNumber(firstMs)), toMonth: stockholmMonthOfDay(stockholmDayNumber(lastMs)) };
}

const lastCounted = (sqlite: Sqlite) => (sqlite.prepare(DIGEST_SQL.lastCounted).pluck().get() as number | undefined) ?? 0;

/**
 * Brings the digest up to date with the entries stored since it last counted, a group per table
 * in SQL (an append itself does no digest work: per entry it cost more than the append). At most
 * `limit` entries at a time when given, so a background catch-up never holds the write lock long.
 * Answers how many entries it counted. Runs in its own transaction unless called inside one.
 */
export function catchUpUserLogDigest(sqlite: Sqlite, options: { limit?: number } = {}): number {
  const catchUp = () => {
    const from = lastCounted(sqlite);
    const to = catchUpTo(from, (sqlite.prepare(DIGEST_SQL.newest).pluck().get() as number | null) ?? 0, options.limit);
    if (to === null) return 0;
    for (const statement of DIGEST_SQL.catchUp(from, to, SQLITE_DIGEST)) sqlite.exec(statement);
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
    for (const statement of DIGEST_SQL.rebuild(scope, SQLITE_DIGEST)) sqlite.exec(statement);
  };
  if (sqlite.inTransaction) rebuild();
  else sqlite.transaction(rebuild).immediate();
}

/** Forgets the digest of demo entries (they are removed with it). */
export function removeDemoDigest(sqlite: Sqlite): void {
  for (const statement of DIGEST_SQL.removeDemo(SQLITE_DIGEST)) sqlite.exec(statement);
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
  const statements = DIGEST_SQL.verify(lastCounted(sqlite), SQLITE_DIGEST);
  const differ = (sql: string) => sqlite.prepare(sql).pluck().get() as number;
  return digestVerdict({ userDays: differ(statements.userDays), patientUnits: differ(statements.patientUnits), actionDays: differ(statements.actionDays) });
}

export function digestVerdict(mismatches: DigestVerdict['mismatches']): DigestVerdict {
  return { ok: mismatches.userDays + mismatches.patientUnits + mismatches.actionDays === 0, mismatches };
}
