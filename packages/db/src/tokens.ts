import { tokenExpiry, type Viewer } from '@fvm/domain';
import { and, eq, isNull } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './client';
import { apiTokens, organisations } from './schema';

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

export function createToken(db: Db, input: CreateTokenInput): { secret: string; id: number; expiresAt: string } {
  const now = input.now ?? new Date();
  const expiry = tokenExpiry(now.getTime(), { isDemo: input.isDemo, untilMs: input.expiresAt?.getTime() ?? null, days: input.days ?? null });
  if ('error' in expiry) throw new TokenExpiryError(expiry.error);
  const secret = `fvm_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(expiry.expiresMs).toISOString();
  const [row] = db
    .insert(apiTokens)
    .values({
      tokenHash: hashToken(secret),
      prefix: secret.slice(0, 10),
      organisationId: input.organisationId,
      role: input.role,
      label: input.label ?? null,
      isDemo: input.isDemo ?? false,
      createdAt: now.toISOString(),
      expiresAt,
    })
    .returning({ id: apiTokens.id })
    .all();
  return { secret, id: row!.id, expiresAt };
}

/** Last-used times are kept to the minute: one write per token per minute at most, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

interface TokenStatements {
  lookup: { get(hash: string, now: string): unknown };
  touch: { run(at: string, id: number, before: string): unknown };
}
const statements = new WeakMap<object, TokenStatements>();

/**
 * Runs on every request, so its statements are prepared once per connection. A revoked or expired
 * token finds no row. The last-used time is written only when the stored one is a minute old, and
 * the write names that stored value, so concurrent requests write it once.
 */
export function viewerForToken(db: Db, secret: string, now: Date = new Date()): Viewer | null {
  let stmt = statements.get(db);
  if (!stmt) {
    stmt = {
      lookup: db.$client.prepare(
        'SELECT id, organisation_id AS organisationId, role, is_demo AS isDemo, last_used_at AS lastUsedAt FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?',
      ),
      touch: db.$client.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND coalesce(last_used_at, \'\') <= ?'),
    };
    statements.set(db, stmt);
  }
  const at = now.toISOString();
  const row = stmt.lookup.get(hashToken(secret), at) as { id: number; organisationId: number; role: Viewer['role']; isDemo: number; lastUsedAt: string | null } | undefined;
  if (!row) return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
  if (!row.lastUsedAt || row.lastUsedAt <= staleBefore) stmt.touch.run(at, row.id, staleBefore);
  return { tokenId: row.id, organisationId: row.organisationId, role: row.role, ...(row.isDemo ? { demoOnly: true } : {}) };
}

export function revokeDemoTokens(db: Db, now = new Date()) {
  db.update(apiTokens).set({ revokedAt: now.toISOString() }).where(and(eq(apiTokens.isDemo, true), isNull(apiTokens.revokedAt))).run();
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
  return db
    .select({
      id: apiTokens.id,
      prefix: apiTokens.prefix,
      organisation: organisations.name,
      role: apiTokens.role,
      label: apiTokens.label,
      isDemo: apiTokens.isDemo,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .orderBy(apiTokens.id)
    .all();
}

/**
 * Revokes the token with this id or secret prefix (as `token list` shows them). Answers the tokens
 * the reference matched: exactly one is revoked; several (an ambiguous prefix) revoke none.
 */
export function revokeToken(db: Db, reference: string, now = new Date()): { matched: TokenListing[]; revoked: boolean } {
  const id = /^\d+$/.test(reference) ? Number(reference) : null;
  const matched = listTokens(db).filter((t) => (id !== null ? t.id === id : reference.length > 0 && t.prefix.startsWith(reference)));
  if (matched.length !== 1) return { matched, revoked: false };
  const result = db.update(apiTokens).set({ revokedAt: now.toISOString() }).where(and(eq(apiTokens.id, matched[0]!.id), isNull(apiTokens.revokedAt))).run();
  return { matched, revoked: result.changes === 1 };
}
