import { LOG_ACTIONS, LOG_DEVICES, permissionForAction, type LogScope, type NotPermittedGroup } from '@fvm/domain';
import type { Sqlite } from './client';
import { SQLITE_TRUTH, whereClause, type Truth } from './userLogs/read';

/**
 * permissionForAction as an SQL expression over a user_log_entries row (columns `action` and
 * `device`), built from the domain function so that the two cannot disagree. NULL for an action
 * the policy does not judge.
 */
export function permissionSql(action = 'action', device = 'device'): string {
  const arms = LOG_ACTIONS.map((a) => {
    const byDevice = LOG_DEVICES.map((d) => [d, permissionForAction(a, d)] as const);
    if (byDevice.every(([, p]) => p === byDevice[0]![1])) return `WHEN ${action} = '${a}' THEN '${byDevice[0]![1]}'`;
    return byDevice.map(([d, p]) => `WHEN ${action} = '${a}' AND ${device} = '${d}' THEN '${p}'`).join(' ');
  });
  return `CASE ${arms.join(' ')} END`;
}

/** Whether a policy row (its alias) grants a permission (an SQL expression: 'read', 'write', …): the engine's boolean (1 or 0 on SQLite). */
export function policyAllowsSql(permission: string, policy: string): string {
  return `(CASE ${permission} WHEN 'read' THEN ${policy}.may_read WHEN 'write' THEN ${policy}.may_write WHEN 'sign' THEN ${policy}.may_sign WHEN 'sign_mobile' THEN ${policy}.may_sign_mobile END)`;
}

/**
 * The check `log_action_not_permitted`, counted in SQL: logged actions whose effective policy
 * (the data owner's own row for the profession and category, else the region's default) denies
 * the permission they need, grouped per (data owner, profession, category, action). Entries are
 * judged by policies of their own kind: real entries by real policies, demo entries by demo
 * policies. Only entries in the viewer's log scope are counted (a demo token's: demo entries).
 * The entries are first reduced to their distinct groups, so the policy lookups run per group,
 * not per entry. The same text on both engines (`?` placeholders) but for how `truth` writes
 * a boolean.
 */
export function notPermittedStatement(scope: LogScope, truth: Truth): { sql: string; params: unknown[] } {
  const { sql: scoped, params } = whereClause(scope, {}, truth);
  return {
    params,
    sql: `
    WITH grouped AS (
      SELECT data_owner_id, user_profession AS profession, category_id, action, is_demo,
             ${permissionSql()} AS permission, COUNT(*) AS n, SUM(CASE WHEN device = 'mobile' THEN 1 ELSE 0 END) AS mobile
      FROM user_log_entries
      WHERE user_profession IN (SELECT profession FROM access_policies) AND category_id IN (SELECT category_id FROM access_policies) AND (${scoped})
      GROUP BY data_owner_id, user_profession, category_id, action, is_demo, permission
    ),
    judged AS (
      SELECT g.*, COALESCE(
        (SELECT o.id FROM access_policies o
          WHERE o.owner_org_id = g.data_owner_id AND o.profession = g.profession AND o.category_id = g.category_id AND o.is_demo = g.is_demo),
        (SELECT r.id FROM access_policies r JOIN organisations region ON region.id = r.owner_org_id AND region.kind = 'region'
          WHERE r.profession = g.profession AND r.category_id = g.category_id AND r.is_demo = g.is_demo ORDER BY r.id LIMIT 1)
      ) AS policy_id
      FROM grouped g
      WHERE g.permission IS NOT NULL
    )
    SELECT j.policy_id AS "policyId", j.data_owner_id AS "dataOwnerId", j.profession, j.category_id AS "categoryId", j.action,
           SUM(j.n) AS count, SUM(j.mobile) AS "mobileCount"
    FROM judged j JOIN access_policies p ON p.id = j.policy_id
    WHERE ${policyAllowsSql('j.permission', 'p')} IS FALSE
    GROUP BY j.policy_id, j.data_owner_id, j.profession, j.category_id, j.action
    ORDER BY j.data_owner_id, j.profession, j.category_id, j.action`,
  };
}

/** A group as the domain reads it: counts as numbers, whatever type the engine's SUM answered. */
export const notPermittedGroup = (row: NotPermittedGroup): NotPermittedGroup => ({ ...row, count: Number(row.count), mobileCount: Number(row.mobileCount) });

export function findNotPermittedLogActions(sqlite: Sqlite, scope: LogScope): NotPermittedGroup[] {
  const { sql, params } = notPermittedStatement(scope, SQLITE_TRUTH);
  return (sqlite.prepare(sql).all(...params) as NotPermittedGroup[]).map(notPermittedGroup);
}
