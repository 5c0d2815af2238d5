import { sql } from 'drizzle-orm';
import { bytea, index, integer, json, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { REVIEW_INDEX_CONDITION } from '../schema/userLogs';
import { bool, id, int64 } from './columns';
import { informationCategories } from './information';
import { organisations } from './organisations';

// The condition is SQL both engines read alike, and the selection repeats it word for word: one text.
export { REVIEW_INDEX_CONDITION };

/**
 * User (access) log entries (användarlogg), HSLF-FS 2016:40. Append-only: triggers in the migration
 * refuse UPDATE and DELETE; only `fvm logs purge` opens the purge gate, inside its own transaction.
 * Each entry is chained to the one before it in its chain by `hash` = HMAC-SHA-256 under chain key
 * `keyId` (kept outside the database) of (previous hash ‖ canonical content).
 * The patient is never stored in clear: `patientPseudonym` is an HMAC under a key kept outside the
 * database.
 *
 * In PostgreSQL the migration creates this table PARTITION BY RANGE (occurred_at), one partition a
 * month (drizzle-kit cannot say so: see HAND_WRITTEN.md). PostgreSQL wants the partition key in the
 * primary key and in every unique index, hence the primary key (id, occurred_at) where SQLite has
 * id alone, and the source id's uniqueness kept in `userLogEntryKeys` instead of an index here.
 */
export const userLogEntries = pgTable(
  'user_log_entries',
  {
    // 64-bit: the log outgrows 2^31 entries. Unique on its own in practice (one sequence), but
    // PostgreSQL cannot enforce that across partitions: `userLogEntryKeys.entryId` does.
    id: int64('id').generatedByDefaultAsIdentity(),
    /** When the access happened, milliseconds since the epoch (UTC). The partition key. */
    occurredAt: int64('occurred_at').notNull(),
    userHsaId: text('user_hsa_id').notNull(),
    userName: text('user_name').notNull(),
    userProfession: text('user_profession'),
    careProviderId: integer('care_provider_id')
      .notNull()
      .references(() => organisations.id),
    careUnit: text('care_unit').notNull(),
    action: text('action').notNull(),
    patientPseudonym: bytea('patient_pseudonym').notNull(),
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
    hash: bytea('hash').notNull(),
    /** The chain key the link was made with; 0 marks a link from before keyed links (plain SHA-256), which nothing vouches for. */
    keyId: integer('key_id').notNull().default(0),
  },
  (t) => [
    // id first: an entry is looked up by id alone (a chain's last hash, a disclosure's entry), and
    // this index serves that in each partition; (occurred_at, id) is the time index below.
    primaryKey({ columns: [t.id, t.occurredAt] }),
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
    // The selection repeats this condition word for word, so the planner knows the index applies.
    index('user_log_entries_review_idx').on(t.dataOwnerId, t.isDemo, t.occurredAt).where(sql.raw(REVIEW_INDEX_CONDITION)),
  ],
);

/**
 * PostgreSQL only: the source id of every stored entry, unique as `user_log_entries_source_demo_uq`
 * is on the entries in SQLite (the index keeps its name), since a partitioned table cannot hold a
 * unique index without its partition key. The writer stores a batch's entries and their keys in
 * one transaction (under the chains' advisory lock, after looking the source ids up here), and a
 * purge or the removal of demo entries deletes both, so a purged source id is free again as it is
 * in SQLite, and a disclosure's link to the entry is cleared through the key.
 *
 * No foreign key from the key to its entry: checking one against a partitioned table cost more
 * than storing the rows (550 ms of every 10,000-entry batch's commit, halving ingestion). The
 * constraint trigger user_log_entries_keyed still refuses an entry without its key.
 */
export const userLogEntryKeys = pgTable(
  'user_log_entry_keys',
  {
    sourceSystem: text('source_system').notNull(),
    sourceEntryId: text('source_entry_id').notNull(),
    isDemo: bool('is_demo').notNull().default(false),
    entryId: int64('entry_id').notNull(),
    /** The entry's time: half of the entry's key, and what finds its partition. */
    occurredAt: int64('occurred_at').notNull(),
  },
  (t) => [
    // Demo entries are a namespace of their own: a demo entry never collides with a real one, so a
    // demo token learns nothing of real entries by resending their source ids.
    uniqueIndex('user_log_entries_source_demo_uq').on(t.sourceSystem, t.sourceEntryId, t.isDemo),
    // An entry id is unique across partitions here, and a disclosure request can refer to it.
    uniqueIndex('user_log_entry_keys_entry_uq').on(t.entryId),
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
export const userLogChains = pgTable(
  'user_log_chains',
  {
    id: id(),
    dataOwnerId: integer('data_owner_id').notNull(),
    isDemo: bool('is_demo').notNull(),
    /** The hash the chain starts from: zeros, or after a purge the hash of the last purged entry. */
    anchorHash: bytea('anchor_hash').notNull(),
    headEntryId: int64('head_entry_id'),
    headHash: bytea('head_hash').notNull(),
    /** Entries ever appended to the chain, purged ones included. */
    entryCount: int64('entry_count').notNull(),
    purgedCount: int64('purged_count').notNull().default(0),
    /** The lane of the data owner this chain is (0 for an owner that writes into one). */
    lane: integer('lane').notNull().default(0),
    /** The chain as its last writer left it (head, count, start, checkpoints), as JSON: what `seal` vouches for. */
    sealState: text('seal_state'),
    /** The chain key `seal` was made with. */
    sealKeyId: integer('seal_key_id'),
    /** HMAC under chain key `sealKeyId` of the chain's id and `sealState`: a head moved behind the API's back no longer matches it. */
    seal: bytea('seal'),
  },
  (t) => [uniqueIndex('user_log_chains_owner_lane_uq').on(t.dataOwnerId, t.isDemo, t.lane)],
);

/** A signed statement of a chain at one moment: anyone holding it can later prove nothing before it changed. */
export const userLogCheckpoints = pgTable('user_log_checkpoints', {
  id: id(),
  chainId: integer('chain_id').notNull(),
  createdAt: text('created_at').notNull(),
  kind: text('kind').notNull(),
  /** Entries in the chain up to and including `lastEntryId`, purged ones included. */
  entryCount: int64('entry_count').notNull(),
  lastEntryId: int64('last_entry_id').notNull(),
  headHash: bytea('head_hash').notNull(),
  signature: text('signature').notNull(),
  /**
   * Every lane of the chain's data owner at the checkpoint (chain, lane, count, last entry, hash),
   * as JSON: the signature covers them together, so one kept checkpoint vouches for all of an
   * owner's lanes. Null for a checkpoint of one chain alone (a purge's, or one from before lanes).
   */
  lanes: text('lanes'),
});

/** Who read which user log entries, with what filter and how many: reading logs is itself logged. */
export const userLogReads = pgTable(
  'user_log_reads',
  {
    id: id(),
    at: text('at').notNull(),
    tokenId: integer('token_id'),
    organisationId: integer('organisation_id'),
    role: text('role'),
    purpose: text('purpose').notNull(),
    // json, not jsonb: the chain's link covers the text exactly as written (see proof/ledger.ts).
    filter: json('filter'),
    /** 64-bit: an export reads an owner's whole log. */
    entryCount: int64('entry_count').notNull(),
    /** Chained like log entries: HMAC under chain key `keyId` of (previous record's hash ‖ this record). */
    hash: bytea('hash'),
    keyId: integer('key_id'),
  },
  (t) => [index('user_log_reads_org_idx').on(t.organisationId, t.at)],
);

/**
 * The purge gate: the append-only triggers let a DELETE through only while `open` is 1. An integer
 * as in SQLite (where it is not a Drizzle boolean either), so code and triggers say 1 and 0 alike.
 */
export const userLogPurgeGate = pgTable('user_log_purge_gate', {
  // SQLite hands a rowid to an insert without one; the only row is 1.
  id: integer('id').primaryKey().default(1),
  open: integer('open')
    .notNull()
    .default(sql`0`),
});
