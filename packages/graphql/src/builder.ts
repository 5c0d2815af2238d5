import { relations, type Relations } from '@fvm/db';
import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin from '@pothos/plugin-relay';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
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

export const builder = new SchemaBuilder<PothosTypes>({
  plugins: [RelayPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    defaultConnectionSize: 50,
    maxConnectionSize: 1000,
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
