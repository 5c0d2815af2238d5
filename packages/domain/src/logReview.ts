import { isIsoDate } from './dates';
import { stockholmDayNumber, stockholmHour } from './stockholmTime';
import { violation, type RuleViolation } from './violations';
import type { Labels } from './vocabulary';

const HOUR_MS = 3_600_000;

// Log review (loggkontroll), patientdatalagen 4 kap. 3 § and HSLF-FS 2016:40 4 kap. 9 §: each care
// provider checks its access logs systematically and recurrently, by criteria and at random, and
// documents it. The law sets no interval; each data owner's routine does.

/**
 * The selection rules, in bit order: a selected entry stores which rules chose it as a bit mask
 * (bit i = LOG_REVIEW_RULES[i]), so that "how many entries did each rule select, and how many of
 * them were unjustified" is arithmetic in SQL. Append new rules at the end; never reorder.
 */
export const LOG_REVIEW_RULES = [
  'emergency_access',
  'no_care_relationship',
  'other_care_provider',
  'outside_usual_hours',
  'unusual_volume',
  'rare_pair',
  'output_action',
  'action_not_permitted',
  'disclosure_without_assessment',
  'random_sample',
] as const;
export type LogReviewRule = (typeof LOG_REVIEW_RULES)[number];

export const LOG_REVIEW_RULE_LABELS: Labels<LogReviewRule> = {
  emergency_access: { en: 'Emergency access (always reviewed)', sv: 'Nödåtkomst (granskas alltid)' },
  no_care_relationship: { en: 'No recorded care relationship or consent', sv: 'Ingen registrerad vårdrelation eller samtycke' },
  other_care_provider: { en: 'Another care provider’s information', sv: 'En annan vårdgivares information' },
  outside_usual_hours: { en: 'Outside the user’s usual hours', sv: 'Utanför ordinarie arbetstid' },
  unusual_volume: { en: 'Unusually many accesses in a day for this user', sv: 'Ovanligt många åtkomster på en dag för användaren' },
  rare_pair: { en: 'A patient no colleague in the user’s care unit looked up', sv: 'En patient som ingen kollega på användarens vårdenhet har öppnat' },
  output_action: { en: 'Print, copy, export or disclosure', sv: 'Utskrift, kopiering, export eller utlämnande' },
  action_not_permitted: {
    en: 'An action the user’s profession may not perform on the category',
    sv: 'En åtgärd som användarens yrkesroll inte får utföra på kategorin',
  },
  disclosure_without_assessment: { en: 'Disclosure without a recorded harm assessment', sv: 'Utlämnande utan registrerad menprövning' },
  random_sample: { en: 'Random sample', sv: 'Slumpmässigt urval' },
};

export const LOG_REVIEW_RULE_DESCRIPTIONS: Labels<LogReviewRule> = {
  emergency_access: { en: 'Every access made on emergency access (nödåtkomst), whatever the sample.', sv: 'Varje åtkomst med nödåtkomst, oavsett urval.' },
  no_care_relationship: {
    en: 'Access with basis none: neither a care relationship nor consent recorded.',
    sv: 'Åtkomst utan grund: varken vårdrelation eller samtycke registrerat.',
  },
  other_care_provider: {
    en: 'The user’s care provider is not the information’s owner (sammanhållen journalföring).',
    sv: 'Användarens vårdgivare är inte informationsägaren (sammanhållen journalföring).',
  },
  outside_usual_hours: { en: 'On a Stockholm clock outside the routine’s usual hours.', sv: 'Enligt svensk tid utanför rutinens ordinarie arbetstid.' },
  unusual_volume: {
    en: 'A day on which the user made more than the routine’s factor times the user’s own median daily accesses in the period (and at least its minimum).',
    sv: 'En dag då användaren gjorde fler än rutinens faktor gånger sin egen mediandag i perioden (och minst dess minimum).',
  },
  rare_pair: {
    en: 'The user is the only one of their care unit to open this patient in the period, while users of other units did: someone else’s patient.',
    sv: 'Användaren är den enda på sin vårdenhet som öppnat patienten i perioden, medan andra enheter har gjort det: någon annans patient.',
  },
  output_action: {
    en: 'The information left the record: printed, copied, exported or disclosed.',
    sv: 'Informationen lämnade journalen: utskriven, kopierad, exporterad eller utlämnad.',
  },
  action_not_permitted: {
    en: 'The access policy (behörighetspolicy) for the user’s profession and the category does not allow the action.',
    sv: 'Behörighetspolicyn för användarens yrkesroll och kategorin tillåter inte åtgärden.',
  },
  disclosure_without_assessment: {
    en: 'A disclosure of a category that needs a harm assessment, with no decided disclosure request linked to it.',
    sv: 'Ett utlämnande av en kategori som kräver menprövning, utan beslutad begäran kopplad till sig.',
  },
  random_sample: {
    en: 'Chosen at random from the period with the run’s stored seed: anyone can re-run the selection and get the same entries.',
    sv: 'Slumpmässigt valt ur perioden med körningens sparade frö: vem som helst kan göra om urvalet och få samma poster.',
  },
};

/** The rules a routine may switch off; emergency access and the random sample always run. */
export const OPTIONAL_LOG_REVIEW_RULES = LOG_REVIEW_RULES.filter((r) => r !== 'emergency_access' && r !== 'random_sample');
export type OptionalLogReviewRule = (typeof OPTIONAL_LOG_REVIEW_RULES)[number];

export function ruleBit(rule: LogReviewRule): number {
  return 1 << LOG_REVIEW_RULES.indexOf(rule);
}

export function rulesOfMask(mask: number): LogReviewRule[] {
  return LOG_REVIEW_RULES.filter((_r, i) => (mask & (1 << i)) !== 0);
}

export const REVIEW_STATUSES = ['open', 'justified', 'unjustified', 'needs_follow_up'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const REVIEW_STATUS_LABELS: Labels<ReviewStatus> = {
  open: { en: 'Open', sv: 'Ej granskad' },
  justified: { en: 'Justified', sv: 'Befogad' },
  unjustified: { en: 'Unjustified', sv: 'Obefogad' },
  needs_follow_up: { en: 'Needs follow-up', sv: 'Behöver utredas vidare' },
};

export const REVIEW_CASE_ACTIONS = ['talk_with_user', 'report_to_employer', 'report_to_imy', 'report_to_ivo'] as const;
export type ReviewCaseAction = (typeof REVIEW_CASE_ACTIONS)[number];
export const REVIEW_CASE_ACTION_LABELS: Labels<ReviewCaseAction> = {
  talk_with_user: { en: 'Talk with the user', sv: 'Samtal med användaren' },
  report_to_employer: { en: 'Report to the employer', sv: 'Anmälan till arbetsgivaren' },
  report_to_imy: { en: 'Report to IMY (data protection authority)', sv: 'Anmälan till IMY' },
  report_to_ivo: { en: 'Report to IVO (health and social care inspectorate)', sv: 'Anmälan till IVO' },
};

export interface ReviewRoutineInput {
  name?: string | null;
  intervalDays?: number | null;
  sampleSize?: number | null;
  emergencyReviewDays?: number | null;
  usualHoursStart?: number | null;
  usualHoursEnd?: number | null;
  volumeFactor?: number | null;
  volumeMinimum?: number | null;
}

/** The bounds of a routine's numbers: wide enough for any owner, narrow enough to stay a review. */
export const ROUTINE_LIMITS = {
  intervalDays: { min: 1, max: 730 },
  sampleSize: { min: 0, max: 1000 },
  emergencyReviewDays: { min: 1, max: 365 },
  usualHoursStart: { min: 0, max: 23 },
  usualHoursEnd: { min: 1, max: 24 },
  volumeFactor: { min: 2, max: 100 },
  volumeMinimum: { min: 1, max: 100_000 },
} as const;

const ROUTINE_FIELD_LABELS: Labels<keyof typeof ROUTINE_LIMITS> = {
  intervalDays: { en: 'interval (days)', sv: 'intervall (dagar)' },
  sampleSize: { en: 'sample size', sv: 'stickprovets storlek' },
  emergencyReviewDays: { en: 'days to review emergency access', sv: 'dagar till granskning av nödåtkomst' },
  usualHoursStart: { en: 'usual hours from', sv: 'ordinarie arbetstid från' },
  usualHoursEnd: { en: 'usual hours until', sv: 'ordinarie arbetstid till' },
  volumeFactor: { en: 'volume factor', sv: 'volymfaktor' },
  volumeMinimum: { en: 'volume minimum', sv: 'volymminimum' },
};

export function validateReviewRoutine(r: ReviewRoutineInput): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const [field, { min, max }] of Object.entries(ROUTINE_LIMITS) as [keyof typeof ROUTINE_LIMITS, { min: number; max: number }][]) {
    const value = r[field];
    if (value === null || value === undefined) {
      out.push(
        violation(
          field,
          'log_review.routine_value_required',
          `The ${ROUTINE_FIELD_LABELS[field].en} is required.`,
          `${cap(ROUTINE_FIELD_LABELS[field].sv)} måste anges.`,
        ),
      );
    } else if (!Number.isInteger(value) || value < min || value > max) {
      out.push(
        violation(
          field,
          'log_review.routine_value_out_of_range',
          `The ${ROUTINE_FIELD_LABELS[field].en} must be a whole number from ${min} to ${max}; got ${value}.`,
          `${cap(ROUTINE_FIELD_LABELS[field].sv)} måste vara ett heltal från ${min} till ${max}; fick ${value}.`,
        ),
      );
    }
  }
  const start = r.usualHoursStart;
  const end = r.usualHoursEnd;
  if (Number.isInteger(start) && Number.isInteger(end) && start! >= end!) {
    out.push(
      violation(
        'usualHoursEnd',
        'log_review.usual_hours_empty',
        `Usual hours must end after they start (${start}–${end}); a night shift is usual hours from 0 to 24.`,
        `Ordinarie arbetstid måste sluta efter att den börjar (${start}–${end}); nattarbete är ordinarie arbetstid 0–24.`,
      ),
    );
  }
  if (!r.name || !r.name.trim()) out.push(violation('name', 'log_review.routine_name_required', 'A routine needs a name.', 'En rutin måste ha ett namn.'));
  return out;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The longest period one run may cover: a review is a sample, not a census. */
export const MAX_REVIEW_PERIOD_DAYS = 366;

export function validateReviewPeriod(periodStart: string, periodEnd: string, today: string): RuleViolation[] {
  if (!isIsoDate(periodStart))
    return [violation('periodStart', 'date.invalid', `Not a date (YYYY-MM-DD): ${periodStart}.`, `Inte ett datum (ÅÅÅÅ-MM-DD): ${periodStart}.`)];
  if (!isIsoDate(periodEnd))
    return [violation('periodEnd', 'date.invalid', `Not a date (YYYY-MM-DD): ${periodEnd}.`, `Inte ett datum (ÅÅÅÅ-MM-DD): ${periodEnd}.`)];
  const out: RuleViolation[] = [];
  if (periodEnd < periodStart)
    out.push(violation('periodEnd', 'log_review.period_reversed', 'The period ends before it starts.', 'Perioden slutar innan den börjar.'));
  if (periodEnd > today)
    out.push(
      violation(
        'periodEnd',
        'log_review.period_in_future',
        `The period may not end after today (${today}): entries not yet made cannot be reviewed.`,
        `Perioden får inte sluta efter i dag (${today}): poster som inte finns kan inte granskas.`,
      ),
    );
  const days = (Date.parse(periodEnd) - Date.parse(periodStart)) / 86_400_000 + 1;
  if (days > MAX_REVIEW_PERIOD_DAYS) {
    out.push(
      violation(
        'periodEnd',
        'log_review.period_too_long',
        `A run covers at most ${MAX_REVIEW_PERIOD_DAYS} days; this period has ${days}.`,
        `En körning omfattar högst ${MAX_REVIEW_PERIOD_DAYS} dagar; perioden har ${days}.`,
      ),
    );
  }
  return out;
}

export interface ReviewItemState {
  status: string;
  reasoning?: string | null;
  decidedBy?: string | null;
  caseAction?: string | null;
  caseOutcome?: string | null;
  caseClosedOn?: string | null;
}

/**
 * A finding is documentation: a decided item needs its reasoning and who decided, a decision is
 * never taken back to "open" (it is revised by a new decision, and the history keeps both), and
 * only an unjustified access opens a case.
 */
export function validateReviewItem(before: ReviewItemState | null, after: ReviewItemState): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (!(REVIEW_STATUSES as readonly string[]).includes(after.status)) {
    out.push(violation('status', 'enum.invalid', `Unknown status ${after.status}.`, `Okänd status ${after.status}.`));
    return out;
  }
  if (before && before.status !== 'open' && after.status === 'open') {
    out.push(
      violation(
        'status',
        'log_review.decision_not_reopened',
        'A decided review item cannot be made open again; record a new finding instead (the history keeps the earlier one).',
        'En bedömd granskningspost kan inte öppnas igen; registrera en ny bedömning i stället (historiken behåller den tidigare).',
      ),
    );
  }
  if (after.status !== 'open') {
    if (!after.reasoning?.trim())
      out.push(
        violation('reasoning', 'log_review.reasoning_required', 'A finding needs the reviewer’s reasoning.', 'En bedömning måste ha granskarens motivering.'),
      );
    if (!after.decidedBy?.trim())
      out.push(violation('decidedBy', 'log_review.decided_by_required', 'A finding needs who decided it.', 'En bedömning måste ange vem som beslutat.'));
  }
  const hasCase = Boolean(after.caseAction || after.caseOutcome?.trim() || after.caseClosedOn);
  if (hasCase && after.status !== 'unjustified') {
    out.push(
      violation(
        'caseAction',
        'log_review.case_needs_unjustified',
        'Only an unjustified access opens a case.',
        'Bara en obefogad åtkomst leder till ett ärende.',
      ),
    );
  }
  if (after.caseAction && !(REVIEW_CASE_ACTIONS as readonly string[]).includes(after.caseAction)) {
    out.push(violation('caseAction', 'enum.invalid', `Unknown case action ${after.caseAction}.`, `Okänd åtgärd ${after.caseAction}.`));
  }
  if ((after.caseOutcome?.trim() || after.caseClosedOn) && !after.caseAction) {
    out.push(
      violation(
        'caseAction',
        'log_review.case_action_required',
        'A case’s outcome needs the action taken.',
        'Ett ärendes utfall kräver vilken åtgärd som vidtogs.',
      ),
    );
  }
  if (after.caseClosedOn && !isIsoDate(after.caseClosedOn))
    out.push(
      violation('caseClosedOn', 'date.invalid', `Not a date (YYYY-MM-DD): ${after.caseClosedOn}.`, `Inte ett datum (ÅÅÅÅ-MM-DD): ${after.caseClosedOn}.`),
    );
  return out;
}

/** Whether an owner's log review is overdue: its last completed run is older than its interval (or it has none). */
export function isReviewOverdue(intervalDays: number, lastCompletedOn: string | null, today: string): boolean {
  if (!lastCompletedOn) return true;
  return (Date.parse(today) - Date.parse(lastCompletedOn)) / 86_400_000 > intervalDays;
}

// --- Reproducible random sample --------------------------------------------------------------

/** mulberry32: a small 32-bit generator, written out so that anyone can re-run a run's sample. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * The positions of a run's random sample among the period's `count` entries: `size` distinct
 * ranks drawn from the seed (every rank when there are no more entries than that), ascending.
 * Each draw is the 64-bit number of two generator outputs scaled to [0, count) in exact integer
 * arithmetic. Positions rather than keys per entry, so the database finds the sample from its
 * per-user-and-day counts without reading every entry of the period.
 */
export function sampleRanks(seed: number, count: number, size: number): number[] {
  if (size >= count) return Array.from({ length: count }, (_, i) => i);
  const next = mulberry32(seed);
  const drawn = new Set<number>();
  while (drawn.size < size) {
    const wide = (BigInt(next()) << 32n) | BigInt(next());
    drawn.add(Number((wide * BigInt(count)) >> 64n));
  }
  return [...drawn].sort((a, b) => a - b);
}

/**
 * The order the sample's ranks count in: by Stockholm day, then user (HSA-ids are ASCII, so this
 * is also the database's byte order), then time and id.
 */
export function compareForSample(
  a: { day: number; userHsaId: string; occurredAt: number; id: number },
  b: { day: number; userHsaId: string; occurredAt: number; id: number },
): number {
  return a.day - b.day || (a.userHsaId < b.userHsaId ? -1 : a.userHsaId > b.userHsaId ? 1 : 0) || a.occurredAt - b.occurredAt || a.id - b.id;
}

/** The largest seed: a GraphQL Int, so integrators can pass it back unchanged. */
export const MAX_REVIEW_SEED = 2 ** 31 - 1;

export function isValidSeed(seed: number): boolean {
  return Number.isInteger(seed) && seed >= 0 && seed <= MAX_REVIEW_SEED;
}

// --- The selection, as a pure reference -------------------------------------------------------

export interface SelectionCriteria {
  /** Bit mask of the rules to apply (emergency access and the random sample are always applied). */
  rules: number;
  usualHoursStart: number;
  usualHoursEnd: number;
  volumeFactor: number;
  volumeMinimum: number;
  sampleSize: number;
  seed: number;
}

export interface SelectableEntry {
  id: number;
  occurredAt: number;
  userHsaId: string;
  careUnit: string;
  /** Patient pseudonym, hex. */
  patient: string;
  careProviderId: number;
  dataOwnerId: number;
  action: string;
  basis: string;
  /** Whether the access policy forbids this action (computed by whoever holds the policies). */
  notPermitted?: boolean;
  /** Whether this is a disclosure needing a harm assessment that has none. */
  disclosureUnassessed?: boolean;
}

const OUTPUT_ACTIONS = new Set(['print', 'copy', 'export', 'disclose']);
export const LOG_OUTPUT_ACTIONS = [...OUTPUT_ACTIONS];

/** The lower median: the middle value, or the lower of the two middle ones. */
export function lowerMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/**
 * A user's days of unusual volume: at least the minimum and more than the factor times the
 * user's own lower median over the days with any entries in the period.
 */
export function unusualDays(entriesPerDay: ReadonlyMap<number, number>, c: Pick<SelectionCriteria, 'volumeFactor' | 'volumeMinimum'>): number[] {
  const median = lowerMedian([...entriesPerDay.values()]);
  return [...entriesPerDay].filter(([, n]) => n >= c.volumeMinimum && n > c.volumeFactor * median).map(([day]) => day);
}

/**
 * The instants of a period whose Stockholm hour is outside [start, end), as [fromMs, toMs) spans.
 * Stockholm's hour changes only on whole UTC hours, so walking them is exact, switches included.
 */
export function outsideHoursSpans(fromMs: number, toMs: number, start: number, end: number): { fromMs: number; toMs: number }[] {
  const spans: { fromMs: number; toMs: number }[] = [];
  const firstHour = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
  for (let h = firstHour; h < toMs; h += HOUR_MS) {
    const hour = stockholmHour(h);
    if (hour >= start && hour < end) continue;
    const from = Math.max(h, fromMs);
    const to = Math.min(h + HOUR_MS, toMs);
    const last = spans.at(-1);
    if (last && last.toMs === from) last.toMs = to;
    else spans.push({ fromMs: from, toMs: to });
  }
  return spans;
}

/**
 * The selection rules over one owner's entries for one period, in memory: the definition the SQL
 * in packages/db must agree with (a test runs both over the same entries). Answers each selected
 * entry's rule mask.
 */
export function selectForReview(entries: readonly SelectableEntry[], c: SelectionCriteria): Map<number, number> {
  const on = (rule: LogReviewRule) => rule === 'emergency_access' || (c.rules & ruleBit(rule)) !== 0;
  const perUserDay = new Map<string, Map<number, number>>();
  const unitUsers = new Map<string, Set<string>>();
  const patientUnits = new Map<string, Set<string>>();
  for (const e of entries) {
    const days = perUserDay.get(e.userHsaId) ?? new Map<number, number>();
    const day = stockholmDayNumber(e.occurredAt);
    days.set(day, (days.get(day) ?? 0) + 1);
    perUserDay.set(e.userHsaId, days);
    const pairKey = `${e.patient}\u0000${e.careUnit}`;
    (unitUsers.get(pairKey) ?? unitUsers.set(pairKey, new Set()).get(pairKey)!).add(e.userHsaId);
    (patientUnits.get(e.patient) ?? patientUnits.set(e.patient, new Set()).get(e.patient)!).add(e.careUnit);
  }
  const hotDays = new Set<string>();
  for (const [user, days] of perUserDay) for (const day of unusualDays(days, c)) hotDays.add(`${user}\u0000${day}`);
  const out = new Map<number, number>();
  for (const e of entries) {
    let mask = 0;
    const hour = stockholmHour(e.occurredAt);
    if (e.basis === 'emergency_access') mask |= ruleBit('emergency_access');
    if (on('no_care_relationship') && e.basis === 'none') mask |= ruleBit('no_care_relationship');
    if (on('other_care_provider') && e.careProviderId !== e.dataOwnerId) mask |= ruleBit('other_care_provider');
    if (on('outside_usual_hours') && (hour < c.usualHoursStart || hour >= c.usualHoursEnd)) mask |= ruleBit('outside_usual_hours');
    if (on('unusual_volume') && hotDays.has(`${e.userHsaId}\u0000${stockholmDayNumber(e.occurredAt)}`)) mask |= ruleBit('unusual_volume');
    if (on('rare_pair') && unitUsers.get(`${e.patient}\u0000${e.careUnit}`)!.size === 1 && patientUnits.get(e.patient)!.size > 1) mask |= ruleBit('rare_pair');
    if (on('output_action') && OUTPUT_ACTIONS.has(e.action)) mask |= ruleBit('output_action');
    if (on('action_not_permitted') && e.notPermitted) mask |= ruleBit('action_not_permitted');
    if (on('disclosure_without_assessment') && e.disclosureUnassessed) mask |= ruleBit('disclosure_without_assessment');
    if (mask) out.set(e.id, mask);
  }
  const ordered = entries.map((e) => ({ ...e, day: stockholmDayNumber(e.occurredAt) })).sort(compareForSample);
  for (const rank of sampleRanks(c.seed, ordered.length, c.sampleSize)) {
    const id = ordered[rank]!.id;
    out.set(id, (out.get(id) ?? 0) | ruleBit('random_sample'));
  }
  return out;
}
