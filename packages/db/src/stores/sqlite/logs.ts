import type { LogScope } from '@fvm/domain';
import type { Sqlite } from '../../client';
import { readHead, verifyLedgerInSlices } from '../../proof';
import { resealHeads } from '../../proof/reseal';
import { headWarnings } from '../../proof/heads';
import { demoLogWorld } from '../../seed/demoLogs';
import { appendUserLogEntries, storePreparedBatch } from '../../userLogs/append';
import { listCheckpoints, recordCheckpoints, verifyAgainstCheckpoint } from '../../userLogs/checkpoints';
import { catchUpUserLogDigest, rebuildUserLogDigest, verifyUserLogDigest } from '../../userLogs/digest';
import type { LogKeys } from '../../userLogs/keys';
import { readLookupTables } from '../../userLogs/organisationRefs';
import { planUserLogPurge, purgeUserLogs } from '../../userLogs/purge';
import {
  countUserLogs,
  readUserLogPage,
  recordUserLogRead,
  userLogStatistics,
  visibleUserLogEntryIds,
  whereClause,
  type Keyset,
  type UserLogFilter,
  type UserLogRow,
} from '../../userLogs/read';
import { recordOfRow, type UserLogRecord } from '../../userLogs/record';
import { verifyRecords, verifyUserLogChainsInSlices } from '../../userLogs/verify';
import { prepared } from '../../statements';
import type { UserLogPage, UserLogStore } from '../types';
import { overTimeSlices, yieldToOthers } from './slices';

/** Entries read between two yields to the event loop: a few milliseconds of work. */
const CHUNK = 200;

export function sqliteUserLogStore(sqlite: Sqlite, keys: LogKeys): UserLogStore {
  /** One page read in chunks of CHUNK rows, yielding between them; the same rows as one read. */
  async function readPage(scope: LogScope, filter: UserLogFilter, page: UserLogPage) {
    const backwards = page.before != null;
    const chunks: UserLogRow[][] = [];
    let read = 0;
    let cursor: Keyset | null = backwards ? page.before! : (page.after ?? null);
    for (;;) {
      const limit = Math.min(CHUNK, page.limit - read);
      const chunk = readUserLogPage(sqlite, scope, filter, { limit, newestFirst: page.newestFirst, ...(backwards ? { before: cursor } : { after: cursor }) });
      chunks.push(chunk.rows);
      read += chunk.rows.length;
      if (!chunk.hasMore || chunk.rows.length === 0 || read >= page.limit) {
        // Going back, each chunk lies before the ones read earlier.
        if (backwards) chunks.reverse();
        return { rows: chunks.flat().map(recordOfRow), hasMore: chunk.hasMore };
      }
      const edge = backwards ? chunk.rows[0]! : chunk.rows.at(-1)!;
      cursor = { occurredAt: edge.occurred_at, id: edge.id };
      await yieldToOthers();
    }
  }

  return {
    append: async (entries, ctx, options) => appendUserLogEntries(sqlite, entries, { ...ctx, keys }, options),
    storePrepared: async (batch, options) => storePreparedBatch(sqlite, keys, batch, options),
    lookupTables: async () => readLookupTables(sqlite),
    readPage: async (scope, filter, page) => (page.limit <= 0 ? { rows: [], hasMore: false } : readPage(scope, filter, page)),
    entryInScope: async (scope, id) => {
      const { sql, params } = whereClause(scope, {});
      const row = prepared(sqlite, `SELECT * FROM user_log_entries WHERE id = ? AND (${sql})`).get(id, ...params) as UserLogRow | undefined;
      return row ? recordOfRow(row) : null;
    },
    visibleIds: async (scope, ids) => visibleUserLogEntryIds(sqlite, scope, ids),
    // Counted in time slices between the oldest and the newest match (two index seeks find them),
    // so that counting a million entries gives the event loop back as it goes.
    count: async (scope, filter) => {
      const newest = readUserLogPage(sqlite, scope, filter, { limit: 1, newestFirst: true }).rows[0];
      if (!newest) return 0;
      const oldest = readUserLogPage(sqlite, scope, filter, { limit: 1, newestFirst: false }).rows[0]!;
      const parts = await overTimeSlices(oldest.occurred_at, newest.occurred_at + 1, 1, (from, to) => [
        countUserLogs(sqlite, scope, { ...filter, occurredFrom: from, occurredBefore: to }),
      ]);
      return parts.reduce((sum, n) => sum + n, 0);
    },
    statistics: (scope, filter, bucket, dimension) =>
      overTimeSlices(filter.occurredFrom, filter.occurredBefore, bucket === 'hour' ? 3_600_000 : 86_400_000, (from, to) =>
        userLogStatistics(sqlite, scope, { ...filter, occurredFrom: from, occurredBefore: to }, bucket, dimension),
      ),
    recordRead: async (read) => recordUserLogRead(sqlite, keys, read),
    verifyChains: () => verifyUserLogChainsInSlices(sqlite, keys, yieldToOthers),
    verifyLedger: (name) => verifyLedgerInSlices(sqlite, keys, name, yieldToOthers),
    verifyRecords: async (options) => verifyRecords(sqlite, keys, options),
    verifyAgainstCheckpoint: async (checkpoint) => verifyAgainstCheckpoint(sqlite, keys, checkpoint),
    listCheckpoints: async () => listCheckpoints(sqlite),
    recordCheckpoints: async (kind, now) => recordCheckpoints(sqlite, keys, kind, now),
    headWarnings: async () => headWarnings(sqlite, keys),
    headKeyId: async () => readHead(sqlite, keys, 'user_log_chains').keyId,
    resealHeads: async () => resealHeads(sqlite, keys),
    planPurge: async (today) => planUserLogPurge(sqlite, today),
    purge: async (today, now) => purgeUserLogs(sqlite, keys, today, now),
    catchUpDigest: async (options) => catchUpUserLogDigest(sqlite, options),
    verifyDigest: async () => verifyUserLogDigest(sqlite),
    rebuildDigest: async () => rebuildUserLogDigest(sqlite),
    totalEntries: async () => prepared(sqlite, 'SELECT count(*) FROM user_log_entries').pluck().get() as number,
    demoWorld: async () => demoLogWorld(sqlite),
    // A bulk import writes millions of index pages: a bigger cache, and the WAL folded back into
    // the file seldom during the import and once at its end.
    prepareForImport: async () => {
      sqlite.pragma('cache_size = -65536');
      sqlite.pragma('wal_autocheckpoint = 100000');
    },
    settleAfterImport: async () => {
      sqlite.pragma('wal_checkpoint(PASSIVE)');
    },
  };
}

export type { UserLogRecord };
