import type { LogKeys } from '../userLogs/keys';
import { PURGE_RULES, purgeRulesOf, type PurgeRuleRow } from '../userLogs/purge';
import { notYet, pgDigestStore, pgUserLogStore } from '../postgres/logs';
import { migratePostgres } from '../postgres/migrate';
import { listenForWrites, openPgPool, WRITES_CHANNEL } from '../postgres/pool';
import { pgRegistryStores } from '../postgres/registry';
import { loadDemoDataPg, loadReferenceDataPg, removeDemoDataPg } from '../postgres/seed';
import { applyBatchPg } from '../postgres/writes';
import { appendDemoLogs } from './demoLogs';
import type { Stores } from './types';

/**
 * The whole registry on PostgreSQL (FVM_DATABASE=postgres://…): registry, change history, tokens and
 * user log in one database, shared by any number of server processes. Every commit that changes
 * what queries return moves this process's generation at once and is announced (NOTIFY), so every
 * other process moves its own when it hears of it: no response cache answers from before a write.
 * Log review runs need the review digest, not yet kept on PostgreSQL: refused by name.
 */
export async function postgresStores(url: string, keys: LogKeys, options: { migrate?: boolean } = {}): Promise<Stores> {
  const pool = openPgPool(url);
  try {
    if (options.migrate !== false) await migratePostgres(pool);
    let heard = 0;
    const listener = await listenForWrites(url, () => void heard++);
    const wrote = () => {
      heard++;
      void pool.query(`NOTIFY ${WRITES_CHANNEL}`).catch((error: Error) => console.warn(`Could not announce a write: ${error.message}`));
    };
    const afterWrite = async <T>(written: Promise<T>): Promise<T> => {
      const result = await written;
      wrote();
      return result;
    };
    const reads = pgRegistryStores(pool);
    const logs = { ...pgUserLogStore(pool, keys, wrote, async () => purgeRulesOf((await pool.query<PurgeRuleRow>(PURGE_RULES)).rows)), ...pgDigestStore(pool) };
    return {
      engine: 'postgresql',
      ...reads,
      tokens: {
        ...reads.tokens,
        create: (input) => afterWrite(reads.tokens.create(input)),
        revoke: (reference, now) => afterWrite(reads.tokens.revoke(reference, now)),
        issueDemoToken: (role, now) => afterWrite(reads.tokens.issueDemoToken(role, now)),
        issueDemoTokens: () => afterWrite(reads.tokens.issueDemoTokens()),
      },
      writes: {
        applyBatch: async (spec, op, items, request, batchOptions) => {
          const result = await applyBatchPg(pool, keys, spec, op, items, request, batchOptions);
          if (result.committed) wrote();
          return result;
        },
      },
      logs,
      reviews: {
        startRun: notYet('A log review run'),
        preview: notYet('A log review preview'),
        itemEntries: notYet('A review item’s entries'),
        statistics: notYet('Log review statistics'),
      },
      seed: {
        loadReferenceData: () => afterWrite(loadReferenceDataPg(pool)),
        loadDemoData: () => afterWrite(loadDemoDataPg(pool)),
        removeDemoData: () => afterWrite(removeDemoDataPg(pool)),
        loadDemoLogs: async (options) => appendDemoLogs(reads.organisations, logs, await logs.demoWorld(), options),
        removeDemoLogs: () => logs.removeDemoEntries(),
        // Review routines need the review digest beside the entries; none are made on PostgreSQL yet.
        loadDemoLogReview: async () => ({ routines: 0, runs: 0 }),
      },
      generation: () => `pg:${heard}`,
      close: async () => {
        await listener.end();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
