import { bytea, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { bool, date, id, int64, rowMeta } from './columns';

/**
 * A data owner's log review routine (rutin för loggkontroll): how often, which rules, how large a
 * random sample, who reviews. Owned by the data owner; its org admin sets it. The rules that are
 * not always on are switches, so a grid edits them like any column.
 */
export const logReviewRoutines = pgTable(
  'log_review_routines',
  {
    id: id(),
    name: text('name').notNull(),
    /** The owner's own interval between completed reviews: the law sets none. */
    intervalDays: integer('interval_days').notNull().default(90),
    sampleSize: integer('sample_size').notNull().default(20),
    reviewer: text('reviewer'),
    /** Emergency accesses not reviewed within this many days are a finding. */
    emergencyReviewDays: integer('emergency_review_days').notNull().default(14),
    usualHoursStart: integer('usual_hours_start').notNull().default(7),
    usualHoursEnd: integer('usual_hours_end').notNull().default(18),
    volumeFactor: integer('volume_factor').notNull().default(3),
    volumeMinimum: integer('volume_minimum').notNull().default(30),
    ruleNoCareRelationship: bool('rule_no_care_relationship').notNull().default(true),
    ruleOtherCareProvider: bool('rule_other_care_provider').notNull().default(true),
    ruleOutsideUsualHours: bool('rule_outside_usual_hours').notNull().default(true),
    ruleUnusualVolume: bool('rule_unusual_volume').notNull().default(true),
    ruleRarePair: bool('rule_rare_pair').notNull().default(true),
    ruleOutputAction: bool('rule_output_action').notNull().default(true),
    ruleActionNotPermitted: bool('rule_action_not_permitted').notNull().default(true),
    ruleDisclosureWithoutAssessment: bool('rule_disclosure_without_assessment').notNull().default(true),
    ...rowMeta(),
  },
  (t) => [uniqueIndex('log_review_routines_owner_name_demo_uq').on(t.ownerOrgId, t.name, t.isDemo)],
);

/**
 * One review run (granskningsomgång): a routine applied to a period. The seed and the criteria as
 * they were when it ran are stored, so anyone can re-run the selection and get the same entries.
 * Completed when no review item is open.
 */
export const logReviewRuns = pgTable(
  'log_review_runs',
  {
    id: id(),
    routineId: integer('routine_id')
      .notNull()
      .references(() => logReviewRoutines.id),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    seed: integer('seed').notNull(),
    /** The routine's settings when the run was made (JSON), the selection's whole input besides the seed. */
    criteria: text('criteria').notNull(),
    startedBy: text('started_by'),
    selectedEntries: integer('selected_entries').notNull(),
    itemCount: integer('item_count').notNull(),
    openItems: integer('open_items').notNull(),
    completedOn: date('completed_on'),
    ...rowMeta(),
  },
  (t) => [index('log_review_runs_owner_idx').on(t.ownerOrgId, t.completedOn), index('log_review_runs_routine_idx').on(t.routineId)],
);

/**
 * A review item (granskningspost): the selected entries of one user about one patient in a run,
 * and the reviewer's finding. Items are never deleted; every finding is kept in the history.
 */
export const logReviewItems = pgTable(
  'log_review_items',
  {
    id: id(),
    runId: integer('run_id')
      .notNull()
      .references(() => logReviewRuns.id),
    userHsaId: text('user_hsa_id').notNull(),
    userName: text('user_name').notNull(),
    patientPseudonym: bytea('patient_pseudonym').notNull(),
    entryCount: integer('entry_count').notNull(),
    /** Milliseconds since the epoch, as the entries' `occurredAt`. */
    firstOccurredAt: int64('first_occurred_at').notNull(),
    lastOccurredAt: int64('last_occurred_at').notNull(),
    /** Every rule that chose one of its entries, as LOG_REVIEW_RULES bits. */
    ruleMask: integer('rule_mask').notNull(),
    status: text('status').notNull().default('open'),
    finding: text('finding'),
    reasoning: text('reasoning'),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
    caseAction: text('case_action'),
    caseOutcome: text('case_outcome'),
    caseClosedOn: date('case_closed_on'),
    ...rowMeta(),
  },
  (t) => [index('log_review_items_run_idx').on(t.runId, t.status), uniqueIndex('log_review_items_run_pair_uq').on(t.runId, t.userHsaId, t.patientPseudonym)],
);

/** Which entries a run selected, for which item, and which rules chose each (LOG_REVIEW_RULES bits). */
export const logReviewSelections = pgTable(
  'log_review_selections',
  {
    runId: integer('run_id').notNull(),
    /** An entry's id: 64-bit as `user_log_entries.id`. No foreign key, as in SQLite: the selection outlives a purge of its entries. */
    entryId: int64('entry_id').notNull(),
    itemId: integer('item_id').notNull(),
    ruleMask: integer('rule_mask').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.entryId] }),
    index('log_review_selections_item_idx').on(t.itemId),
    index('log_review_selections_entry_idx').on(t.entryId),
  ],
);
