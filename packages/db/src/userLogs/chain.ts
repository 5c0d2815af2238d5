import { canonicalLogEntry, type StoredLogContent } from '@fvm/domain';
import type { Sqlite } from '../client';
import { readHead, sealedHeadRow, storeHeadRow, taint, type HeadRow, type SealedHead, type SealedState } from '../proof/heads';
import { GENESIS, keyedLink } from '../proof/link';
import { prepared } from '../statements';
import type { LogKeys } from './keys';

export { GENESIS };

/** An entry's link: HMAC-SHA-256 under a chain key of the previous link and the entry's canonical content. */
export function linkHash(key: Buffer, previous: Buffer, content: StoredLogContent): Buffer {
  return keyedLink(key, previous, canonicalLogEntry(content));
}

/** The stored row's content, as the link covers it. */
export function contentOfRow(row: Record<string, unknown>): StoredLogContent {
  return {
    occurredAt: row.occurred_at as number,
    userHsaId: row.user_hsa_id as string,
    userName: row.user_name as string,
    userProfession: (row.user_profession as string | null) ?? null,
    careProviderId: row.care_provider_id as number,
    careUnit: row.care_unit as string,
    action: row.action as string,
    patientPseudonymHex: (row.patient_pseudonym as Buffer).toString('hex'),
    categoryId: row.category_id as number,
    dataOwnerId: row.data_owner_id as number,
    basis: row.basis as string,
    device: row.device as string,
    sourceSystem: row.source_system as string,
    sourceEntryId: row.source_entry_id as string,
    outcome: row.outcome as string,
    submittedByOrgId: row.submitted_by_org_id as number,
  };
}

export interface ChainHead {
  id: number;
  dataOwnerId: number;
  isDemo: boolean;
  headEntryId: number | null;
  headHash: Buffer;
  entryCount: number;
}

/** One chain as its sealed head vouches for it. */
export interface ChainSeal {
  owner: number;
  demo: boolean;
  count: number;
  purged: number;
  head: number | null;
  hash: string;
  anchor: string;
  /** Signed checkpoints recorded for the chain (demo removal takes a demo chain's away). */
  checkpoints: number;
}

export interface ChainsState extends SealedState {
  chains: Record<string, ChainSeal>;
}

/** A chain as stored (table user_log_chains), on any engine (is_demo as 0 or 1). */
export interface ChainRow {
  id: number; data_owner_id: number; is_demo: number; anchor_hash: Buffer; head_entry_id: number | null; head_hash: Buffer; entry_count: number; purged_count: number;
}

export const CHAIN_COLUMNS = 'id, data_owner_id, is_demo, anchor_hash, head_entry_id, head_hash, entry_count, purged_count';

function sealOfRow(r: ChainRow, checkpoints: number): ChainSeal {
  return { owner: r.data_owner_id, demo: r.is_demo === 1, count: r.entry_count, purged: r.purged_count, head: r.head_entry_id, hash: r.head_hash.toString('hex'), anchor: r.anchor_hash.toString('hex'), checkpoints };
}

/** What differs between a chain's row and its seal, or null. */
export function chainMismatch(r: ChainRow, s: ChainSeal): string | null {
  if (r.data_owner_id !== s.owner || (r.is_demo === 1) !== s.demo) return 'its data owner was changed';
  if (r.entry_count !== s.count || r.head_entry_id !== s.head || r.head_hash.toString('hex') !== s.hash) return `its head was moved (sealed: ${s.count} entries ending at ${s.head ?? 'none'}; stored: ${r.entry_count} ending at ${r.head_entry_id ?? 'none'})`;
  if (r.purged_count !== s.purged || r.anchor_hash.toString('hex') !== s.anchor) return 'its start was moved';
  return null;
}

/**
 * What one write transaction does to the chains' sealed head, without touching a database: every
 * chain's row is checked against the seal before it is extended, findings are kept in the sealed
 * state, and at the end the renewed head row is handed back to store. Each engine reads and writes
 * the rows its own way around it.
 */
export class ChainsSeal {
  readonly state: ChainsState;
  private readonly headKeyId: number | null;
  private changed = false;

  /** `storedChains`: how many chain rows are stored, asked only when there is no head at all. */
  constructor(
    readonly keys: LogKeys,
    protected readonly now: string,
    head: SealedHead<ChainsState>,
    storedChains: () => number,
  ) {
    this.headKeyId = head.keyId;
    this.state = head.state && !head.problem ? head.state : { chains: {}, taints: head.state?.taints ?? [], rotations: head.state?.rotations ?? [] };
    if (head.problem) this.note(head.problem);
    else if (!head.state) {
      const stored = storedChains();
      if (stored > 0) this.note(`${stored} chains were stored without a sealed head (before keyed chains, or the head was removed): nothing vouches for them`);
    }
  }

  private note(reason: string) {
    taint(this.state, reason, this.now);
    this.changed = true;
  }

  /** A chain's row as read or just created: checked (or entered into the seal), and its head to extend. */
  adopt(row: ChainRow, created: boolean): ChainHead {
    if (created) {
      this.state.chains[row.id] = sealOfRow(row, 0);
      this.changed = true;
    } else this.check(row);
    return { id: row.id, dataOwnerId: row.data_owner_id, isDemo: row.is_demo === 1, headEntryId: row.head_entry_id, headHash: row.head_hash, entryCount: row.entry_count };
  }

  /** Compares a stored chain with its seal; a difference is kept as a finding, and the writer goes on from what is stored. */
  private check(row: ChainRow) {
    const sealed = this.state.chains[row.id];
    const problem = sealed ? chainMismatch(row, sealed) : 'it is not in the sealed head';
    if (problem) {
      this.note(`chain ${row.id}: ${problem}`);
      this.state.chains[row.id] = sealOfRow(row, sealed?.checkpoints ?? 0);
    }
  }

  /** A chain's new head (after appends), in the seal; the engine stores it in the chain's row. */
  advanced(head: ChainHead) {
    const s = this.state.chains[head.id]!;
    s.head = head.headEntryId;
    s.hash = head.headHash.toString('hex');
    s.count = head.entryCount;
    this.changed = true;
  }

  /** After a purge or demo removal changed a chain's row: checks nothing, takes the row as the new truth. */
  resealRow(row: ChainRow, checkpoints: number) {
    this.state.chains[row.id] = sealOfRow(row, checkpoints);
    this.changed = true;
  }

  /** Checks every stored chain against the seal (before a purge, a checkpoint or a rotation vouches for all of them). */
  checkRows(rows: readonly ChainRow[]) {
    for (const r of rows) this.check(r);
    for (const id of Object.keys(this.state.chains)) {
      if (!rows.some((r) => String(r.id) === id)) {
        this.note(`chain ${id} (data owner ${this.state.chains[id]!.owner}) was deleted`);
        delete this.state.chains[id];
      }
    }
  }

  checkpointAdded(chainId: number) {
    this.state.chains[chainId]!.checkpoints++;
    this.changed = true;
  }

  /** The renewed head row to store, or null when nothing changed. */
  sealedRow(): HeadRow | null {
    if (!this.changed && this.headKeyId === this.keys.chain.current.id) return null;
    this.changed = false;
    return sealedHeadRow(this.keys, 'user_log_chains', this.state, this.headKeyId, this.now);
  }
}

/**
 * The user log chains as one SQLite transaction writes them. Create it inside the write
 * transaction and call `seal()` before it commits.
 */
export class ChainsWriter extends ChainsSeal {
  private readonly heads = new Map<string, ChainHead>();

  constructor(
    private readonly sqlite: Sqlite,
    keys: LogKeys,
    now: string,
  ) {
    super(keys, now, readHead<ChainsState>(sqlite, keys, 'user_log_chains'), () => prepared(sqlite, 'SELECT count(*) FROM user_log_chains').pluck().get() as number);
  }

  /** The chain of one data owner (demo entries apart), created on its first entry. */
  chain(dataOwnerId: number, isDemo: boolean): ChainHead {
    const key = `${dataOwnerId}:${isDemo ? 1 : 0}`;
    const known = this.heads.get(key);
    if (known) return known;
    const select = prepared(this.sqlite, `SELECT ${CHAIN_COLUMNS} FROM user_log_chains WHERE data_owner_id = ? AND is_demo = ?`);
    let row = select.get(dataOwnerId, isDemo ? 1 : 0) as ChainRow | undefined;
    const created = !row;
    if (!row) {
      prepared(this.sqlite, 'INSERT INTO user_log_chains (data_owner_id, is_demo, anchor_hash, head_entry_id, head_hash, entry_count, purged_count) VALUES (?, ?, ?, NULL, ?, 0, 0)').run(dataOwnerId, isDemo ? 1 : 0, GENESIS, GENESIS);
      row = select.get(dataOwnerId, isDemo ? 1 : 0) as ChainRow;
    }
    const head = this.adopt(row, created);
    this.heads.set(key, head);
    return head;
  }

  /** Stores a chain's new head (after appends) in its row and in the seal. */
  save(head: ChainHead) {
    prepared(this.sqlite, 'UPDATE user_log_chains SET head_entry_id = ?, head_hash = ?, entry_count = ? WHERE id = ?').run(head.headEntryId, head.headHash, head.entryCount, head.id);
    this.advanced(head);
  }

  /** After a purge or demo removal changed a chain's row: checks nothing, takes the row as the new truth. */
  resealChain(chainId: number, checkpoints: number) {
    this.resealRow(prepared(this.sqlite, `SELECT ${CHAIN_COLUMNS} FROM user_log_chains WHERE id = ?`).get(chainId) as ChainRow, checkpoints);
  }

  /** Checks every chain against the seal (before a purge, a checkpoint or a rotation vouches for all of them). */
  checkAll(): ChainRow[] {
    const rows = prepared(this.sqlite, `SELECT ${CHAIN_COLUMNS} FROM user_log_chains ORDER BY id`).all() as ChainRow[];
    this.checkRows(rows);
    return rows;
  }

  seal() {
    const row = this.sealedRow();
    if (row) storeHeadRow(this.sqlite, 'user_log_chains', row);
  }
}
