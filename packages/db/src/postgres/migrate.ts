import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCKS, type PgPool } from './pool';

export const pgMigrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations-pg');

/**
 * Brings a PostgreSQL database's schema up to date. Drizzle's migrator takes no lock of its own:
 * two server processes starting together would both apply the same migration. A session advisory
 * lock around it lets one apply and the other find everything done.
 */
export async function migratePostgres(pool: PgPool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCKS.migrations]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: pgMigrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCKS.migrations]);
    }
  } finally {
    client.release();
  }
}
