// An all-or-nothing batch of updates goes to the engine as one effect (updateRows), which
// PostgreSQL writes many rows to a statement: the answers must stay those of row by row on both
// engines. A refused key is named by row and field, nothing of the batch is written, and a swap
// of unique keys inside one batch is refused as row by row refuses it (a statement could pass it).
import {
  loadLogKeys,
  openSqliteStores,
  optionSpec,
  type BatchItem,
  type BatchOperation,
  type BatchResult,
  type EntityWriteSpec,
  type LedgerVerdict,
  type LogKeys,
} from '@fvm/db';
import type { Viewer } from '@fvm/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedgerPg } from '../../packages/db/src/postgres/logs/proof';
import { migratePostgres } from '../../packages/db/src/postgres/migrate';
import { openPgPool } from '../../packages/db/src/postgres/pool';
import { applyBatchPg } from '../../packages/db/src/postgres/writes';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';

const KEY = { FVM_PSEUDONYM_KEY: 'c7'.repeat(32) };
const ADMIN: Viewer = { tokenId: 1, organisationId: 1, role: 'regional_admin' };
// The admin's organisation: every row's owner is one (a foreign key).
const OWNER = `INSERT INTO organisations (id, kind, name, owner_org_id) VALUES (1, 'region', 'Region', 1) ON CONFLICT DO NOTHING`;
const clock = () => ({ today: '2026-12-03', now: new Date().toISOString() });

interface Engine {
  write(spec: EntityWriteSpec, op: BatchOperation, items: readonly BatchItem[]): Promise<BatchResult>;
  numbers(): Promise<number[]>;
  verifyChanges(): Promise<LedgerVerdict>;
  close(): Promise<void>;
}

async function sqliteEngine(): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-rows-'));
  const stores = openSqliteStores(join(dir, 'r.sqlite'), loadLogKeys(join(dir, 'r.key'), KEY));
  stores.handles.sqlite.exec(OWNER);
  return {
    write: (spec, op, items) => stores.writes.applyBatch(spec, op, items, { viewer: ADMIN, ...clock() }, { allowPartial: false }),
    numbers: async () => stores.handles.sqlite.prepare('SELECT number FROM options ORDER BY id').pluck().all() as number[],
    verifyChanges: () => stores.logs.verifyLedger('changes'),
    close: async () => {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresEngine(database: PostgresDatabase, keys: LogKeys): Promise<Engine> {
  const pool = openPgPool(database.url);
  await migratePostgres(pool);
  await pool.query(OWNER);
  return {
    write: (spec, op, items) => applyBatchPg(pool, keys, spec, op, items, { viewer: ADMIN, ...clock() }, {}),
    numbers: async () => (await pool.query('SELECT number FROM options ORDER BY id')).rows.map((r) => Number(r.number)),
    verifyChanges: () => verifyLedgerPg(pool, keys, 'changes'),
    close: () => pool.end(),
  };
}

function contract(open: () => Promise<Engine>) {
  let engine: Engine;
  let ids: number[] = [];
  beforeAll(async () => {
    engine = await open();
    const created = await engine.write(
      optionSpec,
      'create',
      Array.from({ length: 1_500 }, (_, i) => ({ values: { number: 1_000 + i, name: `Alternativ ${i}`, nameEn: `Option ${i}` } })),
    );
    ids = created.outcomes.map((o) => (o.kind === 'success' ? o.row!.id : 0));
  });
  afterAll(() => engine?.close());
  const all = (version: number, change: (i: number) => Record<string, unknown>) => ids.map((id, i) => ({ id, version, values: change(i) }));

  it('updates 1,500 rows, each answered with its own row at the next version', async () => {
    const r = await engine.write(
      optionSpec,
      'update',
      all(1, (i) => ({ name: `Ändrat ${i}`, number: 5_000 + i })),
    );
    expect(r.committed).toBe(true);
    expect(
      r.outcomes.every(
        (o, i) => o.kind === 'success' && o.row!.id === ids[i] && o.row!.version === 2 && o.row!.number === 5_000 + i && o.row!.name === `Ändrat ${i}`,
      ),
    ).toBe(true);
    expect(await engine.numbers()).toEqual(ids.map((_, i) => 5_000 + i));
  });

  it('names the row and field of a refused key, and writes nothing of the batch', async () => {
    // Row 1,200 takes the number row 3 keeps (row 3 is not changed).
    const items = all(2, (i) => ({ name: `Igen ${i}`, number: i === 1_200 ? 5_003 : 7_000 + i })).filter((_, i) => i !== 3);
    const r = await engine.write(optionSpec, 'update', items);
    expect(r.committed).toBe(false);
    expect(r.outcomes[1_199]).toMatchObject({ kind: 'invalid', index: 1_199, violations: [{ field: 'number', code: 'unique' }] });
    expect(r.outcomes.filter((o) => o.kind === 'invalid')).toHaveLength(1);
    expect(r.outcomes.filter((o) => o.kind === 'not_applied')).toHaveLength(1_498);
    expect(await engine.numbers()).toEqual(ids.map((_, i) => 5_000 + i));
  });

  it('refuses a swap of keys inside one batch as row by row does: at the first row that takes a key still held', async () => {
    // Row 0 takes row 1's number and row 1 moves on: one row after another, row 0 finds it taken.
    const r = await engine.write(
      optionSpec,
      'update',
      all(2, (i) => ({ number: i === 0 ? 5_001 : i === 1 ? 9_999 : 5_000 + i, name: `Byte ${i}` })),
    );
    expect(r.committed).toBe(false);
    expect(r.outcomes[0]).toMatchObject({ kind: 'invalid', violations: [{ field: 'number', code: 'unique' }] });
    expect(await engine.numbers()).toEqual(ids.map((_, i) => 5_000 + i));
    // The same with the batch in the reverse order of the rows: the last row of the batch gives up
    // the number the one before it takes, too late one row after another (a statement that met
    // the rows in their stored order would pass it).
    const reversed = all(2, (i) => ({ number: i === 1 ? 5_000 : i === 0 ? 9_999 : 5_000 + i, name: `Bak ${i}` })).reverse();
    const back = await engine.write(optionSpec, 'update', reversed);
    expect(back.committed).toBe(false);
    expect(back.outcomes[ids.length - 2]).toMatchObject({ kind: 'invalid', violations: [{ field: 'number', code: 'unique' }] });
    expect(await engine.numbers()).toEqual(ids.map((_, i) => 5_000 + i));
  });

  it('answers a row that moved as a conflict, and the rows after it are written with the batch refused', async () => {
    const r = await engine.write(
      optionSpec,
      'update',
      all(2, (i) => ({ name: `Sen ${i}` })).map((item, i) => (i === 700 ? { ...item, version: 1 } : item)),
    );
    expect(r.committed).toBe(false);
    expect(r.outcomes[700]).toMatchObject({ kind: 'conflict', yourVersion: 1 });
  });

  it('keeps one change per written row in the history, which verifies', async () => {
    const verdict = await engine.verifyChanges();
    expect(verdict.breaks).toEqual([]);
    expect(verdict.recordsChecked).toBe(3_000);
  });
}

describe('updates written together on SQLite', () => contract(sqliteEngine));

describeOnPostgres('updates written together on PostgreSQL', () => {
  let database: PostgresDatabase;
  let keys: LogKeys;
  const dir = mkdtempSync(join(tmpdir(), 'fvm-rows-pg-'));
  beforeAll(async () => {
    database = await freshPostgresDatabase();
    keys = loadLogKeys(join(dir, 'r.key'), KEY);
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  contract(() => postgresEngine(database, keys));

  it('writes them many to a statement', async () => {
    // A pool of its own whose statements are counted.
    const pool = openPgPool(database.url);
    let statements = 0;
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: unknown }).query = (...args: unknown[]) => (statements++, query(...args));
    });
    try {
      const rows = (await pool.query('SELECT id, version FROM options ORDER BY id')).rows as { id: number; version: number }[];
      statements = 0;
      const r = await applyBatchPg(
        pool,
        keys,
        optionSpec,
        'update',
        rows.map((row, i) => ({ id: row.id, version: row.version, values: { name: `Många ${i}` } })),
        { viewer: ADMIN, ...clock() },
        {},
      );
      expect(r.committed).toBe(true);
      expect(r.outcomes.every((o, i) => o.kind === 'success' && o.row!.name === `Många ${i}`)).toBe(true);
      expect(Number((await pool.query("SELECT count(*) AS n FROM options WHERE name LIKE 'Många %'")).rows[0].n)).toBe(rows.length);
      // 1,500 rows: two UPDATEs (1,000 + 500) in their savepoints, not 1,500.
      expect(statements).toBeLessThan(40);
    } finally {
      await pool.end();
    }
  });
});
