import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, id } from './columns';
import { informationCategories } from './information';
import { organisations } from './organisations';

/** The entries a log review selects by their own columns (emergency access, no care relationship, another care provider, output). */
export const REVIEW_INDEX_CONDITION =
  "basis IN ('emergency_access', 'none') OR care_provider_id <> data_owner_id OR action IN ('print', 'copy', 'export', 'disclose')";

/**
 * User (access) log entries (användarlogg), HSLF-FS 2016:40. Append-only: triggers in the migration
 * refuse UPDATE and DELETE; only `fvm logs purge` opens the purge gate, inside its own transaction.
 * Each entry is chained to the one before it in its chain by `hash` = HMAC-SHA-256 under chain key
 * `keyId` (kept outside the database) of (previous hash ‖ canonical content).
 * The patient is never stored in clear: `patientPseudonym` is an HMAC under a key kept outside the
 * database.
 */
export const userLogEntries = sqliteTable(
  'user_log_entries',
  {
    id: id(),
    /** When the access happened, milliseconds since the epoch (UTC). */
    occurredAt: integer('occurred_at').notNull(),
    userHsaId: text('user_hsa_id').notNull(),
    userName: text('user_name').notNull(),
    userProfession: text('user_profession'),
    careProviderId: integer('care_provider_id')
      .notNull()
      .references(() => organisations.id),
    careUnit: text('care_unit').notNull(),
    action: text('action').notNull(),
    patientPseudonym: blob('patient_pseudonym', { mode: 'buffer' }).notNull(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => informationCategories.id),
    dataOwnerId: integer('data_owner_id')
      .notNull()
      .references(() => organisations.id),
    basis: text('basis').notNull(),
    device: text('device').notNull(),
    sourceSystem: text('source_system').notNull(),
    sourceEntryId: text('source_entry_id').notNull(),
    outcome: text('outcome').notNull(),
    /** The organisation whose integrator (or operator) stored the entry. */
    submittedByOrgId: integer('submitted_by_org_id').notNull(),
    isDemo: bool('is_demo').notNull().default(false),
    chainId: integer('chain_id').notNull(),
    hash: blob('hash', { mode: 'buffer' }).notNull(),
    /** The chain key the link was made with; 0 marks a link from before keyed links (plain SHA-256), which nothing vouches for. */
    keyId: integer('key_id').notNull().default(0),
  },
  (t) => [
    // Demo entries are a namespace of their own: a demo entry never collides with a real one, so a
    // demo token learns nothing of real entries by resending their source ids.
    uniqueIndex('user_log_entries_source_demo_uq').on(t.sourceSystem, t.sourceEntryId, t.isDemo),
    index('user_log_entries_time_idx').on(t.occurredAt, t.id),
    // The columns after time let a log review filter an owner's, a patient's or a user's entries
    // inside the index (care unit, owner, demo) instead of reading each row: a month of a large
    // owner is millions of rows.
    index('user_log_entries_owner_time_idx').on(t.dataOwnerId, t.occurredAt, t.id, t.isDemo),
    index('user_log_entries_provider_time_idx').on(t.careProviderId, t.occurredAt, t.id),
    index('user_log_entries_patient_time_idx').on(t.patientPseudonym, t.occurredAt, t.careUnit, t.dataOwnerId, t.isDemo),
    index('user_log_entries_user_time_idx').on(t.userHsaId, t.occurredAt, t.dataOwnerId, t.isDemo),
    // Emergency accesses are always reviewed: the backlog check reads them alone.
    index('user_log_entries_emergency_idx')
      .on(t.dataOwnerId, t.occurredAt)
      .where(sql`basis = 'emergency_access'`),
    // What a log review selects by the entry alone: few entries, found without reading the rest.
    // The selection repeats this condition word for word, so SQLite knows the index applies.
    index('user_log_entries_review_idx').on(t.dataOwnerId, t.isDemo, t.occurredAt).where(sql.raw(REVIEW_INDEX_CONDITION)),
  ],
);

/**
 * Entries form chains per data owner (and separate ones for demo entries), so that one owner's
 * entries can be purged by its own retention rule, and demo entries removed, without breaking the
 * chain of anyone else. An owner writes into one or more lanes, each a chain of its own: appends to
 * different lanes do not wait for each other, and a distributed engine can place lanes on
 * different nodes (the chain's id is the distribution column). The head of each chain is kept here
 * so an append needs no search, sealed in the row itself so that an append touches nothing but its
 * own chain.
 */
export const userLogChains = sqliteTable(
  'user_log_chains',
  {
    id: id(),
    dataOwnerId: integer('data_owner_id').notNull(),
    isDemo: bool('is_demo').notNull(),
    /** The hash the chain starts from: zeros, or after a purge the hash of the last purged entry. */
    anchorHash: blob('anchor_hash', { mode: 'buffer' }).notNull(),
    headEntryId: integer('head_entry_id'),
    headHash: blob('head_hash', { mode: 'buffer' }).notNull(),
    /** Entries ever appended to the chain, purged ones included. */
    entryCount: integer('entry_count').notNull(),
    purgedCount: integer('purged_count').notNull().default(0),
    /** The lane of the data owner this chain is (0 for an owner that writes into one). */
    lane: integer('lane').notNull().default(0),
    /** The chain as its last writer left it (head, count, start, checkpoints), as JSON: what `seal` vouches for. */
    sealState: text('seal_state'),
    /** The chain key `seal` was made with. */
    sealKeyId: integer('seal_key_id'),
    /** HMAC under chain key `sealKeyId` of the chain's id and `sealState`: a head moved behind the API's back no longer matches it. */
    seal: blob('seal', { mode: 'buffer' }),
  },
  (t) => [uniqueIndex('user_log_chains_owner_lane_uq').on(t.dataOwnerId, t.isDemo, t.lane)],
);

/** A signed statement of a chain at one moment: anyone holding it can later prove nothing before it changed. */
export const userLogCheckpoints = sqliteTable('user_log_checkpoints', {
  id: id(),
  chainId: integer('chain_id').notNull(),
  createdAt: text('created_at').notNull(),
  kind: text('kind').notNull(),
  /** Entries in the chain up to and including `lastEntryId`, purged ones included. */
  entryCount: integer('entry_count').notNull(),
  lastEntryId: integer('last_entry_id').notNull(),
  headHash: blob('head_hash', { mode: 'buffer' }).notNull(),
  signature: text('signature').notNull(),
  /**
   * Every lane of the chain's data owner at the checkpoint (chain, lane, count, last entry, hash),
   * as JSON: the signature covers them together, so one kept checkpoint vouches for all of an
   * owner's lanes. Null for a checkpoint of one chain alone (a purge's, or one from before lanes).
   */
  lanes: text('lanes'),
});

/** Who read which user log entries, with what filter and how many: reading logs is itself logged. */
export const userLogReads = sqliteTable(
  'user_log_reads',
  {
    id: id(),
    at: text('at').notNull(),
    tokenId: integer('token_id'),
    organisationId: integer('organisation_id'),
    role: text('role'),
    purpose: text('purpose').notNull(),
    filter: text('filter', { mode: 'json' }),
    entryCount: integer('entry_count').notNull(),
    /** Chained like log entries: HMAC under chain key `keyId` of (previous record's hash ‖ this record). */
    hash: blob('hash', { mode: 'buffer' }),
    keyId: integer('key_id'),
  },
  (t) => [index('user_log_reads_org_idx').on(t.organisationId, t.at)],
);

/** The purge gate: the append-only triggers let a DELETE through only while `open` is 1. */
export const userLogPurgeGate = sqliteTable('user_log_purge_gate', {
  id: integer('id').primaryKey(),
  open: integer('open')
    .notNull()
    .default(sql`0`),
});
