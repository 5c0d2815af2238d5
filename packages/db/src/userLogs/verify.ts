import type { Sqlite } from '../client';
import { contentOfRow, GENESIS, linkHash } from './chain';
import { listCheckpoints, signatureValid } from './checkpoints';
import type { LogKeys } from './keys';

export interface ChainVerdict {
  chainId: number;
  dataOwnerId: number;
  isDemo: boolean;
  entriesChecked: number;
  ok: boolean;
  /** The first entry whose stored link does not follow from what precedes it, and why. */
  firstBreak: { entryId: number | null; reason: string } | null;
}

export interface VerifyResult {
  ok: boolean;
  entriesChecked: number;
  chains: ChainVerdict[];
}

/**
 * Recomputes every chain from its anchor. An altered entry breaks at itself; a deleted or
 * reordered one breaks at the next entry of its chain (its predecessor's link no longer matches);
 * entries missing at the end show against the chain's recorded head and count.
 */
export function verifyUserLogChains(sqlite: Sqlite, options: { keys?: LogKeys; onProgress?: (checked: number) => void } | ((checked: number) => void) = {}): VerifyResult {
  const { keys, onProgress } = typeof options === 'function' ? { keys: undefined, onProgress: options } : options;
  const chains = sqlite.prepare('SELECT id, data_owner_id, is_demo, anchor_hash, head_entry_id, head_hash, entry_count, purged_count FROM user_log_chains').all() as {
    id: number; data_owner_id: number; is_demo: number; anchor_hash: Buffer; head_entry_id: number | null; head_hash: Buffer; entry_count: number; purged_count: number;
  }[];
  const state = new Map(chains.map((c) => [c.id, { previous: c.anchor_hash, lastId: null as number | null, count: 0, broken: null as ChainVerdict['firstBreak'] }]));
  let checked = 0;
  for (const row of sqlite.prepare('SELECT * FROM user_log_entries ORDER BY id').iterate() as Iterable<Record<string, unknown>>) {
    checked++;
    if (onProgress && checked % 100_000 === 0) onProgress(checked);
    const s = state.get(row.chain_id as number);
    if (!s) {
      // An entry claiming a chain that does not exist was put there behind the API's back.
      state.set(row.chain_id as number, { previous: Buffer.alloc(32), lastId: row.id as number, count: 1, broken: { entryId: row.id as number, reason: 'the entry names a chain that does not exist' } });
      continue;
    }
    s.count++;
    if (s.broken) continue;
    const expected = linkHash(s.previous, contentOfRow(row));
    if (!expected.equals(row.hash as Buffer)) {
      s.broken = { entryId: row.id as number, reason: s.lastId === null ? 'the first entry does not follow from the chain’s anchor (altered, or entries before it removed)' : `the entry does not follow from entry ${s.lastId} (it was altered, or entries between were removed or reordered)` };
      continue;
    }
    s.previous = row.hash as Buffer;
    s.lastId = row.id as number;
  }
  onProgress?.(checked);

  // A chain that does not start from the genesis hash was purged: only a signed purge checkpoint
  // naming exactly that anchor and count may say so. Otherwise someone deleted its first entries
  // and moved the anchor to cover it.
  const purges = listCheckpoints(sqlite).filter((k) => k.kind === 'purge');
  const anchorVouched = (c: (typeof chains)[number]) =>
    c.anchor_hash.equals(GENESIS) ||
    (!!keys && purges.some((k) => k.chainId === c.id && k.headHash === c.anchor_hash.toString('hex') && k.entryCount === c.purged_count && signatureValid(keys, k)));

  const verdicts: ChainVerdict[] = chains.map((c) => {
    const s = state.get(c.id)!;
    let firstBreak = anchorVouched(c)
      ? s.broken
      : { entryId: null, reason: keys ? 'the chain’s start was moved (its first entries removed) without a signed purge checkpoint' : 'the chain was purged; give the keys to check its purge checkpoint' };
    if (!firstBreak && s.count !== c.entry_count - c.purged_count) {
      firstBreak = { entryId: s.lastId, reason: `the chain should hold ${c.entry_count - c.purged_count} entries but holds ${s.count}: entries after ${s.lastId ?? 'its anchor'} are missing` };
    } else if (!firstBreak && c.head_entry_id !== null && !s.previous.equals(c.head_hash)) {
      firstBreak = { entryId: s.lastId, reason: 'the chain does not end at its recorded head' };
    }
    return { chainId: c.id, dataOwnerId: c.data_owner_id, isDemo: c.is_demo === 1, entriesChecked: s.count, ok: !firstBreak, firstBreak };
  });
  for (const [chainId, s] of state) {
    if (!chains.some((c) => c.id === chainId)) verdicts.push({ chainId, dataOwnerId: -1, isDemo: false, entriesChecked: s.count, ok: false, firstBreak: s.broken });
  }
  return { ok: verdicts.every((v) => v.ok), entriesChecked: checked, chains: verdicts };
}
