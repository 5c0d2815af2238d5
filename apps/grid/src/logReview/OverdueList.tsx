import type { ResultOf } from '../graphql';
import { useI18n } from '../i18n';
import type { ReviewOverdueQuery } from './queries';

type Finding = ResultOf<typeof ReviewOverdueQuery>['registryFindings'][number];

/** Owners past their own interval, and emergency accesses left unreviewed, in the current language. */
export function OverdueList({ findings, ownOrganisationId }: { findings: readonly Finding[] | null; ownOrganisationId: string }) {
  const { t, message } = useI18n();
  // The viewer's own organisation first: that is the part of the list that is theirs to act on.
  const sorted = findings && [
    ...findings.filter((f) => f.organisation?.id === ownOrganisationId),
    ...findings.filter((f) => f.organisation?.id !== ownOrganisationId),
  ];
  return (
    <section className="review-overdue" data-testid="overdue" aria-label={t.reviewOverdueTitle}>
      <p className="muted">{t.reviewOverdueIntro}</p>
      {findings && findings.length === 0 && <p className="review-note">{t.reviewOverdueNone}</p>}
      {sorted && sorted.length > 0 && (
        <table className="review-table">
          <thead>
            <tr>
              <th>{t.reviewOverdueCheck}</th>
              <th>{t.reviewColOwner}</th>
              <th>{t.reviewOverdueWhat}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((f) => (
              <tr
                key={`${f.check}:${f.subjectId}`}
                className={f.organisation?.id === ownOrganisationId ? 'own' : undefined}
                data-testid="overdue-finding"
                data-check={f.check}
                data-organisation={f.organisation?.name ?? ''}
                data-subject={f.subjectId}
              >
                <td className="nowrap">{f.check === 'LOG_REVIEW_OVERDUE' ? t.reviewCheckOverdue : t.reviewCheckEmergency}</td>
                <td>{f.organisation?.name ?? ''}</td>
                <td>{message(f)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
