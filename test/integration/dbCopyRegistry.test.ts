// `db copy` moves the whole registry to PostgreSQL: every table of a demo registry as `npm start`
// leaves it (reference and demo data, demo log, log review, tokens, changes made through the write
// path), ids and sequences kept, checked on arrival; the change history verifies there under the
// same keys, and an entry altered behind the triggers' back is named by that verification.
import { loadLogKeys, openDatabase, openStores, serviceSpec, type LogKeys, type Sqlite } from '@fvm/db';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyRegistryToPostgres, copyRegistryWithLogToPostgres, CopyRefusedError, type CopyProgress } from '../../packages/db/src/postgres/copyRegistry';
import { compareSample, sampleOf } from '../../packages/db/src/postgres/copyCheck';
import { COPY_ORDER, selectList, tablesOf, toSqlite } from '../../packages/db/src/postgres/copyPlan';
import { migratePostgres } from '../../packages/db/src/postgres/migrate';
import { openPgPool, type PgPool } from '../../packages/db/src/postgres/pool';
import { removeDemoLogsPg } from '../../packages/db/src/postgres/logs/maintenance';
import { verifyChainsPg, verifyLedgerPg } from '../../packages/db/src/postgres/logs/proof';
import { removeDemoDataPg } from '../../packages/db/src/postgres/seed';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';

const KEY = { FVM_PSEUDONYM_KEY: 'c3'.repeat(32) };
const VGR = '2321000131';
const DIGEST = ['user_log_action_days', 'user_log_digest_state', 'user_log_patient_units', 'user_log_user_days'];

describeOnPostgres('db copy: the whole registry to PostgreSQL', () => {
  let dir: string;
  let keys: LogKeys;
  let sqlite: Sqlite;
  let closeSource: () => void;
  let target: PostgresDatabase;
  let pool: PgPool;
  const extra: PostgresDatabase[] = [];

  /** Every table SQLite has, from its catalogue rather than from the copy's own plan. */
  const sqliteTables = () =>
    sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
      .pluck()
      .all() as string[];
  const count = (table: string) => sqlite.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
  const countPg = async (p: PgPool, table: string) => Number((await p.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fvm-copy-registry-'));
    const file = join(dir, 'registry.sqlite');
    keys = loadLogKeys(join(dir, 'registry.pseudonym.key'), KEY);
    // As `npm start` makes it on an empty file, then a few registry writes, a checkpoint and a read of the log.
    const stores = await openStores(file, keys);
    await stores.seed.loadReferenceData();
    await stores.seed.loadDemoData();
    await stores.seed.loadDemoLogs({ count: 2_000 });
    await stores.seed.loadDemoLogReview();
    await stores.tokens.issueDemoTokens();
    const vgr = (await stores.organisations.findByCodeOrNumber(VGR))!;
    const viewer = { tokenId: 1, organisationId: vgr.id, role: 'regional_admin' as const };
    const written = await stores.writes.applyBatch(
      serviceSpec,
      'create',
      [{ values: { name: 'Demo: Kopiering' } }, { values: { name: 'Demo: Flytt' } }],
      { viewer, today: '2026-11-22', now: new Date().toISOString() },
      { allowPartial: false },
    );
    expect(written.committed).toBe(true);
    await stores.logs.recordCheckpoints('manual');
    await stores.close();
    ({ sqlite, close: closeSource } = openDatabase(file, { migrate: false }));
    target = await freshPostgresDatabase();
    pool = openPgPool(target.url, { max: 2 });
    await migratePostgres(pool);
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await target?.drop();
    for (const db of extra) await db.drop();
    closeSource?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table with its rows, ids and sealed heads, checked on arrival', async () => {
    const seen = new Map<string, CopyProgress>();
    const report = await copyRegistryWithLogToPostgres(sqlite, pool, keys, (p) => seen.set(p.table, p));
    expect(report.problems).toEqual([]);
    expect(report.verified).toEqual([
      { record: 'changes', ok: true },
      { record: 'user_log_chains', ok: true },
      { record: 'user_log_reads', ok: true },
    ]);
    // Every table SQLite has, the same count on both sides; the copy's plan missed none but the
    // review digest, which is computed from the entries and left to be computed again.
    const tables = sqliteTables().filter((t) => !DIGEST.includes(t));
    expect(Object.keys(report.counts).sort()).toEqual(tables);
    for (const table of DIGEST) expect(await countPg(pool, table), table).toBe(table === 'user_log_digest_state' ? 1 : 0);
    expect((await pool.query('SELECT last_entry_id FROM user_log_digest_state')).rows).toEqual([{ last_entry_id: 0 }]);
    for (const table of tables) {
      expect(await countPg(pool, table), table).toBe(count(table));
      expect(report.counts[table], table).toBe(count(table));
      expect(seen.get(table), table).toMatchObject({ copied: count(table), of: count(table) });
    }
    expect(await countPg(pool, 'user_log_entry_keys')).toBe(count('user_log_entries'));
    // Not a copy of empty tables: what the demo registry holds is there.
    for (const table of [
      'organisations',
      'agreements',
      'api_tokens',
      'changes',
      'log_review_items',
      'log_review_selections',
      'user_log_entries',
      'user_log_checkpoints',
      'user_log_reads',
    ]) {
      expect(count(table), table).toBeGreaterThan(0);
    }
    expect(count('proof_heads')).toBe(3);
    expect(report.sampleCompared).toBeGreaterThan(1_000);
  });

  it('keeps every value, table by table, as the other engine reads it', async () => {
    for (const table of COPY_ORDER.filter((t) => !t.derived)) {
      const order = table.key.map((k) => `"${k}"`).join(', ');
      const there = (await pool.query({ text: `SELECT ${selectList(table)} FROM "${table.name}" ORDER BY ${order}`, rowMode: 'array' })).rows.map(
        (r: unknown[]) => r.map((v, i) => toSqlite(table.columns[i]!.kind, v)),
      );
      const here = sqlite
        .prepare(`SELECT ${table.columns.map((c) => `"${c.name}"`).join(', ')} FROM "${table.name}" ORDER BY ${order}`)
        .raw(true)
        .all() as unknown[][];
      // Composite keys sort alike on both engines only where they are numbers and ASCII text; compare as sets there.
      const key = (r: unknown[]) => JSON.stringify(r.map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
      expect(new Set(there.map(key)), table.name).toEqual(new Set(here.map(key)));
    }
  });

  it('has its sample check name a value that differs between the engines', async () => {
    const organisations = tablesOf(['registry']).find((t) => t.name === 'organisations')!;
    const sample = sampleOf(sqlite, organisations);
    expect(await compareSample(pool, sample, 20)).toEqual([]);
    const id = sample.rows[0]![0] as number;
    const name = (await pool.query('SELECT name FROM organisations WHERE id = $1', [id])).rows[0].name as string;
    await pool.query("UPDATE organisations SET name = name || ' (altered)', own_principal = NOT own_principal WHERE id = $1", [id]);
    try {
      expect(await compareSample(pool, sample, 20)).toEqual([`organisations [${id}]: name, own_principal differ`]);
    } finally {
      await pool.query('UPDATE organisations SET name = $1, own_principal = NOT own_principal WHERE id = $2', [name, id]);
    }
  });

  it('lets the change history, the chains and the record of reads verify on PostgreSQL under the same keys', async () => {
    const changes = await verifyLedgerPg(pool, keys, 'changes');
    expect(changes).toMatchObject({ ok: true, breakCount: 0, recordsChecked: count('changes') });
    expect(changes.recordsChecked).toBeGreaterThan(2);
    expect((await verifyLedgerPg(pool, keys, 'user_log_reads')).ok).toBe(true);
    expect((await verifyChainsPg(pool, keys)).ok).toBe(true);
  });

  it('sets every sequence past the last id SQLite gave out', async () => {
    for (const table of COPY_ORDER.filter((t) => t.identity)) {
      const given = (sqlite.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(table.name) as number | undefined) ?? 0;
      const { rows } = await pool.query(
        `SELECT last_value, is_called FROM ${(await pool.query("SELECT pg_get_serial_sequence($1, 'id') AS s", [table.name])).rows[0].s}`,
      );
      expect(rows[0].is_called ? Number(rows[0].last_value) : 0, table.name).toBe(given);
    }
  });

  it('leaves the append-only triggers in force', async () => {
    await expect(pool.query("UPDATE changes SET actor_role = 'analyst'")).rejects.toThrow('the change history is append-only');
    await expect(pool.query('DELETE FROM user_log_entries')).rejects.toThrow('user log entries are append-only');
    await expect(pool.query('DELETE FROM proof_heads')).rejects.toThrow('sealed heads are never deleted');
  });

  it('refuses a second copy into a database that is no longer empty, writing nothing', async () => {
    const before = await countPg(pool, 'organisations');
    const copy = copyRegistryWithLogToPostgres(sqlite, pool, keys);
    await expect(copy).rejects.toBeInstanceOf(CopyRefusedError);
    await expect(copy).rejects.toThrow(/The PostgreSQL database is not empty \(organisations, .* already hold rows\): copy into an empty one\./);
    await expect(copyRegistryToPostgres(sqlite, pool, keys)).rejects.toBeInstanceOf(CopyRefusedError);
    expect(await countPg(pool, 'organisations')).toBe(before);
  });

  it('names a change altered behind the triggers’ back, and verifies again once it is put back', async () => {
    const id = Number((await pool.query('SELECT min(id) AS id FROM changes')).rows[0].id);
    const role = (await pool.query('SELECT actor_role FROM changes WHERE id = $1', [id])).rows[0].actor_role as string;
    const alter = async (to: string) => {
      await pool.query('ALTER TABLE changes DISABLE TRIGGER ALL');
      try {
        await pool.query('UPDATE changes SET actor_role = $1 WHERE id = $2', [to, id]);
      } finally {
        await pool.query('ALTER TABLE changes ENABLE TRIGGER ALL');
      }
    };
    await alter('org_admin');
    const tampered = await verifyLedgerPg(pool, keys, 'changes');
    expect(tampered).toMatchObject({ ok: false, breakCount: 1, breaks: [{ record: 'change', id }] });
    await alter(role);
    expect((await verifyLedgerPg(pool, keys, 'changes')).ok).toBe(true);
  });

  it('takes the demo away there as on SQLite: the demo log first, then the demo rows, review items and selections with them', async () => {
    const twin = join(dir, 'twin.sqlite');
    sqlite.exec(`VACUUM INTO '${twin}'`);
    const stores = await openStores(twin, keys);
    const onSqlite = { log: await stores.seed.removeDemoLogs(), rows: await stores.seed.removeDemoData() };
    await stores.close();
    expect(count('log_review_items')).toBeGreaterThan(0);
    expect(await removeDemoLogsPg(pool, keys)).toEqual(onSqlite.log);
    expect(await removeDemoDataPg(pool)).toEqual(onSqlite.rows);
    const { sqlite: after, close } = openDatabase(twin, { migrate: false });
    try {
      for (const table of COPY_ORDER.filter((t) => !t.derived)) {
        expect(await countPg(pool, table.name), table.name).toBe(after.prepare(`SELECT count(*) FROM "${table.name}"`).pluck().get());
      }
      expect(after.prepare('SELECT count(*) FROM log_review_items').pluck().get()).toBe(0);
    } finally {
      close();
    }
    expect((await verifyLedgerPg(pool, keys, 'changes')).ok).toBe(true);
    expect((await verifyChainsPg(pool, keys)).ok).toBe(true);
  });

  it('copies the registry alone, without its user log, with the change history’s head only', async () => {
    const alone = await freshPostgresDatabase();
    extra.push(alone);
    const p = openPgPool(alone.url, { max: 2 });
    try {
      await migratePostgres(p);
      const report = await copyRegistryToPostgres(sqlite, p, keys);
      expect(report.problems).toEqual([]);
      expect(report.verified).toEqual([{ record: 'changes', ok: true }]);
      for (const table of sqliteTables()) {
        const expected =
          table === 'proof_heads'
            ? 1
            : table.startsWith('user_log_')
              ? ['user_log_purge_gate', 'user_log_digest_state'].includes(table)
                ? 1
                : 0
              : count(table);
        expect(await countPg(p, table), table).toBe(expected);
      }
      expect((await p.query('SELECT name FROM proof_heads')).rows).toEqual([{ name: 'changes' }]);
    } finally {
      await p.end();
    }
  });
});
