import { isIsoDate, readIsoInstant } from '@fvm/domain';
import { GraphQLError, Kind, print, type ValueNode } from 'graphql';
import { builder } from './builder';

// A literal in the document is read as its variable would be: by parseValue, with one parameter
// (graphql-jit refuses a parseLiteral that takes the variables, and it need not).
const literal = (parse: (value: unknown) => string) => (node: ValueNode) => parse(node.kind === Kind.STRING ? node.value : print(node));

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value))
    throw new GraphQLError(`Date must be a real calendar date written YYYY-MM-DD; got ${JSON.stringify(value)}.`);
  return value;
}

builder.scalarType('Date', {
  description: 'A calendar date (datum) in ISO 8601 form, YYYY-MM-DD.',
  serialize: (value) => value as string,
  parseValue: parseDate,
  parseLiteral: literal(parseDate),
});

function parseDateTime(value: unknown): string {
  const read = typeof value === 'string' ? readIsoInstant(value) : ({ kind: 'malformed' } as const);
  if (read.kind === 'instant') return new Date(read.ms).toISOString();
  // The rule's name travels in the error's extensions: GraphQL keeps them when it wraps the
  // error with the variable's path.
  if (read.kind === 'no_zone') {
    throw new GraphQLError(`DateTime must have a time zone (Z or ±hh:mm), e.g. ${String(value)}Z; got ${JSON.stringify(value)}.`, {
      extensions: { code: 'BAD_USER_INPUT', rule: 'datetime.zone_required' },
    });
  }
  throw new GraphQLError(`DateTime must be ISO 8601 with a date, a time and a zone, e.g. 2026-11-22T09:30:00Z; got ${JSON.stringify(value)}.`, {
    extensions: { code: 'BAD_USER_INPUT', rule: 'datetime.format' },
  });
}

builder.scalarType('DateTime', {
  description:
    'A point in time (tidpunkt), ISO 8601: a date, a time and a zone (Z or ±hh:mm), e.g. 2026-11-22T09:30:00Z or 2026-11-22T10:30:00+01:00; answered in UTC, e.g. 2026-11-22T09:30:00.000Z. A time without a zone is refused (datetime.zone_required): it would name a different instant wherever it was read.',
  serialize: (value) => value as string,
  parseValue: parseDateTime,
  parseLiteral: literal(parseDateTime),
});

builder.scalarType('JSON', {
  description: 'Any JSON value; used for a row as it was before or after a change.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

export const OrderDirection = builder.enumType('OrderDirection', {
  description: 'Sort direction (sorteringsordning).',
  values: {
    ASC: { value: 'asc', description: 'Ascending: A to Ö, oldest first, smallest first.' },
    DESC: { value: 'desc', description: 'Descending: Ö to A, newest first, largest first.' },
  } as const,
});
