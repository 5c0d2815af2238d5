import {
  changeableRows,
  createsDemoRows,
  decideRowWrite,
  hasErrors,
  registryVisibility,
  rowMatches,
  validateRegistryText,
  violation,
  type RuleViolation,
  type Viewer,
} from '@fvm/domain';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { codecFor, type Row, type TableCodec } from './codec';
import * as schema from '../schema';
import {
  ConstraintError,
  insert,
  recordChange,
  remove,
  savepoint,
  select,
  update,
  updateRows,
  type ChangeRecord,
  type Io,
  type Owned,
  type RowOf,
  type Where,
} from './effects';
import type { BatchItem, BatchOperation, BatchResult, Candidate, CreateItem, EntityWriteSpec, RowOutcome, UpdateItem, WriteEnv } from './types';

export interface BatchOptions {
  /** Commit the valid rows even when others fail. Default: all-or-nothing. */
  allowPartial?: boolean;
}

/** Updates handed to the engine at once (see updateRows): PostgreSQL writes them in one statement. */
const ROWS_TOGETHER = 1_000;

/** Thrown inside an all-or-nothing batch to roll it back; the engine answers with the outcomes so far. */
export class RollbackBatch extends Error {}

/** Rows of `table` by id (or another column), a few hundred per statement. */
export function* rowsWhereIn<T extends SQLiteTable>(table: T, key: keyof RowOf<T> & string, values: Iterable<unknown>): Io<RowOf<T>[]> {
  const list = [...new Set([...values].filter((v) => v !== null && v !== undefined))];
  const out: RowOf<T>[] = [];
  for (let i = 0; i < list.length; i += 500) out.push(...(yield* select(table, { [key]: { in: list.slice(i, i + 500) } } as unknown as Where<T>)));
  return out;
}

function* loadCurrent(codec: TableCodec, ids: readonly number[]): Io<Map<number, Row>> {
  const found = new Map<number, Row>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    for (const row of (yield* select(codec.table, { id: { in: unique.slice(i, i + 500) } })) as Row[]) found.set(row.id, row);
  }
  return found;
}

/** NOT NULL columns without a default that a client sets must be given. */
function requiredViolations(codec: TableCodec, spec: EntityWriteSpec<unknown>, row: Row): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const key of spec.writable) {
    const column = codec.columns[key]!;
    if (column.notNull && !column.hasDefault && (row[key] === null || row[key] === undefined || row[key] === '')) {
      out.push(violation(key, 'required', `${key} is required.`, `${key} måste anges.`));
    }
  }
  return out;
}

function constraintViolation(codec: TableCodec, error: unknown, op: BatchOperation): RuleViolation | null {
  if (!(error instanceof ConstraintError)) return null;
  if (error.constraint === 'unique') {
    // The demo flag is part of some unique keys (demo rows are a world of their own), never a field the writer chose.
    const keys = error.columns.map((c) => codec.keyOf(c) ?? c).filter((k) => k !== 'isDemo');
    return violation(
      keys.join(','),
      'unique',
      `Another row already has the same ${keys.join(' and ')}.`,
      `Det finns redan en rad med samma ${keys.join(' och ')}.`,
    );
  }
  return op === 'delete'
    ? violation(
        'id',
        'reference.in_use',
        'Other rows still refer to this row; change or delete them first.',
        'Andra rader hänvisar fortfarande till raden; ändra eller ta bort dem först.',
      )
    : violation('id', 'reference.missing', 'A referenced row does not exist.', 'En rad som det hänvisas till finns inte.');
}

/**
 * One batch of creates, updates or deletes for one entity, to be run by an engine in ONE
 * transaction (see writes/engine.ts).
 *
 * Every row gets its own outcome. By default the batch is all-or-nothing: one failing row throws
 * RollbackBatch, and the engine rolls back the rest, which then report `not_applied`. With
 * `allowPartial`, each row runs in its own savepoint and the valid ones commit. The change history
 * is written in the same transaction, so a crash can never leave a change without its record, or
 * half a batch. `outcomes` is filled as rows are decided, so that a rolled-back batch still answers.
 */
export function* batchWrite(
  spec: EntityWriteSpec,
  op: BatchOperation,
  items: readonly BatchItem[],
  env: WriteEnv,
  options: BatchOptions,
  outcomes: (RowOutcome | undefined)[],
): Io<void> {
  const codec = codecFor(spec.table);
  const current =
    op === 'create'
      ? new Map<number, Row>()
      : yield* loadCurrent(
          codec,
          items.map((i) => (i as UpdateItem).id),
        );
  const candidates: Candidate[] = [];
  const seen = new Map<number, number>();

  for (const [index, item] of items.entries()) {
    if (op === 'create') {
      const values = pick(spec.writable, (item as { values: Record<string, unknown> }).values);
      const isDemo = createsDemoRows(env.viewer);
      const after = { ...defaultsOf(codec), ...values, id: 0, version: 1, isDemo, createdAt: env.now, updatedAt: env.now } as unknown as Row;
      after.ownerOrgId = ((spec.naturalOwner ? yield* spec.naturalOwner(after, env) : null) ??
        (item as CreateItem).ownerOrgId ??
        env.viewer?.organisationId ??
        0) as number;
      const decided = decideRowWrite(env.viewer, codec.schemaKey, null, after);
      if (decided.kind === 'decided' && !decided.decision.allowed) {
        outcomes[index] = { kind: 'forbidden', index, ...pickDecision(decided.decision) };
        continue;
      }
      candidates.push({ index, op, before: null, after, input: values });
      continue;
    }
    const { id, version } = item as UpdateItem;
    if (seen.has(id)) {
      const first = seen.get(id)!;
      const message = `Row ${id} is already changed by row ${first} of this batch; send one change per row.`;
      outcomes[index] = {
        kind: 'invalid',
        index,
        violations: [violation('id', 'batch.duplicate_row', message, `Raden ändras redan av rad ${first} i samma omgång; skicka en ändring per rad.`)],
      };
      continue;
    }
    seen.set(id, index);
    const before = current.get(id);
    if (!before) {
      outcomes[index] = { kind: 'not_found', index, id };
      continue;
    }
    const input = op === 'update' ? pick(spec.writable, (item as UpdateItem).values) : {};
    const after = { ...before, ...input } as Row;
    if (op === 'update') after.ownerOrgId = ((spec.naturalOwner ? yield* spec.naturalOwner(after, env) : null) ?? before.ownerOrgId) as number;
    // A row the viewer may not see answers exactly as one that does not exist: an id proves nothing.
    // Ownership before version: a stale write to a row you may not change is still forbidden,
    // and the conflict answer (which shows the current row) is only for those who may write it.
    const decided = decideRowWrite(env.viewer, codec.schemaKey, before, after);
    if (decided.kind === 'hidden') outcomes[index] = { kind: 'not_found', index, id };
    else if (!decided.decision.allowed) outcomes[index] = { kind: 'forbidden', index, ...pickDecision(decided.decision) };
    else if (before.version !== version) outcomes[index] = { kind: 'conflict', index, yourVersion: version, current: before };
    else candidates.push({ index, op, before, after, input });
  }

  const ctx = spec.loadContext ? yield* spec.loadContext(candidates, env) : undefined;
  const valid: Candidate[] = [];
  const warnings = new Map<number, RuleViolation[]>();
  const unknownOwner = unknownOwnerCheck(env.viewer);
  for (const c of candidates) if (c.op !== 'delete') Object.assign(c.after, spec.derive?.(c, ctx, env));
  const referenced = yield* referencedRows(codec, candidates);
  for (const c of candidates) {
    // The text rules see only what the client sent: a row stored before a limit existed stays editable.
    // A row that points at a row the viewer cannot see (or at none) is answered with that alone:
    // the entity's rules would read the hidden row and tell something of it.
    const unseen = c.op === 'delete' ? [] : [...hiddenReferences(codec, env.viewer, c, referenced), ...(spec.naturalOwner ? [] : yield* unknownOwner(c))];
    const violations =
      c.op === 'delete'
        ? []
        : [...validateRegistryText(c.input), ...requiredViolations(codec, spec, c.after), ...unseen, ...(unseen.length ? [] : spec.validate(c, ctx, env))];
    if (hasErrors(violations)) outcomes[c.index] = { kind: 'invalid', index: c.index, violations };
    else valid.push(c);
    warnings.set(
      c.index,
      violations.filter((v) => v.severity === 'warning'),
    );
  }

  const anyFailed = () => outcomes.some((o) => o !== undefined);
  if (!options.allowPartial && anyFailed()) throw new RollbackBatch();

  const written: Candidate[] = [];
  // All or nothing, updates go to the engine together (PostgreSQL writes many in one statement):
  // each row's answer is still its own, in order, and the first refused row ends the batch as below.
  const together = op === 'update' && !options.allowPartial && valid.length > 1;
  if (together) {
    for (let start = 0; start < valid.length; start += ROWS_TOGETHER) {
      const slice = valid.slice(start, start + ROWS_TOGETHER);
      const answers = yield* updateRows(
        spec.table,
        slice.map((c) => rowUpdate(spec, c, env)),
        owned(spec, env),
      );
      // The first row not written ends the batch, as row by row; the slice's change records are not made then.
      for (const [i, c] of slice.entries()) {
        const answer = answers[i];
        if (answer instanceof ConstraintError) {
          const v = constraintViolation(codec, answer, c.op);
          outcomes[c.index] = { kind: 'invalid', index: c.index, violations: [v!] };
          throw new RollbackBatch();
        }
        if (answer !== 1) throw new Error(`${spec.entity} ${c.after.id} changed owner or version inside its own transaction`);
      }
      for (const c of slice) {
        yield* recordChange(changeOf(spec, c, env));
        written.push(c);
      }
    }
  } else
    for (const c of valid) {
      if (options.allowPartial) yield* savepoint('begin');
      try {
        yield* writeRow(spec, c, env);
        if (options.allowPartial) yield* savepoint('release');
        written.push(c);
      } catch (error) {
        const v = constraintViolation(codec, error, c.op);
        if (!v) throw error;
        if (options.allowPartial) yield* savepoint('rollback');
        outcomes[c.index] = { kind: 'invalid', index: c.index, violations: [v] };
        if (!options.allowPartial) throw new RollbackBatch();
      }
    }

  if (spec.afterWrite) yield* spec.afterWrite(written, env);
  const afterWarnings = spec.warningsAfterWrite ? yield* spec.warningsAfterWrite(written, env) : undefined;
  for (const c of written) {
    outcomes[c.index] = {
      kind: 'success',
      index: c.index,
      row: c.op === 'delete' ? null : c.after,
      warnings: [...(warnings.get(c.index) ?? []), ...(afterWarnings?.get(c.index) ?? [])],
    };
  }
}

/**
 * One batch for an engine to run: `io` inside its transaction, then `committed()`, or
 * `rolledBack(error)` when the transaction threw (a rollback the batch asked for answers with the
 * outcomes so far; any other error is thrown on).
 */
export function prepareBatch(spec: EntityWriteSpec, op: BatchOperation, items: readonly BatchItem[], env: WriteEnv, options: BatchOptions = {}) {
  const outcomes: (RowOutcome | undefined)[] = Array.from({ length: items.length }, () => undefined);
  return {
    /** The batch's clock: what its rows and change records are stamped with. */
    now: env.now,
    io: () => batchWrite(spec, op, items, env, options, outcomes),
    committed: () => batchResult(outcomes, true),
    rolledBack(error: unknown): BatchResult {
      if (!(error instanceof RollbackBatch)) throw error;
      return batchResult(outcomes, false);
    },
  };
}

/** What an engine's batch writer is given. */
export type BatchArgs = Parameters<typeof prepareBatch>;

/** The answer to a batch once its transaction committed or rolled back. */
function batchResult(outcomes: readonly (RowOutcome | undefined)[], committed: boolean): BatchResult {
  return {
    committed: committed && outcomes.some((o) => o?.kind === 'success'),
    outcomes: outcomes.map((o, index) => (committed ? o! : o && o.kind !== 'success' ? o : { kind: 'not_applied', index })),
  };
}

function* writeRow(spec: EntityWriteSpec, c: Candidate, env: WriteEnv): Io<void> {
  if (c.op === 'create') {
    c.after = yield* insert(spec.table, c.after);
  } else if (c.op === 'update') {
    const { where, set } = rowUpdate(spec, c, env);
    const changes = yield* update(spec.table, where, set, owned(spec, env));
    if (changes !== 1) throw new Error(`${spec.entity} ${c.after.id} changed owner or version inside its own transaction`);
  } else {
    const changes = yield* remove(spec.table, { id: { eq: c.before!.id }, version: { eq: c.before!.version } }, owned(spec, env));
    if (changes !== 1) throw new Error(`${spec.entity} ${c.before!.id} changed owner or version inside its own transaction`);
  }
  yield* recordChange(changeOf(spec, c, env));
}

/** An update candidate's next version and what its statement sets: the changed columns, the version and the time. */
function rowUpdate(spec: EntityWriteSpec, c: Candidate, env: WriteEnv): { where: Where; set: Record<string, unknown>; before: Row } {
  const changed = [...spec.writable, ...(spec.derivedColumns ?? []), 'ownerOrgId'].filter((k) => !sameValue(c.before![k], c.after[k]));
  c.after.version = c.before!.version + 1;
  c.after.updatedAt = env.now;
  const set = Object.fromEntries([...changed, 'version', 'updatedAt'].map((k) => [k, c.after[k]]));
  return { where: { id: { eq: c.after.id }, version: { eq: c.before!.version } }, set, before: c.before! };
}

function changeOf(spec: EntityWriteSpec, c: Candidate, env: WriteEnv): ChangeRecord {
  return {
    entity: spec.entity,
    entityId: (c.after ?? c.before).id,
    operation: c.op,
    before: c.before,
    after: c.op === 'delete' ? null : c.after,
    ownerOrgId: (c.op === 'delete' ? c.before! : c.after).ownerOrgId,
    viewer: env.viewer,
    now: env.now,
  };
}

// The ownership rule (and a demo token's "demo rows only") is decided on the row read in this
// transaction, and repeated in the statement itself, so that no code path can write another
// organisation's row, or a demo token a real one, even by mistake.
function owned(spec: EntityWriteSpec, env: WriteEnv): Owned {
  const rows = changeableRows(env.viewer, codecFor(spec.table).schemaKey);
  return { anyOwner: rows.kind === 'any', ownerOrgId: rows.kind === 'owner' ? rows.organisationId : -1, demoRowsOnly: createsDemoRows(env.viewer) };
}

/**
 * The references a candidate sets: new, or changed from the row as stored. Not its owner: that is
 * checked as `ownerId` (unknownOwnerCheck), or follows a column that is checked.
 */
function* setReferences(codec: TableCodec, c: Candidate): Generator<{ key: string; table: string; value: number }> {
  if (c.op === 'delete') return;
  for (const { key, table } of codec.references) {
    if (key === 'ownerOrgId') continue;
    const value = c.after[key];
    if (value === null || value === undefined || (c.before && sameValue(c.before[key], value))) continue;
    yield { key, table, value: value as number };
  }
}

/** The rows the candidates' references name, per table, read a few hundred ids per statement. */
function* referencedRows(codec: TableCodec, candidates: readonly Candidate[]): Io<Map<string, Map<number, Row>>> {
  const wanted = new Map<string, Set<number>>();
  for (const c of candidates) for (const { table, value } of setReferences(codec, c)) wanted.set(table, (wanted.get(table) ?? new Set()).add(value));
  const found = new Map<string, Map<number, Row>>();
  for (const [table, ids] of wanted) found.set(table, yield* loadCurrent(codecFor(schema[table as keyof typeof schema] as never), [...ids]));
  return found;
}

/**
 * A reference to a row that does not exist is answered on its field, before the database's own
 * foreign key would refuse the statement without saying which. A viewer who sees only some rows (a
 * demo token) may not point a new or changed row at a row it cannot see either: the write would
 * reveal that the row exists, and hang demo data on real data; it is answered the same way.
 */
function hiddenReferences(codec: TableCodec, viewer: Viewer | null, c: Candidate, referenced: Map<string, Map<number, Row>>): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const { key, table, value } of setReferences(codec, c)) {
    const visibility = registryVisibility(viewer, table);
    const row = referenced.get(table)?.get(value);
    if (!row || (visibility.kind !== 'all' && !rowMatches(visibility, row)))
      out.push(violation(key, 'reference.missing', `${key}: the referenced row does not exist.`, `${key}: raden som det hänvisas till finns inte.`));
  }
  return out;
}

/**
 * The owner a new row is given (`ownerId`) is a reference too, though SQL has no foreign key for
 * it: it must exist, and a viewer who sees only some rows (a demo token) may not give a row to an
 * organisation it cannot see, answered as for one that does not exist. The viewer's own
 * organisation, the default, always qualifies. Owners that follow a column (a call-off's
 * municipality) are checked as that column.
 */
function unknownOwnerCheck(viewer: Viewer | null): (c: Candidate) => Io<RuleViolation[]> {
  const visibility = registryVisibility(viewer, 'organisations');
  const organisations = codecFor(schema.organisations);
  const known = new Map<number, boolean>();
  return function* (c) {
    const owner = c.after.ownerOrgId as number;
    if (c.op !== 'create' || owner === viewer?.organisationId) return [];
    if (!known.has(owner)) {
      const row = (yield* loadCurrent(organisations, [owner])).get(owner);
      known.set(owner, row !== undefined && rowMatches(visibility, row));
    }
    return known.get(owner)
      ? []
      : [violation('ownerId', 'reference.missing', 'ownerId: the organisation does not exist.', 'ownerId: organisationen finns inte.')];
  };
}

function pick(keys: readonly string[], values: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (values[k] !== undefined) out[k] = values[k];
  return out;
}

function pickDecision(d: { code: string; message: string; messageSv: string }) {
  return { code: d.code, message: d.message, messageSv: d.messageSv };
}

function defaultsOf(codec: TableCodec) {
  const out: Record<string, unknown> = {};
  for (const key of codec.keys) {
    const col = codec.columns[key]!;
    out[key] = col.hasDefault && typeof col.default !== 'object' ? col.default : null;
  }
  return out;
}

function sameValue(a: unknown, b: unknown) {
  return a === b || (a == null && b == null);
}
