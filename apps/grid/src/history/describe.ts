import { entityTypeLabel, type Dictionary, type Language } from '../i18n';
import { fieldWords, HISTORY_FIELDS, valueLabel } from '../i18n/historyFields';
import { formatLogTime } from '../logs/format';
import { isReference, referenceIds } from './names';

/** A recorded change as the history reads it (the API's `Change`, the fields the history uses). */
export interface RecordedChange {
  entity: string;
  entityId: number;
  subjectId: string;
  operation: string;
  before: unknown;
  after: unknown;
}

/** The name of a row by global ID: a string once read, null when gone or hidden, undefined while unread. */
export type NameOf = (globalId: string) => string | null | undefined;

type Json = Record<string, unknown> | null;
const asObject = (v: unknown): Json => (v && typeof v === 'object' ? (v as Record<string, unknown>) : null);

/** Bookkeeping every row carries: not what anyone changed. */
const BOOKKEEPING = new Set(['version', 'updatedAt', 'createdAt']);

/** The fields a change touched, with the value before and after: for a create or delete, those with a value. */
export function changedFields(before: unknown, after: unknown): { field: string; before: unknown; after: unknown }[] {
  const b = asObject(before);
  const a = asObject(after);
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((k) => !BOOKKEEPING.has(k));
  return keys
    .map((field) => ({ field, before: b?.[field] ?? null, after: a?.[field] ?? null }))
    .filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after))
    .filter((c) => (b && a ? true : (c.before ?? c.after) !== null));
}

/** Every field of the row before and after, in the order it has them. */
export function allFields(before: unknown, after: unknown): string[] {
  return [...new Set([...Object.keys(asObject(before) ?? {}), ...Object.keys(asObject(after) ?? {})])];
}

/** A stored row's field in the reader's words ("Rättslig grund", not legalBasis). */
export const fieldLabel = (field: string, lang: Language) => HISTORY_FIELDS[field]?.[lang] ?? fieldWords(field);

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A stored value as a reader says it: yes and no, coded values in words, times in Swedish time as
 * the log browser shows them, a reference by the name of the row it points at (by its number until
 * the name is read, or when the row is gone or hidden).
 */
export function valueText(entity: string, field: string, value: unknown, t: Dictionary, lang: Language, nameOf?: NameOf): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t.yes : t.no;
  if (isReference(field)) {
    const name = referenceIds(field, value)
      .map((id) => nameOf?.(id))
      .find((n) => n);
    return name ?? `#${String(value)}`;
  }
  if (typeof value === 'string') {
    const label = valueLabel(entity, field, value);
    if (label) return label[lang];
    if (TIMESTAMP.test(value)) return formatLogTime(value, lang);
    return value;
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Every global ID a change's fields point at (what `nodes(ids:)` is asked to name), with the changed row's own. */
export function idsToName(change: RecordedChange): string[] {
  const ids = new Set<string>([change.subjectId]);
  for (const row of [asObject(change.before), asObject(change.after)]) {
    for (const [field, value] of Object.entries(row ?? {})) for (const id of referenceIds(field, value)) ids.add(id);
  }
  return [...ids];
}

/**
 * The changed row's name: as the API names it now, else from the row as recorded (a deleted row's
 * name or title); empty when neither says.
 */
export function subjectName(change: RecordedChange, nameOf?: NameOf): string {
  const now = nameOf?.(change.subjectId);
  if (now) return now;
  const row = asObject(change.after) ?? asObject(change.before);
  const recorded = row?.name ?? row?.title ?? row?.area ?? row?.requester;
  return typeof recorded === 'string' ? recorded : '';
}

/** "Gallringsregel: Borås – Journalanteckning"; "Gallringsregel 12" for a row without a name. */
export function changeTitle(change: RecordedChange, t: Dictionary, nameOf?: NameOf): string {
  const type = entityTypeLabel(t, change.entity);
  const name = subjectName(change, nameOf);
  return name ? `${type}: ${name}` : `${type} ${change.entityId}`;
}

/** The changed fields in one line: "Rättslig grund: SFS 1 → SFS 2; År: 10 → 11". */
export function changeSummary(change: RecordedChange, t: Dictionary, lang: Language, nameOf?: NameOf): string {
  const show = (field: string, v: unknown) => valueText(change.entity, field, v, t, lang, nameOf);
  return changedFields(change.before, change.after)
    .map(
      (c) =>
        `${fieldLabel(c.field, lang)}: ${change.operation === 'UPDATE' ? `${show(c.field, c.before)} → ${show(c.field, c.after)}` : show(c.field, c.before ?? c.after)}`,
    )
    .join('; ');
}
