import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * Typed GraphQL documents. `graphql-env.d.ts` is generated from packages/graphql/schema.graphql
 * (`pnpm --filter @fvm/grid run generate`; `npm test` regenerates it before the typecheck), so a
 * schema change that breaks what the grid reads fails `tsc`; test/schemaTypes.test.ts fails on a
 * stale copy and runs `gql.tada check`, which also catches a field that is selected but not read.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Date: string; DateTime: string };
  disableMasking: true;
}>();

export type { ResultOf, VariablesOf } from 'gql.tada';
