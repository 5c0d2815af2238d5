import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { ErrorState } from '../components/States';
import { EntityGrid } from '../editing/EntityGrid';
import type { Viewer } from '../editing/entity';
import { logReviewRoutines } from '../entities/logReviewRoutines';
import { useI18n } from '../i18n';
import { OverdueList } from '../logReview/OverdueList';
import { LogReviewRunsQuery, ReviewOverdueQuery } from '../logReview/queries';
import { RunsList } from '../logReview/RunsList';
import { RunWorkspace } from '../logReview/RunWorkspace';
import '../logReview/logReview.css';

type Tab = 'runs' | 'routines' | 'overdue';

// A finding saved, a run started or a routine changed: the runs' progress and the overdue list are read again.
const RUNS_CONTEXT = { additionalTypenames: ['LogReviewRun', 'LogReviewItem'] };
const OVERDUE_CONTEXT = { additionalTypenames: ['LogReviewRun', 'LogReviewItem', 'LogReviewRoutine'] };

/**
 * Log review (loggkontroll): the runs and a new review, one run's items and findings, the
 * routines, and what is overdue. Each role sees what the server lets it: items only for the data
 * owner's log reviewer; routines, runs and statistics for anyone signed in.
 */
export function LogReviewView({ viewer }: { viewer: Viewer }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('runs');
  const [runId, setRunId] = useState<string | null>(null);
  const [runs, refetchRuns] = useQuery({ query: LogReviewRunsQuery, variables: { first: 100 }, context: useMemo(() => RUNS_CONTEXT, []) });
  const [overdue] = useQuery({ query: ReviewOverdueQuery, context: useMemo(() => OVERDUE_CONTEXT, []) });
  const list = runs.data?.logReviewRuns.nodes ?? [];
  const run = runId ? list.find((r) => r.id === runId) : undefined;
  const findings = overdue.data?.registryFindings ?? null;

  const open = (id: string) => {
    setTab('runs');
    setRunId(id);
  };
  const tabButton = (id: Tab, label: string, badge?: number | null) => (
    <button
      type="button"
      role="tab"
      aria-selected={tab === id}
      className={`tab${tab === id ? ' active' : ''}`}
      onClick={() => setTab(id)}
      data-testid={`review-tab-${id}`}
    >
      {label}
      {badge ? (
        <span className="btn-count" data-testid={`review-tab-${id}-count`}>
          {badge}
        </span>
      ) : null}
    </button>
  );

  return (
    <section className="view review-view" data-testid="log-review-view" aria-label={t.reviewTitle}>
      <div className="view-head">
        <h1>{t.reviewTitle}</h1>
        <p className="muted">{t.reviewIntro}</p>
      </div>
      <div className="tabs" role="tablist">
        {tabButton('runs', t.reviewTabRuns)}
        {tabButton('routines', t.reviewTabRoutines)}
        {tabButton('overdue', t.reviewTabOverdue, findings?.length)}
      </div>
      {runs.error && !runs.data && <ErrorState error={runs.error} onRetry={() => refetchRuns({ requestPolicy: 'network-only' })} />}
      {tab === 'runs' &&
        (run ? (
          <RunWorkspace key={run.id} run={run} viewer={viewer} onBack={() => setRunId(null)} />
        ) : (
          <RunsList runs={list} total={runs.data?.logReviewRuns.totalCount ?? 0} viewer={viewer} onOpen={open} />
        ))}
      {tab === 'routines' && <EntityGrid config={logReviewRoutines} viewer={viewer} testId="review-routines" />}
      {tab === 'overdue' &&
        (overdue.error && !overdue.data ? <ErrorState error={overdue.error} /> : <OverdueList findings={findings} ownOrganisationId={viewer.organisationId} />)}
    </section>
  );
}
