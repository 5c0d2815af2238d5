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
  lane: number;
  headEntryId: number | null;
  headHash: Buffer;
  entryCount: number;
}

/** One chain as its sealed state vouches for it (kept in the chain's own row, see userLogChains.seal). */
export interface ChainSeal {
  owner: number;
  demo: boolean;
  lane: number;
  count: number;
  purged: number;
  head: number | null;
  hash: string;
  anchor: string;
  /** Signed checkpoints recorded for the chain (demo removal takes a demo chain's away). */
  checkpoints: number;
}

/** Which chains exist: what the sealed head of the user log keeps, written only when a chain is created or lost. */
export interface ChainMember {
  owner: number;
  demo: boolean;
  lane: number;
}

export interface ChainsState extends SealedState {
  /** Every chain by id. (A head from before lanes holds whole seals here; they are taken over by the rows on the next write.) */
  chains: Record<string, ChainMember | ChainSeal>;
}

/** A chain as stored (table user_log_chains), on any engine (is_demo as 0 or 1). */
export interface ChainRow {
  id: number;
  data_owner_id: number;
  is_demo: number;
  lane: number;
  anchor_hash: Buffer;
  head_entry_id: number | null;
  head_hash: Buffer;
  entry_count: number;
  purged_count: number;
  seal_state: string | null;
  seal_key_id: number | null;
  seal: Buffer | null;
}

export const CHAIN_COLUMNS =
  'id, data_owner_id, is_demo, lane, anchor_hash, head_entry_id, head_hash, entry_count, purged_count, seal_state, seal_key_id, seal';

/** A chain's row seal to store: its state and the HMAC over the chain's id and that state. */
export interface ChainRowSeal {
  id: number;
  seal_state: string;
  seal_key_id: number;
  seal: Buffer;
}

function sealOfRow(r: ChainRow, checkpoints: number): ChainSeal {
  return {
    owner: r.data_owner_id,
    demo: r.is_demo === 1,
    lane: r.lane,
    count: r.entry_count,
    purged: r.purged_count,
    head: r.head_entry_id,
    hash: r.head_hash.toString('hex'),
    anchor: r.anchor_hash.toString('hex'),
    checkpoints,
  };
}

const rowSealMac = (key: Buffer, chainId: number, state: string) => keyedLink(key, Buffer.from(`user_log_chain:${chainId}`), state);

/** Seals one chain's state under the current chain key, for its row. */
export function rowSealOf(keys: LogKeys, chainId: number, seal: ChainSeal): ChainRowSeal {
  const { id: keyId, key } = keys.chain.current;
  const state = JSON.stringify(seal);
  return { id: chainId, seal_state: state, seal_key_id: keyId, seal: rowSealMac(key, chainId, state) };
}

/**
 * What a chain's row says of itself under its seal: the sealed state, or why the seal cannot be
 * trusted. `legacy` is the chain's entry in a sealed head from before lanes, which vouches for a
 * row that carries no seal yet.
 */
export function readRowSeal(keys: LogKeys, row: ChainRow, legacy?: ChainMember | ChainSeal): { seal: ChainSeal | null; problem: string | null } {
  if (row.seal === null || row.seal_state === null || row.seal_key_id === null) {
    if (legacy && 'count' in legacy) return { seal: { ...legacy, lane: legacy.lane ?? 0 }, problem: null };
    return { seal: null, problem: 'its row carries no seal (it was removed, or the row was put there behind the API’s back)' };
  }
  const key = keys.chain.byId.get(row.seal_key_id);
  if (!key) return { seal: null, problem: `its row is sealed with chain key ${row.seal_key_id}, which this registry does not have` };
  if (!Buffer.isBuffer(row.seal) || !rowSealMac(key, row.id, row.seal_state).equals(row.seal))
    return { seal: null, problem: 'its sealed state does not match its seal: it was altered' };
  try {
    return { seal: JSON.parse(row.seal_state) as ChainSeal, problem: null };
  } catch {
    return { seal: null, problem: 'its sealed state is not readable' };
  }
}

/** What differs between a chain's row and its seal, or null. */
export function chainMismatch(r: ChainRow, s: ChainSeal): string | null {
  if (r.data_owner_id !== s.owner || (r.is_demo === 1) !== s.demo || r.lane !== (s.lane ?? 0)) return 'its data owner was changed';
  if (r.entry_count !== s.count || r.head_entry_id !== s.head || r.head_hash.toString('hex') !== s.hash)
    return `its head was moved (sealed: ${s.count} entries ending at ${s.head ?? 'none'}; stored: ${r.entry_count} ending at ${r.head_entry_id ?? 'none'})`;
  if (r.purged_count !== s.purged || r.anchor_hash.toString('hex') !== s.anchor) return 'its start was moved';
  return null;
}

/** What differs between a chain's row and what the sealed head says exists, or null. */
export function memberMismatch(r: ChainRow, m: ChainMember): string | null {
  return r.data_owner_id !== m.owner || (r.is_demo === 1) !== m.demo || r.lane !== (m.lane ?? 0) ? 'its data owner was changed' : null;
}

const memberOf = (s: ChainMember | ChainSeal): ChainMember => ({ owner: s.owner, demo: s.demo, lane: s.lane ?? 0 });

/**
 * What one write transaction does to the chains' seals, without touching a database. Each chain
 * carries its own seal in its row (head, count, start, checkpoints), so that an append changes
 * nothing but the rows of the chains it extends; the sealed head of the user log says which
 * chains exist, and keeps the findings and key rotations. Every chain's row is checked against
 * both before it is extended, findings are kept in the sealed head, and at the end the changed
 * seals are handed back to store. Each engine reads and writes the rows its own way around it.
 */
export class ChainsSeal {
  readonly state: ChainsState;
  private readonly headKeyId: number | null;
  private headChanged = false;
  /** Findings of this writer, for an engine that merges them into a head read again under its lock. */
  readonly findings: string[] = [];
  /** Chains this writer entered into the head (made, or taken over as stored after a finding), for the same merge. */
  readonly entered: ChainRow[] = [];
  private readonly seals = new Map<number, ChainSeal>();
  private readonly dirty = new Set<number>();

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
    this.findings.push(reason);
    this.headChanged = true;
  }

  /** A chain's row as read or just created: checked (or entered into the seals), and its head to extend. */
  adopt(row: ChainRow, created: boolean): ChainHead {
    if (created) {
      this.state.chains[row.id] = memberOf(sealOfRow(row, 0));
      this.entered.push(row);
      this.headChanged = true;
      this.resealRow(row, 0);
    } else this.check(row);
    return {
      id: row.id,
      dataOwnerId: row.data_owner_id,
      isDemo: row.is_demo === 1,
      lane: row.lane,
      headEntryId: row.head_entry_id,
      headHash: row.head_hash,
      entryCount: row.entry_count,
    };
  }

  /** Compares a stored chain with its seals; a difference is kept as a finding, and the writer goes on from what is stored. */
  private check(row: ChainRow) {
    const member = this.state.chains[row.id];
    const { seal, problem } = readRowSeal(this.keys, row, member);
    const findings = [member ? memberMismatch(row, member) : 'it is not in the sealed head', problem ?? chainMismatch(row, seal!)].filter(
      (p): p is string => p !== null,
    );
    for (const finding of new Set(findings)) this.note(`chain ${row.id}: ${finding}`);
    const checkpoints = seal?.checkpoints ?? 0;
    if (findings.length || !member || 'count' in member || row.seal === null) {
      // Taken over as stored (what the writer goes on from), and sealed again.
      this.state.chains[row.id] = memberOf(sealOfRow(row, checkpoints));
      this.entered.push(row);
      this.headChanged = true;
      this.resealRow(row, checkpoints);
    } else {
      this.seals.set(row.id, seal!);
      // Sealed under an older key: sealed again under the current one.
      if (row.seal_key_id !== this.keys.chain.current.id) this.dirty.add(row.id);
    }
  }

  /** A chain's new head (after appends), in its seal; the engine stores it in the chain's row. */
  advanced(head: ChainHead) {
    const s = this.seals.get(head.id)!;
    s.head = head.headEntryId;
    s.hash = head.headHash.toString('hex');
    s.count = head.entryCount;
    this.dirty.add(head.id);
  }

  /** After a purge or demo removal changed a chain's row: checks nothing, takes the row as the new truth. */
  resealRow(row: ChainRow, checkpoints: number) {
    this.seals.set(row.id, sealOfRow(row, checkpoints));
    this.dirty.add(row.id);
  }

  /** Signed checkpoints the seal counts for a checked chain. */
  checkpointsOf(chainId: number): number {
    return this.seals.get(chainId)?.checkpoints ?? 0;
  }

  /** Checks every stored chain against the seals (before a purge, a checkpoint or a rotation vouches for all of them). */
  checkRows(rows: readonly ChainRow[]) {
    for (const r of rows) this.check(r);
    for (const id of Object.keys(this.state.chains)) {
      if (!rows.some((r) => String(r.id) === id)) {
        this.note(`chain ${id} (data owner ${this.state.chains[id]!.owner}) was deleted`);
        delete this.state.chains[id];
      }
    }
  }

  /** Findings and chains entered by another writer of the same head (see mergeIntoHead). */
  absorb(findings: readonly string[], entered: readonly ChainRow[]) {
    for (const reason of findings) this.note(reason);
    for (const row of entered) this.state.chains[row.id] = memberOf(sealOfRow(row, 0));
    if (entered.length) this.headChanged = true;
  }

  checkpointAdded(chainId: number) {
    this.seals.get(chainId)!.checkpoints++;
    this.dirty.add(chainId);
  }

  /** Whether the sealed head (which chains exist, findings, rotations) must be stored again. */
  get headNeedsSealing(): boolean {
    return this.headChanged || this.headKeyId !== this.keys.chain.current.id;
  }

  /** The renewed head row to store, or null when nothing in it changed. */
  sealedRow(): HeadRow | null {
    if (!this.headNeedsSealing) return null;
    this.headChanged = false;
    for (const [id, s] of Object.entries(this.state.chains)) this.state.chains[id] = memberOf(s);
    return sealedHeadRow(this.keys, 'user_log_chains', this.state, this.headKeyId, this.now);
  }

  /** The chain rows' seals to store (those changed since the last call). */
  sealedChainRows(): ChainRowSeal[] {
    const out = [...this.dirty].map((id) => rowSealOf(this.keys, id, this.seals.get(id)!));
    this.dirty.clear();
    return out;
  }
}

/**
 * A writer's findings and the chains it entered merged into the sealed head as it stands now (read
 * again under the head's lock by an engine whose appends do not hold it throughout): what it
 * returns is the head row to store.
 */
export function mergeIntoHead(keys: LogKeys, now: string, head: SealedHead<ChainsState>, writer: Pick<ChainsSeal, 'findings' | 'entered'>): HeadRow | null {
  const merged = new ChainsSeal(keys, now, head, () => 0);
  merged.absorb(writer.findings, writer.entered);
  return merged.sealedRow();
}

/**
 * The user log chains as one SQLite transaction writes them. Create it inside the write
 * transaction and call `seal()` before it commits. SQLite has one writer, so an owner's entries
 * go into its first lane: lanes spread concurrent writers, which SQLite does not have (a chain
 * copied from PostgreSQL with more lanes is extended in its first one and verified like any).
 */
export class ChainsWriter extends ChainsSeal {
  private readonly heads = new Map<string, ChainHead>();

  constructor(
    private readonly sqlite: Sqlite,
    keys: LogKeys,
    now: string,
  ) {
    super(
      keys,
      now,
      readHead<ChainsState>(sqlite, keys, 'user_log_chains'),
      () => prepared(sqlite, 'SELECT count(*) FROM user_log_chains').pluck().get() as number,
    );
  }

  /** The chain a data owner's entries (demo entries apart) are appended to, created on its first entry. */
  chain(dataOwnerId: number, isDemo: boolean): ChainHead {
    const key = `${dataOwnerId}:${isDemo ? 1 : 0}`;
    const known = this.heads.get(key);
    if (known) return known;
    const select = prepared(this.sqlite, `SELECT ${CHAIN_COLUMNS} FROM user_log_chains WHERE data_owner_id = ? AND is_demo = ? ORDER BY lane LIMIT 1`);
    let row = select.get(dataOwnerId, isDemo ? 1 : 0) as ChainRow | undefined;
    const created = !row;
    if (!row) {
      prepared(
        this.sqlite,
        'INSERT INTO user_log_chains (data_owner_id, is_demo, lane, anchor_hash, head_entry_id, head_hash, entry_count, purged_count) VALUES (?, ?, 0, ?, NULL, ?, 0, 0)',
      ).run(dataOwnerId, isDemo ? 1 : 0, GENESIS, GENESIS);
      row = select.get(dataOwnerId, isDemo ? 1 : 0) as ChainRow;
    }
    const head = this.adopt(row, created);
    this.heads.set(key, head);
    return head;
  }

  /** Stores a chain's new head (after appends) in its row, and in its seal when the writer seals. */
  save(head: ChainHead) {
    prepared(this.sqlite, 'UPDATE user_log_chains SET head_entry_id = ?, head_hash = ?, entry_count = ? WHERE id = ?').run(
      head.headEntryId,
      head.headHash,
      head.entryCount,
      head.id,
    );
    this.advanced(head);
  }

  /** After a purge or demo removal changed a chain's row: checks nothing, takes the row as the new truth. */
  resealChain(chainId: number, checkpoints: number) {
    this.resealRow(prepared(this.sqlite, `SELECT ${CHAIN_COLUMNS} FROM user_log_chains WHERE id = ?`).get(chainId) as ChainRow, checkpoints);
  }

  /** Checks every chain against the seals (before a purge, a checkpoint or a rotation vouches for all of them). */
  checkAll(): ChainRow[] {
    const rows = prepared(this.sqlite, `SELECT ${CHAIN_COLUMNS} FROM user_log_chains ORDER BY id`).all() as ChainRow[];
    this.checkRows(rows);
    return rows;
  }

  seal() {
    const row = this.sealedRow();
    if (row) storeHeadRow(this.sqlite, 'user_log_chains', row);
    const store = prepared(this.sqlite, 'UPDATE user_log_chains SET seal_state = ?, seal_key_id = ?, seal = ? WHERE id = ?');
    for (const r of this.sealedChainRows()) store.run(r.seal_state, r.seal_key_id, r.seal, r.id);
  }
}
