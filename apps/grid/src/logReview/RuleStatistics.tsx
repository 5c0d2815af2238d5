import { useMemo } from 'react';
import { useQuery } from 'urql';
import { useI18n } from '../i18n';
import { formatCount } from '../logs/format';
import { LogReviewRunStatisticsQuery, type RuleCount } from './queries';
import { RuleChips } from './RuleChips';

const CONTEXT = { additionalTypenames: ['LogReviewItem'] };

/**
 * Per rule, what the run selected and how much of it was found unjustified: how owners tune their
 * rules. Counts only, so analysts see it too. Rules that selected nothing are left out.
 */
export function RuleStatistics({ runId }: { runId: string }) {
  const { t, lang } = useI18n();
  const [{ data }] = useQuery({ query: LogReviewRunStatisticsQuery, variables: { id: runId }, context: useMemo(() => CONTEXT, []) });
  const node = data?.node;
  const stats = node && 'statistics' in node ? node.statistics : null;
  if (!stats) return null;
  const rows = stats.byRule.filter((r: RuleCount) => r.selectedEntries > 0 || r.items > 0);
  const rate = (r: RuleCount) => (r.unjustifiedRate == null ? '—' : `${Math.round(r.unjustifiedRate * 100)} %`);
  return (
    <section className="review-stats" data-testid="rule-statistics" aria-label={t.reviewStatsTitle}>
      <h2 className="sub-title" title={t.reviewStatsHint}>
        {t.reviewStatsTitle}
      </h2>
      <table className="review-table compact">
        <thead>
          <tr>
            <th className="num">{t.reviewStatsSelected}</th>
            <th className="num">{t.reviewStatsItems}</th>
            <th className="num" title={t.reviewStatsUnjustifiedHint}>
              {t.reviewStatsUnjustified}
            </th>
          </tr>
        </thead>
        {rows.map((r) => (
          // Each rule a heading row of its own: the rule's name is long, the numbers are short.
          <tbody key={r.rule} data-testid="rule-stat" data-rule={r.rule.toLowerCase()}>
            <tr className="rule-row">
              <th colSpan={3} scope="rowgroup">
                <RuleChips rules={[r.rule]} lang={lang} />
              </th>
            </tr>
            <tr>
              <td className="num" data-testid="stat-selected">
                {formatCount(r.selectedEntries, lang)}
              </td>
              <td className="num" data-testid="stat-items">
                {formatCount(r.items, lang)}
              </td>
              <td className="num" data-testid="stat-unjustified" data-rate={rate(r)}>
                {t.reviewStatsUnjustifiedOf(formatCount(r.unjustifiedItems, lang), formatCount(r.decidedItems, lang), rate(r))}
              </td>
            </tr>
          </tbody>
        ))}
      </table>
    </section>
  );
}
