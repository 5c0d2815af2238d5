import { defineRelations } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { registryRelations } from '../../relations';
import * as pgSchema from '../../schema-pg';
import type { PgPool } from '../pool';

/** The registry's relations over the PostgreSQL tables: the SQLite registry's, from the same definition. */
export const pgRelations = defineRelations(pgSchema, (r) => registryRelations(r));
export type PgRelations = typeof pgRelations;

/** Drizzle over node-postgres with the registry's relations: what relational reads run through. */
export function pgRegistryDb(pool: PgPool) {
  return drizzle({ client: pool, relations: pgRelations });
}
export type PgRegistryDb = ReturnType<typeof pgRegistryDb>;
