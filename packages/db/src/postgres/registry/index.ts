export { pgRegistryDb, pgRelations, type PgRegistryDb, type PgRelations } from './db';
