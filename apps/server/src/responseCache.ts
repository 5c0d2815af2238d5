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

/** One query of one caller, as the cache sees it. */
export interface CachedQuery {
  document: DocumentNode;
  operationName?: string | null;
  contextValue: GraphQLContext;
  variableValues?: Record<string, unknown> | null;
}

/** The cached answer, or how to keep the answer about to be made (kept only if nothing was written meanwhile). */
export type Consulted = { hit: ExecutionResult } | { hit?: undefined; keep(result: ExecutionResult): void };

/** The response cache, shared by the executor's path (useResponseCache) and a planned read's short one. */
export interface ResponseCache {
  /** Null for what is never cached (mutations). */
  consult(query: CachedQuery): Consulted | null;
}

const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 1;

export function markUncacheable(ctx: GraphQLContext) {
  (ctx as GraphQLContext & { uncacheable?: boolean }).uncacheable = true;
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const maxEntries = options.maxEntries ?? 500;
  const entries = new Map<string, ExecutionResult>();
  let entriesGeneration = '';
  return {
    consult({ document, operationName, contextValue, variableValues }) {
      const operation = getOperationAST(document, operationName);
      if (operation?.operation !== 'query') return null;
      const ctx = contextValue as GraphQLContext & { uncacheable?: boolean };
      const generation = options.generation();
      if (generation !== entriesGeneration) {
        entries.clear();
        entriesGeneration = generation;
      }
      let documentId = documentIds.get(document);
      if (documentId === undefined) documentIds.set(document, (documentId = nextDocumentId++));
      const viewer = ctx.viewer ? `${ctx.viewer.tokenId}` : 'anonymous';
      const key = `${documentId}|${operationName ?? ''}|${viewer}|${ctx.now().toISOString().slice(0, 10)}|${JSON.stringify(variableValues ?? {})}`;
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        return { hit };
      }
      return {
        keep(result) {
          if (result.errors?.length || ctx.uncacheable || options.generation() !== generation) return;
          entries.set(key, result);
          if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
        },
      };
    },
  };
}

export function useResponseCache(cache: ResponseCache): Plugin<GraphQLContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const consulted = cache.consult({
        document: args.document,
        operationName: args.operationName,
        contextValue: args.contextValue as GraphQLContext,
        variableValues: args.variableValues,
      });
      if (!consulted) return;
      if (consulted.hit) return void setResultAndStopExecution(consulted.hit);
      return {
        onExecuteDone({ result }) {
          if (!(Symbol.asyncIterator in (result as object))) consulted.keep(result as ExecutionResult);
        },
      };
    },
  };
}
