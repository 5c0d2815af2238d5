import type { CombinedError } from 'urql';
import { useI18n } from '../i18n';
import { AlertIcon } from './Icons';

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t.loading}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: CombinedError | Error; onRetry?: () => void }) {
  const { t } = useI18n();
  const message = 'graphQLErrors' in error && error.graphQLErrors.length ? error.graphQLErrors.map((e) => e.message).join(' ') : error.message;
  return (
    <div className="state state-error" role="alert">
      <AlertIcon width={22} height={22} />
      <div>
        <strong>{t.errorTitle}</strong>
        <p>{message}</p>
        {onRetry && (
          <button type="button" className="btn" onClick={onRetry}>
            {t.retry}
          </button>
        )}
      </div>
    </div>
  );
}

export function Empty({ text }: { text: string }) {
  return (
    <div className="state state-empty" role="status">
      {text}
    </div>
  );
}
