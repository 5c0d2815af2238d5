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
import type { UserLogRead } from '../stores/types';
import type { LogKeys } from '../userLogs/keys';
import { codecFor } from '../writes/codec';
import { storeChange } from '../writes/onSqlite';
import type { Row } from '../writes/types';
import { runSelection, runSelectionSync, type SelectedEntry, type SelectionIo, type SelectionScope } from './selection';

export interface StartRunInput {
  routineId: number;
  periodStart: string;
  periodEnd: string;
  /** Given to re-run a selection; otherwise drawn at random and stored. */
  seed?: number | null;
}

export type StartRunResult =
  { kind: 'started'; runId: number } | { kind: 'invalid'; violations: RuleViolation[] } | { kind: 'forbidden'; message: string; messageSv: string };

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

export interface SelectedRow {
  id: number;
  mask: number;
  user: string;
  userName: string;
  patient: Buffer;
  at: number;
}

/** A run's review items: its selected entries grouped per user × patient, in the order first met. */
export interface ItemGroup {
  rows: SelectedRow[];
  mask: number;
  firstAt: number;
  lastAt: number;
}
export function groupIntoItems(selected: readonly SelectedRow[]): ItemGroup[] {
  const groups = new Map<string, SelectedRow[]>();
  for (const row of selected) {
    const key = `${row.user}\u0000${row.patient.toString('hex')}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].map((rows) => ({
    rows,
    mask: rows.reduce((m, r) => m | r.mask, 0),
    firstAt: rows.reduce((m, r) => Math.min(m, r.at), Infinity),
    lastAt: rows.reduce((m, r) => Math.max(m, r.at), -Infinity),
  }));
}

/** The run's row (`?` placeholders; the values from runValues). */
export const RUN_INSERT = `INSERT INTO log_review_runs (routine_id, period_start, period_end, seed, criteria, started_by, selected_entries, item_count, open_items, completed_on, owner_org_id, is_demo, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`;
export function runValues(
  viewer: Viewer | null,
  routine: Row,
  input: StartRunInput,
  seed: number,
  criteria: SelectionCriteria,
  selected: number,
  items: number,
  clock: { now: string; today: string },
): unknown[] {
  return [
    routine.id,
    input.periodStart,
    input.periodEnd,
    seed,
    JSON.stringify(criteria),
    viewer ? `token ${viewer.tokenId}` : null,
    selected,
    items,
    items,
    items === 0 ? clock.today : null,
    routine.ownerOrgId,
    routine.isDemo ? 1 : 0,
    clock.now,
    clock.now,
  ];
}
export const ITEM_COLUMNS =
  'run_id, user_hsa_id, user_name, patient_pseudonym, entry_count, first_occurred_at, last_occurred_at, rule_mask, owner_org_id, is_demo, created_at, updated_at';
export function itemValues(runId: number, routine: Row, group: ItemGroup, now: string): unknown[] {
  const first = group.rows[0]!;
  return [
    runId,
    first.user,
    first.userName,
    first.patient,
    group.rows.length,
    group.firstAt,
    group.lastAt,
    group.mask,
    routine.ownerOrgId,
    routine.isDemo ? 1 : 0,
    now,
    now,
  ];
}

/** What grouping needs of each selected entry, a slice of ids per statement. */
export function* selectedRowsIo(scope: SelectionScope, picked: readonly SelectedEntry[]): SelectionIo<SelectedRow[]> {
  const out: SelectedRow[] = [];
  for (let i = 0; i < picked.length; i += 500) {
    const slice = picked.slice(i, i + 500);
    const rows = yield {
      sql: `SELECT id, user_hsa_id, user_name, patient_pseudonym, occurred_at FROM user_log_entries
            WHERE data_owner_id = ? AND is_demo = ? AND occurred_at >= ? AND occurred_at < ? AND id IN (${slice.map(() => '?').join(', ')})`,
      params: [scope.dataOwnerId, scope.isDemo ? 1 : 0, scope.fromMs, scope.toMs, ...slice.map((s) => s.id)],
    };
    const byId = new Map(rows.map((r) => [Number(r[0]), r]));
    for (const { id, ruleMask } of slice) {
      const [, user, userName, patient, at] = byId.get(id)!;
      out.push({ id, mask: ruleMask, user: String(user), userName: String(userName), patient: patient as Buffer, at: Number(at) });
    }
  }
  return out;
}

/**
 * Starts a review run: the routine's rules and a seeded sample over the owner's entries for the
 * period, grouped into one review item per user × patient, in one transaction with the change
 * records and the record that the entries were read for review. Only the data owner's log
 * reviewer may start one; a routine the viewer cannot see answers like a missing one.
 */
export function startLogReviewRun(
  sqlite: Sqlite,
  keys: LogKeys,
  viewer: Viewer | null,
  input: StartRunInput,
  clock: { now: string; today: string },
): StartRunResult {
  const routine = visibleRoutine(viewer, routineOfRaw(prepared(sqlite, ROUTINE_BY_ID).get(input.routineId) as Record<string, unknown> | undefined, 'sqlite'));
  return runRefused(viewer, routine) ?? makeRun(sqlite, keys, viewer, routine!, input, clock);
}

/** A routine by its id (`?`), every column. */
export const ROUTINE_BY_ID = 'SELECT * FROM log_review_routines WHERE id = ?';
export const routineOfRaw = (raw: Record<string, unknown> | undefined, engine: 'sqlite' | 'postgresql'): Row | null =>
  raw ? codecFor(logReviewRoutines, engine).decode(raw) : null;

/** A routine as the viewer may see it; null when it does not exist or is hidden (they answer alike). */
export function visibleRoutine(viewer: Viewer | null, routine: Row | null): Row | null {
  return routine && rowMatches(registryVisibility(viewer, 'logReviewRoutines'), routine) ? routine : null;
}

/** Why a run of this routine (as the viewer sees it) is refused, or null: only the data owner's log reviewer may start one. */
export function runRefused(viewer: Viewer | null, routine: Row | null): Exclude<StartRunResult, { kind: 'started' }> | null {
  if (!routine) return { kind: 'invalid', violations: [missingRoutine()] };
  if (!mayReviewLogsOf(viewer, routine.ownerOrgId)) {
    return {
      kind: 'forbidden',
      message: 'Only a log reviewer of the data owner may run its log review.',
      messageSv: 'Bara informationsägarens loggranskare får göra dess loggkontroll.',
    };
  }
  return null;
}

/** Why a preview of this routine is refused, or null: the owner's log reviewers and org admins may ask. */
export function previewRefused(viewer: Viewer | null, routine: Row | null): Exclude<PreviewResult, { kind: 'previewed' }> | null {
  if (!routine) return { kind: 'invalid', violations: [missingRoutine()] };
  if (!mayPreviewLogReviewOf(viewer, routine.ownerOrgId)) {
    return {
      kind: 'forbidden',
      message: 'Only a log reviewer or org admin of the data owner may preview its log review.',
      messageSv: 'Bara informationsägarens loggranskare eller organisationsadministratör får förhandsgranska dess loggkontroll.',
    };
  }
  return null;
}

const missingRoutine = () =>
  violation('routineId', 'reference.missing', 'routineId: the referenced row does not exist.', 'routineId: raden som det hänvisas till finns inte.');

/** What a routine would select for a period, per rule, without making a run. */
export interface SelectionPreview {
  seed: number;
  selectedEntries: number;
  byRule: { rule: LogReviewRule; entries: number }[];
}

export type PreviewResult =
  | { kind: 'previewed'; preview: SelectionPreview }
  | { kind: 'invalid'; violations: RuleViolation[] }
  | { kind: 'forbidden'; message: string; messageSv: string };

/**
 * A routine's selection for a period counted per rule, without making a run: how an owner tunes
 * its rules before the next review. Counts only, no entries; the owner's log reviewer and org admin
 * may ask, and the read is recorded like any read of the log.
 */
export function previewLogReviewSelection(
  sqlite: Sqlite,
  keys: LogKeys,
  viewer: Viewer | null,
  input: StartRunInput,
  clock: { now: string; today: string },
): PreviewResult {
  const routine = visibleRoutine(viewer, routineOfRaw(prepared(sqlite, ROUTINE_BY_ID).get(input.routineId) as Record<string, unknown> | undefined, 'sqlite'));
  const refused = previewRefused(viewer, routine);
  if (refused) return refused;
  const settled = settleRun(routine!, input, clock);
  if (settled.kind === 'invalid') return settled;
  const { seed, criteria, scope } = settled;
  const preview = sqlite
    .transaction((): SelectionPreview => {
      const selected = runSelection(sqlite, scope, criteria);
      recordUserLogRead(sqlite, keys, previewRead(viewer, routine!, input, clock, selected.length));
      return previewOf(seed, selected);
    })
    .immediate();
  noteWrite(sqlite);
  return { kind: 'previewed', preview };
}

/** The record of a preview's read of the log. */
export function previewRead(viewer: Viewer | null, routine: Row, input: StartRunInput, clock: { now: string }, entryCount: number): UserLogRead {
  return {
    at: clock.now,
    tokenId: viewer?.tokenId ?? null,
    organisationId: viewer?.organisationId ?? null,
    role: viewer?.role ?? null,
    purpose: 'log_review_preview',
    filter: { routineId: routine.id, dataOwnerId: routine.ownerOrgId, periodStart: input.periodStart, periodEnd: input.periodEnd },
    entryCount,
  };
}

/** The record of a run's read of the log: the selection read the owner's entries for review. */
export function runRead(viewer: Viewer | null, routine: Row, runId: number, input: StartRunInput, clock: { now: string }, entryCount: number): UserLogRead {
  return {
    at: clock.now,
    tokenId: viewer?.tokenId ?? null,
    organisationId: viewer?.organisationId ?? null,
    role: viewer?.role ?? null,
    purpose: 'log_review_selection',
    filter: { runId, dataOwnerId: routine.ownerOrgId, periodStart: input.periodStart, periodEnd: input.periodEnd },
    entryCount,
  };
}

export function previewOf(seed: number, selected: readonly SelectedEntry[]): SelectionPreview {
  return {
    seed,
    selectedEntries: selected.length,
    byRule: LOG_REVIEW_RULES.map((rule) => ({ rule, entries: selected.filter((s) => s.ruleMask & ruleBit(rule)).length })),
  };
}

/** A run's checked period and seed, and what its selection applies. */
export function settleRun(routine: Row, input: StartRunInput, clock: { today: string }) {
  const violations = validateReviewPeriod(input.periodStart, input.periodEnd, clock.today);
  if (input.seed !== null && input.seed !== undefined && !isValidSeed(input.seed)) {
    violations.push(
      violation(
        'seed',
        'log_review.seed_invalid',
        `A seed is a whole number from 0 to ${MAX_REVIEW_SEED}.`,
        `Ett frö är ett heltal från 0 till ${MAX_REVIEW_SEED}.`,
      ),
    );
  }
  if (violations.length) return { kind: 'invalid' as const, violations };
  const seed = input.seed ?? randomInt(0, MAX_REVIEW_SEED + 1);
  const { fromMs, toMs } = periodBounds(input.periodStart, input.periodEnd);
  return {
    kind: 'settled' as const,
    seed,
    criteria: criteriaOfRoutine(routine, seed),
    scope: { dataOwnerId: routine.ownerOrgId as number, isDemo: routine.isDemo as boolean, fromMs, toMs },
  };
}

/**
 * The run itself, for a caller whose right is settled: the API (the owner's log reviewer) or the
 * demo seed (no viewer: recorded as the system).
 */
export function makeRun(
  sqlite: Sqlite,
  keys: LogKeys,
  viewer: Viewer | null,
  routine: Row,
  input: StartRunInput,
  clock: { now: string; today: string },
): StartRunResult {
  const settled = settleRun(routine, input, clock);
  if (settled.kind === 'invalid') return settled;
  const { seed, criteria, scope } = settled;

  const run = sqlite.transaction(() => {
    const history = new LedgerWriter(sqlite, keys, 'changes', clock.now);
    const selected = runSelectionSync(sqlite, selectedRowsIo(scope, runSelection(sqlite, scope, criteria)));
    const groups = groupIntoItems(selected);
    const runAfter = codecFor(logReviewRuns).decode(
      prepared(sqlite, RUN_INSERT).get(...runValues(viewer, routine, input, seed, criteria, selected.length, groups.length, clock)) as Record<string, unknown>,
    );
    storeChange(sqlite, history, {
      entity: 'LogReviewRun',
      entityId: runAfter.id,
      operation: 'create',
      before: null,
      after: runAfter,
      ownerOrgId: runAfter.ownerOrgId,
      viewer,
      now: clock.now,
    });

    const itemCodec = codecFor(logReviewItems);
    const insertItem = prepared(sqlite, `INSERT INTO log_review_items (${ITEM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`);
    const insertSelection = prepared(sqlite, 'INSERT INTO log_review_selections (run_id, entry_id, item_id, rule_mask) VALUES (?, ?, ?, ?)');
    for (const group of groups) {
      const item = itemCodec.decode(insertItem.get(...itemValues(runAfter.id, routine, group, clock.now)) as Record<string, unknown>);
      for (const r of group.rows) insertSelection.run(runAfter.id, r.id, item.id, r.mask);
      storeChange(sqlite, history, {
        entity: 'LogReviewItem',
        entityId: item.id,
        operation: 'create',
        before: null,
        after: item,
        ownerOrgId: item.ownerOrgId,
        viewer,
        now: clock.now,
      });
    }
    history.seal();
    // The selection read the owner's entries for review: that read is itself recorded.
    recordUserLogRead(sqlite, keys, runRead(viewer, routine, runAfter.id, input, clock, selected.length));
    return runAfter.id;
  });
  const runId = run.immediate();
  noteWrite(sqlite);
  return { kind: 'started', runId };
}
