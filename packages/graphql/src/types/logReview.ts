import {
  logReviewItemSpec,
  logReviewRoutineSpec,
  type ReviewStatistics,
  type ReviewStatisticsFilter,
  type RuleStatistics,
  type SelectionPreview,
  type StartRunInput,
} from '@fvm/db';
import {
  LOG_REVIEW_RULE_DESCRIPTIONS,
  LOG_REVIEW_RULE_LABELS,
  LOG_REVIEW_RULES,
  REVIEW_CASE_ACTION_LABELS,
  REVIEW_CASE_ACTIONS,
  REVIEW_STATUS_LABELS,
  REVIEW_STATUSES,
  ruleBit,
  rulesOfMask,
  type LogReviewRule as Rule,
  type RuleViolation,
} from '@fvm/domain';
import { sql, type SQLWrapper } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { builder } from '../builder';
import type { GraphQLContext } from '../context';
import { customFilter, defineEntity, type EntityFieldBuilder } from '../entity';
import { decodeId } from '../filters';
import { chargeLogRead } from '../logReads';
import { loadLookup } from '../lookup';
import { defineBulkMutations, RuleViolationRef } from '../mutations';
import { andWhere, visibleWhere } from '../visibility';
import { vocabularyEnum } from './enums';
import { entryViews, recordRead, UserLogEntry, type UserLogEntryView } from './userLogs';

// Log review (loggkontroll): the data owner's routines, the runs that select entries for review,
// and the review items where its log reviewers record their findings.

export const LogReviewRule = builder.enumType('LogReviewRule', {
  description: 'A rule that selects user log entries for review (urvalsregel).',
  values: Object.fromEntries(
    LOG_REVIEW_RULES.map((r) => [
      r.toUpperCase(),
      { value: r, description: `${LOG_REVIEW_RULE_LABELS[r].en} (${LOG_REVIEW_RULE_LABELS[r].sv}): ${LOG_REVIEW_RULE_DESCRIPTIONS[r].en}` },
    ]),
  ),
});
export const ReviewStatus = vocabularyEnum(
  'ReviewStatus',
  REVIEW_STATUSES,
  REVIEW_STATUS_LABELS,
  'Where a review item stands (granskningsstatus).',
  'the review status',
);
export const ReviewCaseAction = vocabularyEnum(
  'ReviewCaseAction',
  REVIEW_CASE_ACTIONS,
  REVIEW_CASE_ACTION_LABELS,
  'What was done about an unjustified access (åtgärd).',
  'the action taken',
);

const rulesField = (t: EntityFieldBuilder<'logReviewItems'>, description: string) =>
  t.field({
    type: [LogReviewRule],
    description,
    select: { columns: { ruleMask: true } },
    resolve: (row) => rulesOfMask(row.ruleMask),
  });

export const LogReviewRoutine = defineEntity({
  name: 'LogReviewRoutine',
  table: 'logReviewRoutines',
  plural: 'logReviewRoutines',
  description:
    'A data owner’s log review routine (rutin för loggkontroll): the interval between reviews (the owner’s own: the law sets none), which rules select entries, how large the random sample is, and who reviews. Emergency accesses and the sample are always part of a run. Set by the owner’s organisation admin.',
  columns: {
    name: { type: 'String', description: 'Name of the routine (rutinens namn).', order: true },
    intervalDays: { type: 'Int', description: 'Days between completed reviews (intervall); a review older than this is overdue.', order: true },
    sampleSize: { type: 'Int', description: 'How many entries each run draws at random (stickprov), besides what the rules select.' },
    reviewer: { type: 'String', description: 'Who reviews (granskare): a function or person.' },
    emergencyReviewDays: { type: 'Int', description: 'Emergency accesses (nödåtkomst) not reviewed within this many days are a registry finding.' },
    usualHoursStart: { type: 'Int', description: 'Usual hours start at this hour, Swedish time (0–23).' },
    usualHoursEnd: { type: 'Int', description: 'Usual hours end at this hour, Swedish time (1–24).' },
    volumeFactor: { type: 'Int', description: 'A day with more than this many times the user’s own median day is unusual volume.' },
    volumeMinimum: { type: 'Int', description: 'A day counts as unusual volume only with at least this many accesses.' },
    ruleNoCareRelationship: {
      type: 'Boolean',
      description: `Apply the rule: ${LOG_REVIEW_RULE_LABELS.no_care_relationship.en} (${LOG_REVIEW_RULE_LABELS.no_care_relationship.sv}).`,
    },
    ruleOtherCareProvider: {
      type: 'Boolean',
      description: `Apply the rule: ${LOG_REVIEW_RULE_LABELS.other_care_provider.en} (${LOG_REVIEW_RULE_LABELS.other_care_provider.sv}).`,
    },
    ruleOutsideUsualHours: {
      type: 'Boolean',
      description: `Apply the rule: ${LOG_REVIEW_RULE_LABELS.outside_usual_hours.en} (${LOG_REVIEW_RULE_LABELS.outside_usual_hours.sv}).`,
    },
    ruleUnusualVolume: {
      type: 'Boolean',
      description: `Apply the rule: ${LOG_REVIEW_RULE_LABELS.unusual_volume.en} (${LOG_REVIEW_RULE_LABELS.unusual_volume.sv}).`,
    },
    ruleRarePair: { type: 'Boolean', description: `Apply the rule: ${LOG_REVIEW_RULE_LABELS.rare_pair.en} (${LOG_REVIEW_RULE_LABELS.rare_pair.sv}).` },
    ruleOutputAction: {
      type: 'Boolean',
      description: `Apply the rule: ${LOG_REVIEW_RULE_LABELS.output_action.en} (${LOG_REVIEW_RULE_LABELS.output_action.sv}).`,
    },
    ruleActionNotPermitted: {
      type: 'Boolean',
      description: `Apply the rule: ${LOG_REVIEW_RULE_LABELS.action_not_permitted.en} (${LOG_REVIEW_RULE_LABELS.action_not_permitted.sv}).`,
    },
    ruleDisclosureWithoutAssessment: {
      type: 'Boolean',
      description: `Apply the rule: ${LOG_REVIEW_RULE_LABELS.disclosure_without_assessment.en} (${LOG_REVIEW_RULE_LABELS.disclosure_without_assessment.sv}).`,
    },
  },
  relations: { runs: { many: true, description: 'The runs made under this routine (granskningsomgångar).' } },
  search: ['name', 'reviewer'],
  write: { spec: logReviewRoutineSpec, plural: 'LogReviewRoutines' },
});
defineBulkMutations(LogReviewRoutine);

const RuleCount = builder.objectRef<RuleStatistics>('LogReviewRuleCount').implement({
  description: 'What one selection rule found, and what the reviewers made of it: for tuning the rules.',
  fields: (t) => ({
    rule: t.field({ type: LogReviewRule, description: 'The rule.', resolve: (r) => r.rule }),
    selectedEntries: t.exposeInt('selectedEntries', { description: 'Entries the rule selected (urvalda poster).' }),
    items: t.exposeInt('items', { description: 'Review items with at least one entry the rule selected.' }),
    decidedItems: t.exposeInt('decidedItems', { description: 'Of those, items with a finding.' }),
    unjustifiedItems: t.exposeInt('unjustifiedItems', { description: 'Of those, items found unjustified (obefogad).' }),
    unjustifiedRate: t.float({
      nullable: true,
      description: 'Unjustified items per decided item (0–1); null before any decision.',
      resolve: (r) => (r.decidedItems ? r.unjustifiedItems / r.decidedItems : null),
    }),
  }),
});

const StatusCount = builder.objectRef<ReviewStatistics['byStatus'][number]>('LogReviewStatusCount').implement({
  description: 'How many review items have one status.',
  fields: (t) => ({
    status: t.field({ type: ReviewStatus.ref, description: 'The status.', resolve: (s) => s.status }),
    items: t.exposeInt('items', { description: 'Review items with it.' }),
  }),
});

const Statistics = builder.objectRef<ReviewStatistics>('LogReviewStatistics').implement({
  description:
    'Counts of log review (statistik över loggkontroll): runs, items per status, and per rule what it selected and how much of it was unjustified. No user, patient or entry appears in it.',
  fields: (t) => ({
    runs: t.exposeInt('runs', { description: 'Review runs.' }),
    completedRuns: t.exposeInt('completedRuns', { description: 'Runs with every item decided.' }),
    selectedEntries: t.exposeInt('selectedEntries', { description: 'Entries the runs selected.' }),
    items: t.exposeInt('items', { description: 'Review items.' }),
    byStatus: t.field({ type: [StatusCount], description: 'Items per status.', resolve: (s) => s.byStatus }),
    byRule: t.field({ type: [RuleCount], description: 'Per selection rule.', resolve: (s) => s.byRule }),
  }),
});

const statisticsFor = (ctx: GraphQLContext, filter: Omit<ReviewStatisticsFilter, 'demoOnly'>) =>
  ctx.stores.reviews.statistics({ ...filter, demoOnly: ctx.viewer?.demoOnly === true });

export const LogReviewRun = defineEntity({
  name: 'LogReviewRun',
  table: 'logReviewRuns',
  plural: 'logReviewRuns',
  description:
    'A log review run (granskningsomgång): a routine applied to a period. Its seed and criteria are stored, so anyone can re-run the selection (startLogReviewRun with the same seed) and get the same entries. Completed when every review item has a finding. Made by startLogReviewRun, never written row by row.',
  columns: {
    periodStart: { type: 'Date', description: 'First day of the reviewed period (Swedish time).', order: true },
    periodEnd: { type: 'Date', description: 'Last day of the reviewed period.', order: true },
    seed: { type: 'Int', description: 'The random sample’s seed (frö): with the criteria, the whole input of the selection.' },
    criteria: { type: 'String', description: 'The routine’s settings when the run was made, as JSON (urvalskriterier).', noFilter: true },
    startedBy: { type: 'String', description: 'Who started it (the API token).', noFilter: true },
    selectedEntries: { type: 'Int', description: 'Entries selected (urvalda poster).', order: true },
    itemCount: { type: 'Int', description: 'Review items: one per user and patient among the selected entries.' },
    openItems: { type: 'Int', description: 'Review items still without a finding: the run’s progress.', order: true },
    completedOn: { type: 'Date', description: 'When the last item got its finding (slutförd).', order: true },
  },
  refs: { routineId: { types: ['LogReviewRoutine'], description: 'The routine.' } },
  relations: {
    routine: { description: 'The routine the run applied.' },
    items: { many: true, description: 'Its review items (granskningsposter): only the data owner’s log reviewers see them.' },
  },
  defaultOrder: { id: 'desc' },
  fields: (t) => ({
    rules: t.field({
      type: [LogReviewRule],
      description: 'The rules the run applied.',
      select: { columns: { criteria: true } },
      resolve: (run) => rulesOfMask((JSON.parse(run.criteria) as { rules: number }).rules),
    }),
    statistics: t.field({
      type: Statistics,
      description: 'What the run selected per rule, and its findings so far (counts only).',
      select: { columns: { id: true } },
      resolve: (run, _a, ctx) => statisticsFor(ctx, { runIds: [run.id] }),
    }),
  }),
});

interface SelectedEntryView {
  entry: UserLogEntryView;
  ruleMask: number;
}

const SelectedEntry = builder.objectRef<SelectedEntryView>('LogReviewSelectedEntry').implement({
  description: 'A user log entry a run selected, and why.',
  fields: (t) => ({
    entry: t.field({ type: UserLogEntry, description: 'The entry.', resolve: (s) => s.entry }),
    rules: t.field({ type: [LogReviewRule], description: 'Every rule that selected it.', resolve: (s) => rulesOfMask(s.ruleMask) }),
  }),
});

export const LogReviewItem = defineEntity({
  name: 'LogReviewItem',
  table: 'logReviewItems',
  plural: 'logReviewItems',
  pluralDescription: 'Review items (granskningsposter): only the data owner’s log reviewers see them.',
  description:
    'A review item (granskningspost): the entries a run selected of one user about one patient, and the log reviewer’s finding. Only the data owner’s log reviewers see or change it; items are never deleted, and every finding is kept in the history. An unjustified finding can open a case.',
  columns: {
    userHsaId: { type: 'String', description: 'The user’s HSA-id.', order: true },
    userName: { type: 'String', description: 'The user’s name.', order: true },
    entryCount: { type: 'Int', description: 'How many selected entries the item holds.', order: true },
    status: { type: ReviewStatus, description: 'Where the review stands (status).', order: true },
    finding: { type: 'String', description: 'What the reviewer found (iakttagelse).', noFilter: true },
    reasoning: { type: 'String', description: 'Why the access was or was not justified (motivering). Required with a finding.', noFilter: true },
    decidedBy: { type: 'String', description: 'Who decided (beslutad av). Required with a finding.' },
    decidedAt: { type: 'DateTime', description: 'When the status was last set (the registry’s clock).', order: true },
    caseAction: { type: ReviewCaseAction, description: 'For an unjustified access: what was done (åtgärd).' },
    caseOutcome: { type: 'String', description: 'The case’s outcome (utfall).', noFilter: true },
    caseClosedOn: { type: 'Date', description: 'When the case was closed.' },
  },
  refs: { runId: { types: ['LogReviewRun'], description: 'The run.' } },
  relations: { run: { description: 'The run that selected it.' } },
  filters: {
    rule: customFilter(LogReviewRule, 'Only items with an entry this rule selected.', (rule: Rule) => ({
      RAW: (table: { ruleMask: SQLWrapper }) => sql`(${table.ruleMask} & ${ruleBit(rule)}) <> 0`,
    })),
  },
  fields: (t) => ({
    rules: rulesField(t, 'Every rule that selected one of its entries.'),
    patientPseudonym: t.string({
      description: 'The patient, as the registry’s keyed pseudonym (hex): the same as in the user log. The identity number is never stored.',
      select: { columns: { patientPseudonym: true } },
      resolve: (row) => row.patientPseudonym.toString('hex'),
    }),
    firstOccurredAt: t.field({
      type: 'DateTime',
      description: 'When its first entry happened.',
      select: { columns: { firstOccurredAt: true } },
      resolve: (row) => new Date(row.firstOccurredAt).toISOString(),
    }),
    lastOccurredAt: t.field({
      type: 'DateTime',
      description: 'When its last entry happened.',
      select: { columns: { lastOccurredAt: true } },
      resolve: (row) => new Date(row.lastOccurredAt).toISOString(),
    }),
    selectedEntries: t.field({
      type: [SelectedEntry],
      description: 'Its entries, oldest first, each with the rules that selected it. Reading them is itself logged (purpose log_review).',
      select: { columns: { id: true, entryCount: true } },
      resolve: async (row, _a, ctx) => {
        chargeLogRead(ctx, 'selectedEntries', row.entryCount);
        const [rows] = await Promise.all([ctx.stores.reviews.itemEntries(row.id), loadLookup(ctx)]);
        const views = entryViews(ctx, rows);
        await recordRead(ctx, 'log_review', { reviewItemId: row.id }, rows.length);
        return rows.map((r, i) => ({ entry: views[i]!, ruleMask: r.ruleMask }));
      },
    }),
  }),
  write: { spec: logReviewItemSpec, plural: 'LogReviewItems', operations: ['update'] },
});
defineBulkMutations(LogReviewItem);

const runInputFields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0]) => ({
  routineId: t.id({ required: true, description: 'The routine (global ID).' }),
  periodStart: t.field({ type: 'Date', required: true, description: 'First day of the period (Swedish time).' }),
  periodEnd: t.field({ type: 'Date', required: true, description: 'Last day of the period; at most 366 days after the first, and not after today.' }),
  seed: t.int({
    description:
      'The random sample’s seed (0–2147483647). Give an earlier run’s (or a preview’s) seed to get its selection again; left out, one is drawn (a run stores it, a preview answers it).',
  }),
});

const StartInput = builder.inputType('StartLogReviewRunInput', {
  description: 'A review run to make: a routine and a period, and a seed to repeat an earlier selection.',
  fields: runInputFields,
});

const StartPayload = builder.objectRef<{ run: unknown; violations: RuleViolation[] }>('StartLogReviewRunPayload').implement({
  description: 'The new run, or why none was made.',
  fields: (t) => ({
    run: t.field({
      type: LogReviewRun.ref,
      nullable: true,
      description: 'The run, with its items; null when a rule refused it.',
      resolve: (p) => p.run,
    }),
    violations: t.field({ type: [RuleViolationRef], description: 'Why no run was made: each with field and rule.', resolve: (p) => p.violations }),
  }),
});

builder.mutationField('startLogReviewRun', (t) =>
  t.field({
    type: StartPayload,
    description:
      'Runs a log review (loggkontroll): selects the owner’s entries for the period by the routine’s rules and a seeded random sample, and makes one review item per user × patient. Only a log reviewer of the data owner may. The read of the entries is logged.',
    args: { input: t.arg({ type: StartInput, required: true, description: 'The routine, the period and optionally a seed.' }) },
    resolve: async (_root, { input }, ctx) => {
      const answer = await answerRunRequest(ctx, input, (asked, clock) => ctx.stores.reviews.startRun(ctx.viewer, asked, clock));
      if ('violations' in answer) return { run: null, violations: answer.violations };
      const run = await ctx.stores.registry.query.logReviewRuns.findFirst({
        where: andWhere({ id: answer.done.runId }, visibleWhere(ctx.viewer, 'logReviewRuns')),
      });
      return { run, violations: [] };
    },
  }),
);

builder.queryField('logReviewStatistics', (t) =>
  t.field({
    type: Statistics,
    description:
      'Counts of log review for analysts and owners: runs, items per status, and per rule how many entries it selected and how many were found unjustified. Users and patients never appear. Requires a token; a demo token counts demo reviews only.',
    args: {
      organisations: t.arg.idList({ description: 'Only these data owners (global IDs).' }),
      from: t.arg({ type: 'Date', description: 'Only runs whose period starts on or after this date.' }),
      to: t.arg({ type: 'Date', description: 'Only runs whose period ends on or before this date.' }),
    },
    resolve: (_root, args, ctx) => {
      if (!ctx.viewer)
        throw new GraphQLError('Sign in with an API token to read log review statistics.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      const owners = args.organisations?.map((id) => decodeId(String(id), ['Organisation', 'Municipality'], 'organisations')) ?? null;
      return statisticsFor(ctx, { dataOwnerIds: owners, from: (args.from as string | null) ?? null, to: (args.to as string | null) ?? null });
    },
  }),
);

const PreviewInput = builder.inputType('PreviewLogReviewSelectionInput', {
  description: 'A routine and a period to count the selection of, and optionally a seed.',
  fields: runInputFields,
});

const Preview = builder.objectRef<SelectionPreview>('LogReviewSelectionPreview').implement({
  description: 'What a routine would select for a period (förhandsgranskning av urval): counts per rule, no entries, no run made.',
  fields: (t) => ({
    seed: t.exposeInt('seed', { description: 'The random sample’s seed the counts used: give it to startLogReviewRun to make this very selection.' }),
    selectedEntries: t.exposeInt('selectedEntries', { description: 'Entries any rule or the sample would select.' }),
    byRule: t.field({
      type: [
        builder.objectRef<{ rule: Rule; entries: number }>('LogReviewRulePreview').implement({
          description: 'How many entries one rule would select (an entry chosen by several rules counts for each).',
          fields: (r) => ({
            rule: r.field({ type: LogReviewRule, description: 'The rule.', resolve: (x) => x.rule }),
            entries: r.exposeInt('entries', { description: 'Entries it would select.' }),
          }),
        }),
      ],
      description: 'Per selection rule, in the rules’ order.',
      resolve: (p) => p.byRule,
    }),
  }),
});

const PreviewPayload = builder.objectRef<{ preview: SelectionPreview | null; violations: RuleViolation[] }>('PreviewLogReviewSelectionPayload').implement({
  description: 'The counts, or why there are none.',
  fields: (t) => ({
    preview: t.field({ type: Preview, nullable: true, description: 'The counts; null when a rule refused the request.', resolve: (p) => p.preview }),
    violations: t.field({ type: [RuleViolationRef], description: 'Why there are no counts: each with field and rule.', resolve: (p) => p.violations }),
  }),
});

builder.mutationField('previewLogReviewSelection', (t) =>
  t.field({
    type: PreviewPayload,
    description:
      'Counts what a routine would select for a period, per rule, without making a run: how a data owner tunes its rules. Its log reviewers and org admins may ask; the read of the entries is logged, which is why this is a mutation.',
    args: { input: t.arg({ type: PreviewInput, required: true, description: 'The routine, the period and optionally a seed.' }) },
    resolve: async (_root, { input }, ctx) => {
      const answer = await answerRunRequest(ctx, input, (asked, clock) => ctx.stores.reviews.preview(ctx.viewer, asked, clock));
      return 'violations' in answer ? { preview: null, violations: answer.violations } : { preview: answer.done.preview, violations: [] };
    },
  }),
);

type Refusal = { kind: 'invalid'; violations: RuleViolation[] } | { kind: 'forbidden'; message: string; messageSv: string };
const isRefusal = (r: { kind: string }): r is Refusal => r.kind === 'invalid' || r.kind === 'forbidden';

/**
 * A run or a preview asked for: the routine's global ID decoded, the call made on today's clock,
 * and every refusal as violations that name the field. The answer is never cached (the read is logged).
 */
async function answerRunRequest<R extends { kind: string }>(
  ctx: GraphQLContext,
  input: { routineId: string | number; periodStart: unknown; periodEnd: unknown; seed?: number | null },
  call: (asked: StartRunInput, clock: { now: string; today: string }) => Promise<R>,
): Promise<{ done: Exclude<R, Refusal> } | { violations: RuleViolation[] }> {
  let routineId: number;
  try {
    routineId = decodeId(String(input.routineId), ['LogReviewRoutine'], 'routineId');
  } catch (e) {
    return {
      violations: [
        { field: 'routineId', code: 'reference.invalid_id', severity: 'error', message: (e as Error).message, messageSv: 'routineId: ogiltigt ID.' },
      ],
    };
  }
  const now = ctx.now();
  const result = await call(
    { routineId, periodStart: input.periodStart as string, periodEnd: input.periodEnd as string, seed: input.seed ?? null },
    { now: now.toISOString(), today: now.toISOString().slice(0, 10) },
  );
  ctx.uncacheable = true;
  if (!isRefusal(result)) return { done: result as Exclude<R, Refusal> };
  if (result.kind === 'invalid') return { violations: result.violations };
  return { violations: [{ field: 'routineId', code: 'auth.not_log_reviewer', severity: 'error', message: result.message, messageSv: result.messageSv }] };
}
