import type { Sqlite } from '../client';
import { prepared } from '../statements';
import type { LogKeys } from '../userLogs/keys';
import { keyedLink } from './link';

/** The three sealed heads: one per kind of chained record. */
export type HeadName = 'user_log_chains' | 'changes' | 'user_log_reads';

/**
 * Tampering a writer noticed when it found a head that did not match its seal or the records: it
 * goes on writing (an access log must never be refused), and the finding stays in the sealed
 * state for every later verification to report.
 */
export interface Taint {
  at: string;
  reason: string;
}

/** A key taken into use: records from `fromId` on (or, for log chains, from the next entry of each chain) link under `keyId`. */
export interface Rotation {
  keyId: number;
  at: string;
}

export interface SealedState {
  taints: Taint[];
  rotations: Rotation[];
}

export interface SealedHead<S extends SealedState> {
  state: S | null;
  keyId: number | null;
  /** Why the stored head cannot be trusted, if it cannot. */
  problem: string | null;
}

/** At most this many findings are kept in a head; the first ones matter most. */
const MAX_TAINTS = 50;

function sealOf(keys: LogKeys, keyId: number, name: HeadName, state: string): Buffer | null {
  const key = keys.chain.byId.get(keyId);
  return key ? keyedLink(key, Buffer.from(name), state) : null;
}

/** A head as stored (table proof_heads), on any engine. */
export interface HeadRow {
  state: string;
  key_id: number;
  seal: Buffer;
}

/** Reads a head and checks its seal. */
export function readHead<S extends SealedState>(sqlite: Sqlite, keys: LogKeys, name: HeadName): SealedHead<S> {
  return checkHeadRow<S>(keys, name, prepared(sqlite, 'SELECT state, key_id, seal FROM proof_heads WHERE name = ?').get(name) as HeadRow | undefined);
}

/** A stored head's state, checked against its seal (no row: no head yet). */
export function checkHeadRow<S extends SealedState>(keys: LogKeys, name: HeadName, row: HeadRow | undefined): SealedHead<S> {
  if (!row) return { state: null, keyId: null, problem: null };
  let state: S;
  try {
    state = JSON.parse(row.state) as S;
  } catch {
    return { state: null, keyId: row.key_id, problem: 'the sealed head is not readable: it was altered' };
  }
  const expected = sealOf(keys, row.key_id, name, row.state);
  if (!expected) return { state, keyId: row.key_id, problem: `the head is sealed with chain key ${row.key_id}, which this registry does not have` };
  if (!Buffer.isBuffer(row.seal) || !expected.equals(row.seal))
    return { state, keyId: row.key_id, problem: 'the head does not match its seal: it was altered behind the API’s back' };
  return { state, keyId: row.key_id, problem: null };
}

/** Seals and stores a head under the current chain key, recording a key rotation if the key is new to it. */
export function writeHead<S extends SealedState>(sqlite: Sqlite, keys: LogKeys, name: HeadName, state: S, previousKeyId: number | null, now: string): void {
  storeHeadRow(sqlite, name, sealedHeadRow(keys, name, state, previousKeyId, now));
}

export function storeHeadRow(sqlite: Sqlite, name: HeadName, row: HeadRow): void {
  prepared(
    sqlite,
    'INSERT INTO proof_heads (name, state, key_id, seal) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state, key_id = excluded.key_id, seal = excluded.seal',
  ).run(name, row.state, row.key_id, row.seal);
}

/** The row that seals `state` under the current chain key, recording a key rotation if the key is new to it. */
export function sealedHeadRow<S extends SealedState>(keys: LogKeys, name: HeadName, state: S, previousKeyId: number | null, now: string): HeadRow {
  const keyId = keys.chain.current.id;
  if (previousKeyId !== null && previousKeyId !== keyId) state.rotations.push({ keyId, at: now });
  if (state.taints.length > MAX_TAINTS) state.taints = state.taints.slice(0, MAX_TAINTS);
  const text = JSON.stringify(state);
  return { state: text, key_id: keyId, seal: sealOf(keys, keyId, name, text)! };
}

/** Adds a finding to a state (once per reason), for the writer that noticed it. */
export function taint(state: SealedState, reason: string, now: string): void {
  if (!state.taints.some((t) => t.reason === reason)) state.taints.push({ at: now, reason });
}

const RECORDS: Record<HeadName, string> = { user_log_chains: 'user_log_chains', changes: 'changes', user_log_reads: 'user_log_reads' };

/**
 * A quick look at the three heads (no chain is walked): what is wrong with them, in words, for a
 * warning at start. `fvm logs verify` walks everything.
 */
export function headWarnings(sqlite: Sqlite, keys: LogKeys): string[] {
  const out: string[] = [];
  for (const name of Object.keys(RECORDS) as HeadName[]) {
    const hasRecords = prepared(sqlite, `SELECT EXISTS (SELECT 1 FROM "${RECORDS[name]}")`).pluck().get() === 1;
    const warning = headWarning(name, readHead<SealedState>(sqlite, keys, name), hasRecords);
    if (warning) out.push(warning);
  }
  return out;
}

/** What is wrong with one head, in words, or null. */
export function headWarning(name: HeadName, head: SealedHead<SealedState>, hasRecords: boolean): string | null {
  if (head.problem) return `${name}: ${head.problem}`;
  if (!head.state && hasRecords) return `${name}: records are stored without a sealed head (a database from before keyed chains, or the head was removed)`;
  if (head.state?.taints.length)
    return `${name}: ${head.state.taints.length} finding(s) of tampering, the first at ${head.state.taints[0]!.at}: ${head.state.taints[0]!.reason}`;
  return null;
}
