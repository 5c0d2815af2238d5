import { complexityFromQuery } from '@pothos/plugin-complexity';
import { Kind, type DocumentNode } from 'graphql';
import { COMPLEXITY_LIMIT } from './builder';
import type { GraphQLContext } from './context';
import { schema } from './schema';

/**
 * What the complexity limit will say of this operation at its first field, before anything is
 * read: 'exceeds' (it refuses it), 'within', or 'unknown' (a document of several operations,
 * which Pothos prices by its first; or pricing failed, which the interpreter will report).
 */
export function costVerdict(
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  ctx: GraphQLContext,
): 'within' | 'exceeds' | 'unknown' {
  if (document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length !== 1) return 'unknown';
  try {
    const { complexity, depth, breadth } = complexityFromQuery(document, { schema, variables: variables ?? {}, ctx });
    return complexity > COMPLEXITY_LIMIT.complexity || depth > COMPLEXITY_LIMIT.depth || breadth > COMPLEXITY_LIMIT.breadth ? 'exceeds' : 'within';
  } catch {
    return 'unknown';
  }
}

/**
 * Whether the complexity limit will refuse this operation at its first field, before anything is
 * read. The server lets such an operation skip the queue for log reads: waiting for a turn only
 * to be refused would hold a place someone else could use. Any doubt answers false.
 */
export function exceedsCostLimit(document: DocumentNode, variables: Record<string, unknown> | null | undefined, ctx: GraphQLContext): boolean {
  return costVerdict(document, variables, ctx) === 'exceeds';
}
