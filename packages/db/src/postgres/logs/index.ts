import { prepareUserLogBatch } from '../../userLogs/append';
import type { LogKeys } from '../../userLogs/keys';
import type { PurgeRule } from '../../userLogs/purge';
import { userLogLookups, type LookupTables } from '../../userLogs/organisationRefs';
import type { UserLogStore } from '../../stores/types';
import { DEMO_WORLD, demoWorldOf, type DemoWorldOrganisation } from '../../seed/demoLogs';
import { ensureMonthsOf } from '../partitions';
import type { PgPool } from '../pool';
import { storePreparedBatchPg } from './append';
import { LaneDirectory } from './lanes';
import { catchUpDigestPg, rebuildDigestPg, verifyDigestPg } from './digest';
import { headWarningsPg, listCheckpointsPg, recordReadPg, verifyChainsPg, verifyLedgerPg } from './proof';
import { headKeyIdPg, planPurgePg, purgePg, recordCheckpointsPg, removeDemoLogsPg, resealHeadsPg, verifyAgainstCheckpointPg } from './maintenance';
import { countPg, entryInScopePg, readPagePg, statisticsPg, visibleIdsPg } from './read';

/** What this version does not yet do with the user log on PostgreSQL: said by name, never done wrong. */
export class NotYetOnPostgresError extends Error {
  constructor(what: string) {
    super(`Not yet available with the user log on PostgreSQL (issue 10, in progress): ${what}. It works with the log on SQLite.`);
    this.name = 'NotYetOnPostgresError';
  }
}

/** An operation that refuses, by name, what this version does not yet do on PostgreSQL. */
export const notYet = (what: string) => async (): Promise<never> => {
  throw new NotYetOnPostgresError(what);
};

/** The review digest's upkeep on PostgreSQL, for a registry whose log review runs there too. */
export function pgDigestStore(pool: PgPool): Pick<UserLogStore, 'catchUpDigest' | 'verifyDigest' | 'rebuildDigest'> {
  return {
    catchUpDigest: (options) => catchUpDigestPg(pool, options),
    verifyDigest: () => verifyDigestPg(pool),
    rebuildDigest: () => rebuildDigestPg(pool),
  };
}

/**
 * The user log on PostgreSQL: monthly partitions, keys in their own table, each owner's lanes
 * linked under an advisory lock each. `onWrite` is told of every commit that changes what queries return.
 */
export function pgUserLogStore(
  pool: PgPool,
  keys: LogKeys,
  onWrite: () => void,
  purgeRules: () => Promise<PurgeRule[]>,
  options: { lanes?: number } = {},
): UserLogStore & { removeDemoEntries(): Promise<{ removed: number }> } {
  const lookupTables = async (): Promise<LookupTables> => ({
    organisations: (await pool.query('SELECT id, organisation_number, hsa_id, municipality_code FROM organisations')).rows,
    categories: (await pool.query('SELECT id, code FROM information_categories')).rows,
  });
  const lanes = new LaneDirectory(options.lanes ?? 1);
  const storePrepared: UserLogStore['storePrepared'] = async (prepared, batch) => {
    await ensureMonthsOf(
      pool,
      prepared.entries.map((e) => e.content.occurredAt),
    );
    const result = await storePreparedBatchPg(pool, keys, prepared, { ...batch, lanes });
    if (result.committed) onWrite();
    return result;
  };
  return {
    append: async (entries, ctx, options) =>
      storePrepared(prepareUserLogBatch(entries, { ...ctx, keys }, userLogLookups(await lookupTables())), {
        isDemo: ctx.isDemo,
        allowPartial: options?.allowPartial,
        now: new Date(ctx.nowMs),
      }),
    storePrepared,
    lookupTables,
    readPage: (scope, filter, page) => readPagePg(pool, scope, filter, page),
    entryInScope: (scope, id) => entryInScopePg(pool, scope, id),
    visibleIds: (scope, ids) => visibleIdsPg(pool, scope, ids),
    count: (scope, filter) => countPg(pool, scope, filter),
    statistics: (scope, filter, bucket, dimension) => statisticsPg(pool, scope, filter, bucket, dimension),
    recordRead: (read) => recordReadPg(pool, keys, read),
    verifyChains: () => verifyChainsPg(pool, keys),
    verifyLedger: (name) => verifyLedgerPg(pool, keys, name),
    verifyRecords: async (options) => {
      const userLogs = await verifyChainsPg(pool, keys);
      options.onProgress?.(userLogs.entriesChecked);
      const changes = await verifyLedgerPg(pool, keys, 'changes');
      const logReads = await verifyLedgerPg(pool, keys, 'user_log_reads');
      return { ok: userLogs.ok && changes.ok && logReads.ok, userLogs, changes, logReads };
    },
    verifyAgainstCheckpoint: (checkpoint) => verifyAgainstCheckpointPg(pool, keys, checkpoint),
    listCheckpoints: () => listCheckpointsPg(pool),
    recordCheckpoints: async (kind, now) => {
      const checkpoints = await recordCheckpointsPg(pool, keys, kind, now);
      onWrite();
      return checkpoints;
    },
    headWarnings: () => headWarningsPg(pool, keys),
    headKeyId: () => headKeyIdPg(pool, keys),
    resealHeads: () => resealHeadsPg(pool, keys),
    planPurge: async (today) => planPurgePg(pool, await purgeRules(), today),
    purge: async (today, now) => {
      const result = await purgePg(pool, keys, await purgeRules(), today, now);
      if (result.plans.length) onWrite();
      return result;
    },
    removeDemoEntries: async () => {
      const result = await removeDemoLogsPg(pool, keys);
      onWrite();
      return result;
    },
    // The review digest is kept only where the review runs: the whole registry on PostgreSQL (pgDigestStore).
    // In split mode nothing reads it, so nothing is counted (purge and demo removal keep what there is true).
    catchUpDigest: async () => 0,
    verifyDigest: notYet('The log review digest'),
    rebuildDigest: notYet('Rebuilding the log review digest'),
    totalEntries: async () => Number((await pool.query('SELECT count(*) AS n FROM user_log_entries')).rows[0].n),
    demoWorld: async () =>
      demoWorldOf(
        (await pool.query<DemoWorldOrganisation>(DEMO_WORLD.organisations)).rows,
        (await pool.query<{ code: string }>(DEMO_WORLD.categories)).rows.map((r) => r.code),
      ),
    prepareForImport: async () => {},
    settleAfterImport: async () => {},
  };
}
