// PostgreSQL for test files: the run's server (see ./postgresGlobalSetup), a suite that runs only
// where there is one, and a fresh database per test file.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject, it } from 'vitest';
import type { PostgresForTests } from './postgresProvided';

function provided(): PostgresForTests {
  const value = inject('fvmPostgres');
  // Only a vitest config without the global setup gets here; saying so beats a puzzling skip.
  if (!value) throw new Error('no PostgreSQL harness: vitest.config.ts must list test/support/postgresGlobalSetup.ts in globalSetup');
  return value;
}

/** True when this run has a PostgreSQL server (its own cluster or FVM_TEST_POSTGRES_URL). */
export const hasPostgres = (): boolean => provided().state === 'ready';

/** The superuser's URL of the run's server, on its `postgres` database. Throws where there is none. */
export function postgresUrl(): string {
  const postgres = provided();
  if (postgres.state !== 'ready') throw new Error(postgres.state === 'failed' ? postgres.reason : 'PostgreSQL is not available in this run');
  return postgres.url;
}

/**
 * A describe that runs on PostgreSQL. Where the run has none it is skipped (the run said why, once),
 * except under CI or when PostgreSQL is installed but would not start: there it fails. Its body runs
 * even when skipped, to list the tests; take URLs and databases in hooks, not in the body.
 */
export function describeOnPostgres(name: string, body: () => void): void {
  const postgres = provided();
  if (postgres.state === 'ready') describe(name, body);
  else if (postgres.state === 'skipped') describe.skip(name, body);
  else {
    describe(name, () => {
      it('needs PostgreSQL', () => {
        throw new Error(postgres.reason);
      });
    });
  }
}

export interface PostgresDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops the database, ending connections still open on it. */
  drop(): Promise<void>;
}

/**
 * A new, empty database on the run's server (about 0.1 s), for one test file, so files running in
 * parallel never see each other's rows. With `template`, a copy of that database instead (e.g. one
 * migrated once), which must have no open connections while it is copied.
 */
export async function freshPostgresDatabase(options: { template?: string } = {}): Promise<PostgresDatabase> {
  const adminUrl = postgresUrl();
  const name = `fvm_test_${randomBytes(6).toString('hex')}`;
  const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${ident(name)}${options.template ? ` TEMPLATE ${ident(options.template)}` : ''}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)).then(() => {}),
  };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
