// The registry's batch writes, the same contract on every engine: the same outcomes row by row,
// the same change history (verified), and on PostgreSQL the single writer SQLite gives for free,
// held across connections that write at once.
import {
  loadLogKeys,
  openSqliteStores,
  optionLinkSpec,
  optionSpec,
  serviceSpec,
  type BatchItem,
  type BatchOperation,
  type BatchResult,
  type EntityWriteSpec,
  type LedgerVerdict,
  type LogKeys,
} from '@fvm/db';
import { verifyLedgerPg } from '../../packages/db/src/postgres/logs/proof';
import { migratePostgres } from '../../packages/db/src/postgres/migrate';
import { openPgPool } from '../../packages/db/src/postgres/pool';
import { applyBatchPg } from '../../packages/db/src/postgres/writes';
import type { Viewer } from '@fvm/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';

const KEY = { FVM_PSEUDONYM_KEY: 'b6'.repeat(32) };
const ADMIN: Viewer = { tokenId: 1, organisationId: 1, role: 'regional_admin' };
const OTHER_ADMIN: Viewer = { tokenId: 2, organisationId: 2, role: 'org_admin' };

interface WriteEngine {
  write(spec: EntityWriteSpec, op: BatchOperation, items: readonly BatchItem[], viewer?: Viewer, options?: { allowPartial: boolean }): Promise<BatchResult>;
  verifyChanges(): Promise<LedgerVerdict>;
  close(): Promise<void>;
}

// The viewers' organisations: every row's owner is one (a foreign key).
const OWNERS = `INSERT INTO organisations (id, kind, name, owner_org_id) VALUES (1, 'region', 'Region', 1), (2, 'municipality', 'Kommun', 1) ON CONFLICT DO NOTHING`;

const clock = () => ({ today: '2026-12-03', now: new Date().toISOString() });

async function sqliteEngine(): Promise<WriteEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-writes-'));
  const keys = loadLogKeys(join(dir, 'r.key'), KEY);
  const stores = openSqliteStores(join(dir, 'r.sqlite'), keys);
  stores.handles.sqlite.exec(OWNERS);
  return {
    write: (spec, op, items, viewer = ADMIN, options = { allowPartial: false }) => stores.writes.applyBatch(spec, op, items, { viewer, ...clock() }, options),
    verifyChanges: () => stores.logs.verifyLedger('changes'),
    close: async () => {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresEngine(database: PostgresDatabase, keys: LogKeys): Promise<WriteEngine> {
  const pool = openPgPool(database.url);
  await migratePostgres(pool);
  await pool.query(OWNERS);
  return {
    write: (spec, op, items, viewer = ADMIN, options = { allowPartial: false }) => applyBatchPg(pool, keys, spec, op, items, { viewer, ...clock() }, options),
    verifyChanges: () => verifyLedgerPg(pool, keys, 'changes'),
    close: () => pool.end(),
  };
}

function contract(open: () => Promise<WriteEngine>) {
  let engine: WriteEngine;
  beforeAll(async () => {
    engine = await open();
  });
  afterAll(() => engine?.close());

  it('creates rows and answers each with its stored row', async () => {
    const r = await engine.write(optionSpec, 'create', [
      { values: { number: 1, name: 'Alternativ 1', nameEn: 'Option 1' } },
      { values: { number: 2, name: 'Alternativ 2', nameEn: 'Option 2' } },
    ]);
    expect(r.committed).toBe(true);
    expect(r.outcomes.map((o) => (o.kind === 'success' ? [o.row?.number, o.row?.version, o.row?.ownerOrgId, o.row?.isDemo] : o.kind))).toEqual([
      [1, 1, 1, false],
      [2, 1, 1, false],
    ]);
  });

  it('answers a repeated unique key with the rule and the field, and writes nothing of the batch', async () => {
    const r = await engine.write(optionSpec, 'create', [
      { values: { number: 3, name: 'Alternativ 3', nameEn: 'Option 3' } },
      { values: { number: 1, name: 'Igen', nameEn: 'Again' } },
    ]);
    expect(r.committed).toBe(false);
    expect(r.outcomes[0]).toEqual({ kind: 'not_applied', index: 0 });
    expect(r.outcomes[1]).toMatchObject({ kind: 'invalid', violations: [{ field: 'number', code: 'unique' }] });
    const again = await engine.write(optionSpec, 'create', [{ values: { number: 3, name: 'Alternativ 3', nameEn: 'Option 3' } }]);
    expect(again.outcomes[0]).toMatchObject({ kind: 'success', row: { number: 3 } });
  });

  it('commits the valid rows of a partial batch, each behind its own savepoint', async () => {
    const r = await engine.write(serviceSpec, 'create', [{ values: { name: 'Tjänst A' } }, { values: {} }, { values: { name: 'Tjänst B' } }], ADMIN, {
      allowPartial: true,
    });
    expect(r.committed).toBe(true);
    expect(r.outcomes.map((o) => o.kind)).toEqual(['success', 'invalid', 'success']);
    expect(r.outcomes[1]).toMatchObject({ violations: [{ field: 'name', code: 'required' }] });
  });

  it('answers a stale version with the current row, and another owner’s row as forbidden', async () => {
    const [created] = (await engine.write(serviceSpec, 'create', [{ values: { name: 'Tjänst C' } }])).outcomes;
    const row = created?.kind === 'success' ? created.row : null;
    const first = await engine.write(serviceSpec, 'update', [{ id: row!.id, version: 1, values: { name: 'Tjänst C2' } }]);
    expect(first.outcomes[0]).toMatchObject({ kind: 'success', row: { name: 'Tjänst C2', version: 2 } });
    const stale = await engine.write(serviceSpec, 'update', [{ id: row!.id, version: 1, values: { name: 'Tjänst C3' } }]);
    expect(stale.outcomes[0]).toMatchObject({ kind: 'conflict', yourVersion: 1, current: { name: 'Tjänst C2', version: 2 } });
    const foreign = await engine.write(serviceSpec, 'update', [{ id: row!.id, version: 2, values: { name: 'Kapad' } }], OTHER_ADMIN);
    expect(foreign.outcomes[0]!.kind).toBe('forbidden');
    const missing = await engine.write(serviceSpec, 'delete', [{ id: 999_999, version: 1 }]);
    expect(missing.outcomes[0]).toEqual({ kind: 'not_found', index: 0, id: 999_999 });
  });

  it('refuses to delete a row others refer to, naming the rule', async () => {
    const options = (
      await engine.write(optionSpec, 'create', [{ values: { number: 10, name: 'A10', nameEn: 'O10' } }, { values: { number: 11, name: 'A11', nameEn: 'O11' } }])
    ).outcomes.map((o) => (o.kind === 'success' ? o.row! : null));
    const link = await engine.write(optionLinkSpec, 'create', [{ values: { optionId: options[0]!.id, linkedOptionId: options[1]!.id } }]);
    expect(link.committed).toBe(true);
    const r = await engine.write(optionSpec, 'delete', [{ id: options[0]!.id, version: 1 }]);
    expect(r.outcomes[0]).toMatchObject({ kind: 'invalid', violations: [{ code: 'reference.in_use' }] });
    const dangling = await engine.write(optionLinkSpec, 'create', [{ values: { optionId: options[0]!.id, linkedOptionId: 424_242 } }]);
    expect(dangling.outcomes[0]).toMatchObject({ kind: 'invalid', violations: [{ code: 'reference.missing' }] });
  });

  it('writes a batch of thousands of rows, each with its change record', async () => {
    const r = await engine.write(
      serviceSpec,
      'create',
      Array.from({ length: 2_500 }, (_, i) => ({ values: { name: `Massa ${i}` } })),
    );
    expect(r.committed).toBe(true);
    expect(r.outcomes.filter((o) => o.kind === 'success')).toHaveLength(2_500);
  });

  it('links every change into the change history, which verifies', async () => {
    const verdict = await engine.verifyChanges();
    expect(verdict.breaks).toEqual([]);
    expect(verdict.ok).toBe(true);
    // options 1, 2, 3, 10, 11; services A, B, C (C created and renamed); one link; 2,500 services
    expect(verdict.recordsChecked).toBe(2_510);
  });
}

describe('batch writes on SQLite', () => contract(sqliteEngine));

describeOnPostgres('batch writes on PostgreSQL', () => {
  let database: PostgresDatabase;
  let keys: LogKeys;
  const dir = mkdtempSync(join(tmpdir(), 'fvm-writes-pg-'));
  beforeAll(async () => {
    database = await freshPostgresDatabase();
    keys = loadLogKeys(join(dir, 'r.key'), KEY);
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  contract(() => postgresEngine(database, keys));

  it('links batches written at once from several connections one after another: the change history stays one chain', async () => {
    // Two pools stand for two server processes on one database.
    const [a, b] = [await postgresEngine(database, keys), await postgresEngine(database, keys)];
    try {
      const before = (await a.verifyChanges()).recordsChecked;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? a : b).write(
            serviceSpec,
            'create',
            Array.from({ length: 5 }, (_, j) => ({ values: { name: `Samtidig ${i}.${j}` } })),
          ),
        ),
      );
      expect(results.every((r) => r.committed)).toBe(true);
      const verdict = await b.verifyChanges();
      expect(verdict.breaks).toEqual([]);
      expect(verdict.recordsChecked).toBe(before + 60);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
