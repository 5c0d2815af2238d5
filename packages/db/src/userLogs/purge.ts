import { addYears, LEGAL_MINIMUM_YEARS } from '@fvm/domain';
import type { Sqlite } from '../client';
import { noteWrite } from '../generation';
import { ChainsWriter } from './chain';
import { purgedDigestScope, rebuildUserLogDigest } from './digest';
import { checkpointAllChains, insertCheckpoint, type Checkpoint } from './checkpoints';
import type { LogKeys } from './keys';

export interface PurgePlan {
  chainId: number;
  dataOwnerId: number;
  /** Entries before this instant (epoch ms) may go: older than both 5 years and the owner's rule. */
  cutoffMs: number;
  years: number;
  entries: number;
  lastEntryId: number | null;
}

/**
 * Which entries may be purged: only for owners whose retention rule for access logs says purge,
 * backed by a purge decision, and only entries older than both the legal 5 years and the rule.
 * A chain is purged from its start, so what remains still verifies from a new anchor; an old
 * entry stored after a newer one waits for a later purge.
 */
/** An owner's rule that its access logs are purged (with a purge decision), for its real or its demo chain. */
export interface PurgeRule {
  dataOwnerId: number;
  isDemo: boolean;
  years: number | null;
}

/** The registry's purge rules for access logs: read where the registry is, applied where the log is. */
export function userLogPurgeRules(sqlite: Sqlite): PurgeRule[] {
  return purgeRulesOf(sqlite.prepare(PURGE_RULES).all() as PurgeRuleRow[]);
}

// Demo rules govern demo chains only; with several rules the longest keeps entries longest.
export const PURGE_RULES = `SELECT r.owner_org_id AS "dataOwnerId", r.is_demo AS "isDemo", max(r.years) AS years FROM retention_rules r
  JOIN information_categories k ON k.id = r.category_id AND k.record_kind = 'access_log'
  WHERE r.action = 'purge' AND r.purge_decision_body IS NOT NULL AND r.purge_decision_reference IS NOT NULL AND r.purge_decision_on IS NOT NULL
  GROUP BY r.owner_org_id, r.is_demo`;
/** A row of PURGE_RULES as either engine answers it (is_demo: 0/1 on SQLite, a boolean on PostgreSQL). */
export interface PurgeRuleRow {
  dataOwnerId: number;
  isDemo: number | boolean;
  years: number | null;
}
export function purgeRulesOf(rows: readonly PurgeRuleRow[]): PurgeRule[] {
  return rows.map((r) => ({ ...r, isDemo: r.isDemo === 1 || r.isDemo === true }));
}

/** Each chain a rule governs, with its cutoff (older than both the legal minimum and the rule), nothing counted yet. */
export function purgePlansOf(
  rules: readonly PurgeRule[],
  chains: readonly { id: number; data_owner_id: number; is_demo: number }[],
  today: string,
): Map<number, PurgePlan> {
  const plans = new Map<number, PurgePlan>();
  for (const c of chains) {
    const rule = rules.find((r) => r.dataOwnerId === c.data_owner_id && r.isDemo === (c.is_demo === 1));
    if (!rule) continue;
    const years = Math.max(LEGAL_MINIMUM_YEARS.access_log, rule.years ?? 0);
    plans.set(c.id, {
      chainId: c.id,
      dataOwnerId: c.data_owner_id,
      cutoffMs: Date.parse(`${addYears(today, -years)}T00:00:00Z`),
      years,
      entries: 0,
      lastEntryId: null,
    });
  }
  return plans;
}

export function planUserLogPurge(sqlite: Sqlite, today: string): PurgePlan[] {
  const chains = sqlite.prepare('SELECT id, data_owner_id, is_demo FROM user_log_chains').all() as { id: number; data_owner_id: number; is_demo: number }[];
  const plans = purgePlansOf(userLogPurgeRules(sqlite), chains, today);
  if (plans.size === 0) return [];
  const open = new Set(plans.keys());
  for (const row of sqlite.prepare('SELECT id, chain_id, occurred_at FROM user_log_entries ORDER BY id').iterate() as Iterable<{
    id: number;
    chain_id: number;
    occurred_at: number;
  }>) {
    if (!open.has(row.chain_id)) continue;
    const plan = plans.get(row.chain_id)!;
    if (row.occurred_at < plan.cutoffMs) {
      plan.entries++;
      plan.lastEntryId = row.id;
    } else open.delete(row.chain_id);
    if (open.size === 0) break;
  }
  return [...plans.values()].filter((p) => p.entries > 0);
}

/**
 * Purges what the plan allows, in one transaction: a signed checkpoint of every chain first, then
 * the purge gate opened, the prefixes deleted and each chain re-anchored on the hash of its last
 * purged entry, the gate closed, and a signed purge checkpoint recorded.
 */
export function purgeUserLogs(sqlite: Sqlite, keys: LogKeys, today: string, now = new Date()): { plans: PurgePlan[]; checkpoints: Checkpoint[] } {
  // Planned and carried out under one write lock: nothing can be appended in between.
  let plans: PurgePlan[] = [];
  const checkpoints = sqlite
    .transaction(() => {
      plans = planUserLogPurge(sqlite, today);
      if (plans.length === 0) return [];
      const chains = new ChainsWriter(sqlite, keys, now.toISOString());
      const before = checkpointAllChains(sqlite, chains, 'before_purge', now);
      sqlite.prepare('UPDATE user_log_purge_gate SET open = 1 WHERE id = 1').run();
      const lastHash = sqlite.prepare('SELECT hash FROM user_log_entries WHERE id = ?').pluck();
      for (const plan of plans) {
        const anchor = lastHash.get(plan.lastEntryId) as Buffer;
        const span = sqlite
          .prepare('SELECT min(occurred_at) AS first, max(occurred_at) AS last, is_demo FROM user_log_entries WHERE chain_id = ? AND id <= ?')
          .get(plan.chainId, plan.lastEntryId) as { first: number; last: number; is_demo: number };
        const removed = sqlite.prepare('DELETE FROM user_log_entries WHERE chain_id = ? AND id <= ?').run(plan.chainId, plan.lastEntryId).changes;
        // The digest of the months the purged entries were in, recomputed from what remains.
        rebuildUserLogDigest(sqlite, purgedDigestScope(plan.dataOwnerId, span.is_demo === 1, span.first, span.last));
        if (removed !== plan.entries) throw new Error(`purge of chain ${plan.chainId}: planned ${plan.entries} entries, found ${removed}`);
        sqlite.prepare('UPDATE user_log_chains SET anchor_hash = ?, purged_count = purged_count + ? WHERE id = ?').run(anchor, removed, plan.chainId);
        const chain = sqlite.prepare('SELECT is_demo, purged_count FROM user_log_chains WHERE id = ?').get(plan.chainId) as {
          is_demo: number;
          purged_count: number;
        };
        // The purge checkpoint: the chain now starts after entry lastEntryId, from this anchor.
        chains.resealChain(plan.chainId, chains.checkpointsOf(plan.chainId));
        insertCheckpoint(sqlite, chains, {
          chainId: plan.chainId,
          dataOwnerId: plan.dataOwnerId,
          isDemo: chain.is_demo === 1,
          kind: 'purge',
          createdAt: now.toISOString(),
          entryCount: chain.purged_count,
          lastEntryId: plan.lastEntryId!,
          headHash: anchor.toString('hex'),
        });
      }
      sqlite.prepare('UPDATE user_log_purge_gate SET open = 0 WHERE id = 1').run();
      chains.seal();
      return before;
    })
    .immediate();
  if (plans.length) noteWrite(sqlite);
  return { plans, checkpoints };
}
