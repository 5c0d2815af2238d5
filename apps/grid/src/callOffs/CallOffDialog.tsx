import { CALL_OFF_STATUSES, type CallOffWindow } from '@fvm/domain';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { isErrorFinding } from '../editing/entity';
import type { Violation } from '../editing/types';
import { useI18n } from '../i18n';
import { statusLabel } from './matrix';

export interface CallOffValues {
  status: string;
  submittedOn: string | null;
  signedOn: string | null;
}

export interface CallOffDialogProps {
  title: string;
  /** The municipality and option, as the reader knows them. */
  subject: string;
  initial: CallOffValues;
  window: CallOffWindow;
  /** The call-off rules (the same the cell and the server apply) on the values as they stand. */
  validate: (values: CallOffValues) => Violation[];
  submitLabel: string;
  onSubmit: (values: CallOffValues) => void;
  onCancel: () => void;
}

/**
 * A call-off's status and dates in one place: registering a new one in an empty cell, or dating an
 * existing one (a signed call-off needs its signing date). The rules are checked as the values are
 * typed, so what is added is within them; the result is staged like any other edit.
 */
export function CallOffDialog({ title, subject, initial, window: callOffWindow, validate, submitLabel, onSubmit, onCancel }: CallOffDialogProps) {
  const { t, lang } = useI18n();
  const [values, setValues] = useState<CallOffValues>(initial);
  const findings = useMemo(() => validate(values), [validate, values]);
  const blocked = findings.some(isErrorFinding);
  const titleId = useId();
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    first.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  const set = (field: keyof CallOffValues) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value === '' && field !== 'status' ? null : e.target.value }));
  const say = (v: Violation) => (lang === 'sv' ? v.messageSv : v.message);

  return (
    <div className="dialog-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <form
        className="dialog calloff-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="calloff-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!blocked) onSubmit(values);
        }}
      >
        <h2 id={titleId}>
          {title}: {subject}
        </h2>
        <p className="muted">
          {t.registerRules} {t.registerWindow(callOffWindow.opensOn, callOffWindow.closesOn)}
        </p>
        <div className="calloff-fields">
          <label>
            {t.colStatus}
            <select ref={first} value={values.status} onChange={set('status')} data-testid="dialog-status">
              {CALL_OFF_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s, lang)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.colSubmittedOn}
            <input type="date" value={values.submittedOn ?? ''} onChange={set('submittedOn')} data-testid="dialog-submitted" />
          </label>
          <label>
            {t.colSignedOn}
            <input type="date" value={values.signedOn ?? ''} onChange={set('signedOn')} data-testid="dialog-signed" />
          </label>
        </div>
        {findings.length > 0 && (
          <ul className="calloff-findings" role="status" data-testid="dialog-findings">
            {findings.map((f, i) => (
              <li key={i} className={isErrorFinding(f) ? 'finding-error' : 'finding-warning'}>
                {say(f)}
              </li>
            ))}
          </ul>
        )}
        <div className="dialog-foot">
          <span />
          <span className="calloff-buttons">
            <button type="button" className="btn" onClick={onCancel} data-testid="dialog-cancel">
              {t.cancel}
            </button>
            <button type="submit" className="btn btn-primary" disabled={blocked} data-testid="dialog-submit">
              {submitLabel}
            </button>
          </span>
        </div>
      </form>
    </div>
  );
}
