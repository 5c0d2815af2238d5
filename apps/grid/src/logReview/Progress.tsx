import { useI18n } from '../i18n';
import { runProgress } from './period';

/** A run's progress: decided items of all, as a bar with the numbers beside it. */
export function Progress({ itemCount, openItems }: { itemCount: number; openItems: number }) {
  const { t } = useI18n();
  const { decided, percent } = runProgress(itemCount, openItems);
  return (
    <span className="review-progress" data-testid="run-progress" data-decided={decided} data-total={itemCount}>
      <span
        className="review-progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={itemCount}
        aria-valuenow={decided}
        aria-label={t.reviewProgress(decided, itemCount)}
      >
        <span style={{ width: `${percent}%` }} />
      </span>
      <span className="review-progress-text">{t.reviewProgress(decided, itemCount)}</span>
    </span>
  );
}
