import { complexityFromQuery } from '@pothos/plugin-complexity';
import { Kind, type DocumentNode } from 'graphql';
import { COMPLEXITY_LIMIT } from './builder';
import type { GraphQLContext } from './context';
import { schema } from './schema';

/**
 * Whether the complexity limit will refuse this operation at its first field, before anything is
 * read. The server lets such an operation skip the queue for log reads: waiting for a turn only
 * to be refused would hold a place someone else could use. Only a document of one operation is
 * judged (Pothos prices the first operation of a document); any doubt answers false.
 */
export function exceedsCostLimit(document: DocumentNode, variables: Record<string, unknown> | null | undefined, ctx: GraphQLContext): boolean {
  if (document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length !== 1) return false;
  try {
    const { complexity, depth, breadth } = complexityFromQuery(document, { schema, variables: variables ?? {}, ctx });
    return complexity > COMPLEXITY_LIMIT.complexity || depth > COMPLEXITY_LIMIT.depth || breadth > COMPLEXITY_LIMIT.breadth;
  } catch {
    return false;
  }
}
