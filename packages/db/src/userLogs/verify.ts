import type { Sqlite } from '../client';
import { eachRowInSlices } from '../proof/slices';
import { BreakList, headBreaks, type ProofBreak } from '../proof/breaks';
import { readHead, type SealedHead } from '../proof/heads';
import { verifyLedger, type LedgerVerdict } from '../proof/ledger';
import { CHAIN_COLUMNS, chainMismatch, contentOfRow, GENESIS, linkHash, memberMismatch, readRowSeal, type ChainRow, type ChainsState } from './chain';
import { listCheckpoints, signatureValid, type StoredCheckpoint } from './checkpoints';
import type { LogKeys } from './keys';

export interface ChainVerdict {
  chainId: number;
  dataOwnerId: number;
  isDemo: boolean;
  /** The chain's lane of its data owner (0 for the first, or only, one). */
  lane: number;
  entriesChecked: number;
  ok: boolean;
  /** The first place the chain does not hold, and why. */
  firstBreak: { entryId: number | null; reason: string } | null;
  /** Every place it does not hold (the first ones; `breakCount` counts them all). */
  breaks: ProofBreak[];
  breakCount: number;
}

export interface VerifyResult {
  ok: boolean;
  entriesChecked: number;
  chains: ChainVerdict[];
  /** Breaks that belong to no one chain (the sealed head itself). */
  headBreaks: ProofBreak[];
}

const PER_CHAIN = 50;

interface Walk {
  previous: Buffer;
  previousKey: number;
  lastId: number | null;
  count: number;
  breaks: BreakList;
  /** Checkpoints of the chain by the entry they end at. */
  checkpoints: Map<number, StoredCheckpoint[]>;
}

/**
 * Recomputes every chain from its anchor and checks it against everything that vouches for it:
 * each entry's keyed link (an altered entry breaks at itself; a removed or reordered one at the
 * next entry), every stored signed checkpoint (its signature, and that the chain passes through
 * its entry with its hash and count), and the sealed head (every chain that should exist, its
 * count, head, start and number of checkpoints). After a break the walk goes on from the stored
 * link, so every break is reported, not only the first.
 */
export function verifyUserLogChains(sqlite: Sqlite, keys: LogKeys, options: { onProgress?: (checked: number) => void } = {}): VerifyResult {
  const walk = new ChainWalk(keys, walkStart(sqlite, keys));
  for (const row of sqlite.prepare('SELECT * FROM user_log_entries WHERE id <= ? ORDER BY id').iterate(walk.lastId) as Iterable<Record<string, unknown>>) {
    walk.entry(row);
    if (options.onProgress && walk.checked % 100_000 === 0) options.onProgress(walk.checked);
  }
  options.onProgress?.(walk.checked);
  return walk.result();
}

/**
 * The same verification, read in slices of `slice` entries with `pause()` awaited between them,
 * so that a server answering other requests on the same connection is not stalled for the whole
 * walk. Bounded by the chains and the last entry as they were at the start: entries appended
 * meanwhile are not part of it.
 */
export async function verifyUserLogChainsInSlices(sqlite: Sqlite, keys: LogKeys, pause: () => Promise<void>, slice = 1_000): Promise<VerifyResult> {
  const walk = new ChainWalk(keys, walkStart(sqlite, keys));
  await eachRowInSlices(sqlite, 'user_log_entries', walk.lastId, (row) => walk.entry(row), pause, slice);
  return walk.result();
}

/**
 * What a walk checks the entries against, read at its start in one turn (one transaction): a write
 * between the slices of a walk must not look like tampering.
 */
export interface ChainWalkStart {
  chains: ChainRow[];
  checkpoints: StoredCheckpoint[];
  head: SealedHead<ChainsState>;
  /** The last entry when the walk began: the walk covers entries up to it. */
  lastId: number;
}

function walkStart(sqlite: Sqlite, keys: LogKeys): ChainWalkStart {
  return {
    chains: sqlite.prepare(`SELECT ${CHAIN_COLUMNS} FROM user_log_chains ORDER BY id`).all() as ChainRow[],
    lastId: (sqlite.prepare('SELECT coalesce(max(id), 0) FROM user_log_entries').pluck().get() as number) ?? 0,
    checkpoints: listCheckpoints(sqlite),
    head: readHead<ChainsState>(sqlite, keys, 'user_log_chains'),
  };
}

/** One walk over the entries, on any engine: the state read at the start, each entry in id order, the verdicts at the end. */
export class ChainWalk {
  readonly chains: ChainRow[];
  readonly checkpoints: StoredCheckpoint[];
  readonly head: SealedHead<ChainsState>;
  readonly lastId: number;
  checked = 0;
  private readonly walks = new Map<number, Walk>();

  constructor(
    private readonly keys: LogKeys,
    start: ChainWalkStart,
  ) {
    ({ chains: this.chains, checkpoints: this.checkpoints, head: this.head, lastId: this.lastId } = start);
    for (const c of this.chains) this.walkOf(c.id, c.anchor_hash);
    for (const k of this.checkpoints) {
      const w = this.walks.get(k.chainId);
      if (!w) continue;
      if (!signatureValid(keys, k))
        w.breaks.add({
          record: 'checkpoint',
          id: k.id,
          chainId: k.chainId,
          reason: `checkpoint ${k.id} (${k.kind}, ${k.createdAt}) does not carry a valid signature: it was altered or forged`,
        });
      else if (k.kind !== 'purge') w.checkpoints.set(k.lastEntryId, [...(w.checkpoints.get(k.lastEntryId) ?? []), k]);
    }
  }

  private walkOf(chainId: number, anchor: Buffer): Walk {
    let w = this.walks.get(chainId);
    if (!w)
      this.walks.set(chainId, (w = { previous: anchor, previousKey: 0, lastId: null, count: 0, breaks: new BreakList(PER_CHAIN), checkpoints: new Map() }));
    return w;
  }

  entry(row: Record<string, unknown>) {
    this.checked++;
    const id = row.id as number;
    const chainId = row.chain_id as number;
    let w = this.walks.get(chainId);
    if (!w) {
      // An entry claiming a chain that does not exist was put there, or its chain taken away, behind the API's back.
      w = this.walkOf(chainId, GENESIS);
      w.breaks.add({ record: 'user_log_entry', id, chainId, reason: 'the entry names a chain that does not exist' });
    }
    w.count++;
    const keyId = row.key_id as number;
    const key = this.keys.chain.byId.get(keyId);
    const stored = row.hash as Buffer;
    if (!key) {
      w.breaks.add({
        record: 'user_log_entry',
        id,
        chainId,
        reason: keyId
          ? `the entry is linked with chain key ${keyId}, which this registry does not have`
          : 'the entry’s link is not keyed (stored before keyed chains, or forged): nothing vouches for it',
      });
    } else if (keyId < w.previousKey) {
      w.breaks.add({
        record: 'user_log_entry',
        id,
        chainId,
        reason: `the entry is linked with key ${keyId}, older than the key ${w.previousKey} of the entry before it`,
      });
    } else if (!linkHash(key, w.previous, contentOfRow(row)).equals(stored)) {
      w.breaks.add({
        record: 'user_log_entry',
        id,
        chainId,
        reason:
          w.lastId === null
            ? 'the first entry does not follow from the chain’s anchor (altered, or entries before it removed)'
            : `the entry does not follow from entry ${w.lastId} (it was altered, or entries between were removed or reordered)`,
      });
    }
    for (const k of w.checkpoints.get(id) ?? []) {
      if (!stored.equals(Buffer.from(k.headHash, 'hex')))
        w.breaks.add({
          record: 'checkpoint',
          id: k.id,
          chainId,
          reason: `the chain reaches entry ${id} with another link than checkpoint ${k.id} signed: something up to it changed`,
        });
      const position = (this.chains.find((c) => c.id === chainId)?.purged_count ?? 0) + w.count;
      if (position !== k.entryCount)
        w.breaks.add({
          record: 'checkpoint',
          id: k.id,
          chainId,
          reason: `checkpoint ${k.id} signed ${k.entryCount} entries up to entry ${id}, but the chain holds ${position}: entries before it were removed or added`,
        });
      w.checkpoints.delete(id);
    }
    w.previous = stored;
    w.previousKey = Math.max(w.previousKey, keyId);
    w.lastId = id;
  }

  result(): VerifyResult {
    const { keys, chains, checkpoints, walks, head } = this;
    const purges = checkpoints.filter((k) => k.kind === 'purge' && signatureValid(keys, k));
    const sealed = head.problem ? null : head.state;
    const verdicts: ChainVerdict[] = chains.map((c) => {
      const w = walks.get(c.id)!;
      // A chain that does not start from the genesis hash was purged: only a signed purge checkpoint
      // naming exactly that anchor and count may say so.
      const anchorVouched =
        c.anchor_hash.equals(GENESIS) ||
        purges.some((k) => k.chainId === c.id && k.headHash === c.anchor_hash.toString('hex') && k.entryCount === c.purged_count);
      if (!anchorVouched)
        w.breaks.add({
          record: 'user_log_chain',
          id: c.id,
          chainId: c.id,
          reason: 'the chain’s start was moved (its first entries removed) without a signed purge checkpoint',
        });
      if (w.count !== c.entry_count - c.purged_count) {
        w.breaks.add({
          record: 'user_log_chain',
          id: c.id,
          chainId: c.id,
          reason: `the chain should hold ${c.entry_count - c.purged_count} entries but holds ${w.count}: entries after ${w.lastId ?? 'its anchor'} are missing or were added`,
        });
      } else if (c.head_entry_id !== null && !w.previous.equals(c.head_hash))
        w.breaks.add({ record: 'user_log_chain', id: c.id, chainId: c.id, reason: 'the chain does not end at its recorded head' });
      // Checkpoints whose entry was never reached: purged since (the anchor covers it), or removed.
      const lastPurged = Math.max(0, ...purges.filter((k) => k.chainId === c.id).map((k) => k.lastEntryId));
      for (const [entryId, list] of w.checkpoints) {
        for (const k of list)
          if (entryId > lastPurged)
            w.breaks.add({ record: 'checkpoint', id: k.id, chainId: c.id, reason: `entry ${entryId}, signed by checkpoint ${k.id}, is missing` });
      }
      const member = sealed?.chains[c.id];
      if (sealed && !member)
        w.breaks.add({
          record: 'user_log_chain',
          id: c.id,
          chainId: c.id,
          reason: 'the chain is not in the sealed head: it was inserted behind the API’s back',
        });
      const moved = member ? memberMismatch(c, member) : null;
      if (moved) w.breaks.add({ record: 'user_log_chain', id: c.id, chainId: c.id, reason: `the chain differs from the sealed head: ${moved}` });
      // Only a sealed head vouches for a row's seal at all: without one, the head's break says so.
      const { seal, problem } = sealed ? readRowSeal(keys, c, member) : { seal: null, problem: null };
      if (problem) w.breaks.add({ record: 'user_log_chain', id: c.id, chainId: c.id, reason: `the chain’s seal does not hold: ${problem}` });
      if (seal) {
        const mismatch = chainMismatch(c, seal);
        if (mismatch) w.breaks.add({ record: 'user_log_chain', id: c.id, chainId: c.id, reason: `the chain differs from its seal: ${mismatch}` });
        const stored = checkpoints.filter((k) => k.chainId === c.id).length;
        if (stored !== seal.checkpoints)
          w.breaks.add({
            record: 'checkpoint',
            id: null,
            chainId: c.id,
            reason: `${seal.checkpoints} checkpoints were recorded for the chain but ${stored} are stored: ${stored < seal.checkpoints ? 'checkpoints were deleted' : 'checkpoints were added behind the API’s back'}`,
          });
      }
      return verdictOf(c.id, c.data_owner_id, c.is_demo === 1, c.lane, w);
    });
    for (const [chainId, w] of walks) if (!chains.some((c) => c.id === chainId)) verdicts.push(verdictOf(chainId, -1, false, 0, w));
    // Chains the seal vouches for that are gone altogether.
    for (const [id, seal] of Object.entries(sealed?.chains ?? {})) {
      if (walks.has(Number(id))) continue;
      const breaks = new BreakList(PER_CHAIN);
      breaks.add({
        record: 'user_log_chain',
        id: Number(id),
        chainId: Number(id),
        reason: `the chain (data owner ${seal.owner}${seal.lane ? `, lane ${seal.lane}` : ''}) was deleted`,
      });
      verdicts.push(
        verdictOf(Number(id), seal.owner, seal.demo, seal.lane ?? 0, {
          previous: GENESIS,
          previousKey: 0,
          lastId: null,
          count: 0,
          breaks,
          checkpoints: new Map(),
        }),
      );
    }
    const headProblems = headBreaks(head, keys, 'user_log_entry', chains.length > 0);
    return { ok: verdicts.every((v) => v.ok) && headProblems.length === 0, entriesChecked: this.checked, chains: verdicts, headBreaks: headProblems };
  }
}

function verdictOf(chainId: number, dataOwnerId: number, isDemo: boolean, lane: number, w: Walk): ChainVerdict {
  const first = w.breaks.list[0];
  return {
    chainId,
    dataOwnerId,
    isDemo,
    lane,
    entriesChecked: w.count,
    ok: w.breaks.count === 0,
    firstBreak: first ? { entryId: first.record === 'user_log_entry' ? first.id : w.lastId, reason: first.reason } : null,
    breaks: w.breaks.list,
    breakCount: w.breaks.count,
  };
}

export interface RecordsVerdict {
  ok: boolean;
  userLogs: VerifyResult;
  changes: LedgerVerdict;
  logReads: LedgerVerdict;
}

/** Everything that is chained: the user log, the change history and the record of log reads. */
export function verifyRecords(sqlite: Sqlite, keys: LogKeys, options: { onProgress?: (checked: number) => void; maxBreaks?: number } = {}): RecordsVerdict {
  const userLogs = verifyUserLogChains(sqlite, keys, options);
  const changes = verifyLedger(sqlite, keys, 'changes', options.maxBreaks);
  const logReads = verifyLedger(sqlite, keys, 'user_log_reads', options.maxBreaks);
  return { ok: userLogs.ok && changes.ok && logReads.ok, userLogs, changes, logReads };
}
