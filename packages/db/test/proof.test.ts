import { canonicalLogEntry } from '@fvm/domain';
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addChainKey,
  appendUserLogEntries,
  applyBatch,
  contentOfRow,
  demoLogWorld,
  generateDemoLogEntries,
  headWarnings,
  loadLogKeys,
  loadReferenceData,
  openDatabase,
  recordCheckpoints,
  recordUserLogRead,
  resealHeads,
  serviceSpec,
  verifyLedger,
  verifyLedgerInSlices,
  verifyRecords,
  verifyUserLogChains,
  verifyUserLogChainsInSlices,
  type LogKeys,
  type RecordsVerdict,
} from '../src';

// Tampering with the database file behind the API, as someone who can write the file but does not
// hold the keys would: every kind of change must show, at the right record.

let sqlite: Database.Database;
let keys: LogKeys;
let keyFile: string;
const NOW = Date.parse('2026-11-22T09:00:00Z');
const regionalAdmin = { tokenId: 1, organisationId: 1, role: 'regional_admin' as const };

function appendLogs(count: number, seed: number) {
  const list = [...generateDemoLogEntries(demoLogWorld(sqlite), count, { seed, startMs: NOW - 86_400_000, endMs: NOW })];
  const r = appendUserLogEntries(sqlite, list, { keys, submittedByOrgId: 1, today: '2026-11-22', nowMs: NOW });
  expect(r.rejected).toEqual([]);
}

function createServices(names: string[]) {
  const r = applyBatch(
    sqlite,
    keys,
    serviceSpec,
    'create',
    names.map((name) => ({ values: { name } })),
    { viewer: regionalAdmin, today: '2026-11-22', now: new Date().toISOString() },
  );
  expect(r.committed).toBe(true);
}

function read(purpose: string) {
  recordUserLogRead(sqlite, keys, {
    at: new Date().toISOString(),
    tokenId: 1,
    organisationId: 1,
    role: 'log_reviewer',
    purpose,
    filter: { dataOwnerIds: [1] },
    entryCount: 3,
  });
}

/** Every break, as [record kind, id], over the whole verification. */
function breaks(v: RecordsVerdict) {
  return [...v.userLogs.chains.flatMap((c) => c.breaks), ...v.userLogs.headBreaks, ...v.changes.breaks, ...v.logReads.breaks].map((b) => [b.record, b.id]);
}
const verify = () => verifyRecords(sqlite, keys);
const drop = (...triggers: string[]) => triggers.forEach((t) => sqlite.exec(`DROP TRIGGER ${t}`));
const biggestChain = () => sqlite.prepare('SELECT id FROM user_log_chains ORDER BY entry_count DESC LIMIT 1').pluck().get() as number;
const entryIds = (chain: number) => sqlite.prepare('SELECT id FROM user_log_entries WHERE chain_id = ? ORDER BY id').pluck().all(chain) as number[];

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-proof-'));
  const opened = openDatabase(join(dir, 'r.sqlite'));
  loadReferenceData(opened.db);
  sqlite = opened.sqlite;
  keyFile = join(dir, 'r.pseudonym.key');
  keys = loadLogKeys(keyFile, {});
  appendLogs(300, 1);
  createServices(['Demo: a', 'Demo: b', 'Demo: c']);
  createServices(['Demo: d']);
  for (let i = 0; i < 5; i++) read(`list ${i}`);
  recordCheckpoints(sqlite, keys, 'manual');
  appendLogs(100, 2);
});

describe('an intact registry', () => {
  it('verifies: entries, checkpoints, changes, reads and heads', () => {
    const v = verify();
    expect(breaks(v)).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.changes.recordsChecked).toBe(4);
    expect(v.logReads.recordsChecked).toBe(5);
    expect(v.userLogs.entriesChecked).toBe(400);
  });
});

describe('user log entries', () => {
  it('an entry altered and its chain recomputed without the key is caught at that entry, and every entry rewritten after it', () => {
    const chain = biggestChain();
    const ids = entryIds(chain);
    drop('user_log_entries_no_update');
    // Recompute the links as plain SHA-256, as the chain used to be: without the key, the best an attacker can do.
    let previous = Buffer.from(sqlite.prepare('SELECT hash FROM user_log_entries WHERE id = ?').pluck().get(ids[4]!) as Buffer);
    sqlite.prepare(`UPDATE user_log_entries SET user_name = 'Mallory' WHERE id = ?`).run(ids[5]);
    for (const id of ids.slice(5)) {
      const row = sqlite.prepare('SELECT * FROM user_log_entries WHERE id = ?').get(id) as Record<string, unknown>;
      previous = createHash('sha256')
        .update(previous)
        .update(canonicalLogEntry(contentOfRow(row)))
        .digest();
      sqlite.prepare('UPDATE user_log_entries SET hash = ? WHERE id = ?').run(previous, id);
    }
    sqlite.prepare('UPDATE user_log_chains SET head_hash = ? WHERE id = ?').run(previous, chain);
    const verdict = verify().userLogs.chains.find((c) => c.chainId === chain)!;
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBreak?.entryId).toBe(ids[5]);
    expect(verdict.breaks.filter((b) => b.record === 'user_log_entry').map((b) => b.id)).toEqual(
      ids.slice(5, 5 + verdict.breaks.filter((b) => b.record === 'user_log_entry').length),
    );
    expect(verdict.breakCount).toBeGreaterThanOrEqual(ids.length - 5);
  });

  it('every altered entry is named, not only the first', () => {
    const chain = biggestChain();
    const ids = entryIds(chain);
    drop('user_log_entries_no_update');
    const victims = [ids[2]!, ids[7]!, ids.at(-1)!];
    for (const id of victims) sqlite.prepare(`UPDATE user_log_entries SET care_unit = 'Elsewhere' WHERE id = ?`).run(id);
    const v = verify();
    expect(breaks(v)).toEqual(victims.map((id) => ['user_log_entry', id]));
  });

  it('entries cut off the end with the chain’s head moved back are caught by the sealed head, even after new entries', () => {
    const chain = biggestChain();
    const ids = entryIds(chain);
    drop('user_log_entries_no_delete');
    sqlite.prepare('DELETE FROM user_log_entries WHERE id IN (?, ?)').run(ids.at(-1), ids.at(-2));
    const newHead = sqlite.prepare('SELECT hash FROM user_log_entries WHERE id = ?').pluck().get(ids.at(-3)) as Buffer;
    sqlite.prepare('UPDATE user_log_chains SET head_entry_id = ?, head_hash = ?, entry_count = entry_count - 2 WHERE id = ?').run(ids.at(-3), newHead, chain);
    expect(
      verify()
        .userLogs.chains.find((c) => c.chainId === chain)!
        .breaks.map((b) => b.reason)
        .join('\n'),
    ).toMatch(/differs from its seal: its head was moved/);
    // The next append extends the doctored head; the writer notices, and the finding stays.
    appendLogs(200, 3);
    const v = verify();
    expect(v.ok).toBe(false);
    expect(v.userLogs.headBreaks.map((b) => b.reason).join('\n')).toMatch(/a writer found, at .*: chain \d+: its head was moved/);
  });

  it('a whole chain deleted (entries, checkpoints and chain) is named', () => {
    const chain = biggestChain();
    drop('user_log_entries_no_delete', 'user_log_checkpoints_no_delete', 'user_log_chains_no_delete');
    sqlite.prepare('DELETE FROM user_log_entries WHERE chain_id = ?').run(chain);
    sqlite.prepare('DELETE FROM user_log_checkpoints WHERE chain_id = ?').run(chain);
    sqlite.prepare('DELETE FROM user_log_chains WHERE id = ?').run(chain);
    const v = verify();
    expect(v.ok).toBe(false);
    expect(breaks(v)).toEqual([['user_log_chain', chain]]);
    expect(v.userLogs.chains.find((c) => c.chainId === chain)!.breaks[0]!.reason).toMatch(/was deleted/);
  });

  it('an entry slipped into a chain is caught where it stands', () => {
    const chain = biggestChain();
    const ids = entryIds(chain);
    const row = sqlite.prepare('SELECT * FROM user_log_entries WHERE id = ?').get(ids[3]) as Record<string, unknown>;
    // The forged entry takes the next id.
    const rest = { ...row };
    delete rest.id;
    const forged = { ...rest, source_entry_id: 'forged-1', user_name: 'Nobody' };
    sqlite
      .prepare(
        `INSERT INTO user_log_entries (${Object.keys(forged).join(', ')}) VALUES (${Object.keys(forged)
          .map(() => '?')
          .join(', ')})`,
      )
      .run(...Object.values(forged));
    const forgedId = sqlite.prepare(`SELECT id FROM user_log_entries WHERE source_entry_id = 'forged-1'`).pluck().get() as number;
    const verdict = verify().userLogs.chains.find((c) => c.chainId === chain)!;
    expect(verdict.breaks.map((b) => [b.record, b.id])).toContainEqual(['user_log_entry', forgedId]);
  });
});

describe('checkpoints', () => {
  it('a deleted checkpoint shows against the sealed head', () => {
    drop('user_log_checkpoints_no_delete');
    const [victim] = sqlite.prepare('SELECT id, chain_id FROM user_log_checkpoints ORDER BY id LIMIT 1').all() as { id: number; chain_id: number }[];
    sqlite.prepare('DELETE FROM user_log_checkpoints WHERE id = ?').run(victim!.id);
    const verdict = verify().userLogs.chains.find((c) => c.chainId === victim!.chain_id)!;
    expect(verdict.breaks.map((b) => b.reason).join('\n')).toMatch(/checkpoints were deleted/);
  });

  it('an altered checkpoint fails its signature, named by id', () => {
    drop('user_log_checkpoints_no_update');
    const victim = sqlite.prepare('SELECT id FROM user_log_checkpoints ORDER BY id LIMIT 1').pluck().get() as number;
    sqlite.prepare('UPDATE user_log_checkpoints SET entry_count = entry_count + 1 WHERE id = ?').run(victim);
    expect(breaks(verify())).toEqual([['checkpoint', victim]]);
  });

  it('every stored checkpoint is checked against its chain', () => {
    // An entry before the checkpoint altered and its own link recomputed with the right key would
    // still fail at the next entry; here the checkpoint's entry itself is replaced outright.
    const [k] = sqlite.prepare('SELECT id, last_entry_id FROM user_log_checkpoints ORDER BY id LIMIT 1').all() as { id: number; last_entry_id: number }[];
    drop('user_log_entries_no_delete');
    sqlite.prepare('DELETE FROM user_log_entries WHERE id = ?').run(k!.last_entry_id);
    expect(breaks(verify())).toContainEqual(['checkpoint', k!.id]);
  });
});

describe('the change history', () => {
  it('an altered, a deleted and a forged change are each named', () => {
    drop('changes_no_update', 'changes_no_delete');
    const ids = sqlite.prepare('SELECT id FROM changes ORDER BY id').pluck().all() as number[];
    sqlite.prepare(`UPDATE changes SET after = replace(after, 'Demo: b', 'Demo: B') WHERE id = ?`).run(ids[1]);
    expect(breaks(verify())).toEqual([['change', ids[1]]]);
    sqlite.prepare(`UPDATE changes SET after = replace(after, 'Demo: B', 'Demo: b') WHERE id = ?`).run(ids[1]);
    expect(verify().ok).toBe(true);
    sqlite.prepare('DELETE FROM changes WHERE id = ?').run(ids[2]);
    expect(breaks(verify())).toEqual([
      ['change', ids[3]],
      ['change', ids[3]],
    ]);
  });

  it('the last change removed is caught by the sealed head', () => {
    drop('changes_no_delete');
    const last = sqlite.prepare('SELECT max(id) FROM changes').pluck().get() as number;
    sqlite.prepare('DELETE FROM changes WHERE id = ?').run(last);
    expect(
      verify()
        .changes.breaks.map((b) => b.reason)
        .join('\n'),
    ).toMatch(/counts 4 records but 3 are stored/);
  });

  it('is append-only in the database itself', () => {
    expect(() => sqlite.prepare(`UPDATE changes SET entity = 'X'`).run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM changes').run()).toThrow(/append-only/);
  });
});

describe('the record of log reads', () => {
  it('an altered and a forged read record are named', () => {
    drop('user_log_reads_no_change');
    const ids = sqlite.prepare('SELECT id FROM user_log_reads ORDER BY id').pluck().all() as number[];
    sqlite.prepare('UPDATE user_log_reads SET entry_count = 0 WHERE id = ?').run(ids[3]);
    expect(breaks(verify())).toEqual([['log_read', ids[3]]]);
    sqlite.prepare('UPDATE user_log_reads SET entry_count = 3 WHERE id = ?').run(ids[3]);
    sqlite.prepare(`INSERT INTO user_log_reads (at, purpose, entry_count) VALUES ('2026-01-01T00:00:00Z', 'forged', 0)`).run();
    const v = verify();
    expect(v.logReads.breaks.map((b) => b.record)).toEqual(['log_read', 'log_read']);
    expect(v.logReads.breaks[0]!.reason).toMatch(/not linked/);
  });
});

describe('the sealed heads', () => {
  it('a removed head is noticed, at verification and in the warning at start', () => {
    expect(headWarnings(sqlite, keys)).toEqual([]);
    drop('proof_heads_no_delete');
    sqlite.prepare(`DELETE FROM proof_heads WHERE name = 'user_log_reads'`).run();
    expect(
      verify()
        .logReads.breaks.map((b) => b.reason)
        .join('\n'),
    ).toMatch(/sealed head is missing/);
    expect(headWarnings(sqlite, keys)).toEqual([expect.stringMatching(/^user_log_reads: records are stored without a sealed head/)]);
  });

  it('an altered head is noticed', () => {
    sqlite.prepare(`UPDATE proof_heads SET state = replace(state, '"count":4', '"count":3') WHERE name = 'changes'`).run();
    expect(
      verify()
        .changes.breaks.map((b) => b.reason)
        .join('\n'),
    ).toMatch(/does not match its seal/);
  });
});

describe('key rotation', () => {
  it('new links use the new key, old ones still verify, and an old head put back is caught', () => {
    const oldHead = sqlite.prepare(`SELECT * FROM proof_heads WHERE name = 'changes'`).get() as Record<string, unknown>;
    const id = addChainKey(keyFile, keys, {});
    expect(id).toBe(2);
    keys = loadLogKeys(keyFile, {});
    resealHeads(sqlite, keys);
    appendLogs(50, 4);
    createServices(['Demo: e']);
    read('after rotation');
    expect(breaks(verify())).toEqual([]);
    expect(sqlite.prepare('SELECT DISTINCT key_id FROM user_log_entries ORDER BY 1').pluck().all()).toEqual([1, 2]);
    expect(sqlite.prepare('SELECT key_id FROM changes ORDER BY id DESC LIMIT 1').pluck().get()).toBe(2);
    // Without the new key the new links cannot be checked.
    const withoutNewKey = join(mkdtempSync(join(tmpdir(), 'fvm-proof-')), 'r.pseudonym.key');
    copyFileSync(keyFile, withoutNewKey);
    expect(verifyRecords(sqlite, loadLogKeys(withoutNewKey, {})).ok).toBe(false);
    // The head from before the rotation, put back (with the changes after it removed), no longer counts.
    drop('changes_no_delete');
    sqlite.prepare('DELETE FROM changes WHERE key_id = 2').run();
    sqlite.prepare(`UPDATE proof_heads SET state = ?, key_id = ?, seal = ? WHERE name = 'changes'`).run(oldHead.state, oldHead.key_id, oldHead.seal);
    expect(
      verify()
        .changes.breaks.map((b) => b.reason)
        .join('\n'),
    ).toMatch(/sealed with chain key 1, not the newest key 2/);
  });
});

describe('verification in slices (the API’s)', () => {
  const slices = async (pause: () => Promise<void> = async () => {}) => ({
    logs: await verifyUserLogChainsInSlices(sqlite, keys, pause, 7),
    changes: await verifyLedgerInSlices(sqlite, keys, 'changes', pause, 2),
    reads: await verifyLedgerInSlices(sqlite, keys, 'user_log_reads', pause, 2),
  });
  const whole = () => ({
    logs: verifyUserLogChains(sqlite, keys),
    changes: verifyLedger(sqlite, keys, 'changes'),
    reads: verifyLedger(sqlite, keys, 'user_log_reads'),
  });

  it('finds what the whole walk finds, on a tampered registry too', async () => {
    expect(await slices()).toEqual(whole());
    drop('user_log_entries_no_update', 'changes_no_update');
    const ids = entryIds(biggestChain());
    for (const id of [ids[1], ids[9]]) sqlite.prepare(`UPDATE user_log_entries SET care_unit = 'Elsewhere' WHERE id = ?`).run(id);
    sqlite.prepare(`UPDATE changes SET entity = 'Nothing' WHERE id = (SELECT min(id) FROM changes)`).run();
    const found = await slices();
    expect(found).toEqual(whole());
    expect(found.logs.ok).toBe(false);
    expect(found.changes.ok).toBe(false);
  });

  it('is not misled by writes between its slices', async () => {
    let n = 0;
    const result = await slices(async () => {
      // Whatever the server does between two slices: appends, changes, reads.
      if (n++ % 5 === 0) appendLogs(20, 100 + n);
      if (n % 7 === 0) createServices([`Demo: between ${n}`]);
      read(`between ${n}`);
    });
    expect(
      result.logs.ok && result.changes.ok && result.reads.ok,
      JSON.stringify([result.logs.chains.filter((c) => !c.ok), result.changes.breaks, result.reads.breaks]),
    ).toBe(true);
    expect(verify().ok).toBe(true);
  });
});
