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

/** One number from SQL, e.g. `select count(*) n from call_offs`. */
export function sqlNumber(registry: Registry, text: string, ...params: unknown[]): number {
  const row = registry.sqlite.prepare(text).get(...params) as Record<string, unknown>;
  return Number(Object.values(row)[0]);
}

export function sqlRows<T = Record<string, unknown>>(registry: Registry, text: string, ...params: unknown[]): T[] {
  return registry.sqlite.prepare(text).all(...params) as T[];
}

export function changeCount(registry: Registry): number {
  return sqlNumber(registry, 'select count(*) n from changes');
}

/** The id of an organisation by municipality code or organisation number. */
export function orgId(registry: Registry, codeOrNumber: string): number {
  const row = registry.sqlite
    .prepare('select id from organisations where municipality_code = ? or organisation_number = ?')
    .get(codeOrNumber, codeOrNumber) as { id: number } | undefined;
  if (!row) throw new Error(`no organisation ${codeOrNumber}`);
  return row.id;
}

export function optionId(registry: Registry, number: number): number {
  return sqlNumber(registry, 'select id from options where number = ?', number);
}

/** Every column of one call-off row, straight from SQL. */
export function callOffRow(registry: Registry, id: number) {
  return registry.sqlite.prepare('select * from call_offs where id = ?').get(id) as Record<string, unknown> | undefined;
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
