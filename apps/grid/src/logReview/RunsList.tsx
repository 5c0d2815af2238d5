import type { Viewer } from '../editing/entity';
import { useI18n } from '../i18n';
import { NewRunForm } from './NewRunForm';
import { Progress } from './Progress';
import type { LogReviewRunNode } from './queries';
import { RuleChips } from './RuleChips';

/** The runs, newest first, each opened by a click; beside them a log reviewer's "New review". */
export function RunsList({
  runs,
  total,
  viewer,
  onOpen,
}: {
  runs: readonly LogReviewRunNode[];
  total: number;
  viewer: Viewer;
  onOpen: (runId: string) => void;
}) {
  const { t, lang } = useI18n();
  return (
    <div className="review-runs">
      <div className="review-runs-list">
        <h2 className="sub-title">
          {t.reviewRunsTitle}
          <span className="count" data-testid="runs-count">
            {t.rowCount(total)}
          </span>
        </h2>
        {runs.length === 0 ? (
          <p className="muted review-note">{t.reviewRunsEmpty}</p>
        ) : (
          <div className="table-scroll">
            <table className="review-table" data-testid="runs">
              <thead>
                <tr>
                  <th>{t.reviewColPeriod}</th>
                  <th>{t.reviewColRoutine}</th>
                  <th>{t.reviewColOwner}</th>
                  <th>{t.reviewColRules}</th>
                  <th>{t.reviewColProgress}</th>
                  <th>{t.reviewColCompleted}</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr
                    key={r.id}
                    data-testid="run"
                    data-run-id={r.id}
                    tabIndex={0}
                    onClick={() => onOpen(r.id)}
                    onKeyDown={(e) => e.key === 'Enter' && onOpen(r.id)}
                  >
                    <td className="nowrap">
                      <button type="button" className="link" data-testid="open-run">
                        {r.periodStart} – {r.periodEnd}
                      </button>
                    </td>
                    <td>{r.routine?.name ?? ''}</td>
                    <td>{r.owner?.name ?? ''}</td>
                    <td>
                      <RuleChips rules={r.rules} lang={lang} />
                    </td>
                    <td>
                      <Progress itemCount={r.itemCount} openItems={r.openItems} />
                    </td>
                    <td className="nowrap" data-testid="run-completed">
                      {r.completedOn ?? '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <aside className="review-runs-side">
        {viewer.role === 'LOG_REVIEWER' ? <NewRunForm viewer={viewer} onStarted={onOpen} /> : <p className="muted review-note">{t.reviewNewOnlyReviewer}</p>}
      </aside>
    </div>
  );
}
