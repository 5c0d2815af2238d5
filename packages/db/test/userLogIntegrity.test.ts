import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  appendUserLogEntries,
  demoLogWorld,
  generateDemoLogEntries,
  listCheckpoints,
  loadLogKeys,
  loadReferenceData,
  openDatabase,
  purgeUserLogs,
  verifyUserLogDigest,
  recordCheckpoints,
  signatureValid,
  verifyUserLogChains,
  type LogKeys,
} from '../src';

let sqlite: Database.Database;
let keys: LogKeys;
const NOW = Date.parse('2026-11-22T09:00:00Z');

function entries(count: number, startMs: number, endMs: number, seed = 7) {
  return [...generateDemoLogEntries(demoLogWorld(sqlite), count, { seed, startMs, endMs })];
}
function append(list: ReturnType<typeof entries>, allowPartial = false) {
  return appendUserLogEntries(sqlite, list, { keys, submittedByOrgId: 1, today: '2026-11-22', nowMs: NOW }, { allowPartial });
}

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-integrity-'));
  const opened = openDatabase(join(dir, 'r.sqlite'));
  loadReferenceData(opened.db);
  sqlite = opened.sqlite;
  keys = loadLogKeys(join(dir, 'k.key'), {});
});

describe('the start of a chain', () => {
  it('cannot be cut off and re-anchored without a signed purge checkpoint', () => {
    expect(append(entries(200, NOW - 86_400_000, NOW)).stored).toBe(200);
    const chain = sqlite.prepare('SELECT id FROM user_log_chains ORDER BY entry_count DESC LIMIT 1').pluck().get() as number;
    const first = sqlite.prepare('SELECT id, hash FROM user_log_entries WHERE chain_id = ? ORDER BY id LIMIT 3').all(chain) as { id: number; hash: Buffer }[];
    // Behind the API's back: delete the first three entries and move the anchor to hide it.
    sqlite.exec('DROP TRIGGER user_log_entries_no_delete');
    sqlite.prepare('DELETE FROM user_log_entries WHERE id IN (?, ?, ?)').run(first[0]!.id, first[1]!.id, first[2]!.id);
    sqlite.prepare('UPDATE user_log_chains SET anchor_hash = ?, purged_count = 3 WHERE id = ?').run(first[2]!.hash, chain);
    const verdict = verifyUserLogChains(sqlite, keys).chains.find((c) => c.chainId === chain)!;
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBreak?.reason).toMatch(/without a signed purge checkpoint/);
  });

  it('may start after a real purge, vouched for by its signed checkpoint', () => {
    const years = 6 * 365 * 86_400_000;
    append(entries(100, NOW - years - 86_400_000, NOW - years, 1));
    append(entries(100, NOW - 86_400_000, NOW, 2));
    // Göteborg decides to purge its access logs after 5 years.
    const gbg = sqlite.prepare(`SELECT id FROM organisations WHERE municipality_code = '1480'`).pluck().get() as number;
    const accessLog = sqlite.prepare(`SELECT id FROM information_categories WHERE code = 'access_log'`).pluck().get() as number;
    sqlite
      .prepare(
        `INSERT INTO retention_rules (category_id, action, years, trigger, purge_decision_body, purge_decision_reference, purge_decision_on, owner_org_id, created_at, updated_at) VALUES (?, 'purge', 5, 'creation', 'KS', 'KS 2026/1', '2026-01-01', ?, '', '')`,
      )
      .run(accessLog, gbg);
    const { plans } = purgeUserLogs(sqlite, keys, '2026-11-22');
    expect(plans.map((p) => p.dataOwnerId)).toEqual([gbg]);
    expect(verifyUserLogChains(sqlite, keys).ok).toBe(true);
    // The log review's digest forgets the purged entries with them.
    expect(verifyUserLogDigest(sqlite).ok).toBe(true);
    expect(sqlite.prepare('SELECT sum(entries) FROM user_log_user_days').pluck().get()).toBe(
      sqlite.prepare('SELECT count(*) FROM user_log_entries').pluck().get(),
    );
    // Under another registry's keys nothing is vouched for.
    expect(verifyUserLogChains(sqlite, loadLogKeys(join(mkdtempSync(join(tmpdir(), 'fvm-other-')), 'k.key'), {})).ok).toBe(false);
  });
});

describe('checkpoints', () => {
  it('are signed with Ed25519 and can be checked with the public key alone', () => {
    append(entries(50, NOW - 86_400_000, NOW));
    const [checkpoint] = recordCheckpoints(sqlite, keys, 'manual');
    expect(signatureValid({ publicKeyPem: keys.checkpoint.publicKeyPem }, checkpoint!)).toBe(true);
    expect(signatureValid({ publicKeyPem: keys.checkpoint.publicKeyPem }, { ...checkpoint!, entryCount: checkpoint!.entryCount + 1 })).toBe(false);
    const again = recordCheckpoints(sqlite, keys, 'manual');
    expect(listCheckpoints(sqlite)).toHaveLength(again.length * 2);
  });
});

describe('a resent entry', () => {
  it('with the same content is a harmless duplicate; with other content it is refused, not silently dropped', () => {
    const batch = entries(20, NOW - 86_400_000, NOW);
    expect(append(batch).stored).toBe(20);
    expect(append(batch)).toMatchObject({ stored: 0, duplicates: 20, rejected: [] });
    const changed = batch.map((e, i) => (i === 5 ? { ...e, userName: 'Someone else' } : e));
    const r = append(changed);
    expect(r).toMatchObject({ committed: false, stored: 0 });
    expect(r.rejected).toEqual([{ index: 5, violations: [expect.objectContaining({ field: 'sourceEntryId', code: 'log.source_id_conflict' })] }]);
    expect(append(changed, true).rejected.map((x) => x.index)).toEqual([5]);
  });
});
