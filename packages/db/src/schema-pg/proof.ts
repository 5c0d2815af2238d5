import { bytea, integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The sealed heads of the chained records: one row for the user log chains (every chain's count,
 * head, anchor and checkpoints), one for the change history and one for the record of log reads.
 * Each row's `state` is sealed by an HMAC under a chain key kept outside the database, and every
 * write checks the seal before it extends a chain. So deleting a whole chain, its last entries,
 * a checkpoint or this row itself shows, even to someone who can write the file.
 */
export const proofHeads = pgTable('proof_heads', {
  /** `user_log_chains`, `changes` or `user_log_reads`. */
  name: text('name').primaryKey(),
  /** Canonical JSON of the head (see packages/db/src/proof/heads.ts). */
  state: text('state').notNull(),
  keyId: integer('key_id').notNull(),
  seal: bytea('seal').notNull(),
});
