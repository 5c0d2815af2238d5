import type { RuleViolation } from '../src/violations';

/** `field:code` pairs, the stable part of a violation, so tests read as the rules do. */
export function codes(v: readonly RuleViolation[]): string[] {
  return v.map((x) => `${x.field}:${x.code}`);
}
