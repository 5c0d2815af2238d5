import { sql } from 'drizzle-orm';
import { bytea, check, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { bool, int64 } from './columns';

// Counts kept beside the user log, so that a log review run reads thousands of rows where it
// would otherwise group every entry of a large owner's month. Brought up to date from the entries
// after the last one they count (`userLogDigestState`), set-wise, before every selection, at the
// end of an import and in the background; recomputed after a purge. Derived data: nothing is
// proved by them, and `rebuildUserLogDigest` recomputes them from the entries at any time. The migration
// creates them WITHOUT ROWID (drizzle-kit cannot say so): the key is the row, one B-tree per table.
// PostgreSQL has no such table: each is a heap beside its primary key's index (see HAND_WRITTEN.md).

/** Entries per data owner, Stockholm day and user: the volume rule's counts and the random sample's positions. */
export const userLogUserDays = pgTable(
  'user_log_user_days',
  {
    dataOwnerId: integer('data_owner_id').notNull(),
    isDemo: bool('is_demo').notNull(),
    /** Stockholm calendar day, as days since 1970-01-01. */
    day: integer('day').notNull(),
    userHsaId: text('user_hsa_id').notNull(),
    entries: integer('entries').notNull(),
  },
  (t) => [primaryKey({ columns: [t.dataOwnerId, t.isDemo, t.day, t.userHsaId] })],
);

/**
 * Per data owner, Stockholm month, patient and care unit: one user of the unit (the first seen)
 * and whether any other user of the unit accessed the patient that month. The rare-pair rule.
 */
export const userLogPatientUnits = pgTable(
  'user_log_patient_units',
  {
    dataOwnerId: integer('data_owner_id').notNull(),
    isDemo: bool('is_demo').notNull(),
    /** Stockholm calendar month, as year × 12 + month − 1. */
    month: integer('month').notNull(),
    patientPseudonym: bytea('patient_pseudonym').notNull(),
    careUnit: text('care_unit').notNull(),
    userHsaId: text('user_hsa_id').notNull(),
    severalUsers: bool('several_users').notNull(),
  },
  (t) => [primaryKey({ columns: [t.dataOwnerId, t.isDemo, t.month, t.patientPseudonym, t.careUnit] })],
);

/**
 * Entries per data owner, Stockholm day, profession, information category, action and device
 * (entries without a profession are never judged by the access policy, so not counted): which
 * days hold actions the access policy does not permit.
 */
export const userLogActionDays = pgTable(
  'user_log_action_days',
  {
    dataOwnerId: integer('data_owner_id').notNull(),
    isDemo: bool('is_demo').notNull(),
    day: integer('day').notNull(),
    profession: text('profession').notNull(),
    categoryId: integer('category_id').notNull(),
    action: text('action').notNull(),
    device: text('device').notNull(),
    entries: integer('entries').notNull(),
  },
  (t) => [primaryKey({ columns: [t.dataOwnerId, t.isDemo, t.day, t.profession, t.categoryId, t.action, t.device] })],
);

/** How far the digest counts: every entry with an id up to `lastEntryId` (one row). */
export const userLogDigestState = pgTable(
  'user_log_digest_state',
  {
    // SQLite hands a rowid to an insert without one; the only row is 1, as the check says.
    id: integer('id').primaryKey().default(1),
    /** An entry's id: 64-bit as `user_log_entries.id`. */
    lastEntryId: int64('last_entry_id').notNull(),
  },
  (t) => [check('user_log_digest_state_one_row', sql`${t.id} = 1`)],
);
