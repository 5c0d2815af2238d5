// The user log's store, the same contract on every engine: SQLite, and PostgreSQL with the registry
// beside it on SQLite (split mode). Same entries, same keys: same answers, down to the chains' hashes.
import { generateDemoLogEntries, loadLogKeys, openStores, type LogKeys, type Stores, type UserLogRecord } from '@fvm/db';
import type { UserLogEntryInput } from '@fvm/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';

const KEY = { FVM_PSEUDONYM_KEY: 'a5'.repeat(32) };
const NOW = new Date('2026-06-15T12:00:00Z');
const START = Date.parse('2026-03-20T00:00:00Z');
const END = Date.parse('2026-06-10T00:00:00Z');

interface Engine {
  stores: Stores;
  keys: LogKeys;
  close(): Promise<void>;
}

async function openEngine(logDatabase?: () => Promise<PostgresDatabase>): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-store-'));
  const keys = loadLogKeys(join(dir, 'r.pseudonym.key'), KEY);
  const pg = logDatabase ? await logDatabase() : null;
  const stores = await openStores(join(dir, 'r.sqlite'), keys, { logDatabase: pg?.url });
  await stores.seed.loadReferenceData();
  return {
    stores,
    keys,
    close: async () => {
      await stores.close();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function entries(stores: Stores, count: number, seed = 7): Promise<UserLogEntryInput[]> {
  return [...generateDemoLogEntries(await stores.logs.demoWorld(), count, { seed, startMs: START, endMs: END })];
}

async function append(stores: Stores, batch: Partial<UserLogEntryInput>[], options: { allowPartial?: boolean } = {}) {
  const vgr = (await stores.organisations.findByCodeOrNumber('2321000131'))!;
  return stores.logs.append(batch, { submittedByOrgId: vgr.id, isDemo: false, today: NOW.toISOString().slice(0, 10), nowMs: NOW.getTime() }, options);
}

/** Every entry of a scope, newest first, page by page. */
async function everyEntry(stores: Stores, scope: Parameters<Stores['logs']['readPage']>[0], pageSize: number): Promise<UserLogRecord[]> {
  const all: UserLogRecord[] = [];
  for (let after = null as { occurredAt: number; id: number } | null; ; ) {
    const page = await stores.logs.readPage(scope, {}, { limit: pageSize, after, newestFirst: true });
    all.push(...page.rows);
    if (!page.hasMore) return all;
    const last = page.rows.at(-1)!;
    after = { occurredAt: last.occurredAt, id: last.id };
  }
}

function contract(name: string, describeIt: (name: string, body: () => void) => void, logDatabase?: () => Promise<PostgresDatabase>) {
  describeIt(`the user log store on ${name}`, () => {
    let engine: Engine;
    let batch: UserLogEntryInput[];
    beforeAll(async () => {
      engine = await openEngine(logDatabase);
      batch = await entries(engine.stores, 600);
    }, 60_000);
    afterAll(() => engine?.close());

    it('stores a batch in one transaction, each entry with its id, and takes a resent batch as duplicates', async () => {
      const first = await append(engine.stores, batch);
      expect(first).toMatchObject({ committed: true, stored: 600, duplicates: 0, rejected: [] });
      const ids = first.storedEntries.map((e) => e.entryId);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const again = await append(engine.stores, batch.slice(0, 50));
      expect(again).toMatchObject({ committed: false, stored: 0, duplicates: 50 });
      expect(again.duplicateEntries.map((d) => d.entryId)).toEqual(ids.slice(0, 50));
    });

    it('refuses a source id stored with other content, and stores nothing of that batch', async () => {
      const changed = { ...batch[3]!, careUnit: 'Another unit' };
      const fresh = (await entries(engine.stores, 2, 99))[0]!;
      const result = await append(engine.stores, [fresh, changed]);
      expect(result.committed).toBe(false);
      expect(result.rejected).toEqual([{ index: 1, violations: [expect.objectContaining({ field: 'sourceEntryId', code: 'log.source_id_conflict' })] }]);
      expect(await engine.stores.logs.count({ kind: 'pseudonymised' }, {})).toBe(600);
    });

    it('reads pages by keyset newest first, each entry once, as many as it counts', async () => {
      const all = await everyEntry(engine.stores, { kind: 'pseudonymised' }, 70);
      expect(all).toHaveLength(600);
      expect(new Set(all.map((e) => e.id)).size).toBe(600);
      for (let i = 1; i < all.length; i++) expect([all[i - 1]!.occurredAt, all[i - 1]!.id] > [all[i]!.occurredAt, all[i]!.id] || all[i - 1]!.occurredAt > all[i]!.occurredAt).toBe(true);
      // Back from a cursor: the page before it, in the list's order.
      const before = await engine.stores.logs.readPage({ kind: 'pseudonymised' }, {}, { limit: 5, before: { occurredAt: all[10]!.occurredAt, id: all[10]!.id }, newestFirst: true });
      expect(before.rows.map((e) => e.id)).toEqual(all.slice(5, 10).map((e) => e.id));
    });

    it('keeps to an organisation’s scope: its data or its users, nothing else', async () => {
      const all = await everyEntry(engine.stores, { kind: 'pseudonymised' }, 1000);
      const org = all[0]!.dataOwnerId;
      const scope = { kind: 'organisation', organisationId: org } as const;
      const mine = all.filter((e) => e.dataOwnerId === org || e.careProviderId === org).map((e) => e.id);
      expect((await everyEntry(engine.stores, scope, 33)).map((e) => e.id)).toEqual(mine);
      expect(await engine.stores.logs.count(scope, {})).toBe(mine.length);
      const other = all.find((e) => e.dataOwnerId !== org && e.careProviderId !== org)!;
      expect(await engine.stores.logs.entryInScope(scope, other.id)).toBeNull();
      expect((await engine.stores.logs.entryInScope(scope, mine[0]!))?.id).toBe(mine[0]);
      expect([...(await engine.stores.logs.visibleIds(scope, [other.id, mine[0]!]))]).toEqual([mine[0]]);
    });

    it('counts per day and action, adding up to the entries of the range', async () => {
      const filter = { occurredFrom: START, occurredBefore: END };
      const counts = await engine.stores.logs.statistics({ kind: 'pseudonymised' }, filter, 'day', 'action');
      expect(counts.reduce((n, c) => n + c.count, 0)).toBe(600);
      expect(counts.every((c) => c.bucketStart % 86_400_000 === 0 && typeof c.key === 'string')).toBe(true);
    });

    it('records reads in their chain, and verifies the entries’ chains and the reads', async () => {
      await engine.stores.logs.recordRead({ at: NOW.toISOString(), tokenId: null, organisationId: null, role: 'analyst', purpose: 'list', filter: { a: 1 }, entryCount: 3 });
      await engine.stores.logs.recordRead({ at: NOW.toISOString(), tokenId: null, organisationId: null, role: 'analyst', purpose: 'list', filter: null, entryCount: 0 });
      expect(await engine.stores.logs.verifyLedger('user_log_reads')).toMatchObject({ ok: true, recordsChecked: 2 });
      const verdict = await engine.stores.logs.verifyChains();
      expect(verdict.ok).toBe(true);
      expect(verdict.entriesChecked).toBe(600);
      expect(verdict.chains.reduce((n, c) => n + c.entriesChecked, 0)).toBe(600);
    });

    it('signs checkpoints of every chain, listed with their owners', async () => {
      const made = await engine.stores.logs.recordCheckpoints('export', NOW);
      const listed = await engine.stores.logs.listCheckpoints();
      expect(listed.map(({ id: _id, ...c }) => c)).toEqual(made);
      expect(made.reduce((n, c) => n + c.entryCount, 0)).toBe(600);
      expect((await engine.stores.logs.verifyChains()).ok).toBe(true);
    });
  });
}

contract('SQLite', describe);
contract('PostgreSQL (split mode: registry on SQLite)', describeOnPostgres, () => freshPostgresDatabase());

describeOnPostgres('the user log on PostgreSQL and on SQLite', () => {
  it('links the same entries into the same chains: every checkpoint’s hash and count agree', async () => {
    const sqlite = await openEngine();
    const pg = await openEngine(() => freshPostgresDatabase());
    try {
      for (const engine of [sqlite, pg]) {
        const batch = await entries(engine.stores, 400, 11);
        await append(engine.stores, batch.slice(0, 150));
        await append(engine.stores, batch.slice(100));
      }
      const signed = async (e: Engine) => (await e.stores.logs.recordCheckpoints('export', NOW)).map((c) => [c.dataOwnerId, c.entryCount, c.headHash]).sort();
      const onSqlite = await signed(sqlite);
      expect(onSqlite.length).toBeGreaterThan(3);
      expect(await signed(pg)).toEqual(onSqlite);
    } finally {
      await sqlite.close();
      await pg.close();
    }
  }, 60_000);

  it('links appends from two server processes at once one after another: every chain verifies, nothing lost', async () => {
    const database = await freshPostgresDatabase();
    const first = await openEngine(async () => database);
    // A second process: its own registry file and connections, the same log database and keys.
    const second = await openEngine(async () => ({ ...database, drop: async () => {} }));
    try {
      const batch = await entries(first.stores, 1000, 13);
      const slices = Array.from({ length: 10 }, (_, i) => batch.slice(i * 100, i * 100 + 100));
      const results = await Promise.all(slices.map((slice, i) => append((i % 2 ? second : first).stores, slice)));
      expect(results.reduce((n, r) => n + r.stored, 0)).toBe(1000);
      const ids = results.flatMap((r) => r.storedEntries.map((e) => e.entryId));
      expect(new Set(ids).size).toBe(1000);
      const verdict = await first.stores.logs.verifyChains();
      expect(verdict.ok).toBe(true);
      expect(verdict.entriesChecked).toBe(1000);
    } finally {
      await second.close();
      await first.close();
    }
  }, 60_000);
});

describeOnPostgres('several server processes on one PostgreSQL log', () => {
  it('each moves its generation (what its cache compares) when another commits', async () => {
    const database = await freshPostgresDatabase();
    const first = await openEngine(async () => database);
    const second = await openEngine(async () => ({ ...database, drop: async () => {} }));
    try {
      await append(first.stores, await entries(first.stores, 20, 17));
      const before = second.stores.generation();
      await first.stores.logs.recordCheckpoints('export', NOW);
      const deadline = Date.now() + 5_000;
      while (second.stores.generation() === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(second.stores.generation()).not.toBe(before);
      expect((await second.stores.logs.listCheckpoints()).length).toBeGreaterThan(0);
    } finally {
      await second.close();
      await first.close();
    }
  }, 60_000);
});
