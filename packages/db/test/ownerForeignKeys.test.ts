// Every registry row's owner, and an organisation's association, licensing municipality and
// roll-out stage, is a foreign key: the database itself refuses a row that names an organisation that does not exist,
// on both engines; and a file made before the keys keeps every row, and its append-only triggers,
// when it is migrated.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, loadDemoData, loadReferenceData, migrationsFolder, openDatabase } from '../src';
import { migratePostgres } from '../src/postgres/migrate';
import { openPgPool, type PgPool } from '../src/postgres/pool';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../../../test/support/postgres';

const MISSING = 987_654;
const FIRST_WITH_KEYS = '20261204063652_owner_foreign_keys';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fvm-owner-fk-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('owner foreign keys on SQLite', () => {
  it('refuses a row whose owner or association does not exist', () => {
    const { sqlite, db, close } = openDatabase(join(dir, 'fresh.sqlite'));
    try {
      loadReferenceData(db);
      const vgr = (sqlite.prepare(`SELECT id FROM organisations WHERE kind = 'region'`).get() as { id: number }).id;
      const insertStage = sqlite.prepare(`INSERT INTO rollout_stages (number, area, owner_org_id) VALUES (?, 'Probe', ?)`);
      expect(() => insertStage.run(90, MISSING)).toThrow(/FOREIGN KEY constraint failed/);
      insertStage.run(91, vgr);
      const setOwner = (column: string) => () => sqlite.prepare(`UPDATE organisations SET ${column} = ? WHERE id = ?`).run(MISSING, vgr);
      for (const column of ['owner_org_id', 'association_id', 'licensing_municipality_id'])
        expect(setOwner(column), column).toThrow(/FOREIGN KEY constraint failed/);
      expect(() => sqlite.prepare(`DELETE FROM organisations WHERE id = ?`).run(vgr)).toThrow(/FOREIGN KEY constraint failed/);
    } finally {
      close();
    }
  });

  it('migrates a file made before the keys with every row, and the review items’ no-delete trigger, kept', () => {
    const earlier = join(dir, 'migrations-before-keys');
    cpSync(migrationsFolder, earlier, { recursive: true });
    const later = readdirSync(earlier).filter((m) => m >= FIRST_WITH_KEYS);
    expect(later[0]).toBe(FIRST_WITH_KEYS);
    for (const m of later) rmSync(join(earlier, m), { recursive: true });

    const file = join(dir, 'existing.sqlite');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    const oldDb = createDb(old);
    migrate(drizzle({ client: old }), { migrationsFolder: earlier });
    loadReferenceData(oldDb);
    loadDemoData(oldDb);
    const tables = (old.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%owner_org_id%'`).all() as { name: string }[]).map(
      (t) => t.name,
    );
    const count = (db: Database.Database) =>
      Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
    const before = count(old);
    const triggersBefore = old.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all();
    expect(before.organisations).toBeGreaterThan(50);
    expect(before.call_offs).toBeGreaterThan(0);
    old.close();

    const { sqlite, close } = openDatabase(file);
    try {
      expect(count(sqlite)).toEqual(before);
      expect(sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all()).toEqual(triggersBefore);
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
      expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      const keyed = sqlite
        .prepare(`SELECT count(*) AS n FROM pragma_foreign_key_list('call_offs') WHERE "from" = 'owner_org_id' AND "table" = 'organisations'`)
        .get() as { n: number };
      expect(keyed.n).toBe(1);
    } finally {
      close();
    }
  });

  it('refuses to open a file whose rows name an owner that does not exist, naming them', () => {
    const earlier = join(dir, 'migrations-before-keys');
    const file = join(dir, 'dangling.sqlite');
    const old = new Database(file);
    migrate(drizzle({ client: old }), { migrationsFolder: earlier });
    loadReferenceData(createDb(old));
    old.prepare(`UPDATE organisations SET owner_org_id = ? WHERE id = (SELECT max(id) FROM organisations)`).run(MISSING);
    old.close();
    expect(() => openDatabase(file)).toThrow(/organisations row \d+ → organisations/);
  });

  it('refuses to open a file whose organisations name a roll-out stage that does not exist, naming them', () => {
    const earlier = join(dir, 'migrations-before-keys');
    const file = join(dir, 'dangling-stage.sqlite');
    const old = new Database(file);
    migrate(drizzle({ client: old }), { migrationsFolder: earlier });
    loadReferenceData(createDb(old));
    const org = old.prepare(`SELECT max(id) AS id FROM organisations`).get() as { id: number };
    old.prepare(`UPDATE organisations SET rollout_stage_id = ? WHERE id = ?`).run(MISSING, org.id);
    old.close();
    expect(() => openDatabase(file)).toThrow(new RegExp(`organisations row ${org.id} → rollout_stages`));
  });

  it('refuses an organisation whose roll-out stage does not exist, and the deletion of a stage one names', () => {
    const { sqlite, db, close } = openDatabase(join(dir, 'stages.sqlite'));
    try {
      loadReferenceData(db);
      const vgr = (sqlite.prepare(`SELECT id FROM organisations WHERE kind = 'region'`).get() as { id: number }).id;
      expect(() => sqlite.prepare(`UPDATE organisations SET rollout_stage_id = ? WHERE id = ?`).run(MISSING, vgr)).toThrow(/FOREIGN KEY constraint failed/);
      const stage = sqlite.prepare(`INSERT INTO rollout_stages (number, area, owner_org_id) VALUES (92, 'Probe', ?) RETURNING id`).get(vgr) as { id: number };
      sqlite.prepare(`UPDATE organisations SET rollout_stage_id = ? WHERE id = ?`).run(stage.id, vgr);
      expect(() => sqlite.prepare(`DELETE FROM rollout_stages WHERE id = ?`).run(stage.id)).toThrow(/FOREIGN KEY constraint failed/);
    } finally {
      close();
    }
  });
});

describeOnPostgres('owner foreign keys on PostgreSQL', () => {
  let database: PostgresDatabase;
  let pool: PgPool;
  beforeAll(async () => {
    database = await freshPostgresDatabase();
    pool = openPgPool(database.url, { max: 2 });
    await migratePostgres(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('refuses a row whose owner or association does not exist', async () => {
    const vgr = 1000;
    await pool.query(`INSERT INTO organisations (id, kind, name, owner_org_id) VALUES ($1, 'region', 'VGR', $1)`, [vgr]);
    await expect(pool.query(`INSERT INTO rollout_stages (number, area, owner_org_id) VALUES (90, 'Probe', $1)`, [MISSING])).rejects.toMatchObject({
      code: '23503',
    });
    await pool.query(`INSERT INTO rollout_stages (number, area, owner_org_id) VALUES (91, 'Probe', $1)`, [vgr]);
    for (const column of ['owner_org_id', 'association_id', 'licensing_municipality_id']) {
      await expect(pool.query(`UPDATE organisations SET ${column} = $1 WHERE id = $2`, [MISSING, vgr]), column).rejects.toMatchObject({ code: '23503' });
    }
  });

  it('checks an organisation’s roll-out stage at once, or at commit where the cycle’s writers defer it', async () => {
    const vgr = 1000;
    await expect(pool.query(`UPDATE organisations SET rollout_stage_id = $1 WHERE id = $2`, [MISSING, vgr])).rejects.toMatchObject({ code: '23503' });
    // An organisation before the stage it names, the stage owned by it: in one transaction, deferred.
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET CONSTRAINTS ALL DEFERRED');
      await client.query(`INSERT INTO organisations (id, kind, name, owner_org_id, rollout_stage_id) VALUES (1001, 'municipality', 'Ny', 1001, 500)`);
      await client.query(`INSERT INTO rollout_stages (id, number, area, owner_org_id) VALUES (500, 93, 'Probe', 1001)`);
      await client.query('COMMIT');
      // Deferred, a missing stage is still refused: at commit.
      await client.query('BEGIN');
      await client.query('SET CONSTRAINTS ALL DEFERRED');
      await client.query(`UPDATE organisations SET rollout_stage_id = $1 WHERE id = 1001`, [MISSING]);
      await expect(client.query('COMMIT')).rejects.toMatchObject({ code: '23503' });
    } finally {
      client.release();
    }
    expect((await pool.query(`SELECT rollout_stage_id FROM organisations WHERE id = 1001`)).rows).toEqual([{ rollout_stage_id: 500 }]);
    await expect(pool.query(`DELETE FROM rollout_stages WHERE id = 500`)).rejects.toMatchObject({ code: '23503' });
  });
});
