import type { Viewer } from '@fvm/domain';
import type { InferSelectModel } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Row } from './codec';
import type { BatchOperation } from './types';

// The write path is written once, for every engine, as generators that yield what they need from
// the database (these effects) and receive the answer. An engine runs them: SQLite synchronously
// inside its transaction (nothing else can interleave), PostgreSQL with awaits inside its own. The
// rules in between never know which one answered.

/** Conditions on one table's columns, by their TypeScript keys; all must hold. */
export type Condition = { eq: unknown } | { ne: unknown } | { in: readonly unknown[] };
// A table known only as "some table" (the batch writer's) takes any column key; a named table only its own.
export type Where<T extends SQLiteTable = SQLiteTable> = SQLiteTable extends T
  ? Record<string, Condition>
  : { [K in keyof InferSelectModel<T> & string]?: Condition };

/** A row of a table, as the schema types it. */
export type RowOf<T extends SQLiteTable> = InferSelectModel<T>;

/**
 * Only the owner's writers (a regional admin: any owner's), and a demo token only demo rows: stated
 * in the statement itself, so that no code path writes another organisation's row by mistake.
 */
export interface Owned {
  anyOwner: boolean;
  ownerOrgId: number;
  demoRowsOnly: boolean;
}

export interface ChangeRecord {
  entity: string;
  entityId: number;
  operation: BatchOperation;
  before: Row | null;
  after: Row | null;
  ownerOrgId: number;
  viewer: Viewer | null;
  now: string;
}

/** One row's update among several (see updateRows). */
export interface RowUpdate {
  where: Where;
  set: Record<string, unknown>;
  /** The row as read in this transaction, when known: lets an engine see that writing rows together cannot change an answer. */
  before?: Row;
}

export type Effect =
  | { kind: 'select'; table: SQLiteTable; where: Where }
  | { kind: 'count'; table: SQLiteTable; where: Where }
  | { kind: 'insert'; table: SQLiteTable; values: Record<string, unknown> }
  | { kind: 'update'; table: SQLiteTable; where: Where; owned?: Owned; set: Record<string, unknown> }
  | { kind: 'updateRows'; table: SQLiteTable; rows: readonly RowUpdate[]; owned?: Owned }
  | { kind: 'delete'; table: SQLiteTable; where: Where; owned?: Owned }
  | { kind: 'change'; change: ChangeRecord }
  | { kind: 'savepoint'; step: 'begin' | 'release' | 'rollback' };

/** A piece of the write path that needs the database: run it with `runSync` or `runAsync`. */
export type Io<T> = Generator<Effect, T, unknown>;

/** An answer known without the database, where the write path asks for an Io (a spec's hook that reads the row alone). */
// eslint-disable-next-line require-yield -- it needs no effect, and an Io is still a generator
export function* known<T>(value: T): Io<T> {
  return value;
}

/** A unique key or a reference the database refused, as every engine reports it. */
export class ConstraintError extends Error {
  constructor(
    readonly constraint: 'unique' | 'foreign_key',
    /** The SQL columns of the unique key (empty for a reference). */
    readonly columns: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

// Each answer's type is the one its effect promises; the engines are held to it by writes/engine.ts.
export function* select<T extends SQLiteTable>(table: T, where: Where<T> = {}): Io<RowOf<T>[]> {
  return (yield { kind: 'select', table, where: where as Where }) as RowOf<T>[];
}
export function* count<T extends SQLiteTable>(table: T, where: Where<T>): Io<number> {
  return (yield { kind: 'count', table, where: where as Where }) as number;
}
/** Stores a row; answers it as stored (with its id and defaults). */
export function* insert(table: SQLiteTable, values: Record<string, unknown>): Io<Row> {
  return (yield { kind: 'insert', table, values }) as Row;
}
/** Answers how many rows changed. */
export function* update<T extends SQLiteTable>(table: T, where: Where<T>, set: Record<string, unknown>, owned?: Owned): Io<number> {
  return (yield { kind: 'update', table, where: where as Where, set, owned }) as number;
}
/**
 * Updates rows one after another, each by its own `where` and `set`, exactly as `update` would one
 * at a time, stopping at the first row the database refuses. Answers each row's count of rows
 * changed, in order, up to and including the refused row, whose place holds its ConstraintError
 * (nothing after it is written; as after a refused `update`, PostgreSQL's transaction can then only
 * be rolled back); any other error is thrown, as `update` throws it. An engine may write the rows
 * in fewer statements (PostgreSQL does), never with other answers.
 */
export function* updateRows<T extends SQLiteTable>(
  table: T,
  rows: readonly { where: Where<T>; set: Record<string, unknown>; before?: Row }[],
  owned?: Owned,
): Io<(number | ConstraintError)[]> {
  return (yield { kind: 'updateRows', table, rows: rows as readonly RowUpdate[], owned }) as (number | ConstraintError)[];
}
export function* remove<T extends SQLiteTable>(table: T, where: Where<T>, owned?: Owned): Io<number> {
  return (yield { kind: 'delete', table, where: where as Where, owned }) as number;
}
/** Links a change into the change history's chain, in the write's own transaction. */
export function* recordChange(change: ChangeRecord): Io<void> {
  yield { kind: 'change', change };
}
export function* savepoint(step: 'begin' | 'release' | 'rollback'): Io<void> {
  yield { kind: 'savepoint', step };
}

/** Runs a write synchronously: for an engine whose transactions must not span an await. */
export function runSync<T>(io: Io<T>, answer: (effect: Effect) => unknown): T {
  let step = io.next();
  while (!step.done) {
    let result: unknown;
    try {
      result = answer(step.value);
    } catch (error) {
      step = io.throw(error);
      continue;
    }
    step = io.next(result);
  }
  return step.value;
}

export async function runAsync<T>(io: Io<T>, answer: (effect: Effect) => Promise<unknown>): Promise<T> {
  let step = io.next();
  while (!step.done) {
    let result: unknown;
    try {
      result = await answer(step.value);
    } catch (error) {
      step = io.throw(error);
      continue;
    }
    step = io.next(result);
  }
  return step.value;
}
