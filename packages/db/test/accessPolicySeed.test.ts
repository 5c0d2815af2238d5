import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase } from '../src/client';
import { loadDemoData, removeDemoData } from '../src/seed/demo';
import { loadDemoLogs, removeDemoLogs } from '../src/seed/demoLogs';
import { keyFileFor, loadLogKeys } from '../src/userLogs/keys';
import { loadReferenceData } from '../src/seed/reference';

// The access-policy row the seeds fix reaches every registry: a fresh one through the reference
// data, one whose reference data was loaded before the table existed through its migration.

const dir = mkdtempSync(join(tmpdir(), 'fvm-policy-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REFERENCE = `select p.profession, c.code, p.may_read, p.may_write, p.may_sign, p.may_sign_mobile, o.kind, p.is_demo
  from access_policies p join information_categories c on c.id = p.category_id join organisations o on o.id = p.owner_org_id
  where p.is_demo = 0 order by c.code`;
const EXPECTED = ['delegated_task', 'medication_order'].map((code) => ({
  profession: 'nursing_assistant',
  code,
  may_read: 1,
  may_write: 0,
  may_sign: 0,
  may_sign_mobile: 1,
  kind: 'region',
  is_demo: 0,
}));

describe('the reference access policy', () => {
  it('is loaded with the reference data of a fresh registry, once', () => {
    const { db, sqlite, close } = openDatabase(join(dir, 'fresh.sqlite'));
    loadReferenceData(db);
    loadReferenceData(db);
    expect(sqlite.prepare(REFERENCE).all()).toEqual(EXPECTED);
    close();
  });

  it('is added by the migration to a registry whose reference data predates the table', () => {
    const older = join(dir, 'older-migrations');
    const mine = readdirSync(migrationsFolder).filter((m) => m.endsWith('_access_policy_disclosure'));
    expect(mine).toHaveLength(1);
    // Without the owner keys' migration too: it rebuilds the table this registry does not have yet.
    cpSync(migrationsFolder, older, { recursive: true, filter: (src) => !src.includes(mine[0]!) && !src.includes('_owner_foreign_keys') });
    const file = join(dir, 'older.sqlite');
    const before = openDatabase(file, { migrate: false });
    migrate(before.db, { migrationsFolder: older });
    // Reference data as an older registry loaded it: every table but the new one.
    before.sqlite.exec(
      'CREATE TABLE access_policies (id integer, profession text, category_id integer, may_read integer, may_write integer, may_sign integer, may_sign_mobile integer, owner_org_id integer, version integer default 1, is_demo integer default 0, created_at text default 0, updated_at text default 0)',
    );
    loadReferenceData(before.db);
    before.sqlite.exec('DROP TABLE access_policies');
    before.close();
    const after = openDatabase(file);
    expect(after.sqlite.prepare(REFERENCE).all()).toEqual(EXPECTED);
    after.close();
  });

  it('is reference data: removing the demo takes the demo policies and disclosure requests and leaves it', () => {
    const { db, sqlite, close } = openDatabase(join(dir, 'demo.sqlite'));
    loadReferenceData(db);
    const counts = loadDemoData(db).counts;
    expect(counts.access_policies).toBeGreaterThan(0);
    expect(counts.disclosure_requests).toBeGreaterThan(0);
    const removed = removeDemoData(db).removed;
    expect(removed.access_policies).toBe(counts.access_policies);
    expect(removed.disclosure_requests).toBe(counts.disclosure_requests);
    expect(sqlite.prepare('select count(*) n from disclosure_requests').get()).toEqual({ n: 0 });
    expect(sqlite.prepare(REFERENCE).all()).toEqual(EXPECTED);
    close();
  });

  it('loses its link, not its row, when the linked log entry is removed (purged, or the demo log taken away)', () => {
    const file = join(dir, 'link.sqlite');
    const { db, sqlite, close } = openDatabase(file);
    loadReferenceData(db);
    loadDemoData(db);
    const keys = loadLogKeys(keyFileFor(file), {});
    loadDemoLogs(sqlite, keys, { count: 400 });
    const entry = sqlite.prepare("select id from user_log_entries where action = 'disclose' and is_demo = 1 order by id limit 1").pluck().get() as number;
    const request = sqlite.prepare("select id from disclosure_requests where is_demo = 1 and outcome = 'release'").pluck().get() as number;
    sqlite.prepare('update disclosure_requests set user_log_entry_id = ? where id = ?').run(entry, request);
    removeDemoLogs(sqlite, keys);
    expect(sqlite.prepare('select user_log_entry_id from disclosure_requests where id = ?').get(request)).toEqual({ user_log_entry_id: null });
    expect(removeDemoData(db).removed.disclosure_requests).toBeGreaterThan(0);
    close();
  });
});
