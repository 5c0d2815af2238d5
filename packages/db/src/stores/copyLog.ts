import { openDatabase } from '../client';
import { copyUserLogToPostgres, LogCopyRefusedError, type LogCopyProgress, type LogCopyReport } from '../postgres/copyLog';
import { migratePostgres } from '../postgres/migrate';
import { mirrorReferenceRows } from '../postgres/mirror';
import { openPgPool } from '../postgres/pool';
import type { LogKeys } from '../userLogs/keys';

export { LogCopyRefusedError, type LogCopyProgress, type LogCopyReport };

/**
 * Copies the user log of the registry in SQLite file `from` to the PostgreSQL database at `to`
 * (migrated here, and given the registry's organisations, options and categories), so that the
 * registry can run with FVM_LOG_DATABASE=`to`; checked at the end (see copyUserLogToPostgres).
 */
export async function copyUserLog(from: string, to: string, keys: LogKeys, onProgress?: (p: LogCopyProgress) => void): Promise<LogCopyReport> {
  const source = openDatabase(from, { migrate: true });
  const pool = openPgPool(to, { max: 2 });
  try {
    await migratePostgres(pool);
    await mirrorReferenceRows(pool, source.db);
    return await copyUserLogToPostgres(source.sqlite, pool, keys, onProgress);
  } finally {
    await pool.end();
    source.close();
  }
}
