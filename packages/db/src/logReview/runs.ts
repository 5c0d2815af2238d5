import { randomInt } from 'node:crypto';
import {
  isValidSeed,
  LOG_REVIEW_RULES,
  MAX_REVIEW_SEED,
  mayPreviewLogReviewOf,
  mayReviewLogsOf,
  registryVisibility,
  ruleBit,
  rowMatches,
  stockholmMidnightMs,
  validateReviewPeriod,
  violation,
  type LogReviewRule,
  type RuleViolation,
  type SelectionCriteria,
  type Viewer,
} from '@fvm/domain';
import type { Sqlite } from '../client';
import { LedgerWriter } from '../proof/ledger';
import { logReviewItems, logReviewRoutines, logReviewRuns } from '../schema';
import { prepared } from '../statements';
import { noteWrite } from '../generation';
import { recordUserLogRead } from '../userLogs/read';
import type { LogKeys } from '../userLogs/keys';
import { codecFor } from '../writes/codec';
import { storeChange } from '../writes/onSqlite';
import type { Row } from '../writes/types';
import { runSelection } from './selection';

export interface StartRunInput {
  routineId: number;
  periodStart: string;
  periodEnd: string;
  /** Given to re-run a selection; otherwise drawn at random and stored. */
  seed?: number | null;
}

export type StartRunResult = { kind: 'started'; runId: number } | { kind: 'invalid'; violations: RuleViolation[] } | { kind: 'forbidden'; message: string; messageSv: string };

/** A routine's switches, as the rule bits the selection applies. */
const SWITCHES: Readonly<Record<string, LogReviewRule>> = {
  ruleNoCareRelationship: 'no_care_relationship',
  ruleOtherCareProvider: 'other_care_provider',
  ruleOutsideUsualHours: 'outside_usual_hours',
  ruleUnusualVolume: 'unusual_volume',
  ruleRarePair: 'rare_pair',
  ruleOutputAction: 'output_action',
  ruleActionNotPermitted: 'action_not_permitted',
  ruleDisclosureWithoutAssessment: 'disclosure_without_assessment',
};

export function criteriaOfRoutine(routine: Record<string, unknown>, seed: number): SelectionCriteria {
  let rules = ruleBit('emergency_access') | ruleBit('random_sample');
  for (const [column, rule] of Object.entries(SWITCHES)) if (routine[column]) rules |= ruleBit(rule);
  return {
    rules,
    usualHoursStart: routine.usualHoursStart as number,
    usualHoursEnd: routine.usualHoursEnd as number,
    volumeFactor: routine.volumeFactor as number,
    volumeMinimum: routine.volumeMinimum as number,
    sampleSize: routine.sampleSize as number,
    seed,
  };
}

/** The instants a period of Stockholm calendar days covers, [from, to). */
export function periodBounds(periodStart: string, periodEnd: string): { fromMs: number; toMs: number } {
  const next = new Date(Date.parse(`${periodEnd}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { fromMs: stockholmMidnightMs(periodStart), toMs: stockholmMidnightMs(next) };
}

interface SelectedRow {
  id: number;
  mask: number;
  user: string;
  userName: string;
  patient: Buffer;
  at: number;
}

/**
 * Starts a review run: the routine's rules and a seeded sample over the owner's entries for the
 * period, grouped into one review item per user × patient, in one transaction with the change
 * records and the record that the entries were read for review. Only the data owner's log
 * reviewer may start one; a routine the viewer cannot see answers like a missing one.
 */
export function startLogReviewRun(sqlite: Sqlite, keys: LogKeys, viewer: Viewer | null, input: StartRunInput, clock: { now: string; today: string }): StartRunResult {
  const routine = visibleRoutine(sqlite, viewer, input.routineId);
  if (!routine) return { kind: 'invalid', violations: [missingRoutine()] };
  if (!mayReviewLogsOf(viewer, routine.ownerOrgId)) {
    return { kind: 'forbidden', message: 'Only a log reviewer of the data owner may run its log review.', messageSv: 'Bara informationsägarens loggranskare får göra dess loggkontroll.' };
  }
  return makeRun(sqlite, keys, viewer, routine, input, clock);
}

/** A routine as the viewer may see it; null when it does not exist or is hidden (they answer alike). */
function visibleRoutine(sqlite: Sqlite, viewer: Viewer | null, routineId: number): Row | null {
  const raw = prepared(sqlite, 'SELECT * FROM log_review_routines WHERE id = ?').get(routineId) as Record<string, unknown> | undefined;
  const routine = raw ? codecFor(logReviewRoutines).decode(raw) : null;
  return routine && rowMatches(registryVisibility(viewer, 'logReviewRoutines'), routine) ? routine : null;
}

const missingRoutine = () => violation('routineId', 'reference.missing', 'routineId: the referenced row does not exist.', 'routineId: raden som det hänvisas till finns inte.');

/** What a routine would select for a period, per rule, without making a run. */
export interface SelectionPreview {
  seed: number;
  selectedEntries: number;
  byRule: { rule: LogReviewRule; entries: number }[];
}

export type PreviewResult = { kind: 'previewed'; preview: SelectionPreview } | { kind: 'invalid'; violations: RuleViolation[] } | { kind: 'forbidden'; message: string; messageSv: string };

/**
 * A routine's selection for a period counted per rule, without making a run: how an owner tunes
 * its rules before the next review. Counts only, no entries; the owner's log reviewer and org admin
 * may ask, and the read is recorded like any read of the log.
 */
export function previewLogReviewSelection(sqlite: Sqlite, keys: LogKeys, viewer: Viewer | null, input: StartRunInput, clock: { now: string; today: string }): PreviewResult {
  const routine = visibleRoutine(sqlite, viewer, input.routineId);
  if (!routine) return { kind: 'invalid', violations: [missingRoutine()] };
  if (!mayPreviewLogReviewOf(viewer, routine.ownerOrgId)) {
    return { kind: 'forbidden', message: 'Only a log reviewer or org admin of the data owner may preview its log review.', messageSv: 'Bara informationsägarens loggranskare eller organisationsadministratör får förhandsgranska dess loggkontroll.' };
  }
  const settled = settleRun(routine, input, clock);
  if (settled.kind === 'invalid') return settled;
  const { seed, criteria, scope } = settled;
  const preview = sqlite.transaction((): SelectionPreview => {
    const selected = runSelection(sqlite, scope, criteria);
    recordUserLogRead(sqlite, keys, {
      at: clock.now, tokenId: viewer?.tokenId ?? null, organisationId: viewer?.organisationId ?? null, role: viewer?.role ?? null,
      purpose: 'log_review_preview', filter: { routineId: routine.id, dataOwnerId: routine.ownerOrgId, periodStart: input.periodStart, periodEnd: input.periodEnd }, entryCount: selected.length,
    });
    return {
      seed,
      selectedEntries: selected.length,
      byRule: LOG_REVIEW_RULES.map((rule) => ({ rule, entries: selected.filter((s) => s.ruleMask & ruleBit(rule)).length })),
    };
  }).immediate();
  noteWrite(sqlite);
  return { kind: 'previewed', preview };
}

/** A run's checked period and seed, and what its selection applies. */
function settleRun(routine: Row, input: StartRunInput, clock: { today: string }) {
  const violations = validateReviewPeriod(input.periodStart, input.periodEnd, clock.today);
  if (input.seed !== null && input.seed !== undefined && !isValidSeed(input.seed)) {
    violations.push(violation('seed', 'log_review.seed_invalid', `A seed is a whole number from 0 to ${MAX_REVIEW_SEED}.`, `Ett frö är ett heltal från 0 till ${MAX_REVIEW_SEED}.`));
  }
  if (violations.length) return { kind: 'invalid' as const, violations };
  const seed = input.seed ?? randomInt(0, MAX_REVIEW_SEED + 1);
  const { fromMs, toMs } = periodBounds(input.periodStart, input.periodEnd);
  return { kind: 'settled' as const, seed, criteria: criteriaOfRoutine(routine, seed), scope: { dataOwnerId: routine.ownerOrgId as number, isDemo: routine.isDemo as boolean, fromMs, toMs } };
}

/**
 * The run itself, for a caller whose right is settled: the API (the owner's log reviewer) or the
 * demo seed (no viewer: recorded as the system).
 */
export function makeRun(sqlite: Sqlite, keys: LogKeys, viewer: Viewer | null, routine: Row, input: StartRunInput, clock: { now: string; today: string }): StartRunResult {
  const settled = settleRun(routine, input, clock);
  if (settled.kind === 'invalid') return settled;
  const { seed, criteria, scope } = settled;
  const isDemo = routine.isDemo;

  const run = sqlite.transaction(() => {
    const history = new LedgerWriter(sqlite, keys, 'changes', clock.now);
    const selected = selectedEntries(sqlite, scope, criteria);
    const groups = new Map<string, SelectedRow[]>();
    for (const row of selected) {
      const key = `${row.user}\u0000${row.patient.toString('hex')}`;
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }

    const runCodec = codecFor(logReviewRuns);
    const runRow = prepared(
      sqlite,
      `INSERT INTO log_review_runs (routine_id, period_start, period_end, seed, criteria, started_by, selected_entries, item_count, open_items, completed_on, owner_org_id, is_demo, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ).get(
      routine.id, input.periodStart, input.periodEnd, seed, JSON.stringify(criteria), viewer ? `token ${viewer.tokenId}` : null,
      selected.length, groups.size, groups.size, groups.size === 0 ? clock.today : null, routine.ownerOrgId, isDemo ? 1 : 0, clock.now, clock.now,
    ) as Record<string, unknown>;
    const runAfter = runCodec.decode(runRow);
    storeChange(sqlite, history, { entity: 'LogReviewRun', entityId: runAfter.id, operation: 'create', before: null, after: runAfter, ownerOrgId: runAfter.ownerOrgId, viewer, now: clock.now });

    const itemCodec = codecFor(logReviewItems);
    const insertItem = prepared(
      sqlite,
      `INSERT INTO log_review_items (run_id, user_hsa_id, user_name, patient_pseudonym, entry_count, first_occurred_at, last_occurred_at, rule_mask, owner_org_id, is_demo, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    );
    const insertSelection = prepared(sqlite, 'INSERT INTO log_review_selections (run_id, entry_id, item_id, rule_mask) VALUES (?, ?, ?, ?)');
    for (const rows of groups.values()) {
      const first = rows[0]!;
      const mask = rows.reduce((m, r) => m | r.mask, 0);
      const at = rows.map((r) => r.at);
      const itemRow = insertItem.get(runAfter.id, first.user, first.userName, first.patient, rows.length, Math.min(...at), Math.max(...at), mask, routine.ownerOrgId, isDemo ? 1 : 0, clock.now, clock.now) as Record<string, unknown>;
      const item = itemCodec.decode(itemRow);
      for (const r of rows) insertSelection.run(runAfter.id, r.id, item.id, r.mask);
      storeChange(sqlite, history, { entity: 'LogReviewItem', entityId: item.id, operation: 'create', before: null, after: item, ownerOrgId: item.ownerOrgId, viewer, now: clock.now });
    }
    history.seal();
    // The selection read the owner's entries for review: that read is itself recorded.
    recordUserLogRead(sqlite, keys, {
      at: clock.now, tokenId: viewer?.tokenId ?? null, organisationId: viewer?.organisationId ?? null, role: viewer?.role ?? null,
      purpose: 'log_review_selection', filter: { runId: runAfter.id, dataOwnerId: routine.ownerOrgId, periodStart: input.periodStart, periodEnd: input.periodEnd }, entryCount: selected.length,
    });
    return runAfter.id;
  });
  const runId = run.immediate();
  noteWrite(sqlite);
  return { kind: 'started', runId };
}

/** The selection with what grouping needs of each entry. */
function selectedEntries(sqlite: Sqlite, scope: Parameters<typeof runSelection>[1], criteria: SelectionCriteria): SelectedRow[] {
  const picked = runSelection(sqlite, scope, criteria);
  const detail = prepared(sqlite, 'SELECT user_hsa_id, user_name, patient_pseudonym, occurred_at FROM user_log_entries WHERE id = ?');
  return picked.map(({ id, ruleMask }) => {
    const [user, userName, patient, at] = detail.raw().get(id) as [string, string, Buffer, number];
    return { id, mask: ruleMask, user, userName, patient, at };
  });
}
