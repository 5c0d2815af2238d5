import { MAX_REGISTRY_ID } from '@fvm/db';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import type { EnumRef, InputObjectRef } from '@pothos/core';
import { builder, type PothosTypes } from './builder';

// Scalar conditions shared by every entity's filter. Each maps one-to-one onto Drizzle's
// relational `where` operators, so a filter is translated, never interpreted in memory.

type Cond = Record<string, unknown>;

export const StringFilter = builder.inputType('StringFilter', {
  description: 'Conditions on a text value. All given conditions must hold.',
  fields: (t) => ({
    eq: t.string({ description: 'Exactly this text.' }),
    ne: t.string({ description: 'Anything but this text.' }),
    in: t.stringList({ description: 'One of these texts.' }),
    notIn: t.stringList({ description: 'None of these texts.' }),
    contains: t.string({ description: 'Contains this text (case-insensitive for A–Z).' }),
    startsWith: t.string({ description: 'Starts with this text.' }),
    isNull: t.boolean({ description: 'true: the value is missing; false: it is present.' }),
  }),
});

export const IntFilter = builder.inputType('IntFilter', {
  description: 'Conditions on a whole number. All given conditions must hold.',
  fields: (t) => ({
    eq: t.int({ description: 'Equal to.' }),
    ne: t.int({ description: 'Not equal to.' }),
    in: t.intList({ description: 'One of these.' }),
    notIn: t.intList({ description: 'None of these.' }),
    gt: t.int({ description: 'Greater than.' }),
    gte: t.int({ description: 'Greater than or equal to.' }),
    lt: t.int({ description: 'Less than.' }),
    lte: t.int({ description: 'Less than or equal to.' }),
    isNull: t.boolean({ description: 'true: the value is missing; false: it is present.' }),
  }),
});

export const DateFilter = builder.inputType('DateFilter', {
  description: 'Conditions on a calendar date. All given conditions must hold; bounds are inclusive where the name says so.',
  fields: (t) => ({
    eq: t.field({ type: 'Date', description: 'On this date.' }),
    gt: t.field({ type: 'Date', description: 'After this date.' }),
    gte: t.field({ type: 'Date', description: 'On or after this date.' }),
    lt: t.field({ type: 'Date', description: 'Before this date.' }),
    lte: t.field({ type: 'Date', description: 'On or before this date.' }),
    isNull: t.boolean({ description: 'true: no date recorded; false: a date is recorded.' }),
  }),
});

export const BooleanFilter = builder.inputType('BooleanFilter', {
  description: 'Condition on a yes/no value.',
  fields: (t) => ({
    eq: t.boolean({ description: 'Equal to.' }),
    isNull: t.boolean({ description: 'true: not answered; false: answered.' }),
  }),
});

export const IDFilter = builder.inputType('IDFilter', {
  description: 'Conditions on a reference, given as global IDs.',
  fields: (t) => ({
    eq: t.id({ description: 'This row.' }),
    in: t.idList({ description: 'One of these rows.' }),
    notIn: t.idList({ description: 'None of these rows.' }),
    isNull: t.boolean({ description: 'true: no reference; false: a reference.' }),
  }),
});

const enumFilters = new Map<string, InputObjectRef<PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>, Record<string, unknown>>>();
/** `{ eq, ne, in, notIn }` over one enum, created once per enum; with `isNull` for an enum whose value may be unknown. */
export function enumFilter(
  enumName: string,
  enumRef: EnumRef<PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>, string, string>,
  label: string,
  nullable = false,
) {
  const name = `${enumName}Filter`;
  if (!enumFilters.has(name)) {
    enumFilters.set(
      name,
      builder.inputType(name, {
        description: `Conditions on ${label}.`,
        fields: (t) => ({
          eq: t.field({ type: enumRef, description: 'Exactly this value.' }),
          ne: t.field({ type: enumRef, description: 'Anything but this value.' }),
          in: t.field({ type: [enumRef], description: 'One of these values.' }),
          notIn: t.field({ type: [enumRef], description: 'None of these values.' }),
          ...(nullable ? { isNull: t.boolean({ description: 'true: the value is unknown; false: it is known.' }) } : {}),
        }),
      }),
    );
  }
  return enumFilters.get(name)!;
}

export function decodeId(globalId: string | number, typenames: readonly string[], field: string): number {
  try {
    const { typename, id } = decodeGlobalID(String(globalId));
    const n = Number(id);
    // An id past the registry's range names no row: answered as a missing one (0 matches none) on
    // every engine, rather than as an error from the one whose column cannot hold it.
    if (typenames.includes(typename) && Number.isSafeInteger(n)) return typename === 'UserLogEntry' || n <= MAX_REGISTRY_ID ? n : 0;
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`${field}: "${globalId}" is not the ID of a ${typenames.join(' or ')}.`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/**
 * LIKE with an escape character, so that % and _ typed by a user are matched literally. Both sides
 * lowered: SQLite's LIKE ignores the case of A–Z, PostgreSQL's ignores none. Beyond A–Z, SQLite's
 * lower() changes nothing, PostgreSQL's follows the database's locale (C.UTF-8 lowers Å to å).
 */
function likeCondition(column: string, pattern: string): Cond {
  return { RAW: (table: Record<string, unknown>) => sql`lower(${table[column]}) like lower(${pattern}) escape '\\'` };
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Free text matched against several columns: any of them contains it. */
export function searchCondition(columns: readonly string[], text: string): Cond {
  return { OR: columns.map((column) => likeCondition(column, `%${escapeLike(text)}%`)) };
}

/** Translates one scalar condition object on `column` into Drizzle's relational `where`. */
export function columnCondition(column: string, input: Record<string, unknown>, decode?: (v: string) => number): Cond {
  const ops: Cond = {};
  const parts: Cond[] = [];
  const map = (v: unknown) => (decode ? (Array.isArray(v) ? v.map((x) => decode(String(x))) : decode(String(v))) : v);
  for (const [op, raw] of Object.entries(input)) {
    if (raw === undefined || raw === null) continue;
    switch (op) {
      case 'eq':
      case 'ne':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
      case 'in':
      case 'notIn':
        ops[op] = map(raw);
        break;
      case 'contains':
        parts.push(likeCondition(column, `%${escapeLike(String(raw))}%`));
        break;
      case 'startsWith':
        parts.push(likeCondition(column, `${escapeLike(String(raw))}%`));
        break;
      case 'isNull':
        if (raw) ops.isNull = true;
        else ops.isNotNull = true;
        break;
    }
  }
  if (Object.keys(ops).length) parts.unshift({ [column]: ops });
  return parts.length === 1 ? parts[0]! : { AND: parts };
}
