export { schema, printSdl } from './schema';
export type { GraphQLContext } from './context';
