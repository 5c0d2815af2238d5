import { isIsoDate } from '@fvm/domain';
import { GraphQLError } from 'graphql';
import { builder } from './builder';

builder.scalarType('Date', {
  description: 'A calendar date (datum) in ISO 8601 form, YYYY-MM-DD.',
  serialize: (value) => value as string,
  parseValue: (value) => {
    if (typeof value !== 'string' || !isIsoDate(value)) throw new GraphQLError(`Date must be a real calendar date written YYYY-MM-DD; got ${JSON.stringify(value)}.`);
    return value;
  },
});

builder.scalarType('DateTime', {
  description: 'A point in time (tidpunkt), ISO 8601 in UTC, e.g. 2026-11-22T09:30:00.000Z.',
  serialize: (value) => value as string,
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new GraphQLError(`DateTime must be ISO 8601; got ${JSON.stringify(value)}.`);
    return new Date(value).toISOString();
  },
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
