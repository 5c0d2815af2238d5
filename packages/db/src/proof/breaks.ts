import type { LogKeys } from '../userLogs/keys';
import type { SealedHead, SealedState } from './heads';

/** What a break is found in. */
export type RecordKind = 'user_log_entry' | 'user_log_chain' | 'checkpoint' | 'change' | 'log_read' | 'sealed_head';

/** One place where the proof does not hold, and why. */
export interface ProofBreak {
  record: RecordKind;
  /** The record (entry, checkpoint, change, read or chain id) at which it shows, when there is one. */
  id: number | null;
  /** The user log chain it belongs to, for entries, chains and checkpoints. */
  chainId?: number;
  reason: string;
}

/** Every break is counted; the first `max` are kept, so a wholly rewritten table cannot flood the answer. */
export class BreakList {
  readonly list: ProofBreak[] = [];
  count = 0;
  constructor(private readonly max: number) {}
  add(b: ProofBreak) {
    this.count++;
    if (this.list.length < this.max) this.list.push(b);
  }
}

/** What is wrong with a sealed head itself: missing, altered, sealed with an old key, or tainted by a writer's finding. */
export function headBreaks(head: SealedHead<SealedState>, keys: LogKeys, kind: RecordKind, hasRecords: boolean): ProofBreak[] {
  const out: ProofBreak[] = [];
  if (head.problem) out.push({ record: 'sealed_head', id: null, reason: `${kind}: ${head.problem}` });
  else if (!head.state) {
    if (hasRecords)
      out.push({
        record: 'sealed_head',
        id: null,
        reason: `${kind}: records are stored but their sealed head is missing (removed, or the records predate keyed chains)`,
      });
    return out;
  } else if (head.keyId !== keys.chain.current.id) {
    // A rotation reseals every head at once (fvm logs rotate-key): a head under an older key was
    // put back, or sealed again by someone holding a retired key.
    out.push({
      record: 'sealed_head',
      id: null,
      reason: `${kind}: the head is sealed with chain key ${head.keyId}, not the newest key ${keys.chain.current.id}`,
    });
  }
  for (const t of head.state?.taints ?? []) out.push({ record: 'sealed_head', id: null, reason: `${kind}: a writer found, at ${t.at}: ${t.reason}` });
  return out;
}
