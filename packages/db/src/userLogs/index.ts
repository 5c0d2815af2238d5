export { appendUserLogEntries, MAX_LOG_BATCH, prepareUserLogBatch, storePreparedBatch, type AppendContext, type AppendResult, type PreparedBatch } from './append';
export { GENESIS, linkHash, contentOfRow } from './chain';
export { insertCheckpoint, listCheckpoints, recordCheckpoints, signatureValid, verifyAgainstCheckpoint, type Checkpoint } from './checkpoints';
export { keyFileFor, loadLogKeys, pseudonymisePatient, pseudonymiseText, type LogKeys } from './keys';
export { readLookupTables, userLogLookups, type LookupTables } from './organisationRefs';
export { planUserLogPurge, purgeUserLogs, type PurgePlan } from './purge';
export { verifyUserLogChains, type ChainVerdict, type VerifyResult } from './verify';
export { countUserLogs, readUserLogPage, recordUserLogRead, STATISTICS_DIMENSIONS, userLogStatistics, whereClause, type Keyset, type StatisticsDimension, type UserLogFilter, type UserLogRow } from './read';
