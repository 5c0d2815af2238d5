import { useGraphQlJit } from '@envelop/graphql-jit';
import { isPlainRead } from '@fvm/graphql';
import { getOperationAST, getVariableValues } from 'graphql';

/**
 * The user log's reads (pages of entries, statistics, the patient's extract) run compiled by
 * graphql-jit: a page of 100 entries is some 2,000 fields, and compiled code resolves them in
 * about a third of the interpreter's time. Every other operation keeps the interpreter, which
 * plugin-drizzle's query planning reads (see isPlainRead). Compiled queries are cached per
 * parsed document, as the parser cache hands them out.
 *
 * Variables that do not fit the operation are left to the interpreter, which refuses them with
 * graphql-js's messages and a 400, as the GraphQL-over-HTTP specification asks.
 */
export function useCompiledPlainReads() {
  return useGraphQlJit(
    {},
    {
      enableIf: ({ schema, document, operationName, variableValues }) => {
        if (!isPlainRead(schema, document, operationName)) return false;
        const operation = getOperationAST(document, operationName);
        return !!operation && !getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {}).errors;
      },
    },
  );
}
