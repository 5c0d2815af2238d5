export { schema, printSdl } from './schema';
export type { GraphQLContext } from './context';
export { isPlainRead, LOG_READ_FIELDS, PLAIN_READ_FIELDS, readsUserLog } from './plainReads';
export { DEFAULT_LOG_READ_BUDGET } from './logReads';
export { exceedsCostLimit } from './cost';
export { compileRegistryRead, isCompiledRegistryRead, type CompiledRegistryRead } from './compiledRegistryReads';
