import type { Viewer } from '@fvm/domain';
import {
  lookupParams,
  newToken,
  TOKEN_SQL,
  tokenListing,
  tokensNamed,
  viewerOfToken,
  type CreateTokenInput,
  type TokenListing,
  type TokenLookupRow,
} from '../../tokens';
import { numbered, type PgPool } from '../pool';

// The tokens on PostgreSQL: the statements and rules of ../../tokens.ts, run through the pool.

export async function createTokenPg(pool: PgPool, input: CreateTokenInput): Promise<{ secret: string; id: number; expiresAt: string }> {
  const token = newToken(input);
  const { rows } = await pool.query<{ id: number }>(numbered(TOKEN_SQL.insert), token.params);
  return { secret: token.secret, id: rows[0]!.id, expiresAt: token.expiresAt };
}

export async function viewerForTokenPg(pool: PgPool, secret: string, now: Date): Promise<Viewer | null> {
  const { rows } = await pool.query<TokenLookupRow>(numbered(TOKEN_SQL.lookup), lookupParams(secret, now));
  if (!rows[0]) return null;
  const { viewer, touch } = viewerOfToken(rows[0], now);
  if (touch) await pool.query(numbered(TOKEN_SQL.touch), touch);
  return viewer;
}

export async function listTokensPg(pool: PgPool): Promise<TokenListing[]> {
  const { rows } = await pool.query<TokenListing>(TOKEN_SQL.list);
  return rows.map(tokenListing);
}

export async function revokeTokenPg(pool: PgPool, reference: string, now = new Date()): Promise<{ matched: TokenListing[]; revoked: boolean }> {
  const matched = tokensNamed(await listTokensPg(pool), reference);
  if (matched.length !== 1) return { matched, revoked: false };
  const { rowCount } = await pool.query(numbered(TOKEN_SQL.revoke), [now.toISOString(), matched[0]!.id]);
  return { matched, revoked: rowCount === 1 };
}

export async function revokeDemoTokensPg(pool: PgPool, now = new Date()): Promise<void> {
  await pool.query(numbered(TOKEN_SQL.revokeDemo), [now.toISOString(), true]);
}
