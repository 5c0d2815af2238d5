import { registryTableConfig, relations, type Relations } from '@fvm/db';
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin, { type ComplexityErrorKind } from '@pothos/plugin-complexity';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin from '@pothos/plugin-relay';
import { getNamedType, getNullableType, GraphQLError, isListType } from 'graphql';
import type { GraphQLContext } from './context';

export interface PothosTypes {
  DrizzleRelations: Relations;
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/** What one operation may cost (see fieldComplexity below and the log fields' own prices). */
export const COMPLEXITY_LIMIT = { complexity: 100_000, depth: 14, breadth: 500 } as const;

const TOO: Record<`${ComplexityErrorKind}`, string> = { Complexity: 'costly', Depth: 'deep', Breadth: 'broad' };

export const builder = new SchemaBuilder<PothosTypes>({
  plugins: [ComplexityPlugin, RelayPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  complexity: {
    // A connection costs what it may return: its page size (first/last, else the default of 50),
    // taken from variables too, so nested connections are bounded however the query is written.
    fieldComplexity: (args, _ctx, field) => {
      const size = (args.first ?? args.last ?? DEFAULT_PAGE_SIZE) as number;
      if (getNamedType(field.type).name.endsWith('Connection')) return { field: 1, multiplier: Math.max(1, Math.min(size, MAX_PAGE_SIZE)) };
      if (field.name === 'edges' || field.name === 'nodes') return { field: 0, multiplier: 1 };
      return isListType(getNullableType(field.type)) ? { field: 1, multiplier: 10 } : 1;
    },
    limit: COMPLEXITY_LIMIT,
    complexityError: (kind, result) =>
      new GraphQLError(`Query too ${TOO[kind]}: ${JSON.stringify(result)} exceeds the limits. Ask for smaller pages (first/last) or fewer nested lists.`, {
        extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
      }),
  },
  drizzle: {
    client: (ctx) => ctx.stores.registry,
    getTableConfig: registryTableConfig,
    relations,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    maxConnectionSize: MAX_PAGE_SIZE,
  },
  relay: {
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
    // node(id) and nodes(ids) are defined in ./node.ts so that visibility is checked in SQL first.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});
