export * from './schema';
export { relations, type Relations } from './relations';
export { openDatabase, createDb, migrationsFolder, type Db, type Tx } from './client';
