export {
  appendUserLogEntries,
  MAX_LOG_BATCH,
  prepareUserLogBatch,
  storePreparedBatch,
  type AppendContext,
  type AppendResult,
  type PreparedBatch,
} from './append';
export { GENESIS, linkHash, contentOfRow, ChainsWriter } from './chain';
export {
  insertCheckpoint,
  listCheckpoints,
  recordCheckpoints,
  signatureValid,
  verifyAgainstCheckpoint,
  type Checkpoint,
  type LaneHead,
  type StoredCheckpoint,
} from './checkpoints';
export { addChainKey, chainKeyFileFor, keyFileFor, loadLogKeys, type ChainKey, pseudonymisePatient, pseudonymiseText, type LogKeys } from './keys';
export { readLookupTables, userLogLookups, type LookupTables } from './organisationRefs';
export { planUserLogPurge, purgeUserLogs, type PurgePlan } from './purge';
export { verifyRecords, verifyUserLogChains, verifyUserLogChainsInSlices, type ChainVerdict, type RecordsVerdict, type VerifyResult } from './verify';
export {
  countUserLogs,
  readUserLogPage,
  recordUserLogRead,
  STATISTICS_DIMENSIONS,
  userLogStatistics,
  visibleUserLogEntryIds,
  whereClause,
  type Keyset,
  type StatisticsDimension,
  type UserLogFilter,
  type UserLogRow,
} from './read';
export {
  catchUpUserLogDigest,
  digestFromEntriesSql,
  rebuildUserLogDigest,
  removeDemoDigest,
  stockholmLocalMsSql,
  verifyUserLogDigest,
  type DigestScope,
  type DigestVerdict,
} from './digest';
