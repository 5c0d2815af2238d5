import { tokenExpiry, type Viewer } from '@fvm/domain';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './client';
import { prepared } from './statements';

// API tokens are 32 random bytes: far too much entropy to guess, so a plain SHA-256 suffices to
// store them (a slow password hash buys nothing here). Only the hash is kept.

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export class TokenExpiryError extends Error {}

export interface CreateTokenInput {
  organisationId: number;
  role: Viewer['role'];
  label?: string;
  isDemo?: boolean;
  now?: Date;
  /** Expires at this instant; else after `days`; else after the default 90 days. Demo tokens: at most a day. */
  expiresAt?: Date;
  days?: number;
}

/** A token about to be stored: its secret (shown once) and the row that keeps only its hash. */
export function newToken(input: CreateTokenInput): { secret: string; expiresAt: string; params: unknown[] } {
  const now = input.now ?? new Date();
  const expiry = tokenExpiry(now.getTime(), { isDemo: input.isDemo, untilMs: input.expiresAt?.getTime() ?? null, days: input.days ?? null });
  if ('error' in expiry) throw new TokenExpiryError(expiry.error);
  const secret = `fvm_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(expiry.expiresMs).toISOString();
  return {
    secret,
    expiresAt,
    params: [
      hashToken(secret),
      secret.slice(0, 10),
      input.organisationId,
      input.role,
      input.label ?? null,
      input.isDemo ?? false,
      now.toISOString(),
      expiresAt,
    ],
  };
}

/** Last-used times are kept to the minute: one write per token per minute at most, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The token statements, the same text on both engines (`?` placeholders, quoted camelCase
 * aliases). Booleans are bound as booleans; the SQLite runner binds them as 0 and 1.
 */
export const TOKEN_SQL = {
  insert:
    'INSERT INTO api_tokens (token_hash, prefix, organisation_id, role, label, is_demo, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
  /** A revoked or expired token finds no row. */
  lookup:
    'SELECT id, organisation_id AS "organisationId", role, is_demo AS "isDemo", last_used_at AS "lastUsedAt" FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?',
  /** Names the stored value it replaces, so that concurrent requests write it once. */
  touch: "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND coalesce(last_used_at, '') <= ?",
  list: `SELECT t.id, t.prefix, o.name AS organisation, t.role, t.label, t.is_demo AS "isDemo", t.created_at AS "createdAt", t.expires_at AS "expiresAt",
           t.last_used_at AS "lastUsedAt", t.revoked_at AS "revokedAt"
         FROM api_tokens t JOIN organisations o ON o.id = t.organisation_id ORDER BY t.id`,
  revoke: 'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  revokeDemo: 'UPDATE api_tokens SET revoked_at = ? WHERE is_demo = ? AND revoked_at IS NULL',
} as const;

export interface TokenLookupRow {
  id: number;
  organisationId: number;
  role: Viewer['role'];
  isDemo: unknown;
  lastUsedAt: string | null;
}

/** The lookup's parameters for a secret at a moment. */
export const lookupParams = (secret: string, now: Date): unknown[] => [hashToken(secret), now.toISOString()];

/** The viewer a found token stands for, and the last-use write it is due, if any. */
export function viewerOfToken(row: TokenLookupRow, now: Date): { viewer: Viewer; touch: unknown[] | null } {
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
  const due = !row.lastUsedAt || row.lastUsedAt <= staleBefore;
  return {
    viewer: { tokenId: row.id, organisationId: row.organisationId, role: row.role, ...(row.isDemo ? { demoOnly: true } : {}) },
    touch: due ? [now.toISOString(), row.id, staleBefore] : null,
  };
}

/** Engines answer booleans as 0/1 or true/false: a listing says true or false. */
export const tokenListing = (row: TokenListing): TokenListing => ({ ...row, isDemo: Boolean(row.isDemo) });

/** The tokens a reference (an id, or a prefix of a secret) names among those listed. */
export function tokensNamed(tokens: TokenListing[], reference: string): TokenListing[] {
  const id = /^\d+$/.test(reference) ? Number(reference) : null;
  return tokens.filter((t) => (id !== null ? t.id === id : reference.length > 0 && t.prefix.startsWith(reference)));
}

/** better-sqlite3 binds no booleans: 1 and 0 are how SQLite keeps them. */
const bindable = (params: readonly unknown[]) => params.map((p) => (typeof p === 'boolean' ? Number(p) : p));

export function createToken(db: Db, input: CreateTokenInput): { secret: string; id: number; expiresAt: string } {
  const token = newToken(input);
  const row = prepared(db.$client, TOKEN_SQL.insert).get(...bindable(token.params)) as { id: number };
  return { secret: token.secret, id: row.id, expiresAt: token.expiresAt };
}

/** Runs on every request: its statements are prepared once per connection (see `prepared`). */
export function viewerForToken(db: Db, secret: string, now: Date = new Date()): Viewer | null {
  const row = prepared(db.$client, TOKEN_SQL.lookup).get(...lookupParams(secret, now)) as TokenLookupRow | undefined;
  if (!row) return null;
  const { viewer, touch } = viewerOfToken(row, now);
  if (touch) prepared(db.$client, TOKEN_SQL.touch).run(...touch);
  return viewer;
}

export function revokeDemoTokens(db: Db, now = new Date()) {
  prepared(db.$client, TOKEN_SQL.revokeDemo).run(...bindable([now.toISOString(), true]));
}

/** A token as `fvm token list` shows it: never its secret, nor its hash. */
export interface TokenListing {
  id: number;
  prefix: string;
  organisation: string;
  role: string;
  label: string | null;
  isDemo: boolean;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function listTokens(db: Db): TokenListing[] {
  return (prepared(db.$client, TOKEN_SQL.list).all() as TokenListing[]).map(tokenListing);
}

/**
 * Revokes the token with this id or secret prefix (as `token list` shows them). Answers the tokens
 * the reference matched: exactly one is revoked; several (an ambiguous prefix) revoke none.
 */
export function revokeToken(db: Db, reference: string, now = new Date()): { matched: TokenListing[]; revoked: boolean } {
  const matched = tokensNamed(listTokens(db), reference);
  if (matched.length !== 1) return { matched, revoked: false };
  const result = prepared(db.$client, TOKEN_SQL.revoke).run(now.toISOString(), matched[0]!.id);
  return { matched, revoked: result.changes === 1 };
}
