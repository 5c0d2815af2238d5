import { createsDemoRows, decideRowWrite, hasErrors, registryVisibility, rowMatches, validateRegistryText, violation, type RuleViolation, type Viewer } from '@fvm/domain';
import type Database from 'better-sqlite3';
import { codecFor, type Row, type TableCodec } from './codec';
import * as schema from '../schema';
import { noteWrite } from '../generation';
import { prepared } from '../statements';
import { LedgerWriter } from '../proof/ledger';
import { recordChange } from './history';
import type { BatchEnv, BatchItem, BatchOperation, CreateItem, BatchResult, Candidate, EntityWriteSpec, RowOutcome, UpdateItem, WriteEnv } from './types';

export interface BatchOptions {
  /** Commit the valid rows even when others fail. Default: all-or-nothing. */
  allowPartial?: boolean;
}

class RollbackBatch extends Error {}

function loadCurrent(sqlite: Database.Database, codec: TableCodec, ids: readonly number[]): Map<number, Row> {
  const found = new Map<number, Row>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const stmt = prepared(sqlite, `SELECT * FROM "${codec.sqlName}" WHERE id IN (${chunk.map(() => '?').join(',')})`);
    for (const raw of stmt.all(...chunk) as Record<string, unknown>[]) {
      const row = codec.decode(raw);
      found.set(row.id, row);
    }
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
  const e = error as { code?: string; message?: string };
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    const cols = (e.message ?? '').replace(/^UNIQUE constraint failed: /, '').split(',').map((c) => c.trim().split('.').pop()!);
    // The demo flag is part of some unique keys (demo rows are a world of their own), never a field the writer chose.
    const keys = cols.map((c) => codec.keyOf(c) ?? c).filter((k) => k !== 'isDemo');
    return violation(keys.join(','), 'unique', `Another row already has the same ${keys.join(' and ')}.`, `Det finns redan en rad med samma ${keys.join(' och ')}.`);
  }
  if (e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return op === 'delete'
      ? violation('id', 'reference.in_use', 'Other rows still refer to this row; change or delete them first.', 'Andra rader hänvisar fortfarande till raden; ändra eller ta bort dem först.')
      : violation('id', 'reference.missing', 'A referenced row does not exist.', 'En rad som det hänvisas till finns inte.');
  }
  return null;
}

/**
 * Applies one batch of creates, updates or deletes for one entity in ONE transaction.
 *
 * Every row gets its own outcome. By default the batch is all-or-nothing: one failing row rolls
 * back the rest, which then report `not_applied`. With `allowPartial`, each row runs in its own
 * savepoint and the valid ones commit. The change history is written in the same transaction,
 * so a crash can never leave a change without its record, or half a batch.
 */
export function applyBatch(
  sqlite: Database.Database,
  spec: EntityWriteSpec<any>,
  op: BatchOperation,
  items: readonly BatchItem[],
  env: WriteEnv,
  options: BatchOptions = {},
): BatchResult {
  const codec = codecFor(spec.table);
  const outcomes: (RowOutcome | undefined)[] = Array.from({ length: items.length }, () => undefined);
  let committed = false;

  const run = sqlite.transaction(() => {
    const batchEnv: BatchEnv = { ...env, history: new LedgerWriter(sqlite, env.keys, 'changes', env.now) };
    const current = op === 'create' ? new Map<number, Row>() : loadCurrent(sqlite, codec, items.map((i) => (i as UpdateItem).id));
    const candidates: Candidate[] = [];
    const seen = new Map<number, number>();

    items.forEach((item, index) => {
      if (op === 'create') {
        const values = pick(spec.writable, (item as { values: Record<string, unknown> }).values);
        const isDemo = createsDemoRows(env.viewer);
        const after = { ...defaultsOf(codec), ...values, id: 0, version: 1, isDemo, createdAt: env.now, updatedAt: env.now } as unknown as Row;
        after.ownerOrgId = (spec.naturalOwner?.(after, env) ?? (item as CreateItem).ownerOrgId ?? env.viewer?.organisationId ?? 0) as number;
        const decided = decideRowWrite(env.viewer, codec.schemaKey, null, after);
        if (decided.kind === 'decided' && !decided.decision.allowed) return void (outcomes[index] = { kind: 'forbidden', index, ...pickDecision(decided.decision) });
        candidates.push({ index, op, before: null, after, input: values });
        return;
      }
      const { id, version } = item as UpdateItem;
      if (seen.has(id)) {
        const first = seen.get(id)!;
        const message = `Row ${id} is already changed by row ${first} of this batch; send one change per row.`;
        return void (outcomes[index] = { kind: 'invalid', index, violations: [violation('id', 'batch.duplicate_row', message, `Raden ändras redan av rad ${first} i samma omgång; skicka en ändring per rad.`)] });
      }
      seen.set(id, index);
      const before = current.get(id);
      if (!before) return void (outcomes[index] = { kind: 'not_found', index, id });
      const input = op === 'update' ? pick(spec.writable, (item as UpdateItem).values) : {};
      const after = { ...before, ...input } as Row;
      if (op === 'update') after.ownerOrgId = (spec.naturalOwner?.(after, env) ?? before.ownerOrgId) as number;
      // A row the viewer may not see answers exactly as one that does not exist: an id proves nothing.
      // Ownership before version: a stale write to a row you may not change is still forbidden,
      // and the conflict answer (which shows the current row) is only for those who may write it.
      const decided = decideRowWrite(env.viewer, codec.schemaKey, before, after);
      if (decided.kind === 'hidden') return void (outcomes[index] = { kind: 'not_found', index, id });
      if (!decided.decision.allowed) return void (outcomes[index] = { kind: 'forbidden', index, ...pickDecision(decided.decision) });
      if (before.version !== version) return void (outcomes[index] = { kind: 'conflict', index, yourVersion: version, current: before });
      candidates.push({ index, op, before, after, input });
    });

    const ctx = spec.loadContext?.(candidates, env);
    const valid: Candidate[] = [];
    const hiddenReferences = hiddenReferenceCheck(sqlite, codec, env.viewer);
    const unknownOwner = spec.naturalOwner ? () => [] : unknownOwnerCheck(sqlite, env.viewer);
    for (const c of candidates) {
      if (c.op !== 'delete') Object.assign(c.after, spec.derive?.(c, ctx, env));
      // The text rules see only what the client sent: a row stored before a limit existed stays editable.
      // A row that points at a row the viewer cannot see (or at none) is answered with that alone:
      // the entity's rules would read the hidden row and tell something of it.
      const unseen = c.op === 'delete' ? [] : [...hiddenReferences(c), ...unknownOwner(c)];
      const violations = c.op === 'delete' ? [] : [...validateRegistryText(c.input), ...requiredViolations(codec, spec, c.after), ...unseen, ...(unseen.length ? [] : spec.validate(c, ctx, env))];
      if (hasErrors(violations)) outcomes[c.index] = { kind: 'invalid', index: c.index, violations };
      else valid.push(c);
      (c as Candidate & { warnings?: RuleViolation[] }).warnings = violations.filter((v) => v.severity === 'warning');
    }

    const anyFailed = () => outcomes.some((o) => o !== undefined);
    if (!options.allowPartial && anyFailed()) throw new RollbackBatch();

    const written: Candidate[] = [];
    for (const c of valid) {
      if (options.allowPartial) sqlite.exec('SAVEPOINT fvm_row');
      try {
        writeRow(sqlite, codec, spec, c, batchEnv);
        if (options.allowPartial) sqlite.exec('RELEASE fvm_row');
        written.push(c);
      } catch (error) {
        const v = constraintViolation(codec, error, c.op);
        if (!v) throw error;
        if (options.allowPartial) sqlite.exec('ROLLBACK TO fvm_row; RELEASE fvm_row');
        outcomes[c.index] = { kind: 'invalid', index: c.index, violations: [v] };
        if (!options.allowPartial) throw new RollbackBatch();
      }
    }

    spec.afterWrite?.(written, batchEnv, sqlite);
    batchEnv.history.seal();
    const afterWarnings = spec.warningsAfterWrite?.(written, env);
    for (const c of written) {
      const warnings = [...((c as Candidate & { warnings?: RuleViolation[] }).warnings ?? []), ...(afterWarnings?.get(c.index) ?? [])];
      outcomes[c.index] = { kind: 'success', index: c.index, row: c.op === 'delete' ? null : c.after, warnings };
    }
  });

  try {
    run.immediate();
    committed = true;
    noteWrite(sqlite);
  } catch (error) {
    if (!(error instanceof RollbackBatch)) throw error;
  }
  return {
    committed: committed && outcomes.some((o) => o?.kind === 'success'),
    outcomes: outcomes.map((o, index) => (committed ? o! : o && o.kind !== 'success' ? o : { kind: 'not_applied', index })),
  };
}

function writeRow(sqlite: Database.Database, codec: TableCodec, spec: EntityWriteSpec<any>, c: Candidate, env: BatchEnv) {
  const table = `"${codec.sqlName}"`;
  if (c.op === 'create') {
    const keys = codec.keys.filter((k) => k !== 'id' && c.after[k] !== undefined);
    const stmt = prepared(sqlite, `INSERT INTO ${table} (${keys.map((k) => `"${codec.sqlColumn(k)}"`).join(',')}) VALUES (${keys.map(() => '?').join(',')}) RETURNING *`);
    c.after = codec.decode(stmt.get(...keys.map((k) => codec.encode(k, c.after[k]))) as Record<string, unknown>);
  } else if (c.op === 'update') {
    const changed = [...spec.writable, ...(spec.derivedColumns ?? []), 'ownerOrgId'].filter((k) => !sameValue(c.before![k], c.after[k]));
    c.after.version = c.before!.version + 1;
    c.after.updatedAt = env.now;
    const keys = [...changed, 'version', 'updatedAt'];
    const stmt = prepared(sqlite, `UPDATE ${table} SET ${keys.map((k) => `"${codec.sqlColumn(k)}" = ?`).join(', ')} WHERE id = ? AND version = ? AND ${OWNED}`);
    const result = stmt.run(...keys.map((k) => codec.encode(k, c.after[k])), c.after.id, c.before!.version, ...ownerParams(env));
    if (result.changes !== 1) throw new Error(`${spec.entity} ${c.after.id} changed owner or version inside its own transaction`);
  } else {
    const result = prepared(sqlite, `DELETE FROM ${table} WHERE id = ? AND version = ? AND ${OWNED}`).run(c.before!.id, c.before!.version, ...ownerParams(env));
    if (result.changes !== 1) throw new Error(`${spec.entity} ${c.before!.id} changed owner or version inside its own transaction`);
  }
  recordChange(sqlite, {
    entity: spec.entity,
    entityId: (c.after ?? c.before).id,
    operation: c.op,
    before: c.before,
    after: c.op === 'delete' ? null : c.after,
    ownerOrgId: (c.op === 'delete' ? c.before! : c.after).ownerOrgId,
    env,
  });
}

// The ownership rule (and a demo token's "demo rows only") is decided on the row read in this
// transaction, and repeated in the statement itself, so that no code path can write another
// organisation's row, or a demo token a real one, even by mistake.
const OWNED = '(? = 1 OR owner_org_id = ?) AND (? = 0 OR is_demo = 1)';
function ownerParams(env: WriteEnv) {
  return [env.viewer?.role === 'regional_admin' ? 1 : 0, env.viewer?.organisationId ?? -1, createsDemoRows(env.viewer) ? 1 : 0];
}

/**
 * A viewer who sees only some rows (a demo token) may not point a new or changed row at a row it
 * cannot see: the write would reveal that the row exists, and hang demo data on real data. Such a
 * reference is answered as one to a row that does not exist, and so is one to a missing row.
 */
function hiddenReferenceCheck(sqlite: Database.Database, codec: TableCodec, viewer: Viewer | null): (c: Candidate) => RuleViolation[] {
  const restricted = codec.references.map((r) => ({ ...r, visibility: registryVisibility(viewer, r.table) })).filter((r) => r.visibility.kind !== 'all');
  if (restricted.length === 0) return () => [];
  return (c) =>
    restricted.flatMap(({ key, table, visibility }) => {
      const value = c.after[key];
      if (value === null || value === undefined || (c.before && sameValue(c.before[key], value))) return [];
      const target = codecFor(schema[table as keyof typeof schema] as never);
      const row = loadCurrent(sqlite, target, [value as number]).get(value as number);
      return row && rowMatches(visibility, row)
        ? []
        : [violation(key, 'reference.missing', `${key}: the referenced row does not exist.`, `${key}: raden som det hänvisas till finns inte.`)];
    });
}

/**
 * The owner a new row is given (`ownerId`) is a reference too, though SQL has no foreign key for
 * it: it must exist, and a viewer who sees only some rows (a demo token) may not give a row to an
 * organisation it cannot see, answered as for one that does not exist. The viewer's own
 * organisation, the default, always qualifies. Owners that follow a column (a call-off's
 * municipality) are checked as that column.
 */
function unknownOwnerCheck(sqlite: Database.Database, viewer: Viewer | null): (c: Candidate) => RuleViolation[] {
  const visibility = registryVisibility(viewer, 'organisations');
  const organisations = codecFor(schema.organisations);
  const known = new Map<number, boolean>();
  return (c) => {
    const owner = c.after.ownerOrgId as number;
    if (c.op !== 'create' || owner === viewer?.organisationId) return [];
    if (!known.has(owner)) {
      const row = loadCurrent(sqlite, organisations, [owner]).get(owner);
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
