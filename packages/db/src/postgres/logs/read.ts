import type { LogScope } from '@fvm/domain';
import {
  pageStatement,
  POSTGRES_TRUTH,
  STATISTICS_DIMENSIONS,
  whereClause,
  type PageDialect,
  type ReadScope,
  type StatisticsDimension,
  type UserLogFilter,
} from '../../userLogs/read';
import { recordOfRow, type UserLogRecord } from '../../userLogs/record';
import type { UserLogPage } from '../../stores/types';
import { numbered, type PgPool } from '../pool';
import { entryRow } from './rows';

const where = (scope: ReadScope, filter: UserLogFilter) => whereClause(scope, filter, POSTGRES_TRUTH);

const POSTGRES_PAGES: PageDialect = { truth: POSTGRES_TRUTH, cursorSide: 'bound_at_cursor', union: (a, b) => `SELECT * FROM ((${a}) UNION (${b})) AS u` };

/** One page by keyset on (occurred_at, id), as readUserLogPage answers on SQLite. */
export async function readPagePg(
  pool: PgPool,
  scope: LogScope,
  filter: UserLogFilter,
  page: UserLogPage,
): Promise<{ rows: UserLogRecord[]; hasMore: boolean }> {
  if (page.limit <= 0) return { rows: [], hasMore: false };
  const statement = pageStatement(scope, filter, page, POSTGRES_PAGES);
  const { rows } = await pool.query(numbered(statement.sql), statement.params);
  const hasMore = rows.length > page.limit;
  if (hasMore) rows.pop();
  if (page.before != null) rows.reverse();
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
    numbered(
      `SELECT (occurred_at / ${size}) * ${size} AS "bucketStart", ${column} AS key, count(*) AS count FROM user_log_entries WHERE ${sql} GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    params,
  );
  return rows.map((r) => ({ bucketStart: Number(r.bucketStart), key: r.key, count: Number(r.count) }));
}
