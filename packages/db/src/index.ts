export * from './schema';
export { MAX_REGISTRY_ID } from './schema/columns';
export { relations, registryTableConfig, type Relations } from './relations';
export { openDatabase, createDb, migrationsFolder, type Db, type Tx, type Sqlite } from './client';
export { type BatchOptions } from './writes/batch';
export { applyBatch } from './writes/onSqlite';
export { applySave, type SaveItems, type SaveResult } from './writes/save';
export type {
  BatchItem,
  BatchOperation,
  BatchResult,
  Candidate,
  CreateItem,
  DeleteItem,
  UpdateItem,
  EntityWriteSpec,
  RowOutcome,
  WriteEnv,
  Row,
} from './writes/types';
export { writeSpecs, type EntityName } from './entities';
export * from './entities/organisations';
export * from './entities/callOffs';
export * from './entities/agreements';
export * from './entities/information';
export * from './entities/policy';
export {
  createToken,
  viewerForToken,
  revokeDemoTokens,
  hashToken,
  listTokens,
  revokeToken,
  TokenExpiryError,
  type CreateTokenInput,
  type TokenListing,
} from './tokens';
export { loadReferenceData, VGR_ORGANISATION_NUMBER, MUNICIPALITIES } from './seed/reference';
export { loadDemoData, removeDemoData } from './seed/demo';
export { demoUsers, issueDemoToken, issueDemoTokens, type DemoUser } from './seed/demoTokens';
export { findOrganisationByCodeOrNumber } from './organisationLookup';
export { loadRegistryFacts } from './checks';
export { writeGeneration, noteWrite } from './generation';
export * from './userLogs';
export {
  headWarnings,
  keyedLink,
  readHead,
  resealHeads,
  verifyLedger,
  verifyLedgerInSlices,
  type LedgerName,
  type LedgerVerdict,
  type ProofBreak,
  type RecordKind,
} from './proof';
export { demoLogWorld, generateDemoLogEntries, loadDemoLogs, removeDemoLogs, type DemoLogWorld } from './seed/demoLogs';
export { loadDemoLogReview } from './seed/demoLogReview';
export { mulberry32 } from './seed/random';
export * from './logReview';
export * from './entities/logReview';
export * from './entities/followUp';
export { findNotPermittedLogActions, permissionSql } from './policyChecks';
export { openStores, openSqliteStores, sqliteStores, isPostgresUrl, keysFor, keyFileOf, printableLocation } from './stores';
export type * from './stores/types';
export { recordOfRow, type UserLogRecord } from './userLogs/record';
export { NotYetOnPostgresError } from './postgres/logs';
export { copyDatabase, CopyRefusedError, type CopyProgress, type CopyReport } from './stores/copy';
export * from './postgres/registry';
export {
  isRegistryTable,
  registryColumns,
  registryReads,
  relationTarget,
  type RegistryColumn,
  type RegistryReadQuery,
  type RegistryReads,
  type RegistryRelation,
  type RegistryTable,
  type RelationTarget,
} from './registryReads';
export { preparedRegistryReads, type PreparedRegistryReads } from './preparedReads';
