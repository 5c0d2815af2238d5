import type { RuleViolation } from '@fvm/domain';
import { getTableColumns, inArray, type Column } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Candidate, EntityWriteSpec, WriteEnv } from '../writes/types';

/** Every column a client may set: all but the bookkeeping the write path owns. */
export function writableColumns(table: SQLiteTable, except: readonly string[] = []): string[] {
  const bookkeeping = new Set(['id', 'ownerOrgId', 'version', 'isDemo', 'createdAt', 'updatedAt', ...except]);
  return Object.keys(getTableColumns(table)).filter((k) => !bookkeeping.has(k));
}

/** Loads the rows of `table` whose `column` is among the candidates' values, once per batch. */
export function loadByIds<T extends Record<string, unknown>>(
  env: WriteEnv,
  table: SQLiteTable,
  column: Column,
  ids: Iterable<unknown>,
): T[] {
  const list = [...new Set([...ids].filter((v) => v !== null && v !== undefined))];
  if (list.length === 0) return [];
  const out: T[] = [];
  for (let i = 0; i < list.length; i += 500) {
    out.push(...(env.db.select().from(table).where(inArray(column, list.slice(i, i + 500))).all() as T[]));
  }
  return out;
}

export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** A spec for rows whose only rules are the required columns and the database's own constraints. */
export function simpleSpec(entity: string, table: SQLiteTable, validate?: (c: Candidate) => RuleViolation[]): EntityWriteSpec {
  return { entity, table, writable: writableColumns(table), validate: (c) => validate?.(c) ?? [] };
}
