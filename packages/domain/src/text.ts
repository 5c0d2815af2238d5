import { violation, type RuleViolation } from './violations';

/** Grid cells arrive as '' when cleared; the rules treat blank like absent. */
export function isBlank(s: string | null | undefined): boolean {
  return s == null || s.trim() === '';
}

// A lone surrogate cannot be written as UTF-8: SQLite, the hash and every file format turn it
// into U+FFFD, so text stored with one no longer equals the text that was checked (or hashed).
// String.prototype.isWellFormed is native from Node 20 and in current browsers; the expression
// is for an engine without it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const nativeWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
export const isWellFormedText: (s: string) => boolean = nativeWellFormed ? (s) => nativeWellFormed.call(s) : (s) => !LONE_SURROGATE.test(s);

// C0 controls, DEL and C1 controls; the "multiline" kind still allows tab, line feed and carriage return.
/* eslint-disable no-control-regex -- matching control characters is what these three expressions are for */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Any control character or surrogate (paired or not): text without one needs no closer look. */
const SUSPECT = /[\u0000-\u001F\u007F-\u009F\uD800-\uDFFF]/;
/* eslint-enable no-control-regex */

export interface TextRule {
  /** At most this many UTF-16 code units (what String.length counts, and every client too). */
  max: number;
  /** Whether tab and line breaks belong in the field (free text does; names and codes do not). */
  multiline?: boolean;
}

function codePointLabel(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Text that can be stored, hashed and read back as the same characters: well-formed Unicode, no
 * control characters (besides tab and line breaks in free text), and not longer than the field's
 * limit. The messages never repeat the text itself: it may be megabytes, or not printable.
 */
export function validateText(value: string, field: string, rule: TextRule, name: { en: string; sv: string } = { en: field, sv: field }): RuleViolation[] {
  // The common case, once per field of every imported entry: one scan finds nothing suspect.
  if (value.length <= rule.max && !SUSPECT.test(value)) return [];
  const controls = rule.multiline ? CONTROL_EXCEPT_LINES : CONTROL;
  const en = `The ${name.en}`;
  const sv = `${name.sv.charAt(0).toUpperCase()}${name.sv.slice(1)}`;
  if (!isWellFormedText(value)) {
    return [
      violation(
        field,
        'text.malformed',
        `${en} is not well-formed Unicode (it has a lone surrogate).`,
        `${sv} är inte giltig Unicode (texten har ett ensamt surrogattecken).`,
      ),
    ];
  }
  const out: RuleViolation[] = [];
  const control = controls.exec(value);
  if (control) {
    const at = codePointLabel(control[0]);
    out.push(
      violation(
        field,
        'text.control_character',
        `${en} contains the control character ${at} at position ${control.index + 1}${rule.multiline ? '' : '; it must be a single line of text'}.`,
        `${sv} innehåller styrtecknet ${at} på position ${control.index + 1}${rule.multiline ? '' : '; texten ska vara en enda rad'}.`,
      ),
    );
  }
  if (value.length > rule.max) {
    out.push(
      violation(
        field,
        'text.too_long',
        `${en} is ${value.length} characters long; at most ${rule.max} are allowed.`,
        `${sv} är ${value.length} tecken lång; högst ${rule.max} tecken tillåts.`,
      ),
    );
  }
  return out;
}

/** The registry's text columns: names and titles, codes and references, and free text. */
export const REGISTRY_TEXT_RULES = {
  name: { max: 200 },
  code: { max: 100 },
  freeText: { max: 2000, multiline: true },
} as const satisfies Record<string, TextRule>;

const NAME_FIELDS = new Set(['name', 'nameEn', 'title', 'label']);
const CODE_FIELD = /^(code|prefix|hsaId|reference)$|(Code|Number|Reference)$/;

/** Which rule a registry column follows, by its name: a new column gets one without a list to update. */
export function registryTextRule(field: string): TextRule {
  if (NAME_FIELDS.has(field)) return REGISTRY_TEXT_RULES.name;
  if (CODE_FIELD.test(field)) return REGISTRY_TEXT_RULES.code;
  return REGISTRY_TEXT_RULES.freeText;
}

/** The text rules over the values a client sent for a registry row (strings, and lists of strings). */
export function validateRegistryText(values: Readonly<Record<string, unknown>>): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const [field, value] of Object.entries(values)) {
    if (typeof value === 'string') out.push(...validateText(value, field, registryTextRule(field)));
    else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string') out.push(...validateText(item, field, registryTextRule(field)));
    }
  }
  return out;
}
