import type { Viewer } from '@fvm/domain';
import { and, eq, isNull } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './client';
import { apiTokens } from './schema';

// API tokens are 32 random bytes: far too much entropy to guess, so a plain SHA-256 suffices to
// store them (a slow password hash buys nothing here). Only the hash is kept.

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function createToken(db: Db, input: { organisationId: number; role: Viewer['role']; label?: string; isDemo?: boolean; now?: Date }): { secret: string; id: number } {
  const secret = `fvm_${randomBytes(32).toString('base64url')}`;
  const [row] = db
    .insert(apiTokens)
    .values({
      tokenHash: hashToken(secret),
      prefix: secret.slice(0, 10),
      organisationId: input.organisationId,
      role: input.role,
      label: input.label ?? null,
      isDemo: input.isDemo ?? false,
      createdAt: (input.now ?? new Date()).toISOString(),
    })
    .returning({ id: apiTokens.id })
    .all();
  return { secret, id: row!.id };
}

const lookups = new WeakMap<object, { get(hash: string): unknown }>();

/** Runs on every request, so its statement is prepared once per connection. */
export function viewerForToken(db: Db, secret: string): Viewer | null {
  let stmt = lookups.get(db);
  if (!stmt) {
    stmt = db.$client.prepare('SELECT id, organisation_id AS organisationId, role FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL');
    lookups.set(db, stmt);
  }
  const row = stmt.get(hashToken(secret)) as { id: number; organisationId: number; role: Viewer['role'] } | undefined;
  return row ? { tokenId: row.id, organisationId: row.organisationId, role: row.role } : null;
}

export function revokeDemoTokens(db: Db, now = new Date()) {
  db.update(apiTokens).set({ revokedAt: now.toISOString() }).where(and(eq(apiTokens.isDemo, true), isNull(apiTokens.revokedAt))).run();
}
