import type { Plugin } from '@envelop/core';
import { compileRegistryRead, type GraphQLContext } from '@fvm/graphql';
import type { ExecutionArgs } from 'graphql';

/**
 * Plain reads of registry entities (columns, one-relations, pages of related rows) run by a plan
 * made once per document (compileRegistryRead) instead of the interpreter: the same queries and
 * rights, a fraction of the work per field. The plan hands anything it does not do back to the
 * executor it wraps, so the answer, errors included, is the interpreter's there.
 */
export function usePlannedRegistryReads(): Plugin<GraphQLContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const plan = compileRegistryRead(args.schema, args.document, args.operationName);
      if (!plan) return;
      setExecuteFn(
        async (execArgs: ExecutionArgs) => (await plan.run(execArgs.contextValue as GraphQLContext, execArgs.variableValues)) ?? executeFn(execArgs),
      );
    },
  };
}
