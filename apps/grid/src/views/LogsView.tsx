import type { CellClassParams, ColDef, GridApi, ICellRendererParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { gridTheme } from '../agGrid';
import { AlertIcon } from '../components/Icons';
import { useI18n, type Dictionary, type Language } from '../i18n';
import { graphqlLogBackend } from '../logs/backend';
import { makeLogExecute } from '../logs/client';
import { createLogDatasource, TIME_COLUMN, type LogDatasource } from '../logs/datasource';
import { checkFilter, EMPTY_FILTER, filterKey, type LogFilterDraft } from '../logs/filters';
import { actionLabel, basisLabel, deviceLabel, formatCount, formatLogTime, outcomeLabel, professionLabel } from '../logs/format';
import { LogFilters } from '../logs/LogFilters';
import { LogOrganisationsQuery, type LogEntry, type UserLogFilter } from '../logs/queries';
import '../logs/logs.css';

/** Rows per block: one request each while scrolling; a screen shows about 15. */
export const LOG_BLOCK_SIZE = 100;
const LOG_ROW_HEIGHT = 26;
const LOG_HEADER_HEIGHT = 32;
// Constant: a new object on every render would make the grid re-apply its column definitions.
const DEFAULT_COL_DEF: ColDef<LogEntry> = { resizable: true, sortable: false, suppressMovable: true };

interface Status {
  /** The first block has arrived. */
  loaded: boolean;
  total: number | null;
  error: string | null;
  readAt: Date;
}

const freshStatus = (): Status => ({ loaded: false, total: null, error: null, readAt: new Date() });
const errorText = (e: unknown) => {
  const err = e as { graphQLErrors?: { message: string }[]; message?: string };
  return err.graphQLErrors?.length ? err.graphQLErrors.map((g) => g.message).join(' ') : (err.message ?? String(e));
};

/**
 * The user logs, read-only, through AG Grid's infinite row model over `userLogs` (see
 * logs/pager.ts for how row positions map onto keyset cursors, and why a jump to the middle of
 * ten million entries costs one or two requests). The filter, the patient's identity number with
 * it, lives only in this component's state.
 */
export function LogsView({ viewer }: { viewer: { role: string; organisationId: string } }) {
  const { t, lang } = useI18n();
  const app = useClient();
  const execute = useMemo(() => makeLogExecute(app), [app]);
  const [{ data: orgData }] = useQuery({ query: LogOrganisationsQuery });
  const organisations = orgData?.organisations.nodes ?? [];
  const mayIdentify = viewer.role !== 'ANALYST';

  const [draft, setDraft] = useState<LogFilterDraft>(EMPTY_FILTER);
  const [applied, setApplied] = useState<{ draft: LogFilterDraft; filter: UserLogFilter }>({ draft: EMPTY_FILTER, filter: {} });
  const [errors, setErrors] = useState<ReturnType<typeof checkFilter>['errors']>({});
  const [generation, setGeneration] = useState(0);
  const [status, setStatus] = useState<Status>(freshStatus);
  const apiRef = useRef<GridApi<LogEntry> | null>(null);

  const apply = useCallback(
    (next: LogFilterDraft) => {
      const checked = checkFilter(next, { mayIdentify });
      setErrors(checked.errors);
      if (!checked.filter) return;
      const filter = checked.filter;
      setApplied((prev) => (filterKey(prev.filter) === filterKey(filter) ? { ...prev, draft: next } : { draft: next, filter }));
    },
    [mayIdentify],
  );
  const clear = useCallback(() => {
    setDraft(EMPTY_FILTER);
    apply(EMPTY_FILTER);
  }, [apply]);

  const key = filterKey(applied.filter);
  const datasource = useMemo<LogDatasource<LogEntry>>(() => {
    return createLogDatasource(graphqlLogBackend(execute, JSON.parse(key) as UserLogFilter), {
      blockSize: LOG_BLOCK_SIZE,
      onLoaded: (startRow, _rows, lastRow) => {
        if (startRow === 0) setStatus((s) => ({ ...s, loaded: true, total: lastRow ?? s.total, error: null }));
      },
      onTotal: (total) => {
        apiRef.current?.setRowCount(total, true);
        setStatus((s) => ({ ...s, total }));
      },
      onError: (error) => setStatus((s) => ({ ...s, error: errorText(error) })),
    });
    // A new datasource for a new filter and for every reload (`generation`).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `generation` is read by no line above: it is what makes a reload build anew
  }, [execute, key, generation]);
  // Each new list starts afresh, at the top; answers for the list before it are dropped.
  const wrapRef = useRef<HTMLDivElement>(null);
  const toTop = useCallback(() => {
    const viewport = wrapRef.current?.querySelector<HTMLElement>('.ag-grid-viewport');
    if (viewport) viewport.scrollTop = 0;
  }, []);
  useEffect(() => {
    datasource.attach();
    setStatus(freshStatus());
    toTop();
    return () => datasource.dispose();
  }, [datasource, toTop]);

  const columns = useMemo(() => columnDefs(t, lang, mayIdentify), [t, lang, mayIdentify]);
  useEffect(() => {
    apiRef.current?.refreshCells({ force: true });
  }, [lang]);

  const pending = JSON.stringify(draft) !== JSON.stringify(applied.draft);
  const scope = viewer.role === 'ANALYST' ? t.logsScopeAnalyst : viewer.role === 'INTEGRATOR' ? t.logsScopeIntegrator : t.logsScopeOrganisation;
  const readAt = formatLogTime(status.readAt.toISOString(), lang);

  return (
    <section className="view logs-view" aria-labelledby="view-title">
      <div className="view-head logs-head">
        <div>
          <h1 id="view-title">
            {t.logsTitle}
            <span className="count" data-testid="row-count" aria-live="polite">
              {status.total !== null ? t.logsCount(status.total, formatCount(status.total, lang)) : status.loaded ? t.logsCounting : t.loading}
            </span>
          </h1>
          <p className="muted">
            {t.logsIntro} {scope}
          </p>
        </div>
        <div className="logs-bar">
          <span className="muted small" data-testid="logs-read-at">
            {t.logsReadAt(readAt)}
          </span>
          <button type="button" className="btn logs-btn-small" title={t.logsRefreshHint} onClick={() => setGeneration((g) => g + 1)} data-testid="logs-refresh">
            {t.logsRefresh}
          </button>
        </div>
      </div>
      <LogFilters
        draft={draft}
        errors={errors}
        organisations={organisations}
        mayIdentify={mayIdentify}
        pending={pending}
        onChange={setDraft}
        onApply={apply}
        onClear={clear}
      />
      {status.error && (
        <div className="logs-error" role="alert" data-testid="logs-error">
          <AlertIcon width={14} height={14} />
          {t.logsFailed(status.error)}
          <button type="button" className="btn logs-btn-small" onClick={() => setGeneration((g) => g + 1)}>
            {t.retry}
          </button>
        </div>
      )}
      <div className="grid-wrap logs-grid" ref={wrapRef} data-testid="logs-grid">
        <AgGridReact<LogEntry>
          theme={gridTheme}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={LOG_BLOCK_SIZE}
          maxBlocksInCache={60}
          // One block at a time (each continues from the cursors of the one before), and none
          // while the scrollbar is being dragged: blocks scrolled past are dropped unloaded.
          maxConcurrentDatasourceRequests={1}
          blockLoadDebounceMillis={40}
          columnDefs={columns}
          defaultColDef={DEFAULT_COL_DEF}
          tooltipShowDelay={400}
          // Denser than the registry's grids: a log is read down a long list (14 or more rows at 1280×800).
          rowHeight={LOG_ROW_HEIGHT}
          headerHeight={LOG_HEADER_HEIGHT}
          localeText={t.agGrid}
          // The empty state is the view's own (logs-empty), in the view's language: not twice.
          suppressNoRowsOverlay
          onGridReady={(e) => {
            apiRef.current = e.api;
          }}
          // The other order starts at its top too.
          onSortChanged={toTop}
        />
        {status.total === 0 && (
          <div className="logs-overlay" role="status" data-testid="logs-empty">
            {t.logsEmpty}
          </div>
        )}
      </div>
    </section>
  );
}

function TimeCell(p: ICellRendererParams<LogEntry>) {
  const { t, lang } = useI18n();
  if (!p.data) return <span className="logs-skeleton" aria-hidden="true" />;
  return (
    <span className="logs-time" data-time={p.data.occurredAt}>
      {formatLogTime(p.data.occurredAt, lang)}
      {p.data.isDemo && (
        <span className="badge badge-demo logs-demo" title={t.logsDemoHint} data-testid="demo-entry">
          {t.logsDemo}
        </span>
      )}
    </span>
  );
}

function columnDefs(t: Dictionary, lang: Language, mayIdentify: boolean): ColDef<LogEntry>[] {
  const text = (colId: string, headerName: string, get: (e: LogEntry) => string, width: number, extra: Partial<ColDef<LogEntry>> = {}): ColDef<LogEntry> => ({
    colId,
    headerName,
    valueGetter: (p) => (p.data ? get(p.data) : ''),
    width,
    ...extra,
  });
  return [
    {
      colId: TIME_COLUMN,
      headerName: t.logsColTime,
      valueGetter: (p) => p.data?.occurredAt ?? '',
      cellRenderer: TimeCell,
      width: 228,
      pinned: 'left',
      sortable: true,
      // initialSort: a change of language (new column definitions) keeps the user's sort.
      initialSort: 'desc',
      sortingOrder: ['desc', 'asc'],
    },
    ...(mayIdentify ? [text('userName', t.logsColUser, (e) => e.userName, 190, { tooltip: (p) => p.data?.userHsaId ?? '' })] : []),
    text('userHsaId', mayIdentify ? t.logsColUserHsaId : t.logsColUserPseudonym, (e) => e.userHsaId, mayIdentify ? 215 : 210, { cellClass: 'logs-mono' }),
    // Who did what to whom first; where from and about what after.
    text('action', t.logsColAction, (e) => actionLabel(e.action, lang), 120),
    text('patient', t.logsColPatient, (e) => e.patientPseudonym.slice(0, 12), 172, {
      cellClass: 'logs-mono',
      tooltip: (p) => p.data?.patientPseudonym ?? '',
    }),
    text('careProvider', t.logsColCareProvider, (e) => e.careProvider.name, 190),
    text('careUnit', t.logsColCareUnit, (e) => e.careUnit, 190),
    text('userProfession', t.logsColProfession, (e) => (e.userProfession ? professionLabel(e.userProfession, lang) : ''), 150),
    text('category', t.logsColCategory, (e) => (lang === 'sv' ? e.category.name : e.category.nameEn), 190),
    text('dataOwner', t.logsColDataOwner, (e) => e.dataOwner.name, 190),
    text('basis', t.logsColBasis, (e) => basisLabel(e.basis, lang), 130, {
      cellClassRules: { 'logs-flag': (p: CellClassParams<LogEntry>) => p.data?.basis === 'EMERGENCY_ACCESS' || p.data?.basis === 'NONE' },
    }),
    text('device', t.logsColDevice, (e) => deviceLabel(e.device, lang), 110),
    text('outcome', t.logsColOutcome, (e) => outcomeLabel(e.outcome, lang), 110, {
      cellClassRules: { 'logs-denied': (p: CellClassParams<LogEntry>) => !!p.data && p.data.outcome !== 'SUCCESS' },
    }),
    text('source', t.logsColSource, (e) => e.sourceSystem, 150, {
      tooltip: (p) => (p.data ? t.logsSourceEntry(p.data.sourceSystem, p.data.sourceEntryId) : ''),
    }),
    text('entryId', t.logsColEntry, (e) => String(e.entryId), 100, { cellClass: 'logs-number' }),
  ];
}
