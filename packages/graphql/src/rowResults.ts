import type { BatchOperation, RowOutcome } from '@fvm/db';
import type { RuleViolation } from '@fvm/domain';
import { brandWithType, type OutputType } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from './builder';
import type { PothosTypes } from './builder';

// The answer to a write is one typed result per row. These types are shared by every entity: a
// written or conflicting row is given as a Node (spread `... on Licence { … }` to read it).

/** One row's outcome, with what the schema needs to answer it: its operation, and its entity's type. */
export type SaveRow = RowOutcome & {
  operation: BatchOperation;
  /** The GraphQL type of the entity, for the row's global ID and its node. */
  type: OutputType<PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>>;
  typename: string;
  /** The row's id as sent (update and delete), when it could be read. */
  inputId?: number;
};

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

export const RowOperation = builder.enumType('RowOperation', {
  description: 'What a row asked for (ändring): a new row, a change, or a deletion.',
  values: {
    CREATE: { value: 'create', description: 'A new row (ny rad), from the input list `create`.' },
    UPDATE: { value: 'update', description: 'A change to a row (ändring), from the input list `update`.' },
    DELETE: { value: 'delete', description: 'A deletion (borttagning), from the input list `delete`.' },
  } as const,
});

function globalIdOf(r: SaveRow): string | null {
  const id = r.kind === 'success' ? (r.row?.id ?? r.inputId) : r.kind === 'conflict' ? r.current.id : r.kind === 'not_found' ? (r.inputId ?? r.id) : r.inputId;
  return id ? encodeGlobalID(r.typename, id) : null;
}

/** A stored row, marked with its GraphQL type so that a Node field resolves it. */
function asNode(r: SaveRow, row: object): object {
  brandWithType(row, r.type);
  return row;
}

export const RowResult = builder.interfaceRef<SaveRow>('RowResult').implement({
  description: 'The outcome of one row of a write (radresultat).',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the row in its input list (create, update, delete or rows), counting from 0.' }),
    operation: t.field({ type: RowOperation, description: 'What the row asked for: which input list it came from.', resolve: (r) => r.operation }),
    id: t.id({
      nullable: true,
      description: 'Global ID of the row: the one sent for an update or delete, the new one for a created row; null for a new row not written.',
      resolve: (r) => globalIdOf(r),
    }),
  }),
});

/** A row's outcome of one kind, as its result type sees it. */
export type RowOf<K extends RowOutcome['kind']> = Extract<RowOutcome, { kind: K }> & SaveRow;

export const RowSaved = builder.objectRef<RowOf<'success'>>('RowSaved').implement({
  description: 'The row was written (sparad): created or changed.',
  interfaces: [RowResult],
  fields: (t) => ({
    node: t.field({ type: builder.nodeInterfaceRef(), description: 'The row as stored now, with its new version.', resolve: (r) => asNode(r, r.row!) }),
    warnings: t.field({ type: [RuleViolationRef], description: 'Things worth attention that did not stop the write.', resolve: (r) => r.warnings }),
  }),
});

export const RowConflict = builder.objectRef<RowOf<'conflict'>>('RowConflict').implement({
  description: 'Someone changed the row after you read it (konflikt); nothing was overwritten. Compare, then resend with the current version.',
  interfaces: [RowResult],
  fields: (t) => ({
    yourVersion: t.exposeInt('yourVersion', { description: 'The version you sent.' }),
    current: t.field({ type: builder.nodeInterfaceRef(), description: 'The row as stored now.', resolve: (r) => asNode(r, r.current) }),
  }),
});

export const RowInvalid = builder.objectRef<RowOf<'invalid'>>('RowInvalid').implement({
  description: 'The row breaks one or more rules and was not written.',
  interfaces: [RowResult],
  fields: (t) => ({
    violations: t.field({ type: [RuleViolationRef], description: 'Every rule the row breaks, with field and message.', resolve: (r) => r.violations }),
  }),
});

export const RowNotFound = builder.objectRef<RowOf<'not_found'>>('RowNotFound').implement({
  description: 'No row with this ID exists (or you may not see it).',
  interfaces: [RowResult],
  fields: (t) => ({ message: t.string({ description: 'Explanation.', resolve: () => 'No such row.' }) }),
});

export const RowForbidden = builder.objectRef<RowOf<'forbidden'>>('RowForbidden').implement({
  description: 'You may see this row but not make this change: only the owning organisation or a regional admin may (and a demo token only on demo rows).',
  interfaces: [RowResult],
  fields: (t) => ({
    code: t.exposeString('code', {
      description: 'Why: auth.unauthenticated, auth.role_cannot_write, auth.not_owner or auth.demo_only (a demo token changes demo rows only).',
    }),
    message: t.exposeString('message', { description: 'Explanation in English.' }),
    messageSv: t.exposeString('messageSv', { description: 'Förklaring på svenska.' }),
  }),
});

export const RowNotApplied = builder.objectRef<RowOf<'not_applied'>>('RowNotApplied').implement({
  description: 'The row was valid but not written: another row failed and the write is all-or-nothing (send allowPartial: true to commit the valid rows).',
  interfaces: [RowResult],
  fields: (t) => ({ message: t.string({ description: 'Explanation.', resolve: () => 'Not written: another row failed, so nothing was committed.' }) }),
});

export const RowDeleted = builder.objectRef<RowOf<'success'>>('RowDeleted').implement({
  description: 'The row was deleted (borttagen).',
  interfaces: [RowResult],
  fields: (t) => ({ deleted: t.boolean({ description: 'Always true.', resolve: () => true }) }),
});

/** The type that answers a row, given the types for a written and a conflicting row. */
export function rowResultType<S, C>(r: SaveRow, saved: S, conflict: C) {
  switch (r.kind) {
    case 'success':
      return r.operation === 'delete' ? RowDeleted : saved;
    case 'conflict':
      return conflict;
    case 'invalid':
      return RowInvalid;
    case 'not_found':
      return RowNotFound;
    case 'forbidden':
      return RowForbidden;
    case 'not_applied':
      return RowNotApplied;
  }
}

export const SaveRowResult = builder.unionType('SaveRowResult', {
  description: 'The outcome of one row of a save (radresultat): written, deleted, in conflict, invalid, not found, forbidden, or not applied.',
  types: [RowSaved, RowDeleted, RowConflict, RowInvalid, RowNotFound, RowForbidden, RowNotApplied],
  resolveType: (r: SaveRow) => rowResultType(r, RowSaved, RowConflict),
});

/** What a write answers: whether it committed, and one result per row. */
export interface SaveAnswer {
  committed: boolean;
  results: SaveRow[];
}

export const SavePayload = builder.objectRef<SaveAnswer>('SavePayload').implement({
  description: 'What happened to each row of a save (sparning), all in one transaction.',
  fields: (t) => ({
    committed: t.exposeBoolean('committed', { description: 'true when at least one row was written and the transaction committed.' }),
    succeeded: t.int({ description: 'How many rows were written or deleted.', resolve: (p) => p.results.filter((r) => r.kind === 'success').length }),
    failed: t.int({ description: 'How many rows were not written.', resolve: (p) => p.results.filter((r) => r.kind !== 'success').length }),
    results: t.field({
      type: [SaveRowResult],
      description: 'One result per input row: the `create` rows in order, then `update`, then `delete`; each names its operation and index.',
      resolve: (p) => p.results,
    }),
  }),
});
