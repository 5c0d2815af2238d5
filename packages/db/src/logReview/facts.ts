import { LOG_REVIEW_RULES, REVIEW_STATUSES, rowMatches, type LogReviewFacts, type LogReviewRule, type ReviewStatus, type RowVisibility } from '@fvm/domain';
import type { Sqlite } from '../client';
import { prepared } from '../statements';

/**
 * What the review checks need, in a few aggregate statements: counts per owner, never entries.
 * With `visibility`, what the viewer may see: routines as routines, the counts as review runs (a
 * demo token: demo data alone).
 */
export function loadLogReviewFacts(sqlite: Sqlite, nowMs: number, visibility?: (table: string) => RowVisibility): LogReviewFacts {
  const routines = prepared(sqlite, 'SELECT id, owner_org_id AS ownerOrgId, name, interval_days AS intervalDays, is_demo AS isDemo FROM log_review_routines').all() as LogReviewFacts['routines'];
  const lastCompleted = prepared(sqlite, 'SELECT routine_id AS routineId, max(completed_on) AS completedOn FROM log_review_runs WHERE completed_on IS NOT NULL GROUP BY routine_id').all() as LogReviewFacts['lastCompleted'];
  const ownersWithLogs = prepared(sqlite, 'SELECT data_owner_id AS ownerOrgId, is_demo AS isDemo, entry_count - purged_count AS entryCount FROM user_log_chains WHERE entry_count > purged_count').all() as LogReviewFacts['ownersWithLogs'];
  // Emergency accesses older than the owner's limit (its routines' strictest, else 14 days) that
  // no decided review item covers: read through the partial index of emergency accesses.
  const emergencyBacklog = prepared(
    sqlite,
    `SELECT e.data_owner_id AS ownerOrgId, e.is_demo AS isDemo, count(*) AS count, min(e.occurred_at) AS oldestMs, l.days AS days
     FROM user_log_entries e INDEXED BY user_log_entries_emergency_idx
     JOIN (SELECT o.data_owner_id AS owner, o.is_demo AS demo,
                  coalesce((SELECT min(r.emergency_review_days) FROM log_review_routines r WHERE r.owner_org_id = o.data_owner_id AND r.is_demo = o.is_demo), 14) AS days
           FROM user_log_chains o) AS l ON l.owner = e.data_owner_id AND l.demo = e.is_demo
     WHERE e.basis = 'emergency_access' AND e.occurred_at < @now - l.days * 86400000
       AND NOT EXISTS (SELECT 1 FROM log_review_selections s JOIN log_review_items i ON i.id = s.item_id WHERE s.entry_id = e.id AND i.status <> 'open')
     GROUP BY e.data_owner_id, e.is_demo`,
  ).all({ now: nowMs }) as LogReviewFacts['emergencyBacklog'];
  const bool = <T extends { isDemo: unknown }>(rows: T[]) => rows.map((r) => ({ ...r, isDemo: Boolean(r.isDemo) }));
  const keep = <T extends Record<string, unknown>>(table: string, rows: T[]) => {
    const v = visibility?.(table);
    return !v || v.kind === 'all' ? rows : rows.filter((row) => rowMatches(v, row));
  };
  return {
    routines: keep('logReviewRoutines', bool(routines)),
    lastCompleted,
    ownersWithLogs: keep('logReviewRuns', bool(ownersWithLogs)),
    emergencyBacklog: keep('logReviewRuns', bool(emergencyBacklog)),
  };
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
 */
export function logReviewStatistics(sqlite: Sqlite, filter: ReviewStatisticsFilter): ReviewStatistics {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.dataOwnerIds) where.push(`r.owner_org_id IN (${filter.dataOwnerIds.map((id) => Number(id)).filter(Number.isSafeInteger).join(',') || 'NULL'})`);
  if (filter.runIds) where.push(`r.id IN (${filter.runIds.map((id) => Number(id)).filter(Number.isSafeInteger).join(',') || 'NULL'})`);
  if (filter.from) (where.push('r.period_start >= @from'), (params.from = filter.from));
  if (filter.to) (where.push('r.period_end <= @to'), (params.to = filter.to));
  if (filter.demoOnly) where.push('r.is_demo = 1');
  const runWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const bit = (i: number, mask: string) => `sum((${mask} >> ${i}) & 1)`;

  const runs = sqlite.prepare(`SELECT count(*) AS runs, count(r.completed_on) AS completed, coalesce(sum(r.selected_entries), 0) AS selected FROM log_review_runs r ${runWhere}`).get(params) as { runs: number; completed: number; selected: number };
  const itemSql = `SELECT count(*) AS items, ${REVIEW_STATUSES.map((s) => `sum(i.status = '${s}') AS "${s}"`).join(', ')},
      ${LOG_REVIEW_RULES.map((_r, k) => `${bit(k, 'i.rule_mask')} AS "r${k}", sum(((i.rule_mask >> ${k}) & 1) * (i.status <> 'open')) AS "d${k}", sum(((i.rule_mask >> ${k}) & 1) * (i.status = 'unjustified')) AS "u${k}"`).join(', ')}
    FROM log_review_items i JOIN log_review_runs r ON r.id = i.run_id ${runWhere}`;
  const items = sqlite.prepare(itemSql).get(params) as Record<string, number | null>;
  const selSql = `SELECT ${LOG_REVIEW_RULES.map((_r, k) => `${bit(k, 's.rule_mask')} AS "s${k}"`).join(', ')} FROM log_review_selections s JOIN log_review_runs r ON r.id = s.run_id ${runWhere}`;
  const selections = sqlite.prepare(selSql).get(params) as Record<string, number | null>;
  return {
    runs: runs.runs,
    completedRuns: runs.completed,
    selectedEntries: runs.selected,
    items: items.items ?? 0,
    byStatus: REVIEW_STATUSES.map((status) => ({ status, items: items[status] ?? 0 })),
    byRule: LOG_REVIEW_RULES.map((rule, k) => ({
      rule,
      selectedEntries: selections[`s${k}`] ?? 0,
      items: items[`r${k}`] ?? 0,
      decidedItems: items[`d${k}`] ?? 0,
      unjustifiedItems: items[`u${k}`] ?? 0,
    })),
  };
}
