import type { Plugin } from 'graphql-yoga';
import { compileRegistryRead, type CompiledRegistryRead, type GraphQLContext } from '@fvm/graphql';
import type { DocumentNode, ExecutionArgs } from 'graphql';
import type { ResponseCache } from './responseCache';

/** How many validated documents are known by their text (each a text, its parsed document and its plan). */
const MAX_KNOWN_DOCUMENTS = 1000;

interface KnownDocument {
  document: DocumentNode;
  plan: CompiledRegistryRead;
}

/**
 * Plain reads of registry entities (columns, one-relations, pages of related rows) run by a plan
 * made once per document (compileRegistryRead) instead of the interpreter: the same queries and
 * rights, a fraction of the work per field. The plan hands anything it does not do back to the
 * executor it wraps, so the answer, errors included, is the interpreter's there.
 *
 * A document that has passed parsing and every validation rule (they depend on its text and the
 * schema only) and has a plan is known by its text from then on: the next request with that text
 * and operation name runs the plan straight from its parameters, skipping the parser and
 * validation caches, the context's plugins and the executors' hooks, which on a small read cost as
 * much as the read. It gets the context every request gets (`contextFor`: the same
 * authentication) and the same response cache. Whatever the plan does not answer (null), and any
 * error on the way (a refused token), takes the ordinary path, which answers it as it always has.
 * The request's HTTP handling (media types, size limits, parameter checks, the answer's media
 * type) is yoga's on both paths.
 */
export function usePlannedRegistryReads(contextFor: (request: Request) => Promise<GraphQLContext>, cache: ResponseCache | null): Plugin<GraphQLContext> {
  const known = new Map<string, KnownDocument>();
  // One key per (operation name, text), unambiguous: no name is not the empty name (yoga refuses
  // that one), and no name and text can add up to another pair's key.
  const keyOf = (query: unknown, operationName: unknown) =>
    typeof query !== 'string'
      ? null
      : operationName == null
        ? `\n${query}`
        : typeof operationName === 'string'
          ? `${operationName.length}:${operationName}\n${query}`
          : null;
  return {
    async onParams({ params, request, setResult }) {
      const key = keyOf(params.query, params.operationName);
      const entry = key === null ? undefined : known.get(key);
      if (!entry) return;
      try {
        const ctx = await contextFor(request);
        const consulted = cache?.consult({
          document: entry.document,
          operationName: params.operationName,
          contextValue: ctx,
          variableValues: params.variables,
        });
        if (consulted?.hit) return void setResult(consulted.hit);
        const result = await entry.plan.run(ctx, params.variables);
        if (!result) return;
        consulted?.keep(result);
        setResult(result);
      } catch {
        // The ordinary path meets the same error and answers it as it always has.
      }
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const plan = compileRegistryRead(args.schema, args.document, args.operationName);
      if (!plan) return;
      // Yoga puts the request's parameters in the context: the text this document was parsed from.
      const key = keyOf((args.contextValue as { params?: { query?: unknown } }).params?.query, args.operationName);
      if (key !== null && !known.has(key)) {
        if (known.size >= MAX_KNOWN_DOCUMENTS) known.delete(known.keys().next().value!);
        known.set(key, { document: args.document, plan });
      }
      setExecuteFn(
        async (execArgs: ExecutionArgs) => (await plan.run(execArgs.contextValue as GraphQLContext, execArgs.variableValues)) ?? executeFn(execArgs),
      );
    },
  };
}
