import { getTableColumns, type SQLWrapper } from 'drizzle-orm';
import { registryRelations, relations, type Relations } from './relations';
import type { RegistryQueries } from './stores/types';

// What the GraphQL layer may know of the registry's tables, typed from the schema itself: table
// keys, their columns and relations, and a relation's target. A misspelt name is a type error
// where an entity is defined, not a start-up failure; and nothing above this file reaches into
// Drizzle's internals to learn it.

/** A registry table, by its schema key (e.g. 'organisations'). */
export type RegistryTable = keyof Relations & string;
/** A column of `T`, by its schema key (e.g. 'ownerOrgId'). */
export type RegistryColumn<T extends RegistryTable> = keyof Relations[T]['table']['$inferSelect'] & string;
type RelationsConfig = ReturnType<typeof registryRelations>;
/** A relation of `T`, as defined in relations.ts (e.g. 'owner'). */
export type RegistryRelation<T extends RegistryTable> = T extends keyof RelationsConfig ? keyof RelationsConfig[T] & string : never;
/** The table a relation leads to. */
export type RelationTarget<T extends RegistryTable, R extends RegistryRelation<T>> = T extends keyof RelationsConfig
  ? R extends keyof RelationsConfig[T]
    ? RelationsConfig[T][R] extends { targetTableName: infer N extends RegistryTable }
      ? N
      : never
    : never
  : never;

export function isRegistryTable(name: string): name is RegistryTable {
  return Object.hasOwn(relations, name);
}

/** Whether each column of `table` may hold NULL. */
export function registryColumns(table: RegistryTable): Readonly<Record<string, { notNull: boolean }>> {
  return getTableColumns(relations[table].table);
}

export function relationTarget<T extends RegistryTable, R extends RegistryRelation<T>>(table: T, relation: R): RelationTarget<T, R> {
  const rels: Record<string, { targetTableName: string }> = relations[table].relations;
  const rel = rels[relation];
  if (!rel || !isRegistryTable(rel.targetTableName)) throw new Error(`${table} has no relation ${relation}`);
  return rel.targetTableName as RelationTarget<T, R>;
}

/** A relational query over one table, its conditions built at run time (filters, visibility). */
export interface RegistryReadQuery {
  where?: Record<string, unknown>;
  columns?: Record<string, boolean | undefined>;
  extras?: Record<string, SQLWrapper | ((table: Record<string, SQLWrapper>) => SQLWrapper)>;
  orderBy?: Record<string, unknown>;
  limit?: number;
  with?: Record<string, unknown>;
}

/** findMany/findFirst of one table whose key is known only at run time. */
export interface RegistryReads {
  findMany(query: RegistryReadQuery): PromiseLike<Record<string, unknown>[]>;
  findFirst(query: RegistryReadQuery): PromiseLike<Record<string, unknown> | undefined>;
}

export function registryReads(db: RegistryQueries, table: RegistryTable): RegistryReads {
  // Drizzle types each table's query config by that table; a config built for a table chosen at
  // run time cannot be checked against it, so this is where that knowledge ends, once.
  return db.query[table] as unknown as RegistryReads;
}
