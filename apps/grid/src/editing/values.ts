import { isIsoDate, type Label } from '@fvm/domain';
import type { Language } from '../i18n/dictionary';

/**
 * Values as the editable grids keep them: the domain's form (enum values as the domain spells
 * them, `processor`, not the API's `PROCESSOR`; dates as YYYY-MM-DD; references as global IDs),
 * so the domain's rules run on them unchanged. Every typed, chosen, pasted or imported cell goes
 * through the same parser of its column's kind.
 */
export type ValueKind = 'text' | 'longText' | 'int' | 'date' | 'boolean' | 'enum' | 'ref';

export interface Vocabulary {
  values: readonly string[];
  labels: Readonly<Record<string, Label>>;
}

export interface RefOption {
  id: string;
  label: string;
}

export interface ParseContext {
  vocabulary?: Vocabulary;
  options?: readonly RefOption[];
}

/**
 * `ok: false` keeps what was typed as the value, so the domain's own rule (an enum, a date) can
 * say what is wrong with it; where the domain has no rule, the grid's parse message does.
 */
export type Parsed = { ok: true; value: unknown } | { ok: false; value: unknown };

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv');

const TRUE_WORDS = ['ja', 'yes', 'true', 'sant', '1', 'x', '✓', 'j', 'y'];
const FALSE_WORDS = ['nej', 'no', 'false', 'falskt', '0', 'n', '-'];

/** A vocabulary value from its value, its API spelling or its Swedish or English label. */
export function parseVocabulary(text: string, vocabulary: Vocabulary): string | null {
  const t = normalise(text);
  if (t === '') return null;
  for (const value of vocabulary.values) {
    const label = vocabulary.labels[value];
    if (t === value.toLowerCase() || (label && (t === normalise(label.sv) || t === normalise(label.en)))) return value;
  }
  return null;
}

export function parseValue(kind: ValueKind, raw: string, ctx: ParseContext = {}): Parsed {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  switch (kind) {
    case 'text':
    case 'longText':
      return { ok: true, value: text };
    case 'int': {
      const compact = text.replace(/[\s\u00a0]/g, '');
      return /^[+-]?\d+$/.test(compact) && Number.isSafeInteger(Number(compact)) ? { ok: true, value: Number(compact) } : { ok: false, value: text };
    }
    case 'date': {
      // Spreadsheets may add a time, or drop the dashes.
      const date = /^\d{8}$/.test(text)
        ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}`
        : /^\d{4}-\d{2}-\d{2}[ T]/.test(text)
          ? text.slice(0, 10)
          : text;
      return isIsoDate(date) ? { ok: true, value: date } : { ok: false, value: text };
    }
    case 'boolean': {
      const t = normalise(text);
      if (TRUE_WORDS.includes(t)) return { ok: true, value: true };
      if (FALSE_WORDS.includes(t)) return { ok: true, value: false };
      return { ok: false, value: text };
    }
    case 'enum': {
      const value = ctx.vocabulary ? parseVocabulary(text, ctx.vocabulary) : null;
      return value === null ? { ok: false, value: text } : { ok: true, value };
    }
    case 'ref': {
      const t = normalise(text);
      const option = ctx.options?.find((o) => o.id === text) ?? ctx.options?.find((o) => normalise(o.label) === t);
      return option ? { ok: true, value: option.id } : { ok: false, value: text };
    }
  }
}

/** How a value reads in a cell, in CSV and on the clipboard (so it parses back to itself). */
export function formatValue(
  kind: ValueKind,
  value: unknown,
  lang: Language,
  ctx: ParseContext & { yes?: string; no?: string; refLabel?: string } = {},
): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'boolean':
      return value === true ? (ctx.yes ?? 'Ja') : value === false ? (ctx.no ?? 'Nej') : String(value);
    case 'enum': {
      const label = ctx.vocabulary?.labels[String(value)];
      return label ? label[lang] : String(value);
    }
    case 'ref':
      return ctx.options?.find((o) => o.id === value)?.label ?? ctx.refLabel ?? String(value);
    default:
      return String(value);
  }
}

export function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/** The API's spelling of a domain value: enums in capitals; everything else as it is. */
export function toApiValue(kind: ValueKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return kind === 'enum' ? String(value).toUpperCase() : value;
}

/** The domain's spelling of an API value. */
export function fromApiValue(kind: ValueKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return kind === 'enum' ? String(value).toLowerCase() : value;
}

/** Today's date where the user is, as the rules' "today" (YYYY-MM-DD). */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
