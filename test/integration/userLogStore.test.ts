// The user log's store, the same contract on every engine: SQLite, and PostgreSQL with the registry
// beside it on SQLite (split mode). Same entries, same keys: same answers, down to the chains' hashes.
import { addChainKey, generateDemoLogEntries, loadLogKeys, openDatabase, openStores, type LogKeys, type Stores, type UserLogRecord } from '@fvm/db';
import pg from 'pg';
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
  file: string;
  keyFile: string;
  logUrl?: string;
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
    file: join(dir, 'r.sqlite'),
    keyFile: join(dir, 'r.pseudonym.key'),
    logUrl: pg?.url,
    close: async () => {
      await stores.close();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function entries(stores: Stores, count: number, seed = 7, span = { startMs: START, endMs: END }): Promise<UserLogEntryInput[]> {
  return [...generateDemoLogEntries(await stores.logs.demoWorld(), count, { seed, ...span })];
}

async function append(stores: Stores, batch: Partial<UserLogEntryInput>[], options: { allowPartial?: boolean; isDemo?: boolean } = {}) {
  const vgr = (await stores.organisations.findByCodeOrNumber('2321000131'))!;
  return stores.logs.append(
    batch,
    { submittedByOrgId: vgr.id, isDemo: options.isDemo ?? false, today: NOW.toISOString().slice(0, 10), nowMs: NOW.getTime() },
    options,
  );
}

/** A purge rule for access logs, with its decision, for these owners: written into the registry's file as an operator's import would. */
function purgeRuleFor(file: string, ownerIds: number[]) {
  const { sqlite, close } = openDatabase(file, { migrate: false });
  try {
    const category = sqlite.prepare("SELECT id FROM information_categories WHERE code = 'access_log'").pluck().get();
    for (const owner of ownerIds) {
      sqlite
        .prepare(
          `INSERT INTO retention_rules (category_id, action, years, trigger, purge_decision_body, purge_decision_reference, purge_decision_on, owner_org_id)
        VALUES (?, 'purge', 5, 'creation', 'Socialnämnden', 'SN 2024/17', '2024-03-01', ?)`,
        )
        .run(category, owner);
    }
  } finally {
    close();
  }
}

const OLD = { startMs: Date.parse('2024-01-01T00:00:00Z'), endMs: Date.parse('2026-01-01T00:00:00Z') };
const PURGE_DAY = '2030-06-01';

/** Every entry of a scope, newest first, page by page. */
async function everyEntry(stores: Stores, scope: Parameters<Stores['logs']['readPage']>[0], pageSize: number): Promise<UserLogRecord[]> {
  const all: UserLogRecord[] = [];
  for (let after = null as { occurredAt: number; id: number } | null; ;) {
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

    it('keeps every character of the texts it stores', async () => {
      const odd = {
        ...batch[0]!,
        sourceEntryId: 'odd-1',
        userName: 'Anna "A" Öberg, \\N\nrad två\tflik \\x00 ✓',
        careUnit: 'Enhet, "1"; \\',
        userProfession: '',
      };
      expect(await append(engine.stores, [odd])).toMatchObject({ committed: true, stored: 1 });
      const { rows } = await engine.stores.logs.readPage({ kind: 'pseudonymised' }, { sourceEntryIds: ['odd-1'] }, { limit: 5 });
      expect(rows.map((r) => [r.userName, r.careUnit, r.userProfession])).toEqual([[odd.userName, odd.careUnit, '']]);
      expect((await append(engine.stores, [odd])).duplicates).toBe(1);
    });

    it('reads pages by keyset newest first, each entry once, as many as it counts', async () => {
      const all = await everyEntry(engine.stores, { kind: 'pseudonymised' }, 70);
      expect(all).toHaveLength(601);
      expect(new Set(all.map((e) => e.id)).size).toBe(601);
      const newestFirst = (a: UserLogRecord, b: UserLogRecord) => b.occurredAt - a.occurredAt || b.id - a.id;
      expect(all.map((e) => e.id)).toEqual([...all].sort(newestFirst).map((e) => e.id));
      // Back from a cursor: the page before it, in the list's order.
      const before = await engine.stores.logs.readPage(
        { kind: 'pseudonymised' },
        {},
        { limit: 5, before: { occurredAt: all[10]!.occurredAt, id: all[10]!.id }, newestFirst: true },
      );
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

    it('keeps each reader to its scope: none, a demo token’s demo entries, an integrator’s own submissions', async () => {
      const demo = await entries(engine.stores, 30, 61);
      await append(engine.stores, demo, { isDemo: true });
      const all = await everyEntry(engine.stores, { kind: 'pseudonymised' }, 1000);
      const demoIds = all.filter((e) => e.isDemo).map((e) => e.id);
      expect(demoIds).toHaveLength(30);
      expect(await engine.stores.logs.count({ kind: 'none' }, {})).toBe(0);
      expect((await engine.stores.logs.readPage({ kind: 'none' }, {}, { limit: 10 })).rows).toEqual([]);
      expect((await everyEntry(engine.stores, { kind: 'pseudonymised', demoOnly: true }, 7)).map((e) => e.id)).toEqual(demoIds);
      const org = all.find((e) => e.isDemo)!.dataOwnerId;
      const demoScope = { kind: 'organisation', organisationId: org, demoOnly: true } as const;
      expect((await everyEntry(engine.stores, demoScope, 7)).every((e) => e.isDemo && (e.dataOwnerId === org || e.careProviderId === org))).toBe(true);
      const real = all.find((e) => !e.isDemo && e.dataOwnerId === org)!;
      expect(await engine.stores.logs.entryInScope(demoScope, real.id)).toBeNull();
      expect([...(await engine.stores.logs.visibleIds(demoScope, [real.id]))]).toEqual([]);
      const vgr = (await engine.stores.organisations.findByCodeOrNumber('2321000131'))!;
      expect(await engine.stores.logs.count({ kind: 'submitted_by', organisationId: vgr.id }, {})).toBe(all.length);
      expect(await engine.stores.logs.count({ kind: 'submitted_by', organisationId: org }, {})).toBe(org === vgr.id ? all.length : 0);
    });

    it('counts per day and action, adding up to the entries of the range', async () => {
      const filter = { occurredFrom: START, occurredBefore: END };
      const counts = await engine.stores.logs.statistics({ kind: 'pseudonymised' }, filter, 'day', 'action');
      expect(counts.reduce((n, c) => n + c.count, 0)).toBe(631);
      expect(counts.every((c) => c.bucketStart % 86_400_000 === 0 && typeof c.key === 'string')).toBe(true);
    });

    it('records reads in their chain, and verifies the entries’ chains and the reads', async () => {
      await engine.stores.logs.recordRead({
        at: NOW.toISOString(),
        tokenId: null,
        organisationId: null,
        role: 'analyst',
        purpose: 'list',
        filter: { a: 1 },
        entryCount: 3,
      });
      await engine.stores.logs.recordRead({
        at: NOW.toISOString(),
        tokenId: null,
        organisationId: null,
        role: 'analyst',
        purpose: 'list',
        filter: null,
        entryCount: 0,
      });
      expect(await engine.stores.logs.verifyLedger('user_log_reads')).toMatchObject({ ok: true, recordsChecked: 2 });
      const verdict = await engine.stores.logs.verifyChains();
      expect(verdict.ok).toBe(true);
      expect(verdict.entriesChecked).toBe(631);
      expect(verdict.chains.reduce((n, c) => n + c.entriesChecked, 0)).toBe(631);
    });

    it('signs checkpoints of every chain, listed with their owners', async () => {
      const made = await engine.stores.logs.recordCheckpoints('export', NOW);
      const listed = await engine.stores.logs.listCheckpoints();
      expect(listed.map((c) => ({ ...c, id: undefined }))).toEqual(made);
      expect(made.reduce((n, c) => n + c.entryCount, 0)).toBe(631);
      expect((await engine.stores.logs.verifyChains()).ok).toBe(true);
    });
    it('checks kept checkpoints against the chains', async () => {
      for (const c of await engine.stores.logs.listCheckpoints()) {
        expect(await engine.stores.logs.verifyAgainstCheckpoint(c)).toMatchObject({ ok: true });
        expect((await engine.stores.logs.verifyAgainstCheckpoint({ ...c, headHash: '00'.repeat(32) })).ok).toBe(false);
      }
    });
  });
}

contract('SQLite', describe);
contract('PostgreSQL (split mode: registry on SQLite)', describeOnPostgres, () => freshPostgresDatabase());

function upkeep(name: string, describeIt: (name: string, body: () => void) => void, logDatabase?: () => Promise<PostgresDatabase>) {
  describeIt(`the user log's upkeep on ${name}`, () => {
    it('purges a chain’s prefix past five years and its owner’s rule, re-anchored and signed, and the rest still verifies', async () => {
      const engine = await openEngine(logDatabase);
      try {
        const batch = (await entries(engine.stores, 800, 21, OLD)).sort((a, b) => Date.parse(a.occurredAt!) - Date.parse(b.occurredAt!));
        await append(engine.stores, batch);
        expect(await engine.stores.logs.planPurge(PURGE_DAY)).toEqual([]);
        const all = await everyEntry(engine.stores, { kind: 'pseudonymised' }, 1000);
        const owner = all[0]!.dataOwnerId;
        purgeRuleFor(engine.file, [owner]);
        const cutoff = Date.parse('2025-06-01T00:00:00Z');
        const old = all.filter((e) => e.dataOwnerId === owner && e.occurredAt < cutoff);
        const [plan] = await engine.stores.logs.planPurge(PURGE_DAY);
        expect(plan).toMatchObject({ dataOwnerId: owner, entries: old.length, lastEntryId: Math.max(...old.map((e) => e.id)), cutoffMs: cutoff });
        const result = await engine.stores.logs.purge(PURGE_DAY, NOW);
        expect(result.plans).toEqual([plan]);
        expect(await engine.stores.logs.count({ kind: 'pseudonymised' }, {})).toBe(800 - old.length);
        const kinds = (await engine.stores.logs.listCheckpoints()).map((c) => c.kind);
        expect(kinds.filter((k) => k === 'purge')).toHaveLength(1);
        expect(kinds.filter((k) => k === 'before_purge').length).toBeGreaterThan(1);
        const verdict = await engine.stores.logs.verifyChains();
        expect(verdict.ok).toBe(true);
        expect(verdict.entriesChecked).toBe(800 - old.length);
        expect(await engine.stores.logs.planPurge(PURGE_DAY)).toEqual([]);
        // More appends after a purge link on from the head, not the anchor.
        await append(engine.stores, await entries(engine.stores, 50, 22));
        expect((await engine.stores.logs.verifyChains()).ok).toBe(true);
      } finally {
        await engine.close();
      }
    }, 60_000);

    it('removes the demo entries and their chains’ checkpoints, and the real chains still verify', async () => {
      const engine = await openEngine(logDatabase);
      try {
        await append(engine.stores, await entries(engine.stores, 200, 31));
        await append(engine.stores, await entries(engine.stores, 150, 32), { isDemo: true });
        await engine.stores.logs.recordCheckpoints('export', NOW);
        expect(await engine.stores.seed.removeDemoLogs()).toEqual({ removed: 150 });
        expect(await engine.stores.logs.count({ kind: 'pseudonymised' }, {})).toBe(200);
        expect((await engine.stores.logs.listCheckpoints()).every((c) => !c.isDemo)).toBe(true);
        const verdict = await engine.stores.logs.verifyChains();
        expect(verdict.ok).toBe(true);
        expect(verdict.entriesChecked).toBe(200);
        // A demo chain starts again from its beginning.
        await append(engine.stores, await entries(engine.stores, 20, 33), { isDemo: true });
        expect((await engine.stores.logs.verifyChains()).ok).toBe(true);
      } finally {
        await engine.close();
      }
    }, 60_000);

    it('takes a new chain key into use: heads resealed under it, old links still verify, new ones use it', async () => {
      const engine = await openEngine(logDatabase);
      try {
        await append(engine.stores, await entries(engine.stores, 100, 41));
        await engine.stores.logs.recordRead({
          at: NOW.toISOString(),
          tokenId: null,
          organisationId: null,
          role: 'analyst',
          purpose: 'list',
          filter: null,
          entryCount: 1,
        });
        expect(await engine.stores.logs.headKeyId()).toBe(1);
        const id = addChainKey(engine.keyFile, engine.keys, KEY);
        const keys = loadLogKeys(engine.keyFile, KEY);
        const rotated = await openStores(engine.file, keys, { logDatabase: engine.logUrl });
        try {
          await rotated.logs.resealHeads();
          expect(await rotated.logs.headKeyId()).toBe(id);
          await append(rotated, await entries(rotated, 100, 42));
          const verdict = await rotated.logs.verifyChains();
          expect(verdict).toMatchObject({ ok: true, entriesChecked: 200 });
          expect(await rotated.logs.verifyLedger('user_log_reads')).toMatchObject({ ok: true });
          expect(await rotated.logs.headWarnings()).toEqual([]);
        } finally {
          await rotated.close();
        }
      } finally {
        await engine.close();
      }
    }, 60_000);
  });
}

upkeep('SQLite', describe);
upkeep('PostgreSQL (split mode)', describeOnPostgres, () => freshPostgresDatabase());

describeOnPostgres('tampering with the log on PostgreSQL behind the API', () => {
  it('names the entry altered, and the chain whose last entries were deleted, with the triggers turned off', async () => {
    const engine = await openEngine(() => freshPostgresDatabase());
    try {
      await append(engine.stores, await entries(engine.stores, 300, 71));
      expect((await engine.stores.logs.verifyChains()).ok).toBe(true);
      const client = new pg.Client({ connectionString: engine.logUrl });
      await client.connect();
      try {
        // Someone with the database's own rights: the append-only triggers are theirs to disable.
        await expect(client.query("UPDATE user_log_entries SET user_name = 'Mallory' WHERE id = 10")).rejects.toThrow(/append-only/);
        await client.query('ALTER TABLE user_log_entries DISABLE TRIGGER USER');
        await client.query("UPDATE user_log_entries SET user_name = 'Mallory' WHERE id = 10");
        const chain = (await client.query('SELECT chain_id FROM user_log_entries WHERE id = 200')).rows[0].chain_id as number;
        const last = (await client.query('SELECT max(id) AS id FROM user_log_entries WHERE chain_id = $1', [chain])).rows[0].id as number;
        await client.query('DELETE FROM user_log_entries WHERE id = $1', [last]);
      } finally {
        await client.end();
      }
      const verdict = await engine.stores.logs.verifyChains();
      expect(verdict.ok).toBe(false);
      const breaks = verdict.chains.flatMap((c) => c.breaks);
      expect(breaks).toContainEqual(expect.objectContaining({ record: 'user_log_entry', id: 10 }));
      expect(breaks.some((b) => b.record === 'user_log_chain' && /should hold \d+ entries but holds/.test(b.reason))).toBe(true);
    } finally {
      await engine.close();
    }
  }, 60_000);
});

describeOnPostgres('purging on PostgreSQL', () => {
  it('drops the monthly partitions a purge leaves empty, and keeps the rest', async () => {
    const engine = await openEngine(() => freshPostgresDatabase());
    try {
      await append(
        engine.stores,
        (await entries(engine.stores, 600, 51, OLD)).sort((a, b) => Date.parse(a.occurredAt!) - Date.parse(b.occurredAt!)),
      );
      const owners = [...new Set((await everyEntry(engine.stores, { kind: 'pseudonymised' }, 1000)).map((e) => e.dataOwnerId))];
      purgeRuleFor(engine.file, owners);
      await engine.stores.logs.purge(PURGE_DAY, NOW);
      const client = new pg.Client({ connectionString: engine.logUrl });
      await client.connect();
      try {
        const { rows } = await client.query(
          "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'user_log_entries'::regclass ORDER BY 1",
        );
        const months = rows.map((r) => r.name as string).filter((n) => /y\d{4}m\d{2}$/.test(n));
        expect(months.filter((n) => n < 'user_log_entries_y2025m06')).toEqual([]);
        expect(months).toContain('user_log_entries_y2025m06');
      } finally {
        await client.end();
      }
      expect((await engine.stores.logs.verifyChains()).ok).toBe(true);
    } finally {
      await engine.close();
    }
  }, 60_000);
});

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
