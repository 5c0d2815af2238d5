import type { RuleViolation, Viewer } from '@fvm/domain';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Io } from './effects';
import type { Row } from './codec';

export type { Row } from './codec';

export type BatchOperation = 'create' | 'update' | 'delete';

export interface CreateItem {
  values: Record<string, unknown>;
  /** Who will own the new row, where its nature does not decide it; defaults to the writer's organisation. */
  ownerOrgId?: number;
}
export interface UpdateItem {
  id: number;
  /** The version the caller read; anything else means someone changed the row since. */
  version: number;
  values: Record<string, unknown>;
}
export interface DeleteItem {
  id: number;
  version: number;
}
export type BatchItem = CreateItem | UpdateItem | DeleteItem;

export type RowOutcome =
  | { kind: 'success'; index: number; row: Row | null; warnings: RuleViolation[] }
  | { kind: 'invalid'; index: number; violations: RuleViolation[] }
  | { kind: 'not_found'; index: number; id: number }
  | { kind: 'conflict'; index: number; yourVersion: number; current: Row }
  | { kind: 'forbidden'; index: number; code: string; message: string; messageSv: string }
  /** Valid on its own, but not written because another row failed in an all-or-nothing batch. */
  | { kind: 'not_applied'; index: number };

export interface BatchResult {
  committed: boolean;
  outcomes: RowOutcome[];
}

/** A row on its way to the database: what it was, and what it will be. */
export interface Candidate {
  index: number;
  op: BatchOperation;
  before: Row | null;
  after: Row;
  /** Exactly the values the client sent, to tell a typed value from a kept or derived one. */
  input: Record<string, unknown>;
}

export interface WriteEnv {
  viewer: Viewer | null;
  /** Calendar date the rules use as "today" ('YYYY-MM-DD'). */
  today: string;
  /** Timestamp stamped on rows and changes. */
  now: string;
}

/**
 * How one entity is written. The batch writer does the common work (ownership, versions, history,
 * savepoints); a spec adds what is particular to the entity: which columns a client may set, who
 * owns a new row, and the domain rules with the facts they need, loaded once per batch.
 */
export interface EntityWriteSpec<Ctx = unknown> {
  /** The entity's name in the change history, e.g. 'CallOff'. */
  entity: string;
  table: SQLiteTable;
  writable: readonly string[];
  /**
   * The organisation a row belongs to by its nature (a call-off: its municipality; a disclosure
   * request: its asset's owner). Null when its nature does not say, or says it through a row the
   * viewer may not see: then the owner is decided as for any row, and the reference is answered
   * as a missing one.
   */
  naturalOwner?(row: Row, env: WriteEnv): Io<number | null>;
  /** The facts the rules need, loaded once per batch. */
  loadContext?(candidates: readonly Candidate[], env: WriteEnv): Io<Ctx>;
  /** Columns only `derive` sets (a client never sends them), written with the row. */
  derivedColumns?: readonly string[];
  /** Columns computed from others (never typed by hand), applied before validation. */
  derive?(candidate: Candidate, ctx: Ctx, env: WriteEnv): Record<string, unknown>;
  validate(candidate: Candidate, ctx: Ctx, env: WriteEnv): RuleViolation[];
  /** Follow-up writes in the same transaction (e.g. end dates derived from a changed procurement). */
  afterWrite?(written: readonly Candidate[], env: WriteEnv): Io<void>;
  /** Warnings that depend on the state after the batch (e.g. a linked option taken alone). */
  warningsAfterWrite?(written: readonly Candidate[], env: WriteEnv): Io<Map<number, RuleViolation[]>>;
}
