import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import type { Viewer } from '../editing/entity';
import { useI18n } from '../i18n';
import { defaultPeriod, swedishToday } from './period';
import { formatCount } from '../logs/format';
import { PreviewLogReviewSelectionMutation, RoutineChoicesQuery, StartLogReviewRunMutation } from './queries';
import { RuleChips } from './RuleChips';

interface FieldViolation {
  field: string;
  message: string;
  messageSv: string;
}

const ROUTINES_CONTEXT = { additionalTypenames: ['LogReviewRoutine'] };

/**
 * "New review": a routine of the reviewer's own organisation and a period (the previous calendar
 * month unless changed), and a seed only to repeat an earlier selection. Whatever the server
 * refuses is said next to the field it is about. "Preview" counts the selection per rule first and
 * fills in the seed it used, so that the review then made is exactly the one previewed.
 */
export function NewRunForm({ viewer, onStarted }: { viewer: Viewer; onStarted: (runId: string) => void }) {
  const { t, message, lang } = useI18n();
  const [{ data }] = useQuery({ query: RoutineChoicesQuery, context: useMemo(() => ROUTINES_CONTEXT, []) });
  const routines = (data?.logReviewRoutines.nodes ?? []).filter((r) => r.owner?.id === viewer.organisationId);
  const initial = useMemo(() => defaultPeriod(swedishToday()), []);
  const [routineId, setRoutineId] = useState('');
  const [periodStart, setStart] = useState(initial.periodStart);
  const [periodEnd, setEnd] = useState(initial.periodEnd);
  const [seed, setSeed] = useState('');
  const [violations, setViolations] = useState<FieldViolation[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, start] = useMutation(StartLogReviewRunMutation);
  const [{ fetching: counting }, preview] = useMutation(PreviewLogReviewSelectionMutation);
  const [counts, setCounts] = useState<{ seed: number; selectedEntries: number; byRule: { rule: string; entries: number }[] } | null>(null);
  const chosen = routineId || routines[0]?.id || '';

  if (data && routines.length === 0)
    return (
      <p className="muted review-note" data-testid="new-run-no-routine">
        {t.reviewNoRoutine}
      </p>
    );

  /** The form as the API's input, or null when the seed is not a whole number (said at the field). */
  const input = () => {
    setFailure(null);
    const seedText = seed.trim();
    const seedNumber = seedText === '' ? null : Number(seedText);
    if (seedNumber !== null && !Number.isInteger(seedNumber)) {
      setViolations([{ field: 'seed', message: t.reviewSeedInvalid, messageSv: t.reviewSeedInvalid }]);
      return null;
    }
    return { routineId: chosen, periodStart, periodEnd, seed: seedNumber };
  };
  const count = async () => {
    const asked = input();
    if (!asked) return;
    const result = await preview({ input: asked });
    const answer = result.data?.previewLogReviewSelection;
    if (!answer) {
      setViolations([]);
      setCounts(null);
      setFailure(t.reviewStartFailed(result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? ''));
      return;
    }
    setViolations(answer.violations);
    setCounts(answer.preview ?? null);
    if (answer.preview) setSeed(String(answer.preview.seed));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const asked = input();
    if (!asked) return;
    const result = await start({ input: asked });
    const answer = result.data?.startLogReviewRun;
    if (!answer) {
      setViolations([]);
      setFailure(t.reviewStartFailed(result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? ''));
      return;
    }
    setViolations(answer.violations);
    if (answer.run) onStarted(answer.run.id);
  };
  const said = (field: string) =>
    violations
      .filter((v) => v.field === field)
      .map((v) => (
        <span key={v.message} className="field-error" role="alert" data-testid={`new-run-error-${field}`}>
          {message(v)}
        </span>
      ));
  const elsewhere = violations.filter((v) => !['routineId', 'periodStart', 'periodEnd', 'seed'].includes(v.field));

  return (
    <form className="review-new" onSubmit={(e) => void submit(e)} data-testid="new-run">
      <h2 className="sub-title">{t.reviewNew}</h2>
      <label>
        {t.reviewFieldLabels.routineId}
        <select value={chosen} onChange={(e) => setRoutineId(e.target.value)} data-testid="new-run-routine">
          {routines.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        {said('routineId')}
      </label>
      <label>
        {t.reviewFieldLabels.periodStart}
        <input type="date" value={periodStart} onChange={(e) => setStart(e.target.value)} required data-testid="new-run-start" />
        {said('periodStart')}
      </label>
      <label>
        {t.reviewFieldLabels.periodEnd}
        <input type="date" value={periodEnd} onChange={(e) => setEnd(e.target.value)} required data-testid="new-run-end" />
        {said('periodEnd')}
      </label>
      <label title={t.reviewSeedHint}>
        {t.reviewFieldLabels.seed}
        <input inputMode="numeric" value={seed} placeholder={t.reviewSeedPlaceholder} onChange={(e) => setSeed(e.target.value)} data-testid="new-run-seed" />
        {said('seed')}
      </label>
      {elsewhere.map((v) => (
        <p key={v.message} className="field-error" role="alert">
          {message(v)}
        </p>
      ))}
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <div className="review-new-actions">
        <button
          type="button"
          className="btn"
          title={t.reviewPreviewHint}
          disabled={counting || fetching || !chosen}
          onClick={() => void count()}
          data-testid="new-run-preview"
        >
          {counting ? t.reviewPreviewing : t.reviewPreview}
        </button>
        <button type="submit" className="btn btn-primary" disabled={fetching || !chosen} data-testid="new-run-submit">
          {fetching ? t.reviewStarting : t.reviewStart}
        </button>
      </div>
      {counts && (
        <div className="review-preview" data-testid="new-run-counts" aria-live="polite">
          <p>{t.reviewPreviewTotal(formatCount(counts.selectedEntries, lang), counts.seed)}</p>
          <table className="review-table compact">
            <thead>
              <tr>
                <th>{t.reviewPreviewRule}</th>
                <th className="num">{t.reviewPreviewEntries}</th>
              </tr>
            </thead>
            <tbody>
              {counts.byRule
                .filter((r) => r.entries > 0)
                .map((r) => (
                  <tr key={r.rule} data-testid="preview-rule" data-rule={r.rule.toLowerCase()}>
                    <td>
                      <RuleChips rules={[r.rule]} lang={lang} />
                    </td>
                    <td className="num">{formatCount(r.entries, lang)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}
