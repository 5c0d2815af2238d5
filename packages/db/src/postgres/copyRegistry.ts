import type { Sqlite } from '../client';
import type { LogKeys } from '../userLogs/keys';
import { copyToPostgres, type CopyProgress, type CopyReport } from './copyTables';
import type { PgPool } from './pool';

export { CopyRefusedError, type CopyProgress, type CopyReport, type CopyVerdict } from './copyTables';

/**
 * Copies the registry of `sqlite` without its user log (organisations, options, call-offs,
 * agreements, …, tokens, the change history and its sealed head, log review) into the migrated
 * PostgreSQL database of `pool`, which must hold no registry rows; checked there at the end,
 * the change history recomputed under `keys`.
 */
export function copyRegistryToPostgres(sqlite: Sqlite, pool: PgPool, keys: LogKeys, onProgress?: (p: CopyProgress) => void): Promise<CopyReport> {
  return copyToPostgres(sqlite, pool, keys, ['registry'], onProgress);
}

/**
 * The registry with its user log (entries, chains, checkpoints, the record of reads, the review
 * digest and every sealed head), from one snapshot and in one transaction: a disclosure request
 * may name a log entry, and log entries name organisations, so neither part can go alone first.
 */
export function copyRegistryWithLogToPostgres(sqlite: Sqlite, pool: PgPool, keys: LogKeys, onProgress?: (p: CopyProgress) => void): Promise<CopyReport> {
  return copyToPostgres(sqlite, pool, keys, ['registry', 'log'], onProgress);
}
