import { openDatabase } from '../client';
import { copyRegistryWithLogToPostgres, CopyRefusedError, type CopyProgress, type CopyReport } from '../postgres/copyRegistry';
import { migratePostgres } from '../postgres/migrate';
import { openPgPool } from '../postgres/pool';
import type { LogKeys } from '../userLogs/keys';

export { CopyRefusedError, type CopyProgress, type CopyReport };

/**
 * Copies the registry in SQLite file `from`, with its user log, chains, checkpoints and history,
 * to the PostgreSQL database at `to` (migrated here, and empty); checked at the end (see
 * copyToPostgres).
 */
export async function copyDatabase(from: string, to: string, keys: LogKeys, onProgress?: (p: CopyProgress) => void): Promise<CopyReport> {
  const source = openDatabase(from, { migrate: true });
  const pool = openPgPool(to, { max: 2 });
  try {
    await migratePostgres(pool);
    return await copyRegistryWithLogToPostgres(source.sqlite, pool, keys, onProgress);
  } finally {
    await pool.end();
    source.close();
  }
}
