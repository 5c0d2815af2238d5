import { bytea, index, integer, json, pgTable, text } from 'drizzle-orm/pg-core';
import { bool, id } from './columns';
import { organisations } from './organisations';

/** Bearer tokens: only a SHA-256 of the secret is kept, so a copy of the file yields no usable token. */
export const apiTokens = pgTable('api_tokens', {
  id: id(),
  tokenHash: text('token_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  organisationId: integer('organisation_id')
    .notNull()
    .references(() => organisations.id),
  role: text('role').notNull(),
  label: text('label'),
  isDemo: bool('is_demo').notNull().default(false),
  createdAt: text('created_at').notNull(),
  revokedAt: text('revoked_at'),
  /** After this instant (UTC, ISO 8601) the token is refused like a revoked one; null is refused too. */
  expiresAt: text('expires_at'),
  /** Last time the token was used, to the minute: written at most once a minute per token. */
  lastUsedAt: text('last_used_at'),
});

/** The change history: written in the same transaction as the change it records. */
export const changes = pgTable(
  'changes',
  {
    id: id(),
    at: text('at').notNull(),
    actorOrgId: integer('actor_org_id'),
    actorTokenId: integer('actor_token_id'),
    actorRole: text('actor_role'),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    operation: text('operation').notNull(),
    // json, not jsonb: the chain's link covers these texts exactly as written (see proof/ledger.ts),
    // and jsonb would reorder keys and drop whitespace. Both engines read them as `unknown`.
    before: json('before'),
    after: json('after'),
    ownerOrgId: integer('owner_org_id').notNull(),
    /** A change to a demo row: what a demo token may read of the history. */
    isDemo: bool('is_demo').notNull().default(false),
    /** Chained like log entries: HMAC under chain key `keyId` of (previous change's hash ‖ this change). */
    hash: bytea('hash'),
    keyId: integer('key_id'),
  },
  (t) => [index('changes_entity_idx').on(t.entity, t.entityId), index('changes_owner_idx').on(t.ownerOrgId, t.id), index('changes_at_idx').on(t.at)],
);
