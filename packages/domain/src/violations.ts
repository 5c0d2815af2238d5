export type Severity = 'error' | 'warning';

/**
 * One broken rule, addressed to a field so the grid can mark the cell and the
 * GraphQL layer can return it beside the value. `code` is the stable part that
 * clients match on; the messages are for people and may be reworded.
 */
export interface RuleViolation {
  field: string;
  code: string;
  severity: Severity;
  message: string;
  messageSv: string;
}

export function violation(field: string, code: string, message: string, messageSv: string, severity: Severity = 'error'): RuleViolation {
  return { field, code, severity, message, messageSv };
}

/** Warnings inform; only errors stop a write. */
export function hasErrors(v: readonly RuleViolation[]): boolean {
  return v.some((x) => x.severity === 'error');
}
