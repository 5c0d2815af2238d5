import { violation, type RuleViolation, type UserLogEntryInput } from '@fvm/domain';
import { UsageError } from './common';

/** The fields of an entry, in the order CSV files written by `fvm logs demo` have them. */
export const LOG_FIELDS = [
  'occurredAt',
  'userHsaId',
  'userName',
  'userProfession',
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
] as const satisfies readonly (keyof UserLogEntryInput)[];

type Field = (typeof LOG_FIELDS)[number];
export type ParsedEntry = { entry: Partial<UserLogEntryInput>; violations: RuleViolation[] };

// Source systems spell column names their own way (occurred_at, OccurredAt, "occurred at"); all of
// them mean the same field.
const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const BY_SQUASHED = new Map<string, Field>(LOG_FIELDS.map((f) => [squash(f), f]));

/** Maps a CSV header row onto fields; throws if a required column is missing. */
export function csvColumns(header: readonly string[]): { columns: (Field | null)[]; ignored: string[] } {
  const columns = header.map((h, i) => BY_SQUASHED.get(squash(i === 0 ? h.replace(/^\uFEFF/, '') : h)) ?? null);
  const missing = LOG_FIELDS.filter((f) => f !== 'userProfession' && !columns.includes(f));
  if (missing.length)
    throw new UsageError(`the header row lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (it has: ${header.join(', ')})`);
  return { columns, ignored: header.filter((_, i) => columns[i] === null) };
}

export function entryFromCsv(columns: readonly (Field | null)[], fields: readonly string[]): ParsedEntry {
  const entry: Partial<Record<Field, string>> = {};
  // An empty field is an absent value (so an empty profession is stored as none, not as '').
  columns.forEach((f, i) => {
    if (f && fields[i]) entry[f] = fields[i];
  });
  const violations =
    fields.length === columns.length
      ? []
      : [
          violation(
            '',
            'import.csv_field_count',
            `The record has ${fields.length} fields; the header has ${columns.length}.`,
            `Posten har ${fields.length} fält; rubrikraden har ${columns.length}.`,
          ),
        ];
  return { entry, violations };
}

export function entryFromJson(text: string): ParsedEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { entry: {}, violations: [violation('', 'import.json_syntax', `Not JSON: ${(e as Error).message}.`, `Inte JSON: ${(e as Error).message}.`)] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { entry: {}, violations: [violation('', 'import.json_not_object', 'The line is not a JSON object.', 'Raden är inte ett JSON-objekt.')] };
  }
  const entry: Partial<Record<Field, string>> = {};
  const violations: RuleViolation[] = [];
  const record = value as Record<string, unknown>;
  for (const f of LOG_FIELDS) {
    const v = record[f];
    // Some exports write ids as numbers; the value is the same. "" is absent, as in CSV.
    if (typeof v === 'string') {
      if (v !== '') entry[f] = v;
    } else if (typeof v === 'number') entry[f] = String(v);
    else if (v != null) violations.push(violation(f, 'import.not_text', `${f} must be a string.`, `${f} måste vara en textsträng.`));
  }
  return { entry, violations };
}
