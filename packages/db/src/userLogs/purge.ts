import { addYears, LEGAL_MINIMUM_YEARS, stockholmDayNumber, stockholmMonthOfDay } from '@fvm/domain';
import type { Sqlite } from '../client';
import { noteWrite } from '../generation';
import { ChainsWriter } from './chain';
import { rebuildUserLogDigest } from './digest';
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
export function planUserLogPurge(sqlite: Sqlite, today: string): PurgePlan[] {
  const rules = sqlite
    .prepare(
      // Demo rules govern demo chains only; with several rules the longest keeps entries longest.
      `SELECT c.id AS chain_id, c.data_owner_id, max(r.years) AS years FROM user_log_chains c
       JOIN retention_rules r ON r.owner_org_id = c.data_owner_id AND r.action = 'purge' AND r.is_demo = c.is_demo
         AND r.purge_decision_body IS NOT NULL AND r.purge_decision_reference IS NOT NULL AND r.purge_decision_on IS NOT NULL
       JOIN information_categories k ON k.id = r.category_id AND k.record_kind = 'access_log'
       GROUP BY c.id, c.data_owner_id`,
    )
    .all() as { chain_id: number; data_owner_id: number; years: number | null }[];
  const plans = new Map<number, PurgePlan>();
  for (const r of rules) {
    const years = Math.max(LEGAL_MINIMUM_YEARS.access_log, r.years ?? 0);
    plans.set(r.chain_id, { chainId: r.chain_id, dataOwnerId: r.data_owner_id, cutoffMs: Date.parse(`${addYears(today, -years)}T00:00:00Z`), years, entries: 0, lastEntryId: null });
  }
  if (plans.size === 0) return [];
  const open = new Set(plans.keys());
  for (const row of sqlite.prepare('SELECT id, chain_id, occurred_at FROM user_log_entries ORDER BY id').iterate() as Iterable<{ id: number; chain_id: number; occurred_at: number }>) {
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
  const checkpoints = sqlite.transaction(() => {
    plans = planUserLogPurge(sqlite, today);
    if (plans.length === 0) return [];
    const chains = new ChainsWriter(sqlite, keys, now.toISOString());
    const before = checkpointAllChains(sqlite, chains, 'before_purge', now);
    sqlite.prepare('UPDATE user_log_purge_gate SET open = 1 WHERE id = 1').run();
    const lastHash = sqlite.prepare('SELECT hash FROM user_log_entries WHERE id = ?').pluck();
    for (const plan of plans) {
      const anchor = lastHash.get(plan.lastEntryId) as Buffer;
      const span = sqlite.prepare('SELECT min(occurred_at) AS first, max(occurred_at) AS last, is_demo FROM user_log_entries WHERE chain_id = ? AND id <= ?').get(plan.chainId, plan.lastEntryId) as { first: number; last: number; is_demo: number };
      const removed = sqlite.prepare('DELETE FROM user_log_entries WHERE chain_id = ? AND id <= ?').run(plan.chainId, plan.lastEntryId).changes;
      // The digest of the months the purged entries were in, recomputed from what remains.
      rebuildUserLogDigest(sqlite, { dataOwnerId: plan.dataOwnerId, isDemo: span.is_demo === 1, fromMonth: stockholmMonthOfDay(stockholmDayNumber(span.first)), toMonth: stockholmMonthOfDay(stockholmDayNumber(span.last)) });
      if (removed !== plan.entries) throw new Error(`purge of chain ${plan.chainId}: planned ${plan.entries} entries, found ${removed}`);
      sqlite.prepare('UPDATE user_log_chains SET anchor_hash = ?, purged_count = purged_count + ? WHERE id = ?').run(anchor, removed, plan.chainId);
      const chain = sqlite.prepare('SELECT is_demo, purged_count FROM user_log_chains WHERE id = ?').get(plan.chainId) as { is_demo: number; purged_count: number };
      // The purge checkpoint: the chain now starts after entry lastEntryId, from this anchor.
      chains.resealChain(plan.chainId, chains.state.chains[plan.chainId]!.checkpoints);
      insertCheckpoint(sqlite, chains, {
        chainId: plan.chainId, dataOwnerId: plan.dataOwnerId, isDemo: chain.is_demo === 1, kind: 'purge', createdAt: now.toISOString(),
        entryCount: chain.purged_count, lastEntryId: plan.lastEntryId!, headHash: anchor.toString('hex'),
      });
    }
    sqlite.prepare('UPDATE user_log_purge_gate SET open = 0 WHERE id = 1').run();
    chains.seal();
    return before;
  }).immediate();
  if (plans.length) noteWrite(sqlite);
  return { plans, checkpoints };
}
