import type { Sqlite } from '../client';
import { prepared } from '../statements';
import type { LogKeys } from '../userLogs/keys';
import { readHead, sealedHeadRow, storeHeadRow, taint, type HeadRow, type SealedHead, type SealedState } from './heads';
import { GENESIS, keyedLink } from './link';
import { eachRowInSlices } from './slices';
import { BreakList, headBreaks, type ProofBreak, type RecordKind } from './breaks';

/** The append-only records chained as a whole: the change history and the record of log reads. */
export type LedgerName = 'changes' | 'user_log_reads';

export interface LedgerState extends SealedState {
  count: number;
  lastId: number | null;
  lastHash: string;
}

/** Each ledger's canonical bytes, from its columns as stored (JSON texts exactly as written). */
const CANONICAL: Record<LedgerName, (r: Record<string, unknown>) => string> = {
  changes: (r) =>
    JSON.stringify([r.at, r.actor_org_id, r.actor_token_id, r.actor_role, r.entity, r.entity_id, r.operation, r.before, r.after, r.owner_org_id, r.is_demo]),
  user_log_reads: (r) => JSON.stringify([r.at, r.token_id, r.organisation_id, r.role, r.purpose, r.filter, r.entry_count]),
};

const KIND: Record<LedgerName, RecordKind> = { changes: 'change', user_log_reads: 'log_read' };

/**
 * What one transaction does to a ledger's sealed head, without touching a database: the head and
 * the last stored record, read under the write lock, are checked against each other, records are
 * linked one after another, and the renewed head row is handed back to store. A mismatch is kept
 * in the sealed state; the writer carries on from what is stored (records must not be lost).
 */
export class LedgerSeal {
  private readonly state: LedgerState;
  private readonly headKeyId: number | null;
  private previous: Buffer;
  private appended = 0;
  private dirty = false;
  /** Set when the head could not be trusted: the engine counts the stored records and calls `recount`. */
  readonly needsRecount: boolean;

  constructor(
    private readonly keys: LogKeys,
    readonly name: LedgerName,
    private readonly now: string,
    head: SealedHead<LedgerState>,
    tail: { id: number; hash: Buffer | null } | undefined,
  ) {
    this.state =
      head.state && !head.problem
        ? head.state
        : { count: 0, lastId: null, lastHash: GENESIS.toString('hex'), taints: head.state?.taints ?? [], rotations: head.state?.rotations ?? [] };
    this.headKeyId = head.keyId;
    if (head.problem) this.note(head.problem);
    else if (!head.state && tail)
      this.note(`records up to ${tail.id} were stored without a sealed head (before keyed chains, or the head was removed): nothing vouches for them`);
    else if (head.state && (tail?.id ?? null) !== this.state.lastId) {
      this.note(`the last record should be ${this.state.lastId ?? 'none'} but is ${tail?.id ?? 'none'}: records were removed or added behind the API’s back`);
    } else if (tail && !(tail.hash ?? GENESIS).equals(Buffer.from(this.state.lastHash, 'hex')))
      this.note(`record ${tail.id} does not end the sealed chain: it was replaced`);
    this.previous = tail?.hash ?? GENESIS;
    this.needsRecount = this.dirty;
    if (this.dirty) {
      this.state.lastId = tail?.id ?? null;
      this.state.lastHash = this.previous.toString('hex');
    }
  }

  /** How many records are stored, when `needsRecount` asked. */
  recount(count: number) {
    this.state.count = count;
  }

  private note(reason: string) {
    taint(this.state, reason, this.now);
    this.dirty = true;
  }

  /** The link and key of a record with these column values, to store with it. */
  link(columns: Record<string, unknown>): { hash: Buffer; keyId: number } {
    const { id, key } = this.keys.chain.current;
    return { hash: keyedLink(key, this.previous, CANONICAL[this.name](columns)), keyId: id };
  }

  /** Call once the record is stored: the chain moves on only then. */
  appendedRecord(id: number, hash: Buffer) {
    this.previous = hash;
    this.state.lastId = id;
    this.appended++;
  }

  /**
   * For a writer that stores records in groups: the record with this link will be stored in this
   * transaction (the chain moves on), its id told later by `storedUpTo`, before the head is sealed.
   */
  appendedLink(hash: Buffer) {
    this.previous = hash;
    this.appended++;
  }

  /** The id of the last record of a group stored since `appendedLink`. */
  storedUpTo(id: number) {
    this.state.lastId = id;
  }

  /** The renewed head row to store, or null when nothing changed. */
  sealedRow(): HeadRow | null {
    if (!this.appended && !this.dirty && this.headKeyId === this.keys.chain.current.id) return null;
    this.state.count += this.appended;
    this.state.lastHash = this.previous.toString('hex');
    this.appended = 0;
    this.dirty = false;
    return sealedHeadRow(this.keys, this.name, this.state, this.headKeyId, this.now);
  }
}

/** A ledger as one SQLite transaction writes it: create it inside the write transaction, `seal()` before it commits. */
export class LedgerWriter extends LedgerSeal {
  constructor(
    private readonly sqlite: Sqlite,
    keys: LogKeys,
    name: LedgerName,
    now: string,
  ) {
    const tail = prepared(sqlite, `SELECT id, hash FROM "${name}" ORDER BY id DESC LIMIT 1`).get() as { id: number; hash: Buffer | null } | undefined;
    super(keys, name, now, readHead<LedgerState>(sqlite, keys, name), tail);
    if (this.needsRecount) this.recount((prepared(sqlite, `SELECT count(*) FROM "${name}"`).pluck().get() as number) ?? 0);
  }

  seal() {
    const row = this.sealedRow();
    if (row) storeHeadRow(this.sqlite, this.name, row);
  }
}

export interface LedgerVerdict {
  name: LedgerName;
  recordsChecked: number;
  ok: boolean;
  breaks: ProofBreak[];
  /** Every break found; `breaks` lists the first ones. */
  breakCount: number;
}

/**
 * Recomputes a ledger from its start. Every record whose link does not follow is reported (the
 * check starts again from its stored link, so one altered record is one break and later ones are
 * still found), then the end is compared with the sealed head: count, last record and its link.
 */
export function verifyLedger(sqlite: Sqlite, keys: LogKeys, name: LedgerName, maxBreaks = 100): LedgerVerdict {
  const walk = new LedgerWalk(keys, name, maxBreaks, ledgerWalkStart(sqlite, keys, name));
  for (const row of sqlite.prepare(`SELECT * FROM "${name}" WHERE id <= ? ORDER BY id`).iterate(walk.lastId) as Iterable<Record<string, unknown>>)
    walk.record(row);
  return walk.result();
}

/** The same, read in slices with `pause()` awaited between them (see verifyUserLogChainsInSlices). */
export async function verifyLedgerInSlices(sqlite: Sqlite, keys: LogKeys, name: LedgerName, pause: () => Promise<void>, slice = 1_000): Promise<LedgerVerdict> {
  const walk = new LedgerWalk(keys, name, 100, ledgerWalkStart(sqlite, keys, name));
  await eachRowInSlices(sqlite, name, walk.lastId, (row) => walk.record(row), pause, slice);
  return walk.result();
}

/** What a ledger's walk checks against, read at its start: its last record and its sealed head. */
export interface LedgerWalkStart {
  lastId: number;
  head: SealedHead<LedgerState>;
}

function ledgerWalkStart(sqlite: Sqlite, keys: LogKeys, name: LedgerName): LedgerWalkStart {
  return {
    lastId: (sqlite.prepare(`SELECT coalesce(max(id), 0) FROM "${name}"`).pluck().get() as number) ?? 0,
    head: readHead<LedgerState>(sqlite, keys, name),
  };
}

/** One walk over a ledger's records in id order, on any engine. */
export class LedgerWalk {
  /** The last record when the walk began, and the sealed head as it was then. */
  readonly lastId: number;
  private readonly head: SealedHead<LedgerState>;
  private readonly kind: RecordKind;
  private readonly breaks: BreakList;
  private previous: Buffer = GENESIS;
  private previousKey = 0;
  private count = 0;
  private last: number | null = null;

  constructor(
    private readonly keys: LogKeys,
    private readonly name: LedgerName,
    maxBreaks: number,
    start: LedgerWalkStart,
  ) {
    this.kind = KIND[name];
    this.breaks = new BreakList(maxBreaks);
    this.lastId = start.lastId;
    this.head = start.head;
  }

  record(row: Record<string, unknown>) {
    const { kind, breaks } = this;
    this.count++;
    const id = row.id as number;
    this.last = id;
    const stored = row.hash as Buffer | null;
    const keyId = row.key_id as number | null;
    const key = keyId ? this.keys.chain.byId.get(keyId) : undefined;
    if (!stored || !keyId)
      breaks.add({ record: kind, id, reason: 'the record is not linked into the chain (stored before keyed chains, or inserted behind the API’s back)' });
    else if (!key) breaks.add({ record: kind, id, reason: `the record is linked with chain key ${keyId}, which this registry does not have` });
    else if (keyId < this.previousKey)
      breaks.add({ record: kind, id, reason: `the record is linked with key ${keyId}, older than the key ${this.previousKey} of the record before it` });
    else if (!keyedLink(key, this.previous, CANONICAL[this.name](row)).equals(stored)) {
      breaks.add({
        record: kind,
        id,
        reason:
          this.count === 1
            ? 'the first record does not follow from the start of the chain (altered, or records before it removed)'
            : 'the record does not follow from the one before it (altered, or records between removed or reordered)',
      });
    }
    this.previous = stored ?? this.previous;
    this.previousKey = Math.max(this.previousKey, keyId ?? 0);
  }

  result(): LedgerVerdict {
    const { kind, breaks, head, count, last } = this;
    for (const b of headBreaks(head, this.keys, kind, count > 0)) breaks.add(b);
    if (head.state && !head.problem) {
      const s = head.state;
      if (s.count !== count)
        breaks.add({
          record: kind,
          id: last,
          reason: `the sealed head counts ${s.count} records but ${count} are stored: records were ${s.count > count ? 'removed' : 'added'} behind the API’s back`,
        });
      else if (s.lastId !== last)
        breaks.add({ record: kind, id: last, reason: `the chain should end at record ${s.lastId ?? 'none'} but ends at ${last ?? 'none'}` });
      else if (!this.previous.equals(Buffer.from(s.lastHash, 'hex')))
        breaks.add({ record: kind, id: last, reason: 'the chain does not end at its sealed link' });
    }
    return { name: this.name, recordsChecked: count, ok: breaks.count === 0, breaks: breaks.list, breakCount: breaks.count };
  }
}
