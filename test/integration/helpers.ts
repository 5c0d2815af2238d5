import { expect } from 'vitest';
import type { Registry } from '../support/server';

/** The Relay global ID of a row: base64 of `Type:id`. */
export function gid(type: string, id: number | bigint): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}

/** The internal number inside a global ID. */
export function rawId(globalId: string): number {
  const [, id] = Buffer.from(globalId, 'base64').toString('utf8').split(':');
  return Number(id);
}

// Rows straight from the registry's database, on whichever engine it runs (registry.sql): write
// the SQL engine-neutral (`is_demo IS TRUE`, not `= 1`); rows come back as SQLite gives them.

/** One number from SQL, e.g. `select count(*) n from call_offs`. */
export async function sqlNumber(registry: Registry, text: string, ...params: unknown[]): Promise<number> {
  const [row] = await registry.sql(text, ...params);
  if (!row) throw new Error(`no row: ${text}`);
  return Number(Object.values(row)[0]);
}

export function sqlRows<T = Record<string, unknown>>(registry: Registry, text: string, ...params: unknown[]): Promise<T[]> {
  return registry.sql<T>(text, ...params);
}

/**
 * A row straight from SQL, every column as the engine gives it: a test names the columns it
 * computes with (by default the id and version every registry table has), the rest stay unknown.
 */
export type SqlRow<Columns extends object = { id: number; version: number }> = Columns & Record<string, unknown>;

/** One row, or undefined. */
export async function sqlRow<T = Record<string, unknown>>(registry: Registry, text: string, ...params: unknown[]): Promise<T | undefined> {
  return (await registry.sql<T>(text, ...params))[0];
}

export function changeCount(registry: Registry): Promise<number> {
  return sqlNumber(registry, 'select count(*) n from changes');
}

/** The id of an organisation by municipality code or organisation number. */
export async function orgId(registry: Registry, codeOrNumber: string): Promise<number> {
  const row = await sqlRow<{ id: number }>(
    registry,
    'select id from organisations where municipality_code = ? or organisation_number = ?',
    codeOrNumber,
    codeOrNumber,
  );
  if (!row) throw new Error(`no organisation ${codeOrNumber}`);
  return row.id;
}

export function optionId(registry: Registry, number: number): Promise<number> {
  return sqlNumber(registry, 'select id from options where number = ?', number);
}

/** Every column of one call-off row, straight from SQL. */
export function callOffRow(registry: Registry, id: number): Promise<Record<string, unknown> | undefined> {
  return sqlRow(registry, 'select * from call_offs where id = ?', id);
}

/** Whether an error from registry.sql is a broken constraint (unique, check, foreign key, not null) on either engine. */
export function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // SQLite: SQLITE_CONSTRAINT_UNIQUE and the like; PostgreSQL: SQLSTATE class 23, integrity constraint violation.
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(code));
}

/** A GraphQL response that must have no errors; returns its data. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function ok(r: { status: number; data?: unknown; errors?: { message: string }[] }): any {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  expect(r.status).toBe(200);
  return r.data;
}

/** Everything a bulk mutation answers, per row. */
export const RESULT_FIELDS = `
  committed succeeded failed
  results {
    __typename
    ... on RowResult { index }
    ... on RowInvalid { violations { field code message messageSv severity } }
    ... on RowForbidden { code message }
    ... on RowNotApplied { message }
    ... on RowNotFound { message }
    ... on RowDeleted { deleted }
  }`;

/** A rule's finding on a row, as RESULT_FIELDS asks for it. */
export interface Violation {
  field: string;
  code: string;
  message: string;
  messageSv: string;
  severity: string;
}

/** One row's answer in a bulk mutation's `results` (RESULT_FIELDS): which fields it has depends on its __typename. */
export interface RowAnswer {
  __typename: string;
  index: number;
  violations?: Violation[];
  code?: string;
  message?: string;
  deleted?: boolean;
}

/** Drops a trigger of `table` behind the API's back, on either engine (PostgreSQL names its table). */
export async function dropTrigger(registry: Registry, table: string, name: string): Promise<void> {
  await registry.sql(registry.engine === 'sqlite' ? `drop trigger ${name}` : `drop trigger ${name} on ${table}`);
}
