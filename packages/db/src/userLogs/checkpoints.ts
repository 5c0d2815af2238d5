import { createPublicKey, sign as ed25519Sign, verify as ed25519Verify, type KeyObject } from 'node:crypto';
import type { Sqlite } from '../client';
import { ChainsWriter, contentOfRow, linkHash, type ChainRow } from './chain';
import type { LogKeys } from './keys';

/** One lane of a data owner as a checkpoint states it. */
export interface LaneHead {
  chainId: number;
  lane: number;
  entryCount: number;
  lastEntryId: number;
  headHash: string;
}

/**
 * A checkpoint states, for one chain, how many entries it has had, its last entry and the hash
 * there, signed (Ed25519) with a key derived from the secret kept outside the database. Anyone
 * holding an exported checkpoint and the registry's public key can check the signature, and prove
 * later that nothing up to it changed: the chain recomputed to that entry must end in the same hash.
 * A checkpoint of an owner's lanes states every lane of the owner under one signature (`lanes`);
 * it is stored once per lane, each row with its own lane's figures, which must be among `lanes`.
 */
export interface Checkpoint {
  chainId: number;
  dataOwnerId: number;
  isDemo: boolean;
  kind: string;
  createdAt: string;
  entryCount: number;
  lastEntryId: number;
  headHash: string;
  signature: string;
  /** Every lane of the owner at this moment, signed together; absent for a checkpoint of one chain alone (a purge's, or one from before lanes). */
  lanes?: LaneHead[];
}

function statement(c: Omit<Checkpoint, 'signature'>): Buffer {
  if (c.lanes) {
    const lanes = c.lanes.map((l) => [l.chainId, l.lane, l.entryCount, l.lastEntryId, l.headHash].join(':')).join(',');
    return Buffer.from(['lanes', c.dataOwnerId, c.isDemo ? 1 : 0, c.kind, c.createdAt, lanes].join('|'));
  }
  return Buffer.from([c.chainId, c.dataOwnerId, c.isDemo ? 1 : 0, c.kind, c.createdAt, c.entryCount, c.lastEntryId, c.headHash].join('|'));
}

/** A checkpoint row's own figures are one of the lanes its signature covers. */
const amongItsLanes = (c: Checkpoint) =>
  !c.lanes || c.lanes.some((l) => l.chainId === c.chainId && l.entryCount === c.entryCount && l.lastEntryId === c.lastEntryId && l.headHash === c.headHash);

function sign(keys: Pick<LogKeys, 'checkpoint'>, c: Omit<Checkpoint, 'signature'>): string {
  return ed25519Sign(null, statement(c), keys.checkpoint.privateKey).toString('base64');
}

/** Checks a checkpoint's Ed25519 signature: with the registry's keys, or with its published public key (PEM). */
export function signatureValid(keys: Pick<LogKeys, 'checkpoint'> | { publicKeyPem: string }, c: Checkpoint): boolean {
  const publicKey: KeyObject = 'checkpoint' in keys ? keys.checkpoint.publicKey : createPublicKey(keys.publicKeyPem);
  try {
    const { signature, ...unsigned } = c;
    if (!amongItsLanes(c)) return false;
    return ed25519Verify(null, statement(unsigned), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Signs and stores one checkpoint; the chains' sealed head counts it, so a deleted checkpoint shows. */
export function insertCheckpoint(sqlite: Sqlite, chains: ChainsWriter, unsigned: Omit<Checkpoint, 'signature'>): Checkpoint {
  const checkpoint = signCheckpoint(chains.keys, unsigned);
  sqlite.prepare(INSERT_CHECKPOINT).run(...checkpointValues(checkpoint));
  chains.checkpointAdded(checkpoint.chainId);
  return checkpoint;
}

export const INSERT_CHECKPOINT =
  'INSERT INTO user_log_checkpoints (chain_id, created_at, kind, entry_count, last_entry_id, head_hash, signature, lanes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/** A checkpoint's values in INSERT_CHECKPOINT's order. */
export function checkpointValues(c: Checkpoint): unknown[] {
  return [c.chainId, c.createdAt, c.kind, c.entryCount, c.lastEntryId, Buffer.from(c.headHash, 'hex'), c.signature, c.lanes ? JSON.stringify(c.lanes) : null];
}

/**
 * The checkpoints to sign now: for each data owner (demo apart), one statement of all its lanes
 * that have entries, as one unsigned checkpoint per lane (each signs to the same signature).
 */
export function laneCheckpoints(rows: readonly ChainRow[], kind: string, now: Date): Omit<Checkpoint, 'signature'>[] {
  const owners = new Map<string, ChainRow[]>();
  for (const c of rows) {
    if (c.head_entry_id === null) continue;
    const key = `${c.data_owner_id}:${c.is_demo}`;
    owners.set(key, [...(owners.get(key) ?? []), c]);
  }
  return [...owners.values()].flatMap((chains) => {
    const lanes: LaneHead[] = chains
      .sort((a, b) => a.lane - b.lane)
      .map((c) => ({ chainId: c.id, lane: c.lane, entryCount: c.entry_count, lastEntryId: c.head_entry_id!, headHash: c.head_hash.toString('hex') }));
    return lanes.map((l) => ({
      chainId: l.chainId,
      dataOwnerId: chains[0]!.data_owner_id,
      isDemo: chains[0]!.is_demo === 1,
      kind,
      createdAt: now.toISOString(),
      entryCount: l.entryCount,
      lastEntryId: l.lastEntryId,
      headHash: l.headHash,
      lanes,
    }));
  });
}

/** Signs a checkpoint of every owner's lanes that have entries, within the caller's transaction (every chain checked against its seals first). */
export function checkpointAllChains(sqlite: Sqlite, chains: ChainsWriter, kind: string, now: Date): Checkpoint[] {
  return laneCheckpoints(chains.checkAll(), kind, now).map((unsigned) => insertCheckpoint(sqlite, chains, unsigned));
}

/** Records (and returns) a signed checkpoint of every chain that has entries. */
export function recordCheckpoints(sqlite: Sqlite, keys: LogKeys, kind: string, now = new Date()): Checkpoint[] {
  return sqlite
    .transaction(() => {
      const chains = new ChainsWriter(sqlite, keys, now.toISOString());
      const checkpoints = checkpointAllChains(sqlite, chains, kind, now);
      chains.seal();
      return checkpoints;
    })
    .immediate();
}

/** A checkpoint as stored, with its row id. */
export interface StoredCheckpoint extends Checkpoint {
  id: number;
}

/** Every stored checkpoint with its chain's owner, oldest first (the same statement on every engine). */
export const LIST_CHECKPOINTS = 'SELECT k.*, c.data_owner_id, c.is_demo FROM user_log_checkpoints k JOIN user_log_chains c ON c.id = k.chain_id ORDER BY k.id';

/** A row of LIST_CHECKPOINTS as either engine's driver returns it (integers as numbers on both). */
export interface CheckpointRow {
  id: number;
  chain_id: number;
  data_owner_id: number;
  /** 0/1 on SQLite, a boolean on PostgreSQL. */
  is_demo: number | boolean;
  kind: string;
  created_at: string;
  entry_count: number;
  last_entry_id: number;
  head_hash: Buffer;
  signature: string;
  /** Null for a checkpoint of one chain alone. */
  lanes: string | null;
}

export function listCheckpoints(sqlite: Sqlite): StoredCheckpoint[] {
  return (sqlite.prepare(LIST_CHECKPOINTS).all() as CheckpointRow[]).map(storedCheckpoint);
}

/** A checkpoint row (with its chain's owner and demo flag) as a StoredCheckpoint. */
export function storedCheckpoint(r: CheckpointRow): StoredCheckpoint {
  return {
    id: r.id,
    chainId: r.chain_id,
    dataOwnerId: r.data_owner_id,
    isDemo: r.is_demo === 1 || r.is_demo === true,
    kind: r.kind,
    createdAt: r.created_at,
    entryCount: r.entry_count,
    lastEntryId: r.last_entry_id,
    headHash: r.head_hash.toString('hex'),
    signature: r.signature,
    ...(r.lanes ? { lanes: JSON.parse(r.lanes) as LaneHead[] } : {}),
  };
}

export function signCheckpoint(keys: Pick<LogKeys, 'checkpoint'>, unsigned: Omit<Checkpoint, 'signature'>): Checkpoint {
  return { ...unsigned, signature: sign(keys, unsigned) };
}

/**
 * Checks the stored entries against a checkpoint someone kept: its signature, and that the chain,
 * recomputed from its anchor, passes through the checkpoint's last entry with the same hash.
 * (Entries purged since are vouched for by the purge checkpoint that re-anchored the chain.)
 */
export function verifyAgainstCheckpoint(sqlite: Sqlite, keys: LogKeys, checkpoint: Checkpoint): { ok: boolean; reason: string } {
  const walk = CheckpointWalk.start(
    keys,
    checkpoint,
    sqlite.prepare('SELECT anchor_hash FROM user_log_chains WHERE id = ?').get(checkpoint.chainId) as { anchor_hash: Buffer } | undefined,
  );
  if ('ok' in walk) return walk;
  const rows = sqlite
    .prepare('SELECT * FROM user_log_entries WHERE chain_id = ? AND id <= ? ORDER BY id')
    .iterate(checkpoint.chainId, checkpoint.lastEntryId) as Iterable<Record<string, unknown>>;
  for (const row of rows) {
    const broken = walk.entry(row);
    if (broken) return broken;
  }
  return walk.verdict(listCheckpoints(sqlite));
}

/** One check of a chain against a kept checkpoint, on any engine: its start, each entry up to the checkpoint's in id order, the verdict. */
export class CheckpointWalk {
  private reached = false;

  private constructor(
    private readonly keys: LogKeys,
    private readonly checkpoint: Checkpoint,
    private previous: Buffer,
  ) {}

  /** The walk from the chain's anchor, or at once the verdict when there is nothing to walk. */
  static start(keys: LogKeys, checkpoint: Checkpoint, chain: { anchor_hash: Buffer } | undefined): CheckpointWalk | { ok: false; reason: string } {
    if (!signatureValid(keys, checkpoint)) return { ok: false, reason: 'the checkpoint’s signature is not valid under this registry’s key' };
    if (!chain) return { ok: false, reason: `chain ${checkpoint.chainId} does not exist` };
    return new CheckpointWalk(keys, checkpoint, chain.anchor_hash);
  }

  /** The next entry of the chain; a verdict when it breaks the chain. */
  entry(row: Record<string, unknown>): { ok: false; reason: string } | null {
    const key = this.keys.chain.byId.get(row.key_id as number);
    if (!key) return { ok: false, reason: `entry ${row.id} is not linked under any key of this registry` };
    const expected = linkHash(key, this.previous, contentOfRow(row));
    if (!expected.equals(row.hash as Buffer)) return { ok: false, reason: `entry ${row.id} does not follow from the one before it` };
    this.previous = expected;
    if (row.id === this.checkpoint.lastEntryId) this.reached = true;
    return null;
  }

  verdict(stored: readonly StoredCheckpoint[]): { ok: boolean; reason: string } {
    const { checkpoint, keys } = this;
    if (!this.reached) {
      // The checkpoint's entry may have been purged since: then the chain's anchor must be at or after it.
      const purged = stored.some(
        (p) => p.chainId === checkpoint.chainId && p.kind === 'purge' && p.lastEntryId >= checkpoint.lastEntryId && signatureValid(keys, p),
      );
      return purged
        ? { ok: true, reason: 'the checkpoint’s entries have since been purged under retention; a signed purge checkpoint covers them' }
        : { ok: false, reason: `entry ${checkpoint.lastEntryId} is missing` };
    }
    return this.previous.equals(Buffer.from(checkpoint.headHash, 'hex'))
      ? { ok: true, reason: `the chain passes through entry ${checkpoint.lastEntryId} with the checkpoint’s hash` }
      : { ok: false, reason: `the chain reaches entry ${checkpoint.lastEntryId} with a different hash: something up to it changed` };
  }
}
