export { schema, printSdl } from './schema';
export type { GraphQLContext } from './context';
export { isPlainRead, PLAIN_READ_FIELDS } from './plainReads';
