import type { LogScope } from '@fvm/domain';
import type { Sqlite } from '../client';
import { LedgerWriter } from '../proof/ledger';
import { prepared } from '../statements';
import type { LogKeys } from './keys';

// Reads of user log entries in plain SQL: the page is a keyset seek on (occurred_at, id) written as
// a row value, which SQLite answers from the index whatever the depth; the viewer's scope is part
// of the WHERE clause.

export interface UserLogFilter {
  occurredFrom?: number | null;
  occurredBefore?: number | null;
  userHsaIds?: string[] | null;
  careProviderIds?: number[] | null;
  careUnit?: string | null;
  dataOwnerIds?: number[] | null;
  patientPseudonym?: Buffer | null;
  actions?: string[] | null;
  categoryIds?: number[] | null;
  bases?: string[] | null;
  devices?: string[] | null;
  outcomes?: string[] | null;
  sourceSystems?: string[] | null;
  sourceEntryIds?: string[] | null;
  entryIds?: number[] | null;
}

export interface UserLogRow {
  id: number;
  occurred_at: number;
  user_hsa_id: string;
  user_name: string;
  user_profession: string | null;
  care_provider_id: number;
  care_unit: string;
  action: string;
  patient_pseudonym: Buffer;
  category_id: number;
  data_owner_id: number;
  basis: string;
  device: string;
  source_system: string;
  source_entry_id: string;
  outcome: string;
  submitted_by_org_id: number;
  is_demo: number;
}

export interface Keyset {
  occurredAt: number;
  id: number;
}

/** How an engine writes truth: SQLite's booleans are 0 and 1, PostgreSQL's are their own type. */
export interface Truth {
  yes: string;
  always: string;
  never: string;
}
export const SQLITE_TRUTH: Truth = { yes: '1', always: '1', never: '0' };
export const POSTGRES_TRUTH: Truth = { yes: 'true', always: 'true', never: 'false' };

export type ReadScope =
  LogScope | (({ kind: 'data_owner' | 'care_provider'; organisationId: number } | { kind: 'implied_by_filter' }) & { demoOnly?: boolean });

/**
 * An organisation's scope ("its data or its users") adds nothing when the filter already keeps to
 * its own data or its own users, the reviewer's usual question; left in, it would turn a single
 * index seek into two merged ones.
 */
export function narrowed(scope: LogScope, filter: UserLogFilter): ReadScope {
  if (scope.kind !== 'organisation') return scope;
  const onlyOwn = (ids: number[] | null | undefined) => !!ids?.length && ids.every((id) => id === scope.organisationId);
  return onlyOwn(filter.dataOwnerIds) || onlyOwn(filter.careProviderIds) ? { kind: 'implied_by_filter', demoOnly: scope.demoOnly } : scope;
}

function scopeClause(scope: ReadScope, params: unknown[], truth: Truth): string | null {
  switch (scope.kind) {
    case 'none':
      return truth.never;
    case 'pseudonymised':
    case 'implied_by_filter':
      return null;
    case 'organisation':
      params.push(scope.organisationId, scope.organisationId);
      return '(data_owner_id = ? OR care_provider_id = ?)';
    // The two halves of an organisation's scope, for reads that take them one index at a time.
    case 'data_owner':
      params.push(scope.organisationId);
      return 'data_owner_id = ?';
    case 'care_provider':
      params.push(scope.organisationId);
      return 'care_provider_id = ?';
    case 'submitted_by':
      params.push(scope.organisationId);
      return 'submitted_by_org_id = ?';
  }
}

function inList(column: string, values: readonly unknown[] | null | undefined, where: string[], params: unknown[]) {
  if (!values?.length) return;
  where.push(values.length === 1 ? `${column} = ?` : `${column} IN (${values.map(() => '?').join(',')})`);
  params.push(...values);
}

export function whereClause(scope: ReadScope, filter: UserLogFilter, truth: Truth = SQLITE_TRUTH): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const scoped = scopeClause(scope.kind === 'organisation' ? narrowed(scope, filter) : scope, params, truth);
  if (scoped) where.push(scoped);
  // A demo token reads demo entries only, whatever its role's scope.
  if (scope.demoOnly) where.push(`is_demo = ${truth.yes}`);
  if (filter.occurredFrom != null) {
    where.push('occurred_at >= ?');
    params.push(filter.occurredFrom);
  }
  if (filter.occurredBefore != null) {
    where.push('occurred_at < ?');
    params.push(filter.occurredBefore);
  }
  inList('user_hsa_id', filter.userHsaIds, where, params);
  inList('care_provider_id', filter.careProviderIds, where, params);
  if (filter.careUnit) {
    where.push('care_unit = ?');
    params.push(filter.careUnit);
  }
  inList('data_owner_id', filter.dataOwnerIds, where, params);
  if (filter.patientPseudonym) {
    where.push('patient_pseudonym = ?');
    params.push(filter.patientPseudonym);
  }
  inList('action', filter.actions, where, params);
  inList('category_id', filter.categoryIds, where, params);
  inList('basis', filter.bases, where, params);
  inList('device', filter.devices, where, params);
  inList('outcome', filter.outcomes, where, params);
  // With the system (and the demo flag a demo token adds) these are the unique index
  // user_log_entries_source_demo_uq: a resent entry is found by a seek, whatever the log's size.
  inList('source_system', filter.sourceSystems, where, params);
  inList('source_entry_id', filter.sourceEntryIds, where, params);
  inList('id', filter.entryIds, where, params);
  return { sql: where.length ? where.join(' AND ') : truth.always, params };
}

/** What differs between engines in a keyset page's statement. */
export interface PageDialect {
  truth: Truth;
  /**
   * SQLite: a filter bound on the cursor's side is dropped (SQLite would start its index range at
   * the bound and scan down to the cursor). PostgreSQL: a bound at the cursor is added (it lets the
   * planner skip the months beyond the cursor).
   */
  cursorSide: 'drop_filter_bound' | 'bound_at_cursor';
  /** Two ordered, limited statements merged. */
  union(a: string, b: string): string;
}

export const SQLITE_PAGES: PageDialect = {
  truth: SQLITE_TRUTH,
  cursorSide: 'drop_filter_bound',
  union: (a, b) => `SELECT * FROM (SELECT * FROM (${a}) UNION SELECT * FROM (${b}))`,
};

/** A page's statement (`?` placeholders): `limit` rows plus one, to tell whether more follow. */
export function pageStatement(
  scope: LogScope,
  filter: UserLogFilter,
  page: { limit: number; after?: Keyset | null; before?: Keyset | null; newestFirst?: boolean },
  dialect: PageDialect,
): { sql: string; params: unknown[] } {
  const newest = page.newestFirst ?? true;
  // Walking backwards (before) reads in the opposite order; the caller flips the result.
  const descending = newest !== (page.before != null);
  const cursor = page.before ?? page.after;
  const effective = { ...filter };
  if (cursor && dialect.cursorSide === 'drop_filter_bound') {
    if (descending && effective.occurredBefore != null && cursor.occurredAt < effective.occurredBefore) effective.occurredBefore = null;
    if (!descending && effective.occurredFrom != null && cursor.occurredAt >= effective.occurredFrom) effective.occurredFrom = null;
  }
  const order = descending ? 'DESC' : 'ASC';
  const member = (memberScope: ReadScope) => {
    const { sql, params } = whereClause(memberScope, effective, dialect.truth);
    let seek = '';
    if (cursor) {
      seek = ` AND (occurred_at, id) ${descending ? '<' : '>'} (?, ?)`;
      params.push(cursor.occurredAt, cursor.id);
      if (dialect.cursorSide === 'bound_at_cursor') {
        seek += ` AND occurred_at ${descending ? '<=' : '>='} ?`;
        params.push(cursor.occurredAt);
      }
    }
    return {
      sql: `SELECT * FROM user_log_entries WHERE ${sql}${seek} ORDER BY occurred_at ${order}, id ${order} LIMIT ?`,
      params: [...params, page.limit + 1],
    };
  };
  if (scope.kind === 'organisation' && narrowed(scope, effective).kind === 'organisation') {
    // "Its data or its users" as one OR makes the engine collect and sort every match; two ordered,
    // limited reads (one per index) merged are the same page in a few milliseconds.
    const byOwner = member({ kind: 'data_owner', organisationId: scope.organisationId, demoOnly: scope.demoOnly });
    const byProvider = member({ kind: 'care_provider', organisationId: scope.organisationId, demoOnly: scope.demoOnly });
    return {
      sql: `${dialect.union(byOwner.sql, byProvider.sql)} ORDER BY occurred_at ${order}, id ${order} LIMIT ?`,
      params: [...byOwner.params, ...byProvider.params, page.limit + 1],
    };
  }
  return member(scope);
}

/**
 * One page, newest first (or oldest first), `limit` rows plus one to tell whether more follow.
 * `after` continues past a row in the page's direction; `before` goes back from one.
 */
export function readUserLogPage(
  sqlite: Sqlite,
  scope: LogScope,
  filter: UserLogFilter,
  page: { limit: number; after?: Keyset | null; before?: Keyset | null; newestFirst?: boolean },
): { rows: UserLogRow[]; hasMore: boolean } {
  const statement = pageStatement(scope, filter, page, SQLITE_PAGES);
  const rows = prepared(sqlite, statement.sql).all(...statement.params) as UserLogRow[];
  const hasMore = rows.length > page.limit;
  if (hasMore) rows.pop();
  if (page.before != null) rows.reverse();
  return { rows, hasMore };
}

/**
 * Which of these entries the scope may read: the same WHERE clause as every read, so an answer
 * that names an entry (a duplicate's id) never names one the reader could not list.
 */
export function visibleUserLogEntryIds(sqlite: Sqlite, scope: LogScope, ids: readonly number[]): Set<number> {
  const visible = new Set<number>();
  const { sql, params } = whereClause(scope, {});
  // Chunks keep the statement's parameters well below SQLite's limit for a batch of 10,000.
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = prepared(sqlite, `SELECT id FROM user_log_entries WHERE ${sql} AND id IN (${chunk.map(() => '?').join(',')})`)
      .pluck()
      .all(...params, ...chunk) as number[];
    for (const id of rows) visible.add(id);
  }
  return visible;
}

export function countUserLogs(sqlite: Sqlite, scope: LogScope, filter: UserLogFilter): number {
  const { sql, params } = whereClause(scope, filter);
  return prepared(sqlite, `SELECT count(*) FROM user_log_entries WHERE ${sql}`)
    .pluck()
    .get(...params) as number;
}

export const STATISTICS_DIMENSIONS = {
  care_provider: 'care_provider_id',
  data_owner: 'data_owner_id',
  user: 'user_hsa_id',
  action: 'action',
  basis: 'basis',
  device: 'device',
  category: 'category_id',
} as const;
export type StatisticsDimension = keyof typeof STATISTICS_DIMENSIONS;

/** Counts per hour or day (UTC) and dimension over a time range, in one GROUP BY. */
export function userLogStatistics(
  sqlite: Sqlite,
  scope: LogScope,
  filter: UserLogFilter & { occurredFrom: number; occurredBefore: number },
  bucket: 'hour' | 'day',
  dimension: StatisticsDimension,
): { bucketStart: number; key: string | number; count: number }[] {
  const { sql, params } = whereClause(scope, filter);
  const size = bucket === 'hour' ? 3_600_000 : 86_400_000;
  const column = STATISTICS_DIMENSIONS[dimension];
  const stmt = prepared(
    sqlite,
    `SELECT (occurred_at / ${size}) * ${size} AS bucketStart, ${column} AS key, count(*) AS count FROM user_log_entries WHERE ${sql} GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return stmt.all(...params) as { bucketStart: number; key: string | number; count: number }[];
}

/**
 * Reading user log entries is itself logged: who, with what filter, how many, why.
 *
 * The record is committed before the entries are returned, but without waiting for the disk
 * (synchronous=NORMAL for this one commit): it survives a crash of the server, and only a power
 * cut in the next moments could lose it, until the next registry write or checkpoint syncs the
 * WAL. Waiting for the disk on every read would cost more than reading the page itself; the
 * entries and every registry write keep synchronous=FULL.
 */
export function recordUserLogRead(
  sqlite: Sqlite,
  keys: LogKeys,
  read: { at: string; tokenId: number | null; organisationId: number | null; role: string | null; purpose: string; filter: unknown; entryCount: number },
) {
  // Linked into the chain of reads like an entry into its chain: a read record removed or altered
  // later shows at verification.
  const columns = {
    at: read.at,
    token_id: read.tokenId,
    organisation_id: read.organisationId,
    role: read.role,
    purpose: read.purpose,
    filter: JSON.stringify(read.filter ?? null),
    entry_count: read.entryCount,
  };
  const record = () => {
    const ledger = new LedgerWriter(sqlite, keys, 'user_log_reads', read.at);
    const { hash, keyId } = ledger.link(columns);
    const info = prepared(
      sqlite,
      'INSERT INTO user_log_reads (at, token_id, organisation_id, role, purpose, filter, entry_count, hash, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(...Object.values(columns), hash, keyId);
    ledger.appendedRecord(Number(info.lastInsertRowid), hash);
    ledger.seal();
  };
  if (sqlite.inTransaction) return record();
  prepared(sqlite, 'PRAGMA synchronous = NORMAL').run();
  try {
    sqlite.transaction(record).immediate();
  } finally {
    prepared(sqlite, 'PRAGMA synchronous = FULL').run();
  }
}
