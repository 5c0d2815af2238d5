import { LOG_REVIEW_RULE_DESCRIPTIONS, LOG_REVIEW_RULE_LABELS, LOG_REVIEW_RULES, type LogReviewRule } from '@fvm/domain';
import type { Language } from '../i18n/dictionary';

/** One rule as a chip shows it: its short name, and what it selects on hover. */
export interface RuleChip {
  rule: LogReviewRule;
  label: string;
  description: string;
}

const isRule = (v: string): v is LogReviewRule => (LOG_REVIEW_RULES as readonly string[]).includes(v);

/**
 * The rules the API names (EMERGENCY_ACCESS, …), as chips in the domain's order, whatever order
 * they came in; a value the grid does not know yet is shown as the server spells it rather than
 * dropped, so a reviewer never sees fewer reasons than there are.
 */
export function ruleChips(apiRules: readonly string[], lang: Language): RuleChip[] {
  const known = new Set<LogReviewRule>();
  const unknown: string[] = [];
  for (const r of apiRules) {
    const v = r.toLowerCase();
    if (isRule(v)) known.add(v);
    else unknown.push(r);
  }
  return [
    ...LOG_REVIEW_RULES.filter((r) => known.has(r)).map((rule) => ({
      rule,
      label: LOG_REVIEW_RULE_LABELS[rule][lang],
      description: LOG_REVIEW_RULE_DESCRIPTIONS[rule][lang],
    })),
    ...unknown.map((r) => ({ rule: r as LogReviewRule, label: r, description: r })),
  ];
}

/** The chips as text, for the clipboard and CSV. */
export const ruleText = (apiRules: readonly string[], lang: Language) =>
  ruleChips(apiRules, lang)
    .map((c) => c.label)
    .join('; ');
