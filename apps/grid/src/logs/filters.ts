import {
  ACCESS_BASES,
  LOG_ACTIONS,
  validateHsaId,
  validatePersonalIdentityNumber,
  violation,
  type AccessBasis,
  type LogAction,
  type RuleViolation,
} from '@fvm/domain';
import type { UserLogFilter } from './queries';

/**
 * The filter bar's fields as typed. It lives only in the view's memory: never in the URL,
 * sessionStorage or a saved view, because the patient field holds an identity number. Signing
 * out unmounts the view and with it the filter.
 */
export interface LogFilterDraft {
  /** Swedish time as typed: 2025-03-01 or 2025-03-01 14:30; '' for none. A day alone for "to" includes that day. */
  from: string;
  to: string;
  userHsaId: string;
  careProvider: string;
  dataOwner: string;
  action: LogAction | '';
  basis: AccessBasis | '';
  patient: string;
  /** The source system and the entry's id there, as an integrator looks up what it sent. */
  sourceSystem: string;
  sourceEntryId: string;
}

export const EMPTY_FILTER: LogFilterDraft = {
  from: '',
  to: '',
  userHsaId: '',
  careProvider: '',
  dataOwner: '',
  action: '',
  basis: '',
  patient: '',
  sourceSystem: '',
  sourceEntryId: '',
};

export type DraftField = keyof LogFilterDraft;

/** The zone the log's times are shown and typed in. */
export const LOG_TIME_ZONE = 'Europe/Stockholm';

const zoneParts = new Intl.DateTimeFormat('en-US', {
  timeZone: LOG_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far Swedish time is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(instant: number): number {
  const p = Object.fromEntries(zoneParts.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * A time as typed, read as Swedish time, in epoch ms: '2025-03-30', '2025-03-30 14:30' (or with a
 * T, or seconds). A day alone is its start, or with `endOfDay` the start of the next day (so that
 * "to 2025-03-30" includes the 30th). Null if it is not a real date and time.
 */
export function parseSwedishTime(value: string, endOfDay = false): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return null;
  const dayOnly = m[4] === undefined;
  const naive = Date.UTC(y, mo - 1, d + (dayOnly && endOfDay ? 1 : 0), h, mi, sec);
  // Date.UTC rolls 2025-02-30 over into March: such a day does not exist.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return null;
  // Two passes settle the offset across a daylight-saving change.
  let t = naive - zoneOffsetMs(naive);
  t = naive - zoneOffsetMs(t);
  return t;
}

/** Today's date in Swedish time (YYYY-MM-DD), for the identity number's century rule. */
export function swedishToday(now = Date.now()): string {
  return new Date(now + zoneOffsetMs(now)).toISOString().slice(0, 10);
}

export interface CheckedFilter {
  /** The filter for the API, or null while a field is invalid. */
  filter: UserLogFilter | null;
  errors: Partial<Record<DraftField, RuleViolation>>;
}

/**
 * Validates the draft (the identity number and the HSA-id by the domain's own rules, before anything
 * is sent) and makes the API filter. `mayIdentify` is false for analysts: the server refuses them the
 * user and patient filters, so those fields are dropped.
 */
export function checkFilter(draft: LogFilterDraft, options: { mayIdentify: boolean; today?: string }): CheckedFilter {
  const errors: CheckedFilter['errors'] = {};
  const filter: UserLogFilter = {};
  const from = draft.from.trim() ? parseSwedishTime(draft.from) : null;
  const to = draft.to.trim() ? parseSwedishTime(draft.to, true) : null;
  if (draft.from.trim() && from === null) errors.from = invalidTime('from');
  if (draft.to.trim() && to === null) errors.to = invalidTime('to');
  if (from !== null && to !== null && from >= to) {
    errors.to = violation('to', 'range', 'The end must come after the start.', 'Slutet måste komma efter början.');
  }
  if (from !== null) filter.occurredFrom = new Date(from).toISOString();
  if (to !== null) filter.occurredBefore = new Date(to).toISOString();

  if (options.mayIdentify) {
    const user = draft.userHsaId.trim();
    if (user) {
      const v = validateHsaId(user, 'userHsaId')[0];
      if (v) errors.userHsaId = v;
      else filter.userHsaIds = [user];
    }
    const patient = draft.patient.trim();
    if (patient) {
      const v = validatePersonalIdentityNumber(patient, 'patient', options.today ?? swedishToday())[0];
      if (v) errors.patient = v;
      else filter.patient = patient;
    }
  }
  if (draft.careProvider) filter.careProviders = [draft.careProvider];
  if (draft.dataOwner) filter.dataOwners = [draft.dataOwner];
  if (draft.action && (LOG_ACTIONS as readonly string[]).includes(draft.action)) filter.actions = [toEnum(draft.action)];
  if (draft.sourceSystem.trim()) filter.sourceSystems = [draft.sourceSystem.trim()];
  if (draft.sourceEntryId.trim()) filter.sourceEntryIds = [draft.sourceEntryId.trim()];
  if (draft.basis && (ACCESS_BASES as readonly string[]).includes(draft.basis)) filter.bases = [toEnum(draft.basis)];
  return { filter: Object.keys(errors).length ? null : filter, errors };
}

function invalidTime(field: 'from' | 'to'): RuleViolation {
  return violation(field, 'datetime', 'Write a date and time as 2025-03-01 or 2025-03-01 14:30.', 'Skriv datum och tid som 2025-03-01 eller 2025-03-01 14:30.');
}

const toEnum = <T extends string>(value: T) => value.toUpperCase() as Uppercase<T>;

/** The API's enum value ('EMERGENCY_ACCESS') as the domain's ('emergency_access'). */
export const fromEnum = <T extends string>(value: T) => value.toLowerCase() as Lowercase<T>;

/** A stable key of an applied filter: a new key starts a new datasource. */
export const filterKey = (filter: UserLogFilter) => JSON.stringify(filter);
