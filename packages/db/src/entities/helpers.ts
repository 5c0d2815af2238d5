import type { RuleViolation } from '@fvm/domain';
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Candidate, EntityWriteSpec } from '../writes/types';

export { rowsWhereIn } from '../writes/batch';

/** Every column a client may set: all but the bookkeeping the write path owns. */
export function writableColumns(table: SQLiteTable, except: readonly string[] = []): string[] {
  const bookkeeping = new Set(['id', 'ownerOrgId', 'version', 'isDemo', 'createdAt', 'updatedAt', ...except]);
  return Object.keys(getTableColumns(table)).filter((k) => !bookkeeping.has(k));
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
