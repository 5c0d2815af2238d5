import type { BatchItem, BatchOperation, CreateItem, DeleteItem, RowOutcome, UpdateItem } from '@fvm/db';
import { violation, type RuleViolation } from '@fvm/domain';
import type { InputRef } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { builder } from './builder';
import type { GraphQLContext } from './context';
import { typesOfTable, type Entity } from './entity';
import { decodeId } from './filters';
import { SavePayload, type SaveAnswer, type SaveRow } from './rowResults';

// save<Plural>: one entity's new, changed and deleted rows in ONE transaction, one typed result per
// row. The grid's Save is one such request per entity.

/** At most this many rows in one write, over all its lists. */
export const MAX_ROWS = 10_000;

/** An input row as GraphQL hands it over: references still global IDs. */
export type InputRow = Record<string, unknown>;

/** Input rows read into the write path's items; a row whose IDs cannot be read is answered at once. */
export function decodeRows(entity: Entity, op: BatchOperation, rows: readonly InputRow[]) {
  const early: RowOutcome[] = [];
  const items: BatchItem[] = [];
  /** For each item, its row's index in `rows`. */
  const indexOf: number[] = [];
  /** The row ids as sent, where they could be read. */
  const ids: (number | undefined)[] = [];
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
      const types = entity.refs?.[key]?.types;
      values[key] = types && value !== null ? decode(value, types, key) : value;
    }
    const id = op === 'create' ? 0 : decode(row.id, typesOfTable(entity.table), 'id');
    ids.push(id ?? undefined);
    const ownerOrgId = row.ownerId ? decode(row.ownerId, ['Organisation', 'Municipality'], 'ownerId') : undefined;
    if (bad.length) return void early.push({ kind: 'invalid', index, violations: bad });
    indexOf.push(index);
    const version = row.version as number;
    items.push(op === 'create' ? { values, ...(ownerOrgId ? { ownerOrgId } : {}) } : op === 'update' ? { id: id!, version, values } : { id: id!, version });
  });
  return { early, items, indexOf, ids };
}

/** A write's outcomes, in the rows' order, with what the result types need to answer them. */
export function answerRows(entity: Entity, op: BatchOperation, decoded: ReturnType<typeof decodeRows>, outcomes: readonly RowOutcome[] | null): SaveRow[] {
  const results: RowOutcome[] = new Array(decoded.ids.length);
  for (const e of decoded.early) results[e.index] = e;
  decoded.indexOf.forEach((index, i) => {
    results[index] = outcomes ? { ...outcomes[i]!, index } : { kind: 'not_applied', index };
  });
  return results.map((r, index) => ({ ...r, operation: op, type: entity.ref, typename: entity.name, inputId: decoded.ids[index] }));
}

/** The input types of an entity's rows, per operation it allows. */
export type RowInputs = Partial<Record<BatchOperation, InputRef<InputRow>>>;

const LISTS: readonly BatchOperation[] = ['create', 'update', 'delete'];
const LIST_DESCRIPTIONS: Record<BatchOperation, string> = {
  create: 'New rows (nya rader).',
  update: 'Changes (ändringar): only the fields given change; each row quotes the version it read.',
  delete: 'Rows to delete (borttagningar), each with the version it read.',
};

export function defineSaveMutation(entity: Entity, plural: string, inputs: RowInputs) {
  const lists = LISTS.filter((op) => inputs[op]);
  const Input = builder.inputType(`Save${plural}Input`, {
    description: `One save (sparning) of ${entity.name} rows: deleted, then changed, then created, in one transaction.`,
    fields: (t) => ({
      ...Object.fromEntries(lists.map((op) => [op, t.field({ type: [inputs[op]!], required: false, description: LIST_DESCRIPTIONS[op] })])),
      allowPartial: t.boolean({
        defaultValue: false,
        description: 'false (default): every row or none; a failing row rolls back all. true: the valid rows are written and the others reported.',
      }),
    }),
  });
  builder.mutationField(`save${plural}`, (t) =>
    t.field({
      type: SavePayload,
      description: `Creates, changes and deletes ${entity.name} rows in ONE transaction (deletes first, then changes, then new rows), with one result per row. All-or-nothing unless allowPartial is true; at most ${MAX_ROWS.toLocaleString('en')} rows.`,
      args: { input: t.arg({ type: Input, required: true, description: 'The rows and how to commit them.' }) },
      resolve: (_root, args, ctx) => runSave(ctx, entity, args.input as SaveInput),
    }),
  );
}

type SaveInput = Partial<Record<BatchOperation, InputRow[] | null>> & { allowPartial?: boolean | null };

async function runSave(ctx: GraphQLContext, entity: Entity, input: SaveInput): Promise<SaveAnswer> {
  const total = LISTS.reduce((n, op) => n + (input[op]?.length ?? 0), 0);
  if (total > MAX_ROWS) throw new GraphQLError(`At most ${MAX_ROWS} rows per save; got ${total}.`, { extensions: { code: 'BAD_USER_INPUT' } });
  const allowPartial = input.allowPartial ?? false;
  const decoded = Object.fromEntries(LISTS.map((op) => [op, decodeRows(entity, op, input[op] ?? [])])) as Record<BatchOperation, ReturnType<typeof decodeRows>>;
  const unreadable = LISTS.some((op) => decoded[op].early.length);
  const now = ctx.now();
  const request = { viewer: ctx.viewer, today: now.toISOString().slice(0, 10), now: now.toISOString() };
  // Rows whose IDs cannot be read fail before the transaction: all-or-nothing, nothing is tried.
  const result =
    unreadable && !allowPartial
      ? null
      : await ctx.stores.writes.applySave(
          entity.write!.spec,
          {
            create: decoded.create.items.filter((i): i is CreateItem => !('id' in i)),
            update: decoded.update.items.filter((i): i is UpdateItem => 'id' in i && 'values' in i),
            delete: decoded.delete.items.filter((i): i is DeleteItem => 'id' in i),
          },
          request,
          { allowPartial },
        );
  return {
    committed: result?.committed ?? false,
    results: LISTS.flatMap((op) => answerRows(entity, op, decoded[op], result ? result[op] : null)),
  };
}
