import { isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';

// The Relay plugin generates connection and edge types and the paging arguments without
// descriptions. Integrators read the schema as documentation, so every generated piece gets one,
// in one place, instead of repeating it on every connection field.

const ARGS: Record<string, string> = {
  first: 'Return at most this many rows from the start (after `after`, if given).',
  last: 'Return at most this many rows from the end (before `before`, if given).',
  after: 'Cursor: return rows after this one (a `cursor` or `endCursor` from an earlier page).',
  before: 'Cursor: return rows before this one (a `cursor` or `startCursor` from an earlier page).',
};

const CONNECTION_FIELDS: Record<string, string> = {
  edges: 'The rows of this page, each with its cursor.',
  nodes: 'The rows of this page.',
  pageInfo: 'Where this page is in the whole list.',
  totalCount: 'How many rows match in all, across every page.',
};

const EDGE_FIELDS: Record<string, string> = {
  cursor: 'Opaque position of this row; pass it as `after` or `before`.',
  node: 'The row.',
};

const FIXED: Record<string, { description: string; fields: Record<string, string> }> = {
  Node: { description: 'Anything with a global ID that `node(id:)` can fetch again (Relay).', fields: { id: 'Global ID of the row.' } },
  PageInfo: {
    description: 'Where a page is in the whole list (Relay).',
    fields: {
      startCursor: 'Cursor of the first row of the page.',
      endCursor: 'Cursor of the last row of the page; pass it as `after` for the next page.',
      hasNextPage: 'Whether rows follow this page.',
      hasPreviousPage: 'Whether rows precede this page.',
    },
  },
};

export function describeRelayTypes(schema: GraphQLSchema): GraphQLSchema {
  for (const [name, fixed] of Object.entries(FIXED)) {
    const type = schema.getType(name);
    if (!type || !(isObjectType(type) || isInterfaceType(type))) continue;
    type.description ??= fixed.description;
    for (const field of Object.values(type.getFields())) field.description ??= fixed.fields[field.name];
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const isEdge = type.name.endsWith('Edge');
    const isConnection = type.name.endsWith('Connection');
    if (isConnection) type.description ??= `A page of ${type.name.replace(/Connection$/, '')} rows (Relay connection).`;
    if (isEdge) type.description ??= `One row of a ${type.name.replace(/Edge$/, '')} page, with its cursor.`;
    for (const field of Object.values(type.getFields())) {
      if (isConnection) field.description ??= CONNECTION_FIELDS[field.name];
      if (isEdge) field.description ??= EDGE_FIELDS[field.name];
      for (const arg of field.args) arg.description ??= ARGS[arg.name];
    }
  }
  return schema;
}
