import { type BatchOperation } from '@fvm/db';
import { registryTextRule } from '@fvm/domain';
import type { InputFieldBuilder, InputFieldRef, InputObjectRef } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { builder, type PothosTypes } from './builder';
import type { GraphQLContext } from './context';
import { type Entity } from './entity';
import {
  RowDeleted,
  RowForbidden,
  RowInvalid,
  RowNotApplied,
  RowNotFound,
  RowResult,
  rowResultType,
  RuleViolationRef,
  type RowOf,
  type SaveAnswer,
  type SaveRow,
} from './rowResults';
import { answerRows, decodeRows, defineSaveMutation, MAX_ROWS, type InputRow } from './save';

export { RuleViolationRef } from './rowResults';

type Types = PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>;
type InputFields = Record<string, InputFieldRef<Types, unknown>>;
/** An input row as GraphQL hands it over: references still global IDs (see save.ts). */
type RowInputRef = InputObjectRef<Types, InputRow>;

// The per-operation bulk mutations (create<Plural>, update<Plural>, delete<Plural>), kept for
// integrators while save<Plural> (see save.ts) takes their place: one result per row, in input order.

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
function inputFields(t: InputFieldBuilder<Types, 'InputObject'>, entity: Entity): InputFields {
  const out: InputFields = {};
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
  const Saved = builder.objectRef<RowOf<'success'>>(`${entity.name}Saved`).implement({
    description: `The ${entity.name} was written.`,
    interfaces: [RowResult],
    fields: (t) => ({
      node: t.field({ type: entity.ref, description: 'The row as stored now, with its new version.', resolve: (r) => r.row }),
      warnings: t.field({ type: [RuleViolationRef], description: 'Things worth attention that did not stop the write.', resolve: (r) => r.warnings }),
    }),
  });
  const Conflict = builder.objectRef<RowOf<'conflict'>>(`${entity.name}Conflict`).implement({
    description: 'Someone changed the row after you read it; nothing was overwritten. Compare, then resend with the current version.',
    interfaces: [RowResult],
    fields: (t) => ({
      yourVersion: t.exposeInt('yourVersion', { description: 'The version you sent.' }),
      current: t.field({ type: entity.ref, description: 'The row as stored now.', resolve: (r) => r.current }),
    }),
  });
  const Result = builder.unionType(`${entity.name}RowResult`, {
    description: `The outcome of one ${entity.name} row.`,
    types: [Saved, Conflict, RowInvalid, RowNotFound, RowForbidden, RowNotApplied, RowDeleted],
    resolveType: (r: SaveRow) => rowResultType(r, Saved, Conflict),
  });
  const Payload = builder.objectRef<SaveAnswer>(`${entity.name}BatchPayload`).implement({
    description: `What happened to each ${entity.name} row of the batch.`,
    fields: (t) => ({
      committed: t.exposeBoolean('committed', { description: 'true when at least one row was written and the transaction committed.' }),
      succeeded: t.int({ description: 'How many rows were written.', resolve: (p) => p.results.filter((r) => r.kind === 'success').length }),
      failed: t.int({ description: 'How many rows were not written.', resolve: (p) => p.results.filter((r) => r.kind !== 'success').length }),
      results: t.field({ type: [Result], description: 'One result per input row, in input order.', resolve: (p) => p.results }),
    }),
  });

  const CreateRow: RowInputRef = builder.inputType(`${entity.name}CreateInput`, {
    description: `A new ${entity.name}.`,
    fields: (t): InputFields => ({
      ...inputFields(t, entity),
      ...(entity.write!.spec.naturalOwner
        ? {}
        : { ownerId: t.id({ description: 'The organisation that will own the row (global ID). Defaults to yours; only a regional admin may name another.' }) }),
    }),
  });
  const UpdateRow: RowInputRef = builder.inputType(`${entity.name}UpdateInput`, {
    description: `Changes to one ${entity.name}: only the fields given change; null clears a field.`,
    fields: (t): InputFields => ({
      id: t.id({ required: true, description: 'Global ID of the row.' }),
      version: t.int({ required: true, description: 'The version you read; a newer one makes this a conflict.' }),
      ...inputFields(t, entity),
    }),
  });

  const ops: [BatchOperation, string, RowInputRef, string][] = [
    ['create', `create${plural}`, CreateRow, `Creates ${entity.name} rows in one transaction.`],
    ['update', `update${plural}`, UpdateRow, `Updates ${entity.name} rows in one transaction; each row quotes the version it read.`],
    ['delete', `delete${plural}`, RowDeleteInput, `Deletes ${entity.name} rows in one transaction; each row quotes the version it read.`],
  ];
  const allowed = new Set(entity.write!.operations ?? ['create', 'update', 'delete']);
  for (const [op, field, RowInput, description] of ops.filter(([op]) => allowed.has(op))) {
    const Input = builder.inputType(`${field[0]!.toUpperCase()}${field.slice(1)}Input`, {
      description: `Rows for ${field}.`,
      fields: (t) => ({
        rows: t.field({ type: [RowInput], required: true, description: 'The rows, at most 10,000.' }),
        allowPartial: t.boolean({ defaultValue: false, description: 'false (default): all rows or none. true: commit the valid rows and report the others.' }),
      }),
    });
    builder.mutationField(field, (t) =>
      t.field({
        type: Payload,
        description: `${description} All-or-nothing unless allowPartial is true.`,
        deprecationReason: `Use save${plural}, which creates, updates and deletes rows together in one transaction.`,
        args: { input: t.arg({ type: Input, required: true, description: 'The rows and how to commit them.' }) },
        resolve: (_root, args, ctx) => runBatch(ctx, entity, op, args.input.rows, args.input.allowPartial ?? false),
      }),
    );
  }
  defineSaveMutation(entity, plural, {
    ...(allowed.has('create') ? { create: CreateRow } : {}),
    ...(allowed.has('update') ? { update: UpdateRow } : {}),
    ...(allowed.has('delete') ? { delete: RowDeleteInput } : {}),
  });
}

async function runBatch(ctx: GraphQLContext, entity: Entity, op: BatchOperation, rows: InputRow[], allowPartial: boolean) {
  if (rows.length > MAX_ROWS) throw new GraphQLError(`At most ${MAX_ROWS} rows per batch; got ${rows.length}.`, { extensions: { code: 'BAD_USER_INPUT' } });
  const decoded = decodeRows(entity, op, rows);
  const now = ctx.now();
  const request = { viewer: ctx.viewer, today: now.toISOString().slice(0, 10), now: now.toISOString() };
  if (decoded.early.length && !allowPartial) return { committed: false, results: answerRows(entity, op, decoded, null) };
  const result = await ctx.stores.writes.applyBatch(entity.write!.spec, op, decoded.items, request, { allowPartial });
  return { committed: result.committed, results: answerRows(entity, op, decoded, result.outcomes) };
}
