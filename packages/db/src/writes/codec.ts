import { getTableColumns, getTableName, type Column, type Table } from 'drizzle-orm';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../schema';
import * as pgSchema from '../schema-pg';

export type Row = Record<string, unknown> & { id: number; version: number; ownerOrgId: number; isDemo: boolean };

/**
 * Translates between a table's TypeScript keys and its SQL columns, so the batch writer can use
 * plain prepared statements (the hot path of a 10,000-row batch) and still speak in Drizzle's terms.
 */
export interface TableCodec {
  table: SQLiteTable;
  sqlName: string;
  /** The table's name in the schema (e.g. callOffs): what the access rules speak of. */
  schemaKey: string;
  /** Foreign-key columns (by key) and the schema key of the table each refers to. */
  references: readonly { key: string; table: string }[];
  keys: readonly string[];
  columns: Record<string, Column>;
  sqlColumn(key: string): string;
  keyOf(sqlColumn: string): string | undefined;
  decode(raw: Record<string, unknown>): Row;
  encode(key: string, value: unknown): unknown;
}

export type Engine = 'sqlite' | 'postgresql';

const caches: Record<Engine, WeakMap<SQLiteTable, TableCodec>> = { sqlite: new WeakMap(), postgresql: new WeakMap() };

/**
 * The codec of a registry table (named by its SQLite definition, the model's) on an engine: the
 * same keys, SQL names and references everywhere; values encoded as that engine keeps them
 * (a boolean is 0/1 on SQLite, a boolean on PostgreSQL).
 */
export function codecFor(table: SQLiteTable, engine: Engine = 'sqlite'): TableCodec {
  const cached = caches[engine].get(table);
  if (cached) return cached;
  const codec = makeCodec(table, engine === 'sqlite' ? table : twinOf(table));
  caches[engine].set(table, codec);
  return codec;
}

function twinOf(table: SQLiteTable): Table {
  const key = schemaKeyOf(table);
  const twin = (pgSchema as Record<string, unknown>)[key];
  if (!twin) throw new Error(`${key} has no PostgreSQL twin`);
  return twin as Table;
}

function schemaKeyOf(t: unknown) {
  const key = Object.entries(schema).find(([, value]) => value === t)?.[0];
  if (!key) throw new Error(`${getTableName(t as SQLiteTable)} is not in the schema`);
  return key;
}

function makeCodec(table: SQLiteTable, stored: Table): TableCodec {
  const columns = getTableColumns(stored) as Record<string, Column>;
  const keys = Object.keys(columns);
  const byKey = new Map(keys.map((k) => [k, columns[k]!.name]));
  const bySql = new Map(keys.map((k) => [columns[k]!.name, k]));
  const references = getTableConfig(table).foreignKeys.flatMap((fk) => {
    const { columns: from, foreignTable } = fk.reference();
    return from.length === 1 ? [{ key: bySql.get(from[0]!.name)!, table: schemaKeyOf(foreignTable) }] : [];
  });
  const codec: TableCodec = {
    table,
    sqlName: getTableName(table),
    schemaKey: schemaKeyOf(table),
    references,
    keys,
    columns,
    sqlColumn: (key) => {
      const name = byKey.get(key);
      if (!name) throw new Error(`${getTableName(table)} has no column ${key}`);
      return name;
    },
    keyOf: (sqlColumn) => bySql.get(sqlColumn),
    decode(raw) {
      const row: Record<string, unknown> = {};
      for (const key of keys) {
        const value = raw[columns[key]!.name];
        row[key] = value === null || value === undefined ? null : columns[key]!.mapFromDriverValue(value);
      }
      return row as Row;
    },
    encode(key, value) {
      if (value === null || value === undefined) return null;
      return columns[key]!.mapToDriverValue(value);
    },
  };
  return codec;
}
