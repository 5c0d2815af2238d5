import type { LogScope, NotPermittedGroup, RegistryFacts, Role, RowVisibility, UserLogEntryInput, Viewer } from '@fvm/domain';
import type { Db } from '../client';
import type { informationCategories, organisations } from '../schema';
import type { ReviewStatistics, ReviewStatisticsFilter } from '../logReview/facts';
import type { PreviewResult, StartRunInput, StartRunResult } from '../logReview/runs';
import type { LedgerName, LedgerVerdict, ProofBreak } from '../proof';
import type { CreateTokenInput, TokenListing } from '../tokens';
import type { DemoUser } from '../seed/demoTokens';
import type { AppendContext, AppendResult, PreparedBatch } from '../userLogs/append';
import type { Checkpoint, StoredCheckpoint } from '../userLogs/checkpoints';
import type { DigestVerdict } from '../userLogs/digest';
import type { LogKeys } from '../userLogs/keys';
import type { LookupTables } from '../userLogs/organisationRefs';
import type { PurgePlan } from '../userLogs/purge';
import type { Keyset, StatisticsDimension, UserLogFilter } from '../userLogs/read';
import type { UserLogRecord } from '../userLogs/record';
import type { RecordsVerdict, VerifyResult } from '../userLogs/verify';
import type { SaveItems, SaveResult } from '../writes/save';
import type { BatchItem, BatchOperation, BatchResult, EntityWriteSpec, WriteEnv } from '../writes/types';
import type { DemoLogWorld } from '../seed/demoLogs';

// What the layers above the database get: whole operations, asynchronous, in the domain's terms.
// Which engine answers them is known here alone. An implementation on a synchronous engine keeps
// its transactions synchronous behind these signatures (nothing awaits inside one).

/**
 * Drizzle's relational queries over the registry's tables: what Pothos's drizzle plugin reads
 * through (findMany/findFirst, $count, and `select` to build its relation predicates, never run),
 * the same on every engine. Nothing above the stores runs statements through it.
 */
export type RegistryQueries = Pick<Db, '_' | 'query' | '$count' | 'select'>;

/** Every store of one registry database, opened together. */
export interface Stores {
  /** The engine behind these stores, for messages and measurements; nothing above branches on it. */
  readonly engine: 'sqlite' | 'postgresql';
  /** Relational reads of the registry (organisations, agreements, …) for the GraphQL schema. */
  readonly registry: RegistryQueries;
  readonly organisations: OrganisationStore;
  readonly writes: WriteStore;
  readonly tokens: TokenStore;
  readonly checks: CheckStore;
  readonly logs: UserLogStore;
  readonly reviews: LogReviewStore;
  readonly seed: SeedStore;
  /**
   * Changes whenever anything was written, by this process or another: what caches above the
   * database compare. Cheap enough to ask on every request.
   */
  generation(): string;
  close(): Promise<void>;
}

export interface OrganisationStore {
  /** An organisation by municipality code or organisation number (the CLI's way of naming one). */
  findByCodeOrNumber(codeOrNumber: string): Promise<OrganisationRow | null>;
  /** Every organisation and information category: small tables that pages of log entries name often. */
  lookupRows(): Promise<{ organisations: OrganisationRow[]; categories: InformationCategoryRow[] }>;
}
export type OrganisationRow = typeof organisations.$inferSelect;
export type InformationCategoryRow = typeof informationCategories.$inferSelect;

/** Bulk writes of registry rows: one call is one transaction, validated by the domain's rules. */
export interface WriteStore {
  applyBatch(
    spec: EntityWriteSpec,
    op: BatchOperation,
    items: readonly BatchItem[],
    request: WriteRequest,
    options: { allowPartial: boolean },
  ): Promise<BatchResult>;
  /** One Save: deletes, updates and creates of one entity in one transaction (see writes/save.ts). */
  applySave(spec: EntityWriteSpec, items: SaveItems, request: WriteRequest, options: { allowPartial: boolean }): Promise<SaveResult>;
}
/** Who writes, and the clock the rules read; the store adds the rest. */
export type WriteRequest = Pick<WriteEnv, 'viewer' | 'today' | 'now'>;

export interface TokenStore {
  /** The viewer a bearer token stands for now, or null (unknown, revoked, expired). */
  viewerFor(secret: string, now: Date): Promise<Viewer | null>;
  create(input: CreateTokenInput): Promise<{ secret: string; id: number; expiresAt: string }>;
  list(): Promise<TokenListing[]>;
  revoke(reference: string, now?: Date): Promise<{ matched: TokenListing[]; revoked: boolean }>;
  demoUsers(): Promise<DemoUser[]>;
  issueDemoToken(role: Role, now: Date): Promise<string | null>;
  issueDemoTokens(): Promise<{ role: Role; organisation: string; secret: string }[]>;
}

export interface CheckStore {
  /** What the registry checks read, limited to what `visibility` lets the viewer see. */
  registryFacts(visibility: (table: string) => RowVisibility, nowMs: number): Promise<RegistryFacts>;
  /** Logged actions the effective access policy denies, counted over the scope's entries (no entry leaves the store). */
  notPermittedLogActions(scope: LogScope): Promise<NotPermittedGroup[]>;
}

/** A page of user log entries: `limit` rows at most, and whether more follow in its direction. */
export interface UserLogPage {
  limit: number;
  after?: Keyset | null;
  before?: Keyset | null;
  newestFirst?: boolean;
}

export interface UserLogRead {
  at: string;
  tokenId: number | null;
  organisationId: number | null;
  role: string | null;
  purpose: string;
  filter: unknown;
  entryCount: number;
}

/** The user log: append-only, chained per data owner, every read of it recorded. */
export interface UserLogStore {
  /** Validates, pseudonymises, links and stores a batch in one transaction. */
  append(entries: readonly Partial<UserLogEntryInput>[], ctx: Omit<AppendContext, 'keys'>, options?: { allowPartial?: boolean }): Promise<AppendResult>;
  /** Stores a batch prepared beforehand (a bulk import prepares the next while this one is stored). */
  storePrepared(prepared: PreparedBatch, options: { isDemo?: boolean; allowPartial?: boolean; now?: Date }): Promise<AppendResult>;
  /** The registry tables an entry's organisations and categories are resolved against. */
  lookupTables(): Promise<LookupTables>;
  readPage(scope: LogScope, filter: UserLogFilter, page: UserLogPage): Promise<{ rows: UserLogRecord[]; hasMore: boolean }>;
  /** One entry, if it lies within the scope (outside it, it does not exist for the reader). */
  entryInScope(scope: LogScope, id: number): Promise<UserLogRecord | null>;
  /** Which of these entries the scope may read. */
  visibleIds(scope: LogScope, ids: readonly number[]): Promise<Set<number>>;
  count(scope: LogScope, filter: UserLogFilter): Promise<number>;
  statistics(
    scope: LogScope,
    filter: UserLogFilter & { occurredFrom: number; occurredBefore: number },
    bucket: 'hour' | 'day',
    dimension: StatisticsDimension,
  ): Promise<{ bucketStart: number; key: string | number; count: number }[]>;
  /** Records a read of the log in the chained ledger of reads, before its answer leaves. */
  recordRead(read: UserLogRead): Promise<void>;
  /** Recomputes every chain of entries against its sealed head. */
  verifyChains(): Promise<VerifyResult>;
  /** Recomputes a ledger (change history, reads, review decisions) against its sealed head. */
  verifyLedger(name: LedgerName): Promise<LedgerVerdict>;
  /** Every chain and ledger, with progress: what `logs verify` runs. */
  verifyRecords(options: { onProgress?: (checked: number) => void; maxBreaks?: number }): Promise<RecordsVerdict>;
  verifyAgainstCheckpoint(checkpoint: Checkpoint): Promise<{ ok: boolean; reason: string }>;
  listCheckpoints(): Promise<StoredCheckpoint[]>;
  recordCheckpoints(kind: string, now?: Date): Promise<Checkpoint[]>;
  /** Warnings about sealed heads that do not verify, for the server's start. */
  headWarnings(): Promise<string[]>;
  /** The key the chains' heads are sealed with. */
  headKeyId(): Promise<number | null>;
  /** Seals every head again under the current chain key (after a new one was added). */
  resealHeads(): Promise<void>;
  planPurge(today: string): Promise<PurgePlan[]>;
  purge(today: string, now?: Date): Promise<{ plans: PurgePlan[]; checkpoints: Checkpoint[] }>;
  /** Brings the review digest up to the newest entries (at most `limit` of them); answers how many it took in. */
  catchUpDigest(options?: { limit?: number }): Promise<number>;
  verifyDigest(): Promise<DigestVerdict>;
  rebuildDigest(): Promise<void>;
  /** How many entries the log holds. */
  totalEntries(): Promise<number>;
  /** The registry's organisations and categories demo entries are drawn from. */
  demoWorld(): Promise<DemoLogWorld>;
  /** Brings whatever the store keeps on disk to a settled state after a bulk import. */
  settleAfterImport(): Promise<void>;
  /** Prepares the store for a long bulk import (bigger caches, fewer checkpoints). */
  prepareForImport(): Promise<void>;
}

/** Log review runs and their items (logggranskning). */
export interface LogReviewStore {
  startRun(viewer: Viewer | null, input: StartRunInput, clock: { now: string; today: string }): Promise<StartRunResult>;
  preview(viewer: Viewer | null, input: StartRunInput, clock: { now: string; today: string }): Promise<PreviewResult>;
  /** The entries an item holds, with the rules that selected each. */
  itemEntries(itemId: number): Promise<(UserLogRecord & { ruleMask: number })[]>;
  statistics(filter: ReviewStatisticsFilter): Promise<ReviewStatistics>;
}

export interface DemoLogOptions {
  count: number;
  days?: number;
  now?: Date;
  seed?: number;
  onProgress?: (stored: number) => void;
}

/** Reference and demo data. */
export interface SeedStore {
  loadReferenceData(): Promise<{ inserted: boolean }>;
  loadDemoData(): Promise<{ counts: Record<string, number> }>;
  removeDemoData(): Promise<{ removed: Record<string, number> }>;
  /** `count` demo entries of the `days` (90 unless given) before `now` (the clock unless given), as `seed` draws them. */
  loadDemoLogs(options: DemoLogOptions): Promise<{ stored: number }>;
  removeDemoLogs(): Promise<{ removed: number }>;
  loadDemoLogReview(): Promise<{ routines: number; runs: number }>;
}

export type { LogKeys, ProofBreak };
