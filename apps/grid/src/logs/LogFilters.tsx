import { ACCESS_BASES, ACCESS_BASIS_LABELS, LOG_ACTION_LABELS, LOG_ACTIONS, type RuleViolation } from '@fvm/domain';
import type { FormEvent, ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { DraftField, LogFilterDraft } from './filters';
import type { LogOrganisation } from './queries';

interface Props {
  draft: LogFilterDraft;
  errors: Partial<Record<DraftField, RuleViolation>>;
  organisations: readonly LogOrganisation[];
  /** False for analysts: the server refuses them the user and patient filters, so they are not offered. */
  mayIdentify: boolean;
  /** Whether the draft differs from what the list shows. */
  pending: boolean;
  onChange: (draft: LogFilterDraft) => void;
  /** Apply this draft (selects apply at once; typed fields on Search or Enter). */
  onApply: (draft: LogFilterDraft) => void;
  onClear: () => void;
}

/**
 * The time range is chosen with the browser's date-time picker (Swedish time, as the list shows
 * it); its value is the draft's own form with a T (2025-03-01T14:30). A day alone, as a draft may
 * hold one, starts at midnight.
 */
const toPicker = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00` : v.replace(' ', 'T'));

export function LogFilters({ draft, errors, organisations, mayIdentify, pending, onChange, onApply, onClear }: Props) {
  const { t, lang, message } = useI18n();
  const set = (field: DraftField, value: string) => onChange({ ...draft, [field]: value });
  const choose = (field: DraftField, value: string) => {
    const next = { ...draft, [field]: value };
    onChange(next);
    onApply(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };

  const field = (name: DraftField, label: string, control: ReactNode, hint?: string) => (
    <div className={`logs-field logs-field-${name}${errors[name] ? ' has-error' : ''}`}>
      <label htmlFor={`logs-${name}`}>{label}</label>
      {control}
      {errors[name] ? (
        <span className="logs-field-error" role="alert" id={`logs-${name}-error`} data-testid={`logs-error-${name}`}>
          {message(errors[name])}
        </span>
      ) : hint ? (
        <span className="logs-field-hint">{hint}</span>
      ) : null}
    </div>
  );
  const described = (name: DraftField) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `logs-${name}-error` } : {});
  /** A list to choose from: applied as soon as it is chosen. */
  const choice = (name: DraftField, label: string, testId: string, options: readonly { value: string; label: string }[]) =>
    field(
      name,
      label,
      <select id={`logs-${name}`} value={draft[name]} onChange={(e) => choose(name, e.target.value)} data-testid={testId}>
        <option value="">{t.logsAll}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>,
    );
  const orgOptions = organisations.map((o) => ({ value: o.id, label: o.name }));

  return (
    <form className="logs-filters" onSubmit={submit} aria-label={t.logsFilters} data-testid="logs-filters" autoComplete="off">
      {field(
        'from',
        t.logsFrom,
        <input
          id="logs-from"
          type="datetime-local"
          step={60}
          value={toPicker(draft.from)}
          onChange={(e) => set('from', e.target.value)}
          {...described('from')}
          data-testid="logs-from"
        />,
      )}
      {field(
        'to',
        t.logsTo,
        <input
          id="logs-to"
          type="datetime-local"
          step={60}
          value={toPicker(draft.to)}
          onChange={(e) => set('to', e.target.value)}
          {...described('to')}
          data-testid="logs-to"
        />,
      )}
      {mayIdentify &&
        field(
          'userHsaId',
          t.logsUser,
          <input
            id="logs-userHsaId"
            type="text"
            spellCheck={false}
            autoComplete="off"
            placeholder={t.logsUserPlaceholder}
            value={draft.userHsaId}
            onChange={(e) => set('userHsaId', e.target.value)}
            {...described('userHsaId')}
            data-testid="logs-user"
          />,
        )}
      {choice('careProvider', t.logsCareProvider, 'logs-care-provider', orgOptions)}
      {choice('dataOwner', t.logsDataOwner, 'logs-data-owner', orgOptions)}
      {choice(
        'action',
        t.logsAction,
        'logs-action',
        LOG_ACTIONS.map((a) => ({ value: a, label: LOG_ACTION_LABELS[a][lang] })),
      )}
      {choice(
        'basis',
        t.logsBasis,
        'logs-basis',
        ACCESS_BASES.map((b) => ({ value: b, label: ACCESS_BASIS_LABELS[b][lang] })),
      )}
      {mayIdentify &&
        field(
          'patient',
          t.logsPatient,
          // An identity number: not remembered by the browser's form history either.
          <input
            id="logs-patient"
            type="text"
            inputMode="numeric"
            spellCheck={false}
            autoComplete="off"
            placeholder={t.logsPatientPlaceholder}
            value={draft.patient}
            onChange={(e) => set('patient', e.target.value)}
            {...described('patient')}
            data-testid="logs-patient"
          />,
          t.logsPatientHint,
        )}
      {field(
        'sourceSystem',
        t.logsSourceSystem,
        <input
          id="logs-sourceSystem"
          type="text"
          spellCheck={false}
          value={draft.sourceSystem}
          onChange={(e) => set('sourceSystem', e.target.value)}
          data-testid="logs-source-system"
        />,
      )}
      {field(
        'sourceEntryId',
        t.logsSourceEntryId,
        <input
          id="logs-sourceEntryId"
          type="text"
          spellCheck={false}
          value={draft.sourceEntryId}
          onChange={(e) => set('sourceEntryId', e.target.value)}
          data-testid="logs-source-entry-id"
        />,
      )}
      <div className="logs-actions">
        <button type="submit" className={`btn ${pending ? 'btn-primary' : ''}`} data-testid="logs-apply">
          {t.logsApply}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onClear} data-testid="logs-clear">
          {t.logsClear}
        </button>
      </div>
    </form>
  );
}
