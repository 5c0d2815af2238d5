import type { LogScope } from '@fvm/domain';
import { narrowed, POSTGRES_TRUTH, STATISTICS_DIMENSIONS, whereClause, type ReadScope, type StatisticsDimension, type UserLogFilter } from '../../userLogs/read';
import { recordOfRow, type UserLogRecord } from '../../userLogs/record';
import type { UserLogPage } from '../../stores/types';
import { numbered, type PgPool } from '../pool';
import { entryRow } from './rows';

const where = (scope: ReadScope, filter: UserLogFilter) => whereClause(scope, filter, POSTGRES_TRUTH);

/**
 * One page by keyset on (occurred_at, id), as readUserLogPage answers on SQLite. Unlike SQLite,
 * the cursor's side gets a time bound of its own (occurred_at at or past the cursor's): it says
 * nothing new about the rows, but it is what lets the planner skip the months beyond the cursor.
 */
export async function readPagePg(pool: PgPool, scope: LogScope, filter: UserLogFilter, page: UserLogPage): Promise<{ rows: UserLogRecord[]; hasMore: boolean }> {
  if (page.limit <= 0) return { rows: [], hasMore: false };
  const newest = page.newestFirst ?? true;
  const backwards = page.before != null;
  const descending = newest !== backwards;
  const cursor = page.before ?? page.after;
  const order = descending ? 'DESC' : 'ASC';
  const member = (memberScope: ReadScope) => {
    const { sql, params } = where(memberScope, filter);
    let seek = '';
    if (cursor) {
      seek = ` AND (occurred_at, id) ${descending ? '<' : '>'} (?, ?) AND occurred_at ${descending ? '<=' : '>='} ?`;
      params.push(cursor.occurredAt, cursor.id, cursor.occurredAt);
    }
    return { sql: `SELECT * FROM user_log_entries WHERE ${sql}${seek} ORDER BY occurred_at ${order}, id ${order} LIMIT ?`, params: [...params, page.limit + 1] };
  };
  let statement: { sql: string; params: unknown[] };
  if (scope.kind === 'organisation' && narrowed(scope, filter).kind === 'organisation') {
    // "Its data or its users": two ordered, limited reads (one per index) merged.
    const byOwner = member({ kind: 'data_owner', organisationId: scope.organisationId, demoOnly: scope.demoOnly });
    const byProvider = member({ kind: 'care_provider', organisationId: scope.organisationId, demoOnly: scope.demoOnly });
    statement = {
      sql: `SELECT * FROM ((${byOwner.sql}) UNION (${byProvider.sql})) AS u ORDER BY occurred_at ${order}, id ${order} LIMIT ?`,
      params: [...byOwner.params, ...byProvider.params, page.limit + 1],
    };
  } else statement = member(scope);
  const { rows } = await pool.query(numbered(statement.sql), statement.params);
  const hasMore = rows.length > page.limit;
  if (hasMore) rows.pop();
  if (backwards) rows.reverse();
  return { rows: rows.map((r) => recordOfRow(entryRow(r))), hasMore };
}

export async function entryInScopePg(pool: PgPool, scope: LogScope, id: number): Promise<UserLogRecord | null> {
  const { sql, params } = where(scope, {});
  const { rows } = await pool.query(numbered(`SELECT * FROM user_log_entries WHERE id = ? AND (${sql})`), [id, ...params]);
  return rows[0] ? recordOfRow(entryRow(rows[0])) : null;
}

export async function visibleIdsPg(pool: PgPool, scope: LogScope, ids: readonly number[]): Promise<Set<number>> {
  const { sql, params } = where(scope, {});
  const { rows } = await pool.query(numbered(`SELECT id FROM user_log_entries WHERE ${sql} AND id = ANY(?::bigint[])`), [...params, ids]);
  return new Set(rows.map((r) => Number(r.id)));
}

export async function countPg(pool: PgPool, scope: LogScope, filter: UserLogFilter): Promise<number> {
  const { sql, params } = where(scope, filter);
  const { rows } = await pool.query(numbered(`SELECT count(*) AS n FROM user_log_entries WHERE ${sql}`), params);
  return Number(rows[0].n);
}

/** Counts per hour or day (UTC) and dimension over a time range, in one GROUP BY. */
export async function statisticsPg(
  pool: PgPool,
  scope: LogScope,
  filter: UserLogFilter & { occurredFrom: number; occurredBefore: number },
  bucket: 'hour' | 'day',
  dimension: StatisticsDimension,
): Promise<{ bucketStart: number; key: string | number; count: number }[]> {
  const { sql, params } = where(scope, filter);
  const size = bucket === 'hour' ? 3_600_000 : 86_400_000;
  const column = STATISTICS_DIMENSIONS[dimension];
  const { rows } = await pool.query(
    numbered(`SELECT (occurred_at / ${size}) * ${size} AS "bucketStart", ${column} AS key, count(*) AS count FROM user_log_entries WHERE ${sql} GROUP BY 1, 2 ORDER BY 1, 2`),
    params,
  );
  return rows.map((r) => ({ bucketStart: Number(r.bucketStart), key: r.key, count: Number(r.count) }));
}
