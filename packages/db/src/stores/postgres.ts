import type { LogKeys } from '../userLogs/keys';
import { PURGE_RULES, purgeRulesOf, type PurgeRuleRow } from '../userLogs/purge';
import { pgDigestStore, pgUserLogStore } from '../postgres/logs';
import { loadDemoLogReviewPg, logReviewStatisticsPg, previewLogReviewSelectionPg, reviewItemEntriesPg, startLogReviewRunPg } from '../postgres/logReview';
import { recordOfRow } from '../userLogs/record';
import { migratePostgres } from '../postgres/migrate';
import { listenForWrites, openPgPool, WRITES_CHANNEL } from '../postgres/pool';
import { pgRegistryStores } from '../postgres/registry';
import { loadDemoDataPg, loadReferenceDataPg, removeDemoDataPg } from '../postgres/seed';
import { applyBatchPg } from '../postgres/writes';
import { applySavePg } from '../writes/save';
import { appendDemoLogs } from './demoLogs';
import type { Stores } from './types';

/**
 * The whole registry on PostgreSQL (FVM_DATABASE=postgres://…): registry, change history, tokens and
 * user log in one database, shared by any number of server processes. Every commit that changes
 * what queries return moves this process's generation at once and is announced (NOTIFY), so every
 * other process moves its own when it hears of it: no response cache answers from before a write.
 * The log review runs here too, its digest kept beside the entries (postgres/logReview.ts).
 */
export async function postgresStores(url: string, keys: LogKeys, options: { migrate?: boolean; logLanes?: number } = {}): Promise<Stores> {
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
    const logs = {
      ...pgUserLogStore(pool, keys, wrote, async () => purgeRulesOf((await pool.query<PurgeRuleRow>(PURGE_RULES)).rows), { lanes: options.logLanes }),
      ...pgDigestStore(pool),
    };
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
        applySave: async (spec, items, request, saveOptions) => {
          const result = await applySavePg(pool, keys, spec, items, request, saveOptions);
          if (result.committed) wrote();
          return result;
        },
      },
      logs,
      reviews: {
        startRun: async (viewer, input, clock) => {
          const result = await startLogReviewRunPg(pool, keys, viewer, input, clock);
          if (result.kind === 'started') wrote();
          return result;
        },
        preview: (viewer, input, clock) => afterWrite(previewLogReviewSelectionPg(pool, keys, viewer, input, clock)),
        itemEntries: async (itemId) => (await reviewItemEntriesPg(pool, itemId)).map((row) => ({ ...recordOfRow(row), ruleMask: row.rule_mask })),
        statistics: (filter) => logReviewStatisticsPg(pool, filter),
      },
      seed: {
        loadReferenceData: () => afterWrite(loadReferenceDataPg(pool)),
        loadDemoData: () => afterWrite(loadDemoDataPg(pool)),
        removeDemoData: () => afterWrite(removeDemoDataPg(pool)),
        loadDemoLogs: async (options) => appendDemoLogs(reads.organisations, logs, await logs.demoWorld(), options),
        removeDemoLogs: () => logs.removeDemoEntries(),
        loadDemoLogReview: () => afterWrite(loadDemoLogReviewPg(pool, keys)),
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
