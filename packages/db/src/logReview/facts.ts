import { LOG_REVIEW_RULES, REVIEW_STATUSES, rowMatches, type LogReviewFacts, type LogReviewRule, type ReviewStatus, type RowVisibility } from '@fvm/domain';
import type { Sqlite } from '../client';
import { prepared } from '../statements';
import { SQLITE_TRUTH, type Truth } from '../userLogs/read';

/** How the review facts' statements differ between engines. */
export interface FactsDialect {
  /** SQLite's planner is told which index finds emergency accesses; PostgreSQL's finds it itself. */
  emergencyIndex: string;
}
export const SQLITE_FACTS: FactsDialect = { emergencyIndex: 'INDEXED BY user_log_entries_emergency_idx' };
export const POSTGRES_FACTS: FactsDialect = { emergencyIndex: '' };

/**
 * What the review checks need, in a few aggregate statements: counts per owner, never entries.
 * The same text on both engines but for the dialect's index hint; `?` is the moment asked at.
 */
export function logReviewFactsSql(dialect: FactsDialect) {
  return {
    routines: 'SELECT id, owner_org_id AS "ownerOrgId", name, interval_days AS "intervalDays", is_demo AS "isDemo" FROM log_review_routines ORDER BY id',
    lastCompleted:
      'SELECT routine_id AS "routineId", max(completed_on) AS "completedOn" FROM log_review_runs WHERE completed_on IS NOT NULL GROUP BY routine_id ORDER BY routine_id',
    // An owner's lanes together: what it holds, not where.
    ownersWithLogs:
      'SELECT data_owner_id AS "ownerOrgId", is_demo AS "isDemo", sum(entry_count - purged_count) AS "entryCount" FROM user_log_chains GROUP BY data_owner_id, is_demo HAVING sum(entry_count - purged_count) > 0 ORDER BY min(id)',
    // Emergency accesses older than the owner's limit (its routines' strictest, else 14 days) that
    // no decided review item covers: read through the partial index of emergency accesses. The
    // milliseconds are 64-bit on purpose: PostgreSQL's integer overflows past 24 days of them.
    emergencyBacklog: `SELECT e.data_owner_id AS "ownerOrgId", e.is_demo AS "isDemo", count(*) AS count, min(e.occurred_at) AS "oldestMs", l.days AS days
     FROM user_log_entries e ${dialect.emergencyIndex}
     JOIN (SELECT o.data_owner_id AS owner, o.is_demo AS demo,
                  coalesce((SELECT min(r.emergency_review_days) FROM log_review_routines r WHERE r.owner_org_id = o.data_owner_id AND r.is_demo = o.is_demo), 14) AS days
           FROM user_log_chains o WHERE o.lane = 0) l ON l.owner = e.data_owner_id AND l.demo = e.is_demo
     WHERE e.basis = 'emergency_access' AND e.occurred_at < CAST(? AS BIGINT) - l.days * CAST(86400000 AS BIGINT)
       AND NOT EXISTS (SELECT 1 FROM log_review_selections s JOIN log_review_items i ON i.id = s.item_id WHERE s.entry_id = e.id AND i.status <> 'open')
     GROUP BY e.data_owner_id, e.is_demo, l.days
     ORDER BY e.data_owner_id, e.is_demo`,
  };
}

type FactRows = { [K in keyof LogReviewFacts]: Record<string, unknown>[] };

/**
 * The facts from the statements' rows, as the domain reads them: booleans as booleans, counts as
 * numbers (whatever the engine answered). With `visibility`, what the viewer may see: routines as
 * routines, the counts as review runs (a demo token: demo data alone).
 */
export function logReviewFactsOf(rows: FactRows, visibility?: (table: string) => RowVisibility): LogReviewFacts {
  const typed = <T>(list: Record<string, unknown>[], numbers: string[]) =>
    list.map((r) => ({ ...r, ...('isDemo' in r ? { isDemo: Boolean(r.isDemo) } : {}), ...Object.fromEntries(numbers.map((n) => [n, Number(r[n])])) }) as T);
  const keep = <T extends Record<string, unknown>>(table: string, list: T[]) => {
    const v = visibility?.(table);
    return !v || v.kind === 'all' ? list : list.filter((row) => rowMatches(v, row));
  };
  return {
    routines: keep('logReviewRoutines', typed<LogReviewFacts['routines'][number]>(rows.routines, [])),
    lastCompleted: typed<LogReviewFacts['lastCompleted'][number]>(rows.lastCompleted, []),
    ownersWithLogs: keep('logReviewRuns', typed<LogReviewFacts['ownersWithLogs'][number]>(rows.ownersWithLogs, ['entryCount'])),
    emergencyBacklog: keep('logReviewRuns', typed<LogReviewFacts['emergencyBacklog'][number]>(rows.emergencyBacklog, ['count', 'oldestMs', 'days'])),
  };
}

/** The review facts from SQLite. */
export function loadLogReviewFacts(sqlite: Sqlite, nowMs: number, visibility?: (table: string) => RowVisibility): LogReviewFacts {
  const statements = logReviewFactsSql(SQLITE_FACTS);
  const all = (text: string, ...params: unknown[]) => prepared(sqlite, text).all(...params) as Record<string, unknown>[];
  return logReviewFactsOf(
    {
      routines: all(statements.routines),
      lastCompleted: all(statements.lastCompleted),
      ownersWithLogs: all(statements.ownersWithLogs),
      emergencyBacklog: all(statements.emergencyBacklog, nowMs),
    },
    visibility,
  );
}

export interface ReviewStatisticsFilter {
  dataOwnerIds?: readonly number[] | null;
  runIds?: readonly number[] | null;
  /** Runs whose period starts on or after this date. */
  from?: string | null;
  /** Runs whose period ends on or before this date. */
  to?: string | null;
  demoOnly: boolean;
}

export interface RuleStatistics {
  rule: LogReviewRule;
  selectedEntries: number;
  items: number;
  decidedItems: number;
  unjustifiedItems: number;
}

export interface ReviewStatistics {
  runs: number;
  completedRuns: number;
  selectedEntries: number;
  items: number;
  byStatus: { status: ReviewStatus; items: number }[];
  byRule: RuleStatistics[];
}

/**
 * Counts for tuning the rules: per rule, how many entries and items it selected and how many of
 * those were found unjustified. Aggregates only: no user, patient or entry appears in them.
 * The same statements on both engines (`?` placeholders, the same params for each) but for `truth`.
 */
export function reviewStatisticsSql(filter: ReviewStatisticsFilter, truth: Truth): { runs: string; items: string; selections: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.dataOwnerIds)
    where.push(
      `r.owner_org_id IN (${
        filter.dataOwnerIds
          .map((id) => Number(id))
          .filter(Number.isSafeInteger)
          .join(',') || 'NULL'
      })`,
    );
  if (filter.runIds)
    where.push(
      `r.id IN (${
        filter.runIds
          .map((id) => Number(id))
          .filter(Number.isSafeInteger)
          .join(',') || 'NULL'
      })`,
    );
  if (filter.from) {
    where.push('r.period_start >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    where.push('r.period_end <= ?');
    params.push(filter.to);
  }
  if (filter.demoOnly) where.push(`r.is_demo = ${truth.yes}`);
  const runWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const bit = (i: number, mask: string) => `((${mask} >> ${i}) & 1)`;
  const when = (condition: string) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;
  return {
    runs: `SELECT count(*) AS runs, count(r.completed_on) AS completed, coalesce(sum(r.selected_entries), 0) AS selected FROM log_review_runs r ${runWhere}`,
    items: `SELECT count(*) AS items, ${REVIEW_STATUSES.map((s) => `sum(${when(`i.status = '${s}'`)}) AS "${s}"`).join(', ')},
      ${LOG_REVIEW_RULES.map((_r, k) => `sum(${bit(k, 'i.rule_mask')}) AS "r${k}", sum(${bit(k, 'i.rule_mask')} * ${when("i.status <> 'open'")}) AS "d${k}", sum(${bit(k, 'i.rule_mask')} * ${when("i.status = 'unjustified'")}) AS "u${k}"`).join(', ')}
    FROM log_review_items i JOIN log_review_runs r ON r.id = i.run_id ${runWhere}`,
    selections: `SELECT ${LOG_REVIEW_RULES.map((_r, k) => `sum(${bit(k, 's.rule_mask')}) AS "s${k}"`).join(', ')} FROM log_review_selections s JOIN log_review_runs r ON r.id = s.run_id ${runWhere}`,
    params,
  };
}

/** The statistics from the three statements' single rows, as numbers whatever the engine answered. */
export function reviewStatisticsOf(runs: Record<string, unknown>, items: Record<string, unknown>, selections: Record<string, unknown>): ReviewStatistics {
  const n = (v: unknown) => Number(v ?? 0);
  return {
    runs: n(runs.runs),
    completedRuns: n(runs.completed),
    selectedEntries: n(runs.selected),
    items: n(items.items),
    byStatus: REVIEW_STATUSES.map((status) => ({ status, items: n(items[status]) })),
    byRule: LOG_REVIEW_RULES.map((rule, k) => ({
      rule,
      selectedEntries: n(selections[`s${k}`]),
      items: n(items[`r${k}`]),
      decidedItems: n(items[`d${k}`]),
      unjustifiedItems: n(items[`u${k}`]),
    })),
  };
}

export function logReviewStatistics(sqlite: Sqlite, filter: ReviewStatisticsFilter): ReviewStatistics {
  const q = reviewStatisticsSql(filter, SQLITE_TRUTH);
  const one = (text: string) => sqlite.prepare(text).get(...q.params) as Record<string, unknown>;
  return reviewStatisticsOf(one(q.runs), one(q.items), one(q.selections));
}
