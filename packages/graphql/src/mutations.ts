import { type BatchItem, type BatchOperation, type RowOutcome } from '@fvm/db';
import { registryTextRule, violation, type RuleViolation } from '@fvm/domain';
import { GraphQLError } from 'graphql';
import { builder } from './builder';
import type { GraphQLContext } from './context';
import { typesOfTable, type Entity } from './entity';
import { decodeId } from './filters';

/* eslint-disable @typescript-eslint/no-explicit-any */
const b = builder as any;

// The answer to a bulk mutation is one result per row, typed, in the order the rows were sent.

const Severity = builder.enumType('Severity', {
  description: 'How serious a rule finding is.',
  values: {
    ERROR: { value: 'error', description: 'The row breaks the rule and was not written.' },
    WARNING: { value: 'warning', description: 'The row was accepted, but something deserves attention (varning).' },
  } as const,
});

export const RuleViolationRef = builder.objectRef<RuleViolation>('RuleViolation').implement({
  description: 'A domain rule a row breaks (regelbrott), or a warning about it.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The input field the finding is about (several are joined by commas).' }),
    code: t.exposeString('code', { description: 'Stable machine-readable rule code, e.g. call_off.power_of_attorney_required.' }),
    severity: t.field({ type: Severity, description: 'Error or warning.', resolve: (v) => v.severity }),
    message: t.exposeString('message', { description: 'What is wrong and how to fix it, in English.' }),
    messageSv: t.exposeString('messageSv', { description: 'Samma meddelande på svenska.' }),
  }),
});

const RowResult = builder.interfaceRef<RowOutcome>('RowResult').implement({
  description: 'The outcome of one row of a bulk mutation.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the row in the input list, counting from 0.' }),
  }),
});

const RowInvalid = builder.objectRef<Extract<RowOutcome, { kind: 'invalid' }>>('RowInvalid').implement({
  description: 'The row breaks one or more rules and was not written.',
  interfaces: [RowResult],
  fields: (t) => ({ violations: t.field({ type: [RuleViolationRef], description: 'Every rule the row breaks, with field and message.', resolve: (r) => r.violations }) }),
});

const RowNotFound = builder.objectRef<Extract<RowOutcome, { kind: 'not_found' }>>('RowNotFound').implement({
  description: 'No row with this ID exists (or you may not see it).',
  interfaces: [RowResult],
  fields: (t) => ({ message: t.string({ description: 'Explanation.', resolve: () => 'No such row.' }) }),
});

const RowForbidden = builder.objectRef<Extract<RowOutcome, { kind: 'forbidden' }>>('RowForbidden').implement({
  description: 'You may see this row but not make this change: only the owning organisation or a regional admin may (and a demo token only on demo rows).',
  interfaces: [RowResult],
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Why: auth.unauthenticated, auth.role_cannot_write, auth.not_owner or auth.demo_only (a demo token changes demo rows only).' }),
    message: t.exposeString('message', { description: 'Explanation in English.' }),
    messageSv: t.exposeString('messageSv', { description: 'Förklaring på svenska.' }),
  }),
});

const RowNotApplied = builder.objectRef<Extract<RowOutcome, { kind: 'not_applied' }>>('RowNotApplied').implement({
  description: 'The row was valid but not written: another row failed and the batch is all-or-nothing (send allowPartial: true to commit the valid rows).',
  interfaces: [RowResult],
  fields: (t) => ({ message: t.string({ description: 'Explanation.', resolve: () => 'Not written: another row in the batch failed, so nothing was committed.' }) }),
});

const RowDeleted = builder.objectRef<Extract<RowOutcome, { kind: 'success' }>>('RowDeleted').implement({
  description: 'The row was deleted.',
  interfaces: [RowResult],
  fields: (t) => ({ deleted: t.boolean({ description: 'Always true.', resolve: () => true }) }),
});

const RowDeleteInput = builder.inputType('RowDeleteInput', {
  description: 'A row to delete, with the version you last read.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global ID of the row.' }),
    version: t.int({ required: true, description: 'The version you read; a newer one makes this a conflict.' }),
  }),
});

function refTypes(entity: Entity, key: string) {
  return entity.refs?.[key]?.types;
}

/** The writable fields of an entity's create and update inputs: references as global IDs. */
function inputFields(t: any, entity: Entity) {
  const out: Record<string, unknown> = {};
  for (const key of entity.write!.spec.writable) {
    const refs = refTypes(entity, key);
    if (refs) {
      out[key] = t.id({ description: entity.refs![key]!.description });
      continue;
    }
    const c = entity.columns[key];
    if (!c) throw new Error(`${entity.name}.${key} is writable but not described`);
    // A text's limit, from the rule the batch writer enforces, so the contract cannot drift from it.
    const rule = c.type === 'String' ? registryTextRule(key) : null;
    const limit = rule ? ` At most ${rule.max.toLocaleString('en')} characters${rule.multiline ? '' : ', on one line'}.` : '';
    out[key] = t.field({ type: typeof c.type === 'string' ? c.type : c.type.ref, description: `${c.description}${limit}` });
  }
  return out;
}

export function defineBulkMutations(entity: Entity) {
  const { plural } = entity.write!;
  const Saved = b.objectRef(`${entity.name}Saved`).implement({
    description: `The ${entity.name} was written.`,
    interfaces: [RowResult],
    fields: (t: any) => ({
      node: t.field({ type: entity.ref, description: 'The row as stored now, with its new version.', resolve: (r: any) => r.row }),
      warnings: t.field({ type: [RuleViolationRef], description: 'Things worth attention that did not stop the write.', resolve: (r: any) => r.warnings }),
    }),
  });
  const Conflict = b.objectRef(`${entity.name}Conflict`).implement({
    description: 'Someone changed the row after you read it; nothing was overwritten. Compare, then resend with the current version.',
    interfaces: [RowResult],
    fields: (t: any) => ({
      yourVersion: t.exposeInt('yourVersion', { description: 'The version you sent.' }),
      current: t.field({ type: entity.ref, description: 'The row as stored now.', resolve: (r: any) => r.current }),
    }),
  });
  const Result = b.unionType(`${entity.name}RowResult`, {
    description: `The outcome of one ${entity.name} row.`,
    types: [Saved, Conflict, RowInvalid, RowNotFound, RowForbidden, RowNotApplied, RowDeleted],
    resolveType: (r: RowOutcome & { deleted?: boolean }) =>
      ({ success: r.deleted ? RowDeleted : Saved, conflict: Conflict, invalid: RowInvalid, not_found: RowNotFound, forbidden: RowForbidden, not_applied: RowNotApplied })[r.kind],
  });
  const Payload = b.objectRef(`${entity.name}BatchPayload`).implement({
    description: `What happened to each ${entity.name} row of the batch.`,
    fields: (t: any) => ({
      committed: t.exposeBoolean('committed', { description: 'true when at least one row was written and the transaction committed.' }),
      succeeded: t.int({ description: 'How many rows were written.', resolve: (p: any) => p.results.filter((r: RowOutcome) => r.kind === 'success').length }),
      failed: t.int({ description: 'How many rows were not written.', resolve: (p: any) => p.results.filter((r: RowOutcome) => r.kind !== 'success').length }),
      results: t.field({ type: [Result], description: 'One result per input row, in input order.', resolve: (p: any) => p.results }),
    }),
  });

  const CreateRow = b.inputType(`${entity.name}CreateInput`, {
    description: `A new ${entity.name}.`,
    fields: (t: any) => ({
      ...inputFields(t, entity),
      ...(entity.write!.spec.naturalOwner
        ? {}
        : { ownerId: t.id({ description: 'The organisation that will own the row (global ID). Defaults to yours; only a regional admin may name another.' }) }),
    }),
  });
  const UpdateRow = b.inputType(`${entity.name}UpdateInput`, {
    description: `Changes to one ${entity.name}: only the fields given change; null clears a field.`,
    fields: (t: any) => ({
      id: t.id({ required: true, description: 'Global ID of the row.' }),
      version: t.int({ required: true, description: 'The version you read; a newer one makes this a conflict.' }),
      ...inputFields(t, entity),
    }),
  });

  const ops: [BatchOperation, string, any, string][] = [
    ['create', `create${plural}`, CreateRow, `Creates ${entity.name} rows in one transaction.`],
    ['update', `update${plural}`, UpdateRow, `Updates ${entity.name} rows in one transaction; each row quotes the version it read.`],
    ['delete', `delete${plural}`, RowDeleteInput, `Deletes ${entity.name} rows in one transaction; each row quotes the version it read.`],
  ];
  const allowed = new Set(entity.write!.operations ?? ['create', 'update', 'delete']);
  for (const [op, field, RowInput, description] of ops.filter(([op]) => allowed.has(op))) {
    const Input = b.inputType(`${field[0]!.toUpperCase()}${field.slice(1)}Input`, {
      description: `Rows for ${field}.`,
      fields: (t: any) => ({
        rows: t.field({ type: [RowInput], required: true, description: 'The rows, at most 10,000.' }),
        allowPartial: t.boolean({ defaultValue: false, description: 'false (default): all rows or none. true: commit the valid rows and report the others.' }),
      }),
    });
    b.mutationField(field, (t: any) =>
      t.field({
        type: Payload,
        description: `${description} All-or-nothing unless allowPartial is true.`,
        args: { input: t.arg({ type: Input, required: true, description: 'The rows and how to commit them.' }) },
        resolve: (_root: unknown, args: any, ctx: GraphQLContext) => runBatch(ctx, entity, op, args.input.rows, args.input.allowPartial ?? false),
      }),
    );
  }
}

const MAX_ROWS = 10_000;

async function runBatch(ctx: GraphQLContext, entity: Entity, op: BatchOperation, rows: any[], allowPartial: boolean) {
  if (rows.length > MAX_ROWS) throw new GraphQLError(`At most ${MAX_ROWS} rows per batch; got ${rows.length}.`, { extensions: { code: 'BAD_USER_INPUT' } });
  const typesOfEntity = typesOfTable(entity.table);
  const early: RowOutcome[] = [];
  const items: BatchItem[] = [];
  const indexOf: number[] = [];
  rows.forEach((row, index) => {
    const bad: RuleViolation[] = [];
    const decode = (value: unknown, types: readonly string[], field: string) => {
      try {
        return decodeId(value as string, types, field);
      } catch (e) {
        bad.push(violation(field, 'reference.invalid_id', (e as Error).message, `${field}: ogiltigt ID.`));
        return null;
      }
    };
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (key === 'id' || key === 'version' || key === 'ownerId') continue;
      const types = refTypes(entity, key);
      values[key] = types && value !== null ? decode(value, types, key) : value;
    }
    const id = op === 'create' ? 0 : decode(row.id, typesOfEntity, 'id');
    const ownerOrgId = row.ownerId ? decode(row.ownerId, ['Organisation', 'Municipality'], 'ownerId') : undefined;
    if (bad.length) return void early.push({ kind: 'invalid', index, violations: bad });
    indexOf.push(index);
    items.push(op === 'create' ? { values, ...(ownerOrgId ? { ownerOrgId } : {}) } : op === 'update' ? { id: id!, version: row.version, values } : { id: id!, version: row.version });
  });

  const now = ctx.now();
  const request = { viewer: ctx.viewer, today: now.toISOString().slice(0, 10), now: now.toISOString() };
  if (early.length && !allowPartial) {
    const results = rows.map((_r, index) => early.find((e) => e.index === index) ?? ({ kind: 'not_applied', index } as RowOutcome));
    return { committed: false, results };
  }
  const result = await ctx.stores.writes.applyBatch(entity.write!.spec, op, items, request, { allowPartial });
  const results: (RowOutcome & { deleted?: boolean })[] = new Array(rows.length);
  for (const e of early) results[e.index] = e;
  result.outcomes.forEach((o, i) => {
    const index = indexOf[i]!;
    results[index] = { ...o, index, ...(op === 'delete' && o.kind === 'success' ? { deleted: true } : {}) };
  });
  return { committed: result.committed, results };
}
