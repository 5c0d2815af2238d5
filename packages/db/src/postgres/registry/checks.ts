import type { LogReviewFacts, LogScope, NotPermittedGroup, RowVisibility } from '@fvm/domain';
import { logReviewFactsOf, logReviewFactsSql, POSTGRES_FACTS } from '../../logReview/facts';
import { notPermittedGroup, notPermittedStatement } from '../../policyChecks';
import { POSTGRES_TRUTH } from '../../userLogs/read';
import { numbered, type PgPool } from '../pool';

// The checks' statements (../../logReview/facts.ts, ../../policyChecks.ts) run on PostgreSQL, where
// the registry and its user log share one database.

export async function logReviewFactsPg(pool: PgPool, nowMs: number, visibility?: (table: string) => RowVisibility): Promise<LogReviewFacts> {
  const statements = logReviewFactsSql(POSTGRES_FACTS);
  const all = async (text: string, params: unknown[] = []) => (await pool.query(numbered(text), params)).rows as Record<string, unknown>[];
  const [routines, lastCompleted, ownersWithLogs, emergencyBacklog] = await Promise.all([
    all(statements.routines),
    all(statements.lastCompleted),
    all(statements.ownersWithLogs),
    all(statements.emergencyBacklog, [nowMs]),
  ]);
  return logReviewFactsOf({ routines, lastCompleted, ownersWithLogs, emergencyBacklog }, visibility);
}

export async function notPermittedLogActionsPg(pool: PgPool, scope: LogScope): Promise<NotPermittedGroup[]> {
  const { sql, params } = notPermittedStatement(scope, POSTGRES_TRUTH);
  const { rows } = await pool.query<NotPermittedGroup>(numbered(sql), params);
  return rows.map(notPermittedGroup);
}
