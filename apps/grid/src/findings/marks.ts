import { REGISTRY_CHECKS, type Label } from '@fvm/domain';
import type { Language } from '../i18n';

/** One `registryFindings` entry as the grid reads it. */
export interface RegistryFindingItem {
  check: string;
  subjectType: string;
  subjectId: string;
  message: string;
  messageSv: string;
  organisation: { id: string; name: string } | null;
}

/**
 * API types that are views of one table: the same row has a global ID per type (a processor
 * agreement's list answers ProcessorAgreement IDs, the Agreement mutations and the findings Agreement
 * IDs; a municipality is an Organisation). Rows are compared by family and number, never by the raw ID.
 */
export const TYPE_FAMILIES: readonly (readonly string[])[] = [
  ['Agreement', 'ProcessorAgreement', 'JointControllership'],
  ['Organisation', 'Municipality'],
];

const familyOf = (typename: string) => TYPE_FAMILIES.find((f) => f.includes(typename))?.[0] ?? typename;

/** A global ID's type and row number; null for a string that is not one. */
export function decodeGlobalId(id: string): { typename: string; key: string } | null {
  try {
    const decoded = atob(id);
    const colon = decoded.indexOf(':');
    return colon > 0 ? { typename: decoded.slice(0, colon), key: decoded.slice(colon + 1) } : null;
  } catch {
    return null;
  }
}

/** The same string for every global ID of one row, whichever type of its family names it. */
export function rowKey(id: string): string {
  const d = decodeGlobalId(id);
  return d ? `${familyOf(d.typename)}:${d.key}` : id;
}

/** Whether two global IDs name one row. */
export const sameRow = (a: string, b: string) => rowKey(a) === rowKey(b);

/** Whether a type belongs to the family of another (ProcessorAgreement and Agreement do). */
export const sameFamily = (a: string, b: string) => familyOf(a) === familyOf(b);

export type FindingIndex = ReadonlyMap<string, readonly RegistryFindingItem[]>;

/** Findings by the row they are about (its rowKey). */
export function indexFindings(findings: readonly RegistryFindingItem[]): FindingIndex {
  const out = new Map<string, RegistryFindingItem[]>();
  for (const f of findings) {
    const key = rowKey(f.subjectId);
    out.set(key, [...(out.get(key) ?? []), f]);
  }
  return out;
}

/**
 * The findings about a grid row: about the row itself or any of `also` (rows it shows inside it,
 * e.g. the call-offs in a municipality's row of the matrix), once each.
 */
export function findingsOf(index: FindingIndex, id: string, also: readonly string[] = []): RegistryFindingItem[] {
  const seen = new Set<RegistryFindingItem>();
  for (const key of new Set([id, ...also].map(rowKey))) for (const f of index.get(key) ?? []) seen.add(f);
  return [...seen];
}

/** The subjects that are rows of a type's family: what an "only rows with findings" filter asks for, in IDs the server takes for that table. */
export function subjectsOfType(findings: readonly RegistryFindingItem[], typename: string): string[] {
  return [...new Set(findings.filter((f) => sameFamily(f.subjectType, typename)).map((f) => f.subjectId))];
}

/** The API's enum value (PROCESSOR_AGREEMENT_MISSING_ART28) as the domain's key. */
export const checkKey = (check: string) => check.toLowerCase();

/**
 * A check's name: the domain's label; a check the grid does not know yet (added to the server
 * later) by its key in words, so that it is listed rather than lost.
 */
export function checkLabel(check: string, lang: Language): string {
  const key = checkKey(check);
  const known: Label | undefined = Object.hasOwn(REGISTRY_CHECKS, key) ? REGISTRY_CHECKS[key as keyof typeof REGISTRY_CHECKS] : undefined;
  if (known) return known[lang];
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A finding's text in the language shown. */
export const findingText = (f: Pick<RegistryFindingItem, 'message' | 'messageSv'>, lang: Language) => (lang === 'sv' ? f.messageSv : f.message);

/** Findings counted per check, most first, then by label. */
export function countsByCheck(findings: readonly RegistryFindingItem[], lang: Language): { check: string; label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.check, (counts.get(f.check) ?? 0) + 1);
  return [...counts]
    .map(([check, count]) => ({ check, label: checkLabel(check, lang), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, lang));
}
