import { useState } from 'react';
import { EntityGrid } from '../editing/EntityGrid';
import type { EntityRow, Viewer } from '../editing/entity';
import { logReviewItems } from '../entities/logReviewItems';
import { useI18n } from '../i18n';
import { ItemDetail } from './ItemDetail';
import { Progress } from './Progress';
import type { LogReviewRunNode } from './queries';
import { RuleChips } from './RuleChips';
import { RuleStatistics } from './RuleStatistics';

/**
 * One run: its period, rules and progress, what each rule selected, and for the data owner's log
 * reviewer its review items as an editable grid with the focused item's entries beside it. Anyone
 * else is told plainly that the items are not theirs to see, rather than shown an empty grid.
 */
export function RunWorkspace({ run, viewer, onBack }: { run: LogReviewRunNode; viewer: Viewer; onBack: () => void }) {
  const { t, lang } = useI18n();
  const [focused, setFocused] = useState<EntityRow | null>(null);
  const reviewer = viewer.role === 'LOG_REVIEWER' && run.owner?.id === viewer.organisationId;
  return (
    <div className="review-run" data-testid="run-workspace" data-run-id={run.id}>
      <div className="review-run-head">
        <button type="button" className="btn" onClick={onBack} data-testid="back-to-runs">
          {t.reviewBack}
        </button>
        <h2 className="sub-title" data-testid="run-title">
          {t.reviewRunTitle(run.routine?.name ?? '', run.periodStart, run.periodEnd)}
        </h2>
        <span className="muted">{run.owner?.name}</span>
        <Progress itemCount={run.itemCount} openItems={run.openItems} />
        <span className={`review-state${run.completedOn ? ' done' : ''}`} data-testid="run-state">
          {run.completedOn ? t.reviewCompletedOn(run.completedOn) : t.reviewNotCompleted}
        </span>
        <span className="muted" title={t.reviewSeedHint}>
          {t.reviewRunSeed(run.seed)}
        </span>
      </div>
      <div className="review-run-rules">
        <RuleChips rules={run.rules} lang={lang} />
      </div>
      {reviewer ? (
        <div className="review-run-body">
          <div className="review-run-main split">
            <EntityGrid
              config={logReviewItems}
              viewer={viewer}
              testId="review-items"
              baseFilter={{ runId: { eq: run.id } }}
              onFocusRow={setFocused}
              heading={<h2 className="sub-title">{t.reviewItemsTitle}</h2>}
            />
            <div className={`split-detail${focused ? ' open' : ''}`}>
              <ItemDetail item={focused && !focused.isNew ? focused : null} />
            </div>
          </div>
          <aside className="review-run-side">
            <RuleStatistics runId={run.id} />
          </aside>
        </div>
      ) : (
        <div className="review-run-others">
          <p className="review-note notice" data-testid="items-hidden">
            {t.reviewItemsHidden}
          </p>
          <RuleStatistics runId={run.id} />
        </div>
      )}
    </div>
  );
}
