import type { Db, Sqlite } from '../client';
import { userLogPurgeRules } from '../userLogs/purge';
import type { LogKeys } from '../userLogs/keys';
import { notYet, pgUserLogStore } from '../postgres/logs';
import { migratePostgres } from '../postgres/migrate';
import { mirrorReferenceRows } from '../postgres/mirror';
import { listenForWrites, openPgPool, WRITES_CHANNEL } from '../postgres/pool';
import { appendDemoLogs } from './demoLogs';
import type { LogReviewStore, Stores, UserLogStore } from './types';

/**
 * "Split mode": the registry on its SQLite file, the user log on PostgreSQL (FVM_LOG_DATABASE),
 * for a log that has outgrown one file while the registry has not. The log's side gets the
 * organisations and categories its entries name (mirrored before appends when the registry
 * changed). What needs the entries and the registry in one query (log review runs, the
 * not-permitted check) is refused by name in this version rather than answered from the wrong side.
 */
export async function splitStores(
  registry: Stores & { handles: { db: Db; sqlite: Sqlite } },
  logUrl: string,
  keys: LogKeys,
  options: { lanes?: number } = {},
): Promise<Stores> {
  const pool = openPgPool(logUrl);
  await migratePostgres(pool);
  let writes = 0;
  let mirrored: string | null = null;
  const mirror = async () => {
    const generation = registry.generation();
    if (generation === mirrored) return;
    await mirrorReferenceRows(pool, registry.handles.db);
    mirrored = generation;
  };
  await mirror();
  const thenMirror = async <T>(loaded: Promise<T>): Promise<T> => {
    const result = await loaded;
    mirrored = null;
    await mirror();
    return result;
  };
  // Other server processes write to the same log: each commit is announced, and every process
  // (this one too) moves its generation when it hears of one, so no cache answers from before it.
  const listener = await listenForWrites(logUrl, () => void writes++);
  const announce = () =>
    void pool.query(`NOTIFY ${WRITES_CHANNEL}`).catch((error: Error) => console.warn(`Could not announce a write to the user log: ${error.message}`));
  const pgLogs = pgUserLogStore(
    pool,
    keys,
    () => (writes++, announce()),
    async () => userLogPurgeRules(registry.handles.sqlite),
    options,
  );
  const logs: UserLogStore = {
    ...pgLogs,
    append: async (entries, ctx, options) => (await mirror(), pgLogs.append(entries, ctx, options)),
    storePrepared: async (prepared, options) => (await mirror(), pgLogs.storePrepared(prepared, options)),
    lookupTables: async () => (await mirror(), pgLogs.lookupTables()),
    demoWorld: () => registry.logs.demoWorld(),
    // The change history stays with the registry; the entries and the reads of them are on PostgreSQL.
    verifyLedger: (name) => (name === 'changes' ? registry.logs.verifyLedger(name) : pgLogs.verifyLedger(name)),
    verifyRecords: async (options) => {
      const userLogs = await pgLogs.verifyChains();
      options.onProgress?.(userLogs.entriesChecked);
      const changes = await registry.logs.verifyLedger('changes');
      const logReads = await pgLogs.verifyLedger('user_log_reads');
      return { ok: userLogs.ok && changes.ok && logReads.ok, userLogs, changes, logReads };
    },
    // Rotation reseals the log's heads here and the change history's with the registry.
    resealHeads: async () => {
      await pgLogs.resealHeads();
      await registry.logs.resealHeads();
    },
    // The change history's head stays with the registry; the log's two heads are on PostgreSQL.
    headWarnings: async () => [...(await registry.logs.headWarnings()).filter((w) => w.startsWith('changes:')), ...(await pgLogs.headWarnings())],
  };
  const reviews: LogReviewStore = {
    startRun: notYet('A log review run'),
    preview: notYet('A log review preview'),
    itemEntries: notYet('A review item’s entries'),
    statistics: registry.reviews.statistics,
  };
  return {
    ...registry,
    engine: 'sqlite',
    logs,
    reviews,
    checks: { registryFacts: notYet('The registry checks'), notPermittedLogActions: notYet('The check of logged actions a policy denies') },
    seed: {
      // Reference and demo rows are loaded without the write counter moving (nothing caches them
      // yet at start): the mirror is renewed after each load instead.
      loadReferenceData: () => thenMirror(registry.seed.loadReferenceData()),
      loadDemoData: () => thenMirror(registry.seed.loadDemoData()),
      removeDemoData: () => thenMirror(registry.seed.removeDemoData()),
      loadDemoLogs: async (options) => appendDemoLogs(registry.organisations, logs, await registry.logs.demoWorld(), options),
      removeDemoLogs: () => pgLogs.removeDemoEntries(),
      // Review routines need the entries beside them; none are made in split mode.
      loadDemoLogReview: async () => ({ routines: 0, runs: 0 }),
    },
    generation: () => `${registry.generation()}|${writes}`,
    close: async () => {
      await listener.end();
      await pool.end();
      await registry.close();
    },
  };
}
