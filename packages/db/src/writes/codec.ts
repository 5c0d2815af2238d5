import { getTableColumns, getTableName, type Column } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

export type Row = Record<string, unknown> & { id: number; version: number; ownerOrgId: number };

/**
 * Translates between a table's TypeScript keys and its SQL columns, so the batch writer can use
 * plain prepared statements (the hot path of a 10,000-row batch) and still speak in Drizzle's terms.
 */
export interface TableCodec {
  table: SQLiteTable;
  sqlName: string;
  keys: readonly string[];
  columns: Record<string, Column>;
  sqlColumn(key: string): string;
  keyOf(sqlColumn: string): string | undefined;
  decode(raw: Record<string, unknown>): Row;
  encode(key: string, value: unknown): unknown;
}

const cache = new WeakMap<SQLiteTable, TableCodec>();

export function codecFor(table: SQLiteTable): TableCodec {
  const cached = cache.get(table);
  if (cached) return cached;
  const columns = getTableColumns(table) as Record<string, Column>;
  const keys = Object.keys(columns);
  const byKey = new Map(keys.map((k) => [k, columns[k]!.name]));
  const bySql = new Map(keys.map((k) => [columns[k]!.name, k]));
  const codec: TableCodec = {
    table,
    sqlName: getTableName(table),
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
  cache.set(table, codec);
  return codec;
}
