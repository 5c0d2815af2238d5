// A registry on PostgreSQL is seeded by the SQLite seeds themselves, run through a scratch SQLite
// copy: step by step beside a SQLite registry given the same seeds, the two hold the same rows
// (ids included), and the change history verifies on PostgreSQL after every step.
import {
  applyBatch,
  issueDemoTokens,
  loadDemoData,
  loadLogKeys,
  loadReferenceData,
  openDatabase,
  pgRegistryStores,
  recordUserLogRead,
  removeDemoData,
  serviceSpec,
  type Db,
  type LogKeys,
  type Sqlite,
} from '@fvm/db';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { selectList, tablesOf, toSqlite } from '../../packages/db/src/postgres/copyPlan';
import { migratePostgres } from '../../packages/db/src/postgres/migrate';
import { openPgPool, type PgPool } from '../../packages/db/src/postgres/pool';
import { verifyLedgerPg } from '../../packages/db/src/postgres/logs/proof';
import { throughScratchRegistry } from '../../packages/db/src/postgres/scratch';
import { loadDemoDataPg, loadReferenceDataPg, removeDemoDataPg } from '../../packages/db/src/postgres/seed';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';

const KEY = { FVM_PSEUDONYM_KEY: '5e'.repeat(32) };
const REGISTRY = tablesOf(['registry']);
/** Reference rows are stamped with the moment they were loaded, different on each engine; tokens are random. */
const STAMPS = new Set(['created_at', 'updated_at']);
const RANDOM_TABLES = new Set(['api_tokens']);

describeOnPostgres('seeding a registry on PostgreSQL with the SQLite seeds', () => {
  let dir: string;
  let keys: LogKeys;
  let database: PostgresDatabase;
  let pool: PgPool;
  let db: Db;
  let sqlite: Sqlite;
  let close: () => void;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fvm-seed-pg-'));
    keys = loadLogKeys(join(dir, 'registry.pseudonym.key'), KEY);
    ({ db, sqlite, close } = openDatabase(':memory:'));
    database = await freshPostgresDatabase();
    pool = openPgPool(database.url, { max: 2 });
    await migratePostgres(pool);
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
    close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every registry table's rows, as text, but for the load stamps and random tokens. */
  const onSqlite = () =>
    Object.fromEntries(
      REGISTRY.filter((t) => !RANDOM_TABLES.has(t.name)).map((t) => {
        const rows = sqlite
          .prepare(`SELECT ${t.columns.map((c) => `"${c.name}"`).join(', ')} FROM "${t.name}"${t.where ? ` WHERE ${t.where}` : ''}`)
          .raw(true)
          .all() as unknown[][];
        return [t.name, rows.map((r) => rowText(t.columns, r)).sort()];
      }),
    );
  const onPostgres = async () => {
    const out: Record<string, string[]> = {};
    for (const t of REGISTRY.filter((t) => !RANDOM_TABLES.has(t.name))) {
      const { rows } = await pool.query({ text: `SELECT ${selectList(t)} FROM "${t.name}"${t.where ? ` WHERE ${t.where}` : ''}`, rowMode: 'array' });
      out[t.name] = (rows as unknown[][])
        .map((r) =>
          rowText(
            t.columns,
            r.map((v, i) => toSqlite(t.columns[i]!.kind, v)),
          ),
        )
        .sort();
    }
    return out;
  };
  const rowText = (columns: readonly { name: string }[], row: readonly unknown[]) =>
    JSON.stringify(row.map((v, i) => (STAMPS.has(columns[i]!.name) ? '…' : Buffer.isBuffer(v) ? v.toString('hex') : v)));
  const countOf = async (table: string) => Number((await pool.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
  const ledgerVerifies = async () => {
    const verdict = await verifyLedgerPg(pool, keys, 'changes');
    expect(verdict.breaks).toEqual([]);
    expect(verdict.recordsChecked).toBe(sqlite.prepare('SELECT count(*) FROM changes').pluck().get());
  };
  const sameRegistry = async () => {
    const [there, here] = [await onPostgres(), onSqlite()];
    for (const table of Object.keys(here)) expect(there[table], table).toEqual(here[table]);
    await ledgerVerifies();
  };

  it('needs the reference data before the demo data, as on SQLite', async () => {
    await expect(loadDemoDataPg(pool)).rejects.toThrow('The demo data needs the reference data: run loadReferenceData first.');
    expect(await countOf('organisations')).toBe(0);
  });

  it('loads the reference data once, the same rows with the same ids', async () => {
    expect(await loadReferenceDataPg(pool)).toEqual(loadReferenceData(db));
    expect(await countOf('organisations')).toBeGreaterThan(50);
    await sameRegistry();
    expect(await loadReferenceDataPg(pool)).toEqual({ inserted: false });
    await sameRegistry();
  });

  it('loads the demo data as SQLite does, reference rows marked as there (stages) included, and only once', async () => {
    const loaded = await loadDemoDataPg(pool);
    expect(loaded).toEqual(loadDemoData(db));
    expect(loaded.counts.call_offs).toBeGreaterThan(0);
    expect(Number((await pool.query('SELECT count(*) AS n FROM organisations WHERE rollout_stage_id IS NOT NULL AND NOT is_demo')).rows[0].n)).toBeGreaterThan(
      0,
    );
    await sameRegistry();
    expect(await loadDemoDataPg(pool)).toEqual(loadDemoData(db));
    await sameRegistry();
  });

  it('issues demo tokens for the same demo users, the previous ones revoked', async () => {
    const strip = (tokens: { role: string; organisation: string; secret: string }[]) => tokens.map(({ role, organisation }) => ({ role, organisation }));
    for (let round = 0; round < 2; round++) {
      const issued = await pgRegistryStores(pool).tokens.issueDemoTokens();
      expect(strip(issued)).toEqual(strip(issueDemoTokens(db)));
      expect(issued.every((t) => t.secret.length > 20)).toBe(true);
    }
    const tokens = 'SELECT id, organisation_id, role, label, is_demo, revoked_at IS NULL AS live FROM api_tokens ORDER BY id';
    expect((await pool.query(tokens)).rows.map((r) => ({ ...r, is_demo: r.is_demo ? 1 : 0, live: r.live ? 1 : 0 }))).toEqual(sqlite.prepare(tokens).all());
  });

  it('continues the change history through the scratch copy: the same records and links as on SQLite, the head moved on', async () => {
    for (const [n, names] of [
      ['1', ['Test: Tjänst A', 'Test: Tjänst B']],
      ['2', ['Test: Tjänst C']],
    ] as const) {
      const now = `2026-11-22T10:0${n}:00.000Z`;
      const write = (scratch: { db: Db; sqlite: Sqlite }) =>
        applyBatch(
          scratch.sqlite,
          keys,
          serviceSpec,
          'create',
          names.map((name) => ({ values: { name } })),
          { viewer: { tokenId: 1, organisationId: 1, role: 'regional_admin' }, today: '2026-11-22', now },
        );
      const { result, changes } = await throughScratchRegistry(pool, write);
      expect(result.committed).toBe(true);
      expect(write({ db, sqlite }).committed).toBe(true);
      expect(changes).toMatchObject({
        services: { added: names.length, changed: 0, removed: 0 },
        changes: { added: names.length },
        proof_heads: n === '1' ? { added: 1 } : { changed: 1 },
      });
      await sameRegistry();
    }
    const links = 'SELECT id, hash FROM changes ORDER BY id';
    expect((await pool.query(links)).rows).toEqual(sqlite.prepare(links).all());
  });

  it('refuses a seed that writes the user log, and keeps nothing of it', async () => {
    const services = await countOf('services');
    const attempt = throughScratchRegistry(pool, (scratch) => {
      scratch.sqlite.prepare("INSERT INTO services (name, owner_org_id) VALUES ('Test: halvvägs', 1)").run();
      recordUserLogRead(scratch.sqlite, keys, {
        at: '2026-11-22T11:00:00.000Z',
        tokenId: 1,
        organisationId: 1,
        role: 'log_reviewer',
        purpose: 'test',
        filter: null,
        entryCount: 0,
      });
    });
    await expect(attempt).rejects.toThrow(/wrote the user log \(user_log_reads\), which is not carried to PostgreSQL/);
    expect(await countOf('services')).toBe(services);
    await sameRegistry();
  });

  it('removes the demo data as SQLite does, and a second demo load gets the ids SQLite would give', async () => {
    expect(await removeDemoDataPg(pool)).toEqual(removeDemoData(db));
    expect(Number((await pool.query('SELECT count(*) AS n FROM organisations WHERE is_demo OR rollout_stage_id IS NOT NULL')).rows[0].n)).toBe(0);
    await sameRegistry();
    // The change history keeps its records (it is append-only), as on SQLite.
    expect(await countOf('changes')).toBe(3);
    expect(await loadDemoDataPg(pool)).toEqual(loadDemoData(db));
    await sameRegistry();
    const first = 'SELECT min(id) AS id FROM call_offs';
    expect((await pool.query(first)).rows[0].id).toBe(sqlite.prepare(first).pluck().get());
  });
});
