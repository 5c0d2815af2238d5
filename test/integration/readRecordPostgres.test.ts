// The record of reads of the user log on PostgreSQL (recordReadPg: two round trips, the second
// carrying its values as escaped literals): every value stored exactly as given, reads from two
// server processes at once linked into one chain, and a head tampered with still taints.
import { loadLogKeys, openStores, type Stores, type UserLogRead } from '@fvm/db';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';

const KEY = { FVM_PSEUDONYM_KEY: 'a5'.repeat(32) };
const AT = '2026-06-15T12:00:00.000Z';

async function openProcess(database: PostgresDatabase): Promise<{ stores: Stores; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-reads-'));
  const keys = loadLogKeys(join(dir, 'r.pseudonym.key'), KEY);
  const stores = await openStores(join(dir, 'r.sqlite'), keys, { logDatabase: database.url });
  await stores.seed.loadReferenceData();
  return {
    stores,
    close: async () => {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function rowsOf(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describeOnPostgres('the record of reads on PostgreSQL', () => {
  it('stores every value exactly as given, and links reads from two processes at once into one chain', async () => {
    const database = await freshPostgresDatabase();
    const first = await openProcess(database);
    const second = await openProcess(database);
    try {
      const odd = 'Anna "A" O\'Brien \\N\nrad två\tflik \\x00 ✓ $1 ?; COMMIT; --';
      const reads: UserLogRead[] = Array.from({ length: 40 }, (_, i) => ({
        at: AT,
        tokenId: i % 3 ? i : null,
        organisationId: i % 4 ? 1000 + i : null,
        role: i % 5 ? `role '${i}'` : null,
        purpose: `statistics:${odd}:${i}`,
        filter: i % 2 ? { text: odd, n: i, list: [1, 'två', null] } : null,
        entryCount: 2 ** 40 + i,
      }));
      await Promise.all(reads.map((read, i) => (i % 2 ? second : first).stores.logs.recordRead(read)));
      expect(await first.stores.logs.verifyLedger('user_log_reads')).toMatchObject({ ok: true, recordsChecked: 40 });
      expect(await second.stores.logs.verifyLedger('user_log_reads')).toMatchObject({ ok: true, recordsChecked: 40 });
      const stored = await rowsOf(
        database.url,
        'SELECT at, token_id, organisation_id, role, purpose, filter::text AS filter, entry_count::text AS entry_count FROM user_log_reads ORDER BY id',
      );
      const key = (r: Record<string, unknown>) => String(r.purpose);
      const expected = reads.map((r) => ({
        at: r.at,
        token_id: r.tokenId,
        organisation_id: r.organisationId,
        role: r.role,
        purpose: r.purpose,
        filter: JSON.stringify(r.filter),
        entry_count: String(r.entryCount),
      }));
      expect([...stored].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
      const ids = (await rowsOf(database.url, 'SELECT id FROM user_log_reads ORDER BY id')).map((r) => Number(r.id));
      expect(new Set(ids).size).toBe(40);
    } finally {
      await second.close();
      await first.close();
      await database.drop();
    }
  }, 60_000);

  it('refuses a value it cannot write, leaves nothing behind, and the next read links on', async () => {
    const database = await freshPostgresDatabase();
    const one = await openProcess(database);
    try {
      const read: UserLogRead = { at: AT, tokenId: null, organisationId: null, role: 'analyst', purpose: 'list', filter: null, entryCount: 1 };
      await one.stores.logs.recordRead(read);
      await expect(one.stores.logs.recordRead({ ...read, entryCount: 1.5 })).rejects.toThrow();
      await one.stores.logs.recordRead(read);
      expect(await one.stores.logs.verifyLedger('user_log_reads')).toMatchObject({ ok: true, recordsChecked: 2 });
    } finally {
      await one.close();
      await database.drop();
    }
  }, 60_000);

  it('keeps writing when a record was removed behind its back, and the head keeps the finding', async () => {
    const database = await freshPostgresDatabase();
    const one = await openProcess(database);
    try {
      const read: UserLogRead = { at: AT, tokenId: null, organisationId: null, role: 'analyst', purpose: 'list', filter: { a: 1 }, entryCount: 3 };
      for (let i = 0; i < 3; i++) await one.stores.logs.recordRead(read);
      await rowsOf(
        database.url,
        'ALTER TABLE user_log_reads DISABLE TRIGGER USER; DELETE FROM user_log_reads WHERE id = (SELECT max(id) FROM user_log_reads); ALTER TABLE user_log_reads ENABLE TRIGGER USER',
      );
      await one.stores.logs.recordRead(read);
      expect(Number((await rowsOf(database.url, 'SELECT count(*) AS n FROM user_log_reads'))[0]!.n)).toBe(3);
      const [head] = await rowsOf(database.url, "SELECT state FROM proof_heads WHERE name = 'user_log_reads'");
      const state = JSON.parse(String(head!.state));
      expect(state.count).toBe(3);
      expect(state.taints.map((t: { reason: string }) => t.reason)).toEqual([expect.stringContaining('records were removed or added behind the API')]);
      const verdict = await one.stores.logs.verifyLedger('user_log_reads');
      expect(verdict.ok).toBe(false);
      expect(verdict.breaks.map((b) => b.reason).join('\n')).toContain('behind the API');
    } finally {
      await one.close();
      await database.drop();
    }
  }, 60_000);
});
