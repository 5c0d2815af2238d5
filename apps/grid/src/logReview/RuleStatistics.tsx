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
            <th>{t.reviewStatsRule}</th>
            <th className="num">{t.reviewStatsSelected}</th>
            <th className="num">{t.reviewStatsItems}</th>
            <th className="num">{t.reviewStatsDecided}</th>
            <th className="num">{t.reviewStatsUnjustified}</th>
            <th className="num">{t.reviewStatsRate}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.rule} data-testid="rule-stat" data-rule={r.rule.toLowerCase()}>
              <td>
                <RuleChips rules={[r.rule]} lang={lang} />
              </td>
              <td className="num" data-testid="stat-selected">
                {formatCount(r.selectedEntries, lang)}
              </td>
              <td className="num" data-testid="stat-items">
                {formatCount(r.items, lang)}
              </td>
              <td className="num">{formatCount(r.decidedItems, lang)}</td>
              <td className="num">{formatCount(r.unjustifiedItems, lang)}</td>
              <td className="num" data-testid="stat-rate">
                {rate(r)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
