export { GENESIS, keyedLink } from './link';
export { LedgerWriter, verifyLedger, verifyLedgerInSlices, type LedgerName, type LedgerVerdict } from './ledger';
export type { ProofBreak, RecordKind } from './breaks';
export { headWarnings, readHead, type HeadName } from './heads';
export { resealHeads } from './reseal';
