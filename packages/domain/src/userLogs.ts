import { isIsoDate } from './dates';
import { validateHsaId } from './identifiers';
import { parsePersonalIdentityNumber, validatePersonalIdentityNumber } from './personalIdentityNumber';
import { isBlank, validateText, type TextRule } from './text';
import type { Label, Labels } from './vocabulary';
import { validateEnum } from './vocabulary';
import { violation, type RuleViolation } from './violations';

// A user (access) log entry, with the fields HSLF-FS 2016:40 requires a log to show. These rules
// are pure: the lookups of organisations and categories are passed in.

export const LOG_ACTIONS = ['read', 'create', 'update', 'sign', 'print', 'copy', 'disclose', 'export'] as const;
export type LogAction = (typeof LOG_ACTIONS)[number];
export const LOG_ACTION_LABELS: Labels<LogAction> = {
  read: { en: 'Read', sv: 'Läsning' },
  create: { en: 'Create', sv: 'Registrering' },
  update: { en: 'Update', sv: 'Ändring' },
  sign: { en: 'Sign', sv: 'Signering' },
  print: { en: 'Print', sv: 'Utskrift' },
  copy: { en: 'Copy', sv: 'Kopiering' },
  disclose: { en: 'Disclose', sv: 'Utlämnande' },
  export: { en: 'Export', sv: 'Export' },
};

export const ACCESS_BASES = ['care_relationship', 'consent', 'emergency_access', 'none'] as const;
export type AccessBasis = (typeof ACCESS_BASES)[number];
export const ACCESS_BASIS_LABELS: Labels<AccessBasis> = {
  care_relationship: { en: 'Care relationship', sv: 'Vårdrelation' },
  consent: { en: 'Consent', sv: 'Samtycke' },
  emergency_access: { en: 'Emergency access', sv: 'Nödåtkomst' },
  none: { en: 'None', sv: 'Ingen' },
};

export const LOG_DEVICES = ['desktop', 'mobile'] as const;
export type LogDevice = (typeof LOG_DEVICES)[number];
export const LOG_DEVICE_LABELS: Labels<LogDevice> = {
  desktop: { en: 'Desktop', sv: 'Dator' },
  mobile: { en: 'Mobile device', sv: 'Mobil enhet' },
};

export const LOG_OUTCOMES = ['success', 'denied', 'failed'] as const;
export type LogOutcome = (typeof LOG_OUTCOMES)[number];
export const LOG_OUTCOME_LABELS: Labels<LogOutcome> = {
  success: { en: 'Succeeded', sv: 'Genomförd' },
  denied: { en: 'Denied', sv: 'Nekad' },
  failed: { en: 'Failed', sv: 'Misslyckad' },
};

/** An entry as a source system sends it. Organisations by organisation number, HSA-id or municipality code. */
export interface UserLogEntryInput {
  occurredAt: string;
  userHsaId: string;
  userName: string;
  userProfession?: string | null;
  careProvider: string;
  careUnit: string;
  action: string;
  patient: string;
  category: string;
  dataOwner: string;
  basis: string;
  device: string;
  sourceSystem: string;
  sourceEntryId: string;
  outcome: string;
}

export interface UserLogLookups {
  organisation(ref: string): number | null;
  category(code: string): number | null;
}

const REQUIRED: readonly (keyof UserLogEntryInput)[] = [
  'occurredAt',
  'userHsaId',
  'userName',
  'careProvider',
  'careUnit',
  'action',
  'patient',
  'category',
  'dataOwner',
  'basis',
  'device',
  'sourceSystem',
  'sourceEntryId',
  'outcome',
];

const FIELD_LABELS: Record<string, Label> = {
  occurredAt: { en: 'time', sv: 'tidpunkt' },
  userProfession: { en: 'user profession', sv: 'användarens yrkesroll' },
  userHsaId: { en: 'user HSA-id', sv: 'användarens HSA-id' },
  userName: { en: 'user name', sv: 'användarens namn' },
  careProvider: { en: 'care provider', sv: 'vårdgivare' },
  careUnit: { en: 'care unit', sv: 'vårdenhet' },
  action: { en: 'action', sv: 'aktivitet' },
  patient: { en: 'patient', sv: 'patient' },
  category: { en: 'information category', sv: 'informationsmängd' },
  dataOwner: { en: 'information owner', sv: 'informationsägare' },
  basis: { en: 'basis of access', sv: 'grund för åtkomst' },
  device: { en: 'device', sv: 'enhet' },
  sourceSystem: { en: 'source system', sv: 'källsystem' },
  sourceEntryId: { en: 'entry id in the source system', sv: 'postens id i källsystemet' },
  outcome: { en: 'outcome', sv: 'utfall' },
};

/**
 * How long each field may be, and whether it may hold line breaks. The limits are far above any
 * real value yet keep a stray file or a misbehaving client from storing megabytes per entry: an
 * HSA-id is at most 31 characters (the HSA specification's own limit), and so is an organisation
 * given by HSA-id, organisation number or municipality code; a time with nanoseconds and an offset
 * is 35; an identity number with a separator 13; names and care units 200 (the longest unit names
 * in HSA are about 120); professions and source systems 100; a source system's entry id 200 (a URN
 * or two concatenated UUIDs fit). Names and units may hold line breaks (exports do have multi-line
 * unit names); identifiers, codes and times may not.
 */
export const LOG_TEXT_RULES: Readonly<Record<keyof UserLogEntryInput, TextRule>> = {
  occurredAt: { max: 40 },
  userHsaId: { max: 31 },
  userName: { max: 200, multiline: true },
  userProfession: { max: 100, multiline: true },
  careProvider: { max: 31 },
  careUnit: { max: 200, multiline: true },
  action: { max: 40 },
  patient: { max: 20 },
  category: { max: 100 },
  dataOwner: { max: 31 },
  basis: { max: 40 },
  device: { max: 40 },
  sourceSystem: { max: 100 },
  sourceEntryId: { max: 200 },
  outcome: { max: 40 },
};

const TEXT_RULE_LIST = Object.entries(LOG_TEXT_RULES) as [keyof UserLogEntryInput, TextRule][];

/** The earliest time an entry may have: no computerised record predates it; earlier is a typing error. */
export const EARLIEST_LOG_TIME_MS = Date.UTC(1900, 0, 1);
/** How far past the server's clock an entry may lie: the source system's clock may run a little ahead. */
export const LOG_CLOCK_SKEW_MS = 5 * 60_000;

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?/;
const ZONE = /^(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads an ISO 8601 time of day on a date: `instant` in epoch milliseconds when it has a zone (Z or
 * ±hh:mm), `no_zone` when it is a valid local time without one (which instant it means depends
 * on where it was written, so it is refused rather than guessed), `malformed` otherwise.
 */
export function readIsoInstant(s: string): { kind: 'instant'; ms: number } | { kind: 'no_zone' } | { kind: 'malformed' } {
  const local = LOCAL_TIME.exec(s);
  // Date.parse rolls 30 February into March: the calendar date must exist as written.
  if (!local || !isIsoDate(s.slice(0, 10))) return { kind: 'malformed' };
  const zone = s.slice(local[0].length);
  if (zone === '') return { kind: 'no_zone' };
  if (!ZONE.test(zone)) return { kind: 'malformed' };
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? { kind: 'malformed' } : { kind: 'instant', ms };
}

/** Parses an ISO 8601 timestamp with a time zone (Z or ±hh:mm) to epoch milliseconds. */
export function parseLogTime(s: string): number | null {
  const read = readIsoInstant(s);
  return read.kind === 'instant' ? read.ms : null;
}

export interface ResolvedLogEntry {
  occurredAt: number;
  careProviderId: number;
  dataOwnerId: number;
  categoryId: number;
  /** The identity number in its 12-digit form, to be pseudonymised; never stored. */
  patientNumber: string;
}

/**
 * Checks one entry: that every text is well-formed, free of control characters and within its
 * limit (a field that is not is checked no further), every required field, the time (with a zone,
 * from 1900 on and not in the future beyond five minutes of clock skew), the patient's personal or coordination number (date and Luhn), the
 * user's HSA-id, the vocabularies, and that the organisations and category are known.
 */
export function validateUserLogEntry(
  input: Partial<UserLogEntryInput>,
  today: string,
  nowMs: number,
  lookups: UserLogLookups,
): { violations: RuleViolation[]; resolved: ResolvedLogEntry | null } {
  const found: RuleViolation[] = [];
  // A field whose text breaks a text rule is reported once, for that rule, and then checked no
  // further: its value could be megabytes, or not printable, in every later message.
  let unreadable: Set<string> | null = null;
  for (const [field, rule] of TEXT_RULE_LIST) {
    const value = input[field];
    if (typeof value !== 'string') continue;
    const v = validateText(value, field, rule, FIELD_LABELS[field]);
    if (v.length) {
      found.push(...v);
      (unreadable ??= new Set()).add(field);
    }
  }
  const e: Partial<UserLogEntryInput> = unreadable ? Object.fromEntries(Object.entries(input).filter(([field]) => !unreadable.has(field))) : input;
  for (const field of REQUIRED) {
    if (unreadable?.has(field)) continue;
    if (isBlank(e[field] as string | undefined)) {
      const l = FIELD_LABELS[field]!;
      found.push(violation(field, 'required', `The ${l.en} is required.`, `${l.sv[0]!.toUpperCase()}${l.sv.slice(1)} måste anges.`));
    }
  }
  const occurredAt = isBlank(e.occurredAt) ? null : parseLogTime(e.occurredAt!);
  if (!isBlank(e.occurredAt) && occurredAt === null) {
    found.push(
      violation(
        'occurredAt',
        'log.time_format',
        `"${e.occurredAt}" is not an ISO 8601 time with a zone, e.g. 2026-11-22T09:30:00Z.`,
        `"${e.occurredAt}" är inte en tidpunkt enligt ISO 8601 med tidszon, t.ex. 2026-11-22T09:30:00Z.`,
      ),
    );
  } else if (occurredAt !== null && occurredAt < EARLIEST_LOG_TIME_MS) {
    found.push(violation('occurredAt', 'log.time_too_early', `The time ${e.occurredAt} is before 1900.`, `Tidpunkten ${e.occurredAt} ligger före 1900.`));
  } else if (occurredAt !== null && occurredAt > nowMs + LOG_CLOCK_SKEW_MS) {
    found.push(
      violation(
        'occurredAt',
        'log.time_in_future',
        `The time ${e.occurredAt} lies in the future (more than five minutes past the registry's clock).`,
        `Tidpunkten ${e.occurredAt} ligger i framtiden (mer än fem minuter efter registrets klocka).`,
      ),
    );
  }
  if (!isBlank(e.userHsaId)) found.push(...validateHsaId(e.userHsaId!, 'userHsaId'));
  let patientNumber: string | null = null;
  if (!isBlank(e.patient)) {
    const v = validatePersonalIdentityNumber(e.patient!, 'patient', today);
    found.push(...v);
    if (v.length === 0) patientNumber = parsePersonalIdentityNumber(e.patient!, today)?.normalised ?? null;
  }
  if (!isBlank(e.action)) found.push(...validateEnum(e.action, LOG_ACTIONS, 'action'));
  if (!isBlank(e.basis)) found.push(...validateEnum(e.basis, ACCESS_BASES, 'basis'));
  if (!isBlank(e.device)) found.push(...validateEnum(e.device, LOG_DEVICES, 'device'));
  if (!isBlank(e.outcome)) found.push(...validateEnum(e.outcome, LOG_OUTCOMES, 'outcome'));
  const org = (field: 'careProvider' | 'dataOwner') => {
    if (isBlank(e[field])) return null;
    const id = lookups.organisation(e[field]!);
    if (id === null) {
      found.push(
        violation(
          field,
          'log.unknown_organisation',
          `No organisation "${e[field]}" in the registry (give an organisation number, HSA-id or municipality code).`,
          `Ingen organisation "${e[field]}" i registret (ange organisationsnummer, HSA-id eller kommunkod).`,
        ),
      );
    }
    return id;
  };
  const careProviderId = org('careProvider');
  const dataOwnerId = org('dataOwner');
  let categoryId: number | null = null;
  if (!isBlank(e.category)) {
    categoryId = lookups.category(e.category!);
    if (categoryId === null)
      found.push(violation('category', 'log.unknown_category', `No information category "${e.category}".`, `Ingen informationsmängd "${e.category}".`));
  }
  const ok = found.length === 0 && occurredAt !== null && careProviderId !== null && dataOwnerId !== null && categoryId !== null && patientNumber !== null;
  return {
    violations: found,
    resolved: ok
      ? { occurredAt: occurredAt!, careProviderId: careProviderId!, dataOwnerId: dataOwnerId!, categoryId: categoryId!, patientNumber: patientNumber! }
      : null,
  };
}

/** The fields a stored entry's hash covers, in a fixed order. */
export interface StoredLogContent {
  occurredAt: number;
  userHsaId: string;
  userName: string;
  userProfession: string | null;
  careProviderId: number;
  careUnit: string;
  action: string;
  patientPseudonymHex: string;
  categoryId: number;
  dataOwnerId: number;
  basis: string;
  device: string;
  sourceSystem: string;
  sourceEntryId: string;
  outcome: string;
  submittedByOrgId: number;
}

/** The canonical bytes-to-be of an entry: a JSON array in a fixed order, so any change shows in the hash. */
export function canonicalLogEntry(e: StoredLogContent): string {
  return JSON.stringify([
    e.occurredAt,
    e.userHsaId,
    e.userName,
    e.userProfession,
    e.careProviderId,
    e.careUnit,
    e.action,
    e.patientPseudonymHex,
    e.categoryId,
    e.dataOwnerId,
    e.basis,
    e.device,
    e.sourceSystem,
    e.sourceEntryId,
    e.outcome,
    e.submittedByOrgId,
  ]);
}
