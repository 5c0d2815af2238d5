import { isIsoDate } from './dates';
import { isBlank } from './text';
import { violation, type RuleViolation } from './violations';

/** How a field is named to a person, in both languages. */
export interface FieldName {
  en: string;
  sv: string;
}

export function validateRequired(value: string | number | null | undefined, field: string, name: FieldName): RuleViolation[] {
  const missing = typeof value === 'string' ? isBlank(value) : value == null;
  return missing ? [violation(field, 'required', `The ${name.en} is required.`, `${capitalise(name.sv)} måste anges.`)] : [];
}

/** Absent dates are allowed here; whether one is required is the caller's rule. */
export function validateDateField(value: string | null, field: string, name: FieldName): RuleViolation[] {
  if (value === null || isIsoDate(value)) return [];
  return [
    violation(
      field,
      'date.format',
      `The ${name.en} "${value}" is not a date; write it as YYYY-MM-DD, for example 2020-05-29.`,
      `${capitalise(name.sv)} "${value}" är inget datum; skriv det som ÅÅÅÅ-MM-DD, till exempel 2020-05-29.`,
    ),
  ];
}

/** A validity period whose end precedes its start; reported on the end, the value usually typed last. */
export function validatePeriod(from: string | null, to: string | null, toField: string, code: string): RuleViolation[] {
  if (from === null || to === null || !isIsoDate(from) || !isIsoDate(to) || from <= to) return [];
  return [violation(toField, code, `The end date ${to} is before the start date ${from}.`, `Slutdatumet ${to} ligger före startdatumet ${from}.`)];
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
