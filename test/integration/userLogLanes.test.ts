// Lanes: on PostgreSQL a data owner's entries go into several chains (FVM_LOG_LANES), so that its
// appends do not wait for each other; each lane is sealed in its own row, and a checkpoint signs
// all lanes of an owner together.
import { generateDemoLogEntries, loadLogKeys, openStores, type LogKeys, type Stores } from '@fvm/db';
import type { UserLogEntryInput } from '@fvm/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';

const KEY = { FVM_PSEUDONYM_KEY: 'c3'.repeat(32) };
const NOW = new Date('2026-06-15T12:00:00Z');
const SPAN = { startMs: Date.parse('2026-04-01T00:00:00Z'), endMs: Date.parse('2026-06-10T00:00:00Z') };
/** pool.ts LOCKS.userLogLane: the lock an append holds on the lane it extends. */
const LANE_LOCK = 0x66766d07;

interface Process {
  stores: Stores;
  keys: LogKeys;
  close(): Promise<void>;
}

/** One server process: its own registry file and connections, the log on the shared database, `lanes` lanes per owner. */
async function openProcess(database: PostgresDatabase, lanes: number, dropOnClose: boolean): Promise<Process> {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-lanes-'));
  const keys = loadLogKeys(join(dir, 'r.pseudonym.key'), KEY);
  const stores = await openStores(join(dir, 'r.sqlite'), keys, { logDatabase: database.url, logLanes: lanes });
  await stores.seed.loadReferenceData();
  return {
    stores,
    keys,
    close: async () => {
      await stores.close();
      if (dropOnClose) await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function someEntries(stores: Stores, count: number, seed: number): Promise<UserLogEntryInput[]> {
  const world = await stores.logs.demoWorld();
  return [...generateDemoLogEntries(world, count, { seed, ...SPAN })];
}

function append(stores: Stores, batch: Partial<UserLogEntryInput>[], submitter: number) {
  return stores.logs.append(batch, { submittedByOrgId: submitter, isDemo: false, today: NOW.toISOString().slice(0, 10), nowMs: NOW.getTime() });
}

async function lanesOf(client: pg.Client): Promise<{ id: number; owner: number; lane: number; entries: number }[]> {
  const { rows } = await client.query('SELECT id, data_owner_id AS owner, lane, entry_count::int AS entries FROM user_log_chains ORDER BY data_owner_id, lane');
  return rows;
}

describeOnPostgres('lanes of the user log on PostgreSQL', () => {
  it('spreads one owner’s concurrent appends over its lanes, every lane verifies, and a checkpoint signs them together', async () => {
    const database = await freshPostgresDatabase();
    const first = await openProcess(database, 4, true);
    const second = await openProcess(database, 4, false);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const vgr = (await first.stores.organisations.findByCodeOrNumber('2321000131'))!;
      const batch = await someEntries(first.stores, 2400, 21);
      const slices = Array.from({ length: 12 }, (_, i) => batch.slice(i * 200, i * 200 + 200));
      const results = await Promise.all(slices.map((slice, i) => append((i % 2 ? second : first).stores, slice, vgr.id)));
      expect(results.reduce((n, r) => n + r.stored, 0)).toBe(2400);
      expect(new Set(results.flatMap((r) => r.storedEntries.map((e) => e.entryId))).size).toBe(2400);

      const lanes = await lanesOf(client);
      const owners = new Set(lanes.map((l) => l.owner));
      // Every owner has its four lanes, created once, however many appends raced to create them.
      expect(lanes.length).toBe(owners.size * 4);
      expect(lanes.reduce((n, l) => n + l.entries, 0)).toBe(2400);
      // Twelve appends at once: some owner's entries went into more than one lane.
      expect(Math.max(...[...owners].map((o) => lanes.filter((l) => l.owner === o && l.entries > 0).length))).toBeGreaterThan(1);

      const verdict = await first.stores.logs.verifyChains();
      expect(verdict.ok).toBe(true);
      expect(verdict.entriesChecked).toBe(2400);

      const checkpoints = await first.stores.logs.recordCheckpoints('export', NOW);
      const owner = [...owners].find((o) => lanes.filter((l) => l.owner === o && l.entries > 0).length > 1)!;
      const ofOwner = checkpoints.filter((c) => c.dataOwnerId === owner);
      const filled = lanes.filter((l) => l.owner === owner && l.entries > 0);
      expect(ofOwner.map((c) => c.chainId).sort()).toEqual(filled.map((l) => l.id).sort());
      // One signature over all the owner's lanes, each row carrying its own lane's figures among them.
      expect(new Set(ofOwner.map((c) => c.signature)).size).toBe(1);
      for (const c of ofOwner) {
        expect(c.lanes!.map((l) => l.chainId)).toEqual(filled.map((l) => l.id));
        expect(await second.stores.logs.verifyAgainstCheckpoint(c)).toMatchObject({ ok: true });
      }
      // A lane's figures changed in a kept checkpoint: the signature no longer covers it.
      const forged = { ...ofOwner[0]!, lanes: ofOwner[0]!.lanes!.map((l, i) => (i === 1 ? { ...l, entryCount: l.entryCount - 1 } : l)) };
      expect(await first.stores.logs.verifyAgainstCheckpoint(forged)).toMatchObject({ ok: false });
      expect((await first.stores.logs.verifyChains()).ok).toBe(true);
    } finally {
      await client.end();
      await second.close();
      await first.close();
    }
  }, 90_000);

  it('appends to a free lane while another append holds one, and waits when the owner has one lane', async () => {
    for (const lanes of [3, 1]) {
      const database = await freshPostgresDatabase();
      const app = await openProcess(database, lanes, true);
      const holder = new pg.Client({ connectionString: database.url });
      await holder.connect();
      try {
        const vgr = (await app.stores.organisations.findByCodeOrNumber('2321000131'))!;
        const batch = await someEntries(app.stores, 2000, 5);
        const counts = new Map<string, number>();
        for (const e of batch) counts.set(e.dataOwner, (counts.get(e.dataOwner) ?? 0) + 1);
        const owner = [...counts].sort((x, y) => y[1] - x[1])[0]![0];
        const ofOwner = batch.filter((e) => e.dataOwner === owner);
        expect(ofOwner.length).toBeGreaterThanOrEqual(20);
        await append(app.stores, ofOwner.slice(0, 10), vgr.id);
        // Another append (standing in for a slow one) holds the owner's fullest lane until it commits.
        const [busy] = (await holder.query('SELECT id FROM user_log_chains WHERE entry_count > 0 ORDER BY entry_count DESC LIMIT 1')).rows;
        await holder.query('BEGIN');
        await holder.query('SELECT pg_advisory_xact_lock($1, $2)', [LANE_LOCK, busy.id]);
        let done = false;
        const pending = append(app.stores, ofOwner.slice(10, 20), vgr.id).then((r) => ((done = true), r));
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        // With several lanes it went into a free one; with one lane it waits its turn.
        expect(done).toBe(lanes > 1);
        await holder.query('COMMIT');
        expect((await pending).stored).toBe(10);
        expect((await app.stores.logs.verifyChains()).ok).toBe(true);
      } finally {
        await holder.end();
        await app.close();
      }
    }
  }, 90_000);

  it('finds a lane’s head moved behind the API’s back in that lane’s own seal', async () => {
    const database = await freshPostgresDatabase();
    const app = await openProcess(database, 2, true);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const vgr = (await app.stores.organisations.findByCodeOrNumber('2321000131'))!;
      await append(app.stores, await someEntries(app.stores, 300, 9), vgr.id);
      const [lane] = (await client.query('SELECT id FROM user_log_chains WHERE entry_count > 1 ORDER BY id LIMIT 1')).rows;
      // The last entry's removal hidden: the head moved back one entry (the seal in the row left as it was).
      await client.query('UPDATE user_log_chains SET entry_count = entry_count - 1 WHERE id = $1', [lane.id]);
      const verdict = await app.stores.logs.verifyChains();
      expect(verdict.ok).toBe(false);
      const broken = verdict.chains.filter((c) => !c.ok);
      expect(broken.map((c) => c.chainId)).toEqual([lane.id]);
      expect(broken[0]!.breaks.map((b) => b.reason).join('\n')).toMatch(/differs from its seal: its head was moved/);
      // And the seal itself rewritten without the key: it no longer matches.
      await client.query(`UPDATE user_log_chains SET seal_state = replace(seal_state, '"count":', '"count":1') WHERE id = $1`, [lane.id]);
      expect(
        (await app.stores.logs.verifyChains()).chains
          .find((c) => c.chainId === lane.id)!
          .breaks.map((b) => b.reason)
          .join('\n'),
      ).toMatch(/sealed state does not match its seal/);
    } finally {
      await client.end();
      await app.close();
    }
  }, 60_000);

  it('goes on appending to a lane found tampered, and leaves the finding in the sealed head', async () => {
    const database = await freshPostgresDatabase();
    const app = await openProcess(database, 1, true);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const vgr = (await app.stores.organisations.findByCodeOrNumber('2321000131'))!;
      const [first, ...rest] = await someEntries(app.stores, 600, 12);
      await append(app.stores, [first!, ...rest.slice(0, 299)], vgr.id);
      const { rows } = await client.query('SELECT chain_id FROM user_log_entries WHERE source_entry_id = $1', [first!.sourceEntryId]);
      await client.query('UPDATE user_log_chains SET entry_count = entry_count - 1 WHERE id = $1', [rows[0].chain_id]);
      const later = rest.slice(299).filter((e) => e.dataOwner === first!.dataOwner);
      expect(later.length).toBeGreaterThan(0);
      expect((await append(app.stores, later, vgr.id)).stored).toBe(later.length);
      const verdict = await app.stores.logs.verifyChains();
      expect(verdict.headBreaks.map((b) => b.reason).join('\n')).toMatch(new RegExp(`a writer found, at .*: chain ${rows[0].chain_id}: its head was moved`));
    } finally {
      await client.end();
      await app.close();
    }
  }, 60_000);

  it('counts the review digest only up to appends that have committed: a catch-up waits for appends under way', async () => {
    const database = await freshPostgresDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'fvm-lanes-'));
    const stores = await openStores(database.url, loadLogKeys(join(dir, 'k'), KEY), { logLanes: 3 });
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await stores.seed.loadReferenceData();
      const vgr = (await stores.organisations.findByCodeOrNumber('2321000131'))!;
      const entries = await someEntries(stores, 1200, 31);
      await Promise.all([0, 1, 2, 3].map((i) => append(stores, entries.slice(i * 300, i * 300 + 300), vgr.id)));
      // An append under way (holding appends' shared lock, its ids taken, not yet committed).
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock_shared($1)', [0x66766d06]);
      let counted: number | null = null;
      const catchUp = stores.logs.catchUpDigest().then((n) => (counted = n));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(counted).toBeNull();
      await holder.query('COMMIT');
      expect(await catchUp).toBe(1200);
      expect((await stores.logs.verifyDigest()).ok).toBe(true);
    } finally {
      await holder.end();
      await stores.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
