// The command line with the user log on PostgreSQL (FVM_LOG_DATABASE), the registry in its file:
// an import lands in the log's database and verifies there; what is not yet done there says so.
// Then the whole registry copied there, and the command line run against it (FVM_DATABASE).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keyFileFor } from '@fvm/db';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';
import { runFvm } from '../../apps/server/test/support/fvm';

describeOnPostgres('fvm logs with the user log on PostgreSQL', () => {
  let dir: string;
  let log: PostgresDatabase;
  const fvm = (args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, FVM_DATABASE: join(dir, 'registry.sqlite'), FVM_LOG_DATABASE: log.url };
    delete env.FVM_PSEUDONYM_KEY;
    delete env.INIT_CWD;
    return runFvm(args, env);
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fvm-split-cli-'));
    log = await freshPostgresDatabase();
  });
  afterAll(async () => {
    await log?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a file into monthly partitions, verifies it, and refuses what it cannot yet do by name', async () => {
    const file = join(dir, 'entries.ndjson');
    expect((await fvm(['logs', 'demo', '1500', '--out', file, '--from', '2025-11-01', '--to', '2026-02-01'])).code).toBe(0);
    const imported = await fvm(['logs', 'import', file]);
    expect(imported.stdout).toContain('stored 1500');
    const client = new pg.Client({ connectionString: log.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM user_log_entries GROUP BY 1 ORDER BY 1');
      expect(rows.map((r) => r.part)).toEqual(['user_log_entries_y2025m11', 'user_log_entries_y2025m12', 'user_log_entries_y2026m01']);
      expect(rows.reduce((n, r) => n + r.n, 0)).toBe(1500);
    } finally {
      await client.end();
    }
    const again = await fvm(['logs', 'import', file]);
    expect(again.stdout).toContain('stored 0, duplicates 1500');
    const verified = await fvm(['logs', 'verify']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/All \d+ chains verify \(1500 entries/);
    expect(verified.stdout).toContain('SKIPPED the log review’s digest');
    expect((await fvm(['logs', 'purge', '--today', '2031-06-01', '--dry-run'])).stdout).toContain('Nothing to purge');
    const rebuild = await fvm(['logs', 'rebuild-digest']);
    expect(rebuild.code).toBe(1);
    expect(rebuild.stderr).toContain('Not yet available with the user log on PostgreSQL (issue 10, in progress): Rebuilding the log review digest.');
    expect(rebuild.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('copies a demo registry with its user log to PostgreSQL, checked, and the registry then runs with its log there', async () => {
    const copyDir = mkdtempSync(join(tmpdir(), 'fvm-copy-cli-'));
    const target = await freshPostgresDatabase();
    try {
      const file = join(copyDir, 'registry.sqlite');
      const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
        const env: NodeJS.ProcessEnv = { ...process.env, FVM_DATABASE: file, FVM_DEMO_LOG_ENTRIES: '3000', ...extra };
        delete env.FVM_PSEUDONYM_KEY;
        delete env.INIT_CWD;
        delete env.FVM_LOG_DATABASE;
        return runFvm(args, { ...env, ...extra });
      };
      expect((await run(['demo', 'load'])).code).toBe(0);
      expect((await run(['logs', 'checkpoint'])).code).toBe(0);
      const onSqlite = await run(['logs', 'verify']);
      expect(onSqlite.code).toBe(0);
      const copied = await run(['db', 'copy', '--to', target.url]);
      expect(copied.stdout).toMatch(/Copied [\d,]+ rows of \d+ tables in .*: 3,000 entries/);
      expect(copied.code).toBe(0);
      expect(copied.stdout).toContain('OK      the change history recomputed on PostgreSQL');
      expect(copied.stdout).toContain('OK      every chain recomputed on PostgreSQL');
      expect(copied.stdout).toMatch(/OK {6}counts of every table, and [\d,]+ rows compared value by value/);
      // The same chains, counts and checkpoints, verified on the other side.
      const onPostgres = await run(['logs', 'verify'], { FVM_LOG_DATABASE: target.url });
      expect(onPostgres.code).toBe(0);
      const chains = (out: string) =>
        out
          .split('\n')
          .filter((l) => /^OK\s+chain /.test(l))
          .sort();
      expect(chains(onPostgres.stdout)).toEqual(chains(onSqlite.stdout));
      // A copy never goes into a log that has entries.
      const again = await run(['db', 'copy', '--to', target.url]);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain('The PostgreSQL database is not empty');
      expect(again.stderr).not.toMatch(/\n\s+at /);

      // The whole registry on PostgreSQL: the copy is the registry now, its keys still in their file.
      const onPg = (args: string[]) => run(args, { FVM_DATABASE: target.url, FVM_KEY_FILE: keyFileFor(file) });
      const created = await onPg(['token', 'create', '--org', '1480', '--role', 'org_admin', '--label', 'cli on pg']);
      expect(created.code).toBe(0);
      expect((await onPg(['token', 'list'])).stdout).toMatch(/Göteborg\s+org_admin\s+cli on pg/);
      expect((await onPg(['demo', 'tokens'])).stdout).toMatch(/regional_admin\s+Västra Götalandsregionen\s+fvm_/);
      expect((await onPg(['logs', 'rebuild-digest'])).code).toBe(0);
      const whole = await onPg(['logs', 'verify']);
      expect(whole.code).toBe(0);
      expect(chains(whole.stdout)).toEqual(chains(onSqlite.stdout));
      expect(whole.stdout).toContain('OK      the log review’s digest matches the entries');
      const removed = await onPg(['demo', 'remove']);
      expect(removed.code).toBe(0);
      const afterRemoval = await onPg(['logs', 'verify']);
      expect(afterRemoval.code).toBe(0);
      expect(afterRemoval.stdout).toMatch(/All \d+ chains verify \(0 entries/);
    } finally {
      await target.drop();
      rmSync(copyDir, { recursive: true, force: true });
    }
  }, 180_000);
});
