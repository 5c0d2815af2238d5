import type { Language } from '../i18n/dictionary';
import { ruleChips } from './rules';

/** Why entries were chosen: each rule as a chip, its description on hover. */
export function RuleChips({ rules, lang }: { rules: readonly string[]; lang: Language }) {
  return (
    <span className="rule-chips" data-testid="rule-chips">
      {ruleChips(rules, lang).map((c) => (
        <span key={c.rule} className={`rule-chip rule-${c.rule}`} title={c.description} data-rule={c.rule} data-testid="rule-chip">
          {c.label}
        </span>
      ))}
    </span>
  );
}
