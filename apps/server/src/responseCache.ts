import type { Plugin } from '@envelop/core';
import type { GraphQLContext } from '@fvm/graphql';
import { getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';

// Registry data is read far more than it is written, and analysts repeat the same queries.
// This caches whole query results, keyed by the document, variables, operation, the viewer
// (visibility depends on who asks) and the day (checks depend on "today"), and throws every
// entry away as soon as anything is written: a cached answer is always the answer the database
// would give now. Fields that must run every time (reading user logs is itself logged) mark the
// context uncacheable.

export interface ResponseCacheOptions {
  /** Changes whenever anything has been written. */
  generation(): string;
  maxEntries?: number;
}

const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 1;

export function markUncacheable(ctx: GraphQLContext) {
  (ctx as GraphQLContext & { uncacheable?: boolean }).uncacheable = true;
}

export function useResponseCache(options: ResponseCacheOptions): Plugin<GraphQLContext> {
  const maxEntries = options.maxEntries ?? 500;
  const entries = new Map<string, ExecutionResult>();
  let entriesGeneration = '';

  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'query') return;
      const ctx = args.contextValue as GraphQLContext & { uncacheable?: boolean };
      const generation = options.generation();
      if (generation !== entriesGeneration) {
        entries.clear();
        entriesGeneration = generation;
      }
      let documentId = documentIds.get(args.document);
      if (documentId === undefined) documentIds.set(args.document, (documentId = nextDocumentId++));
      const viewer = ctx.viewer ? `${ctx.viewer.tokenId}` : 'anonymous';
      const key = `${documentId}|${args.operationName ?? ''}|${viewer}|${ctx.now().toISOString().slice(0, 10)}|${JSON.stringify(args.variableValues ?? {})}`;
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        setResultAndStopExecution(hit);
        return;
      }
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in (result as object)) return;
          const r = result as ExecutionResult;
          if (r.errors?.length || ctx.uncacheable || options.generation() !== generation) return;
          entries.set(key, r);
          if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
        },
      };
    },
  };
}
