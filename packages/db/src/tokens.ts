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

export function viewerForToken(db: Db, secret: string): Viewer | null {
  const row = db
    .select({ id: apiTokens.id, organisationId: apiTokens.organisationId, role: apiTokens.role })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(secret)), isNull(apiTokens.revokedAt)))
    .get();
  return row ? { tokenId: row.id, organisationId: row.organisationId, role: row.role as Viewer['role'] } : null;
}

export function revokeDemoTokens(db: Db, now = new Date()) {
  db.update(apiTokens).set({ revokedAt: now.toISOString() }).where(and(eq(apiTokens.isDemo, true), isNull(apiTokens.revokedAt))).run();
}
