import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { ok, sqlRow, sqlRows } from './helpers';

// Tokens over HTTP with a clock the test moves: they expire (90 days unless told otherwise, a demo
// token within a day), an expired token is refused exactly like a revoked one, and the last use is
// recorded at most once a minute per token.

const DAY = 86_400_000;
let clock = Date.parse('2026-06-01T08:00:00Z');
let registry: Registry;
beforeAll(async () => {
  registry = await startRegistry({ demoSignIn: true, now: () => new Date(clock) });
});
afterAll(() => registry?.close());

const VIEWER = '{ viewer { role } }';
const tokenRow = async (prefix: string) =>
  (
    await sqlRows<{ id: number; created_at: string; expires_at: string; last_used_at: string | null }>(
      registry,
      'select id, created_at, expires_at, last_used_at from api_tokens where prefix = ?',
      prefix,
    )
  )[0]!;

/**
 * What moves when the token's row is written. SQLite: every change on the connection the server
 * writes through (total_changes()). PostgreSQL has no such count: each new version of a row
 * carries the transaction that wrote it (xmin), which moves only when the row is written.
 */
const writeMark = async (prefix: string): Promise<string> =>
  registry.engine === 'sqlite'
    ? String(registry.sqlite.prepare('select total_changes()').pluck().get())
    : (await sqlRow<{ xmin: string }>(registry, 'select xmin::text xmin from api_tokens where prefix = ?', prefix))!.xmin;

/** The answer as the caller gets it: status, and body without the request-specific parts. */
async function answer(token: string) {
  const response = await fetch(registry.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: VIEWER }),
  });
  return { status: response.status, authenticate: response.headers.get('www-authenticate'), body: await response.text() };
}

describe('token expiry', () => {
  it('a token lasts 90 days by default, or as long as asked; after that it answers 401 exactly as a revoked one', async () => {
    const now = new Date(clock);
    const byDefault = await registry.newToken('1490', 'analyst', { now });
    const short = await registry.newToken('1490', 'analyst', { now, days: 30 });
    const until = await registry.newToken('1490', 'analyst', { now, expiresAt: new Date('2027-01-01T00:00:00Z') });
    expect(Date.parse((await tokenRow(byDefault.slice(0, 10))).expires_at) - clock).toBe(90 * DAY);
    expect(Date.parse((await tokenRow(short.slice(0, 10))).expires_at) - clock).toBe(30 * DAY);
    expect((await tokenRow(until.slice(0, 10))).expires_at).toBe('2027-01-01T00:00:00.000Z');
    expect(ok(await registry.gql(VIEWER, undefined, short)).viewer.role).toBe('ANALYST');

    const revoked = await registry.newToken('1490', 'analyst', { now });
    expect((await registry.stores.tokens.revoke(String((await tokenRow(revoked.slice(0, 10))).id))).revoked).toBe(true);
    const refused = await answer(revoked);
    expect(refused.status).toBe(401);

    clock += 30 * DAY;
    expect(await answer(short)).toEqual(refused);
    expect(ok(await registry.gql(VIEWER, undefined, byDefault)).viewer.role).toBe('ANALYST');
    clock += 60 * DAY;
    expect(await answer(byDefault)).toEqual(refused);
    expect(ok(await registry.gql(VIEWER, undefined, until)).viewer.role).toBe('ANALYST');
  });

  it('a demo token expires within a day', async () => {
    const demo = ok(await registry.gql('mutation { signInAsDemoUser(role: ANALYST) }')).signInAsDemoUser as string;
    const row = await tokenRow(demo.slice(0, 10));
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(DAY);
    clock += DAY - 1000;
    expect(ok(await registry.gql(VIEWER, undefined, demo)).viewer.role).toBe('ANALYST');
    clock += 1000;
    expect((await answer(demo)).status).toBe(401);
  });
});

describe('last use', () => {
  it('is written on the first use and then at most once a minute, not on every request', async () => {
    const token = await registry.newToken('1490', 'analyst', { now: new Date(clock) });
    const prefix = token.slice(0, 10);
    expect((await tokenRow(prefix)).last_used_at).toBeNull();
    const before = await writeMark(prefix);
    ok(await registry.gql(VIEWER, undefined, token));
    const first = (await tokenRow(prefix)).last_used_at;
    expect(first).toBe(new Date(clock).toISOString());
    const afterFirst = await writeMark(prefix);
    for (let i = 0; i < 5; i++) {
      clock += 10_000;
      ok(await registry.gql(VIEWER, undefined, token));
    }
    expect((await tokenRow(prefix)).last_used_at).toBe(first);
    // One write for six requests: the first.
    if (registry.engine === 'sqlite') expect(Number(afterFirst) - Number(before)).toBe(1);
    else expect(afterFirst).not.toBe(before);
    expect(await writeMark(prefix)).toBe(afterFirst);
    clock += 10_000;
    ok(await registry.gql(VIEWER, undefined, token));
    expect((await tokenRow(prefix)).last_used_at).toBe(new Date(clock).toISOString());
  });
});
