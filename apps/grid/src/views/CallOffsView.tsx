import { CALL_OFF_STATUSES, type CallOffStatus } from '@fvm/domain';
import type { CellClassParams, CellEditRequestEvent, ColDef, GridApi, ICellRendererParams, IHeaderParams, RowClassParams, TooltipCallbackParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState, type ClipboardEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { gridTheme } from '../agGrid';
import { buildMatrix, invalidCellCount, roleCanEdit, type MatrixCell, type MatrixRow, type RowState, type Viewer } from '../callOffs/matrix';
import { mapOutcomes, outcomeCounts } from '../callOffs/outcomes';
import { changeFor, planPaste } from '../callOffs/paste';
import { changedRowCount, initialStaging, stagingReducer, type StagingAction } from '../callOffs/staging';
import { displayValue, statusLabel, toApiStatus } from '../callOffs/status';
import { todayIso } from '../callOffs/validation';
import { AlertIcon, LockIcon } from '../components/Icons';
import { STATE_ICON } from '../editing/cells';
import { EditToolbar, type Message } from '../editing/EditToolbar';
import { FIELD_SELECTOR, pasteAnchor, useLeaveGuard, useUndoRedoKeys } from '../editing/hooks';
import { Empty, ErrorState, Loading } from '../components/States';
import { useFindings, useJumpTarget } from '../findings/context';
import { findingsColumn } from '../findings/FindingMark';
import { sameRow, type RegistryFindingItem } from '../findings/marks';
import { useI18n, type Dictionary, type Language } from '../i18n';
import { CallOffMatrixQuery, UpdateCallOffsMutation } from '../queries';

const OPTION_NUMBERS = [1, 2, 3] as const;
const optionOf = (colId: string | undefined) => (colId?.startsWith('option-') ? Number(colId.slice('option-'.length)) : null);
const SAVED_FLASH_MS = 2500;

const Dispatch = createContext<(a: StagingAction) => void>(() => {});

export function CallOffsView({ viewer }: { viewer: Viewer }) {
  const { t, lang } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery({ query: CallOffMatrixQuery });
  const [saving, updateCallOffs] = useMutation(UpdateCallOffsMutation);
  const [state, dispatch] = useReducer(stagingReducer, initialStaging);
  const [message, setMessage] = useState<Message>(null);
  const apiRef = useRef<GridApi<MatrixRow> | null>(null);
  const mayEdit = roleCanEdit(viewer);

  const options = useMemo(() => {
    const byNumber = new Map((data?.options.nodes ?? []).map((o) => [o.number, o]));
    return OPTION_NUMBERS.map((n) => ({ number: n, name: byNumber.get(n)?.name ?? '', nameEn: byNumber.get(n)?.nameEn ?? '' }));
  }, [data]);

  const rows = useMemo(() => {
    if (!data) return [];
    const municipalities = [...data.municipalities.nodes]
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
      .map((m) => ({ ...m, powersOfAttorney: m.powersOfAttorney.nodes, callOffs: m.callOffs.nodes }));
    return buildMatrix({ municipalities, procurements: data.procurements.nodes }, OPTION_NUMBERS, state, viewer, todayIso());
  }, [data, state, viewer]);

  const pendingRows = changedRowCount(state);
  const pendingCells = Object.keys(state.edits).length;
  const invalid = invalidCellCount(rows);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  // Findings about the municipality (an Organisation) or any of its call-offs mark its row.
  const findings = useFindings();
  const findingsOfRow = useCallback((r: MatrixRow) => findings.of(r.id, callOffIds(r)), [findings]);
  const findingsRef = useRef(findingsOfRow);
  findingsRef.current = findingsOfRow;
  const [onlyFindings, setOnlyFindings] = useState(false);
  const shownRows = useMemo(() => (onlyFindings ? rows.filter((r) => findingsOfRow(r).length > 0) : rows), [rows, onlyFindings, findingsOfRow]);
  useEffect(() => {
    apiRef.current?.refreshCells({ force: true });
  }, [findings.index]);
  const jump = useJumpTarget('call-offs');
  const jumped = jump.subjectId;
  const jumpedRef = useRef(jumped);
  jumpedRef.current = jumped;
  // The row jumped to: scrolled to, focused and flashed once the matrix has it.
  useEffect(() => {
    const api = apiRef.current;
    if (!api || !jumped) return;
    const row = shownRows.find((r) => sameRow(r.id, jumped) || callOffIds(r).some((id) => sameRow(id, jumped)));
    const node = row ? api.getRowNode(row.id) : undefined;
    if (!node || node.rowIndex == null) return;
    api.ensureNodeVisible(node, 'middle');
    api.setFocusedCell(node.rowIndex, 'name');
    api.redrawRows({ rowNodes: [node] });
  }, [jumped, shownRows]);
  const savingRef = useRef(false);
  savingRef.current = saving.fetching;

  // Leaving with staged edits asks first; Ctrl+Z / Ctrl+Y undo and redo them.
  useLeaveGuard(pendingCells > 0, t.leaveWarning);
  const undo = useCallback(() => dispatch({ type: 'undo' }), []);
  const redo = useCallback(() => dispatch({ type: 'redo' }), []);
  useUndoRedoKeys(undo, redo);

  // A cell's look depends on more than its value (staged, invalid, outcome), so redraw every cell
  // when the matrix changes; rows with a conflict are taller, to hold the server's value and the choices.
  useEffect(() => {
    apiRef.current?.refreshCells({ force: true });
    apiRef.current?.resetRowHeights();
  }, [rows]);

  const onCellEditRequest = useCallback((e: CellEditRequestEvent<MatrixRow>) => {
    const option = optionOf(e.column.getColId());
    if (savingRef.current || option === null || !e.data) return;
    const raw = e.newValue == null ? '' : String(e.newValue);
    const change = changeFor(e.data, option, raw);
    if (change) dispatch({ type: 'stage', changes: [change] });
  }, []);

  const onPaste = useCallback(
    (e: ClipboardEvent<HTMLDivElement>) => {
      const target = e.target as HTMLElement;
      if (!mayEdit || savingRef.current || target.closest(FIELD_SELECTOR)) return;
      const api = apiRef.current;
      const text = e.clipboardData.getData('text/plain');
      if (!api || !text) return;
      e.preventDefault();
      // The anchor is the focused cell: the grid's, or else the cell the paste event came from.
      const at = pasteAnchor(api, target);
      const anchor = at && !at.pinned ? at : null;
      if (!anchor) {
        setMessage({ kind: 'warning', text: t.pasteNoFocus });
        return;
      }
      const shownRows: MatrixRow[] = [];
      api.forEachNodeAfterFilterAndSort((n) => n.data && shownRows.push(n.data));
      const columns = api.getAllDisplayedColumns();
      const plan = planPaste(
        text,
        { rowIndex: anchor.rowIndex, columnIndex: columns.findIndex((c) => c.getColId() === anchor.colId) },
        shownRows,
        columns.map((c) => optionOf(c.getColId())),
      );
      if (plan.changes.length) dispatch({ type: 'stage', changes: plan.changes });
      setMessage(
        plan.skipped
          ? { kind: 'warning', text: `${plan.changes.length ? t.pasteStaged(plan.changes.length) + ' ' : ''}${t.pasteSkipped(plan.skipped)}` }
          : { kind: 'info', text: t.pasteStaged(plan.changes.length) },
      );
    },
    [mayEdit, t],
  );

  const save = useCallback(async () => {
    const sent = Object.values(state.edits);
    if (sent.length === 0 || invalid > 0 || saving.fetching) return;
    setMessage(null);
    const result = await updateCallOffs({
      rows: sent.map((e) => ({ id: e.callOffId, version: e.version, status: toApiStatus(e.status as CallOffStatus) })),
    });
    const payload = result.data?.updateCallOffs;
    if (!payload) {
      const reason = result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? '';
      setMessage({ kind: 'error', text: t.saveFailed(reason) });
      return;
    }
    const outcomes = mapOutcomes(sent, payload.results);
    dispatch({ type: 'saved', outcomes });
    const { saved, failed } = outcomeCounts(outcomes);
    setMessage({ kind: failed ? 'warning' : 'success', text: t.saveSummary(saved, failed) });
    const savedIds = Object.entries(outcomes)
      .filter(([, o]) => o.kind === 'saved')
      .map(([id]) => id);
    if (savedIds.length) setTimeout(() => dispatch({ type: 'clearOutcomes', callOffIds: savedIds }), SAVED_FLASH_MS);
    findings.refresh();
  }, [state.edits, invalid, saving.fetching, updateCallOffs, t, findings]);

  const columns = useMemo(() => columnDefs(t, lang, options, (r) => findingsRef.current(r)), [t, lang, options]);

  const total = data?.municipalities.totalCount ?? 0;
  return (
    <Dispatch.Provider value={dispatch}>
      <section className="view" aria-labelledby="view-title">
        <div className="view-head">
          <div>
            <h1 id="view-title">
              {t.callOffsTitle}
              {data && (
                <span className="count" data-testid="row-count">
                  {shownRows.length !== rows.length ? `${shownRows.length} / ` : ''}
                  {t.rowCount(rows.length)}
                </span>
              )}
            </h1>
            <label className="findings-toggle">
              <input type="checkbox" checked={onlyFindings} onChange={(e) => setOnlyFindings(e.target.checked)} data-testid="only-findings" />
              {t.findingsOnly}
            </label>
            <p className="muted">
              {t.callOffsIntro} {mayEdit ? `${t.callOffsStaging} ${t.pasteHint}` : t.readOnlyRoleHint}
            </p>
          </div>
        </div>
        {mayEdit && data && (
          <EditToolbar
            label={t.callOffsTitle}
            changedRows={pendingRows}
            invalid={invalid}
            message={message}
            canUndo={state.past.length > 0}
            canRedo={state.future.length > 0}
            hasChanges={pendingCells > 0}
            saving={saving.fetching}
            onUndo={undo}
            onRedo={redo}
            onDiscard={() => dispatch({ type: 'discard' })}
            onSave={() => void save()}
          />
        )}
        {fetching && !data ? (
          <Loading />
        ) : error && !data ? (
          <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : total === 0 ? (
          <Empty text={t.emptyCallOffs} />
        ) : (
          <>
            <div className="grid-wrap" onPaste={onPaste} data-testid="calloffs-grid">
              <AgGridReact<MatrixRow>
                theme={gridTheme}
                localeText={t.agGrid}
                rowData={shownRows}
                columnDefs={columns}
                defaultColDef={{ resizable: true, sortable: false, suppressMovable: true }}
                getRowId={(p) => p.data.id}
                readOnlyEdit
                onCellEditRequest={onCellEditRequest}
                tooltipShowDelay={250}
                tooltipInteraction={false}
                getRowHeight={(p) => (p.data && Object.values(p.data.cells).some((c) => c.outcome?.kind === 'conflict') ? 92 : undefined)}
                headerHeight={52}
                rowClassRules={{
                  'row-readonly': (p: RowClassParams<MatrixRow>) => !!p.data?.readOnly,
                  'row-own': (p: RowClassParams<MatrixRow>) => !!p.data?.editable,
                  'row-jumped': (p: RowClassParams<MatrixRow>) => !!jumpedRef.current && !!p.data && (sameRow(p.data.id, jumpedRef.current) || callOffIds(p.data).some((id) => sameRow(id, jumpedRef.current!))),
                }}
                onGridReady={(e) => {
                  apiRef.current = e.api;
                }}
              />
            </div>
            <Legend mayEdit={mayEdit} />
          </>
        )}
      </section>
    </Dispatch.Provider>
  );
}

function Legend({ mayEdit }: { mayEdit: boolean }) {
  const { t } = useI18n();
  return (
    <div className="legend" aria-hidden="true">
      {mayEdit && <EditLegend />}
      <span>
        <LockIcon width={12} height={12} />
        {t.legendReadOnly}
      </span>
    </div>
  );
}

function EditLegend() {
  const { t } = useI18n();
  return (
    <>
      <span>
        <i className="swatch swatch-pending" />
        {t.legendPending}
      </span>
      <span>
        <i className="swatch swatch-invalid" />
        {t.legendInvalid}
      </span>
      <span>
        <i className="swatch swatch-conflict" />
        {t.outcomeConflict}
      </span>
      <span>
        <i className="swatch swatch-saved" />
        {t.outcomeSaved}
      </span>
    </>
  );
}

function cellOf(p: { data?: MatrixRow; colDef?: { colId?: string } | null; column?: { getColId(): string } | null }): MatrixCell | undefined {
  const option = optionOf(p.column?.getColId() ?? p.colDef?.colId);
  return option === null ? undefined : p.data?.cells[option];
}

/** The words on hover: the rule's message, the outcome, or why the cell cannot be changed. */
export function cellMessage(cell: MatrixCell | undefined, row: MatrixRow | undefined, t: Dictionary, lang: Language): string {
  if (!cell || !row) return '';
  const pick = (v: { message: string; messageSv: string }) => (lang === 'sv' ? v.messageSv : v.message);
  if (!cell.base) return t.noCallOffHint;
  const o = cell.outcome;
  if (o?.kind === 'conflict') return t.conflictServer(statusLabel(o.current.status, lang), o.current.version);
  if (cell.edit && cell.violations.length) {
    const words = cell.violations.map(pick);
    // The enum rule names the API's values; say which words the grid reads, in the user's language.
    if (cell.violations.some((v) => v.code === 'enum')) words.push(t.statusChoices(CALL_OFF_STATUSES.map((s) => statusLabel(s, lang)).join(', ')));
    return words.join(' ');
  }
  if (o?.kind === 'invalid') return o.violations.map(pick).join(' ');
  if (o?.kind === 'forbidden') return pick(o);
  if (o?.kind === 'notApplied') return t.notAppliedHint;
  if (o?.kind === 'notFound') return o.message;
  if (o?.kind === 'saved') return [t.outcomeSaved, ...o.warnings.map(pick)].join(' ');
  if (cell.edit) return t.wasValue(statusLabel(cell.edit.original, lang));
  if (!cell.editable) return t.readOnlyHint(row.name);
  return '';
}

/** The call-offs a row of the matrix shows. */
const callOffIds = (r: MatrixRow) => Object.values(r.cells).flatMap((c) => (c.base ? [c.base.id] : []));

function columnDefs(t: Dictionary, lang: Language, options: readonly { number: number; name: string; nameEn: string }[], findingsOf: (r: MatrixRow) => readonly RegistryFindingItem[]): ColDef<MatrixRow>[] {
  const flag = (test: (c: MatrixCell) => boolean) => (p: CellClassParams<MatrixRow>) => {
    const c = cellOf(p);
    return !!c && test(c);
  };
  return [
    { colId: 'state', headerName: t.colState, width: 118, cellClass: 'cell-state', cellRenderer: RowStateCell, sortable: false },
    findingsColumn(findingsOf, t, lang),
    { colId: 'code', headerName: t.colCode, field: 'code', width: 116, cellClass: 'cell-middle' },
    { colId: 'name', headerName: t.colName, field: 'name', flex: 1, minWidth: 150, cellClass: ['cell-name', 'cell-middle'] },
    ...options.map(
      (o): ColDef<MatrixRow> => ({
        colId: `option-${o.number}`,
        headerName: t.optionColumn(o.number, lang === 'sv' ? o.name : o.nameEn),
        headerTooltip: t.optionColumn(o.number, lang === 'sv' ? o.name : o.nameEn),
        headerComponent: OptionHeader,
        headerComponentParams: { number: o.number, name: lang === 'sv' ? o.name : o.nameEn },
        flex: 1,
        minWidth: 190,
        valueGetter: (p) => p.data?.cells[o.number]?.value ?? null,
        valueFormatter: (p) => (p.value == null ? '' : displayValue(String(p.value), lang)),
        editable: (p) => !!p.data?.cells[o.number]?.editable,
        cellEditor: 'agSelectCellEditor',
        cellEditorParams: { values: [...CALL_OFF_STATUSES], formatValue: (v: unknown) => (v == null ? '' : displayValue(String(v), lang)) },
        cellRenderer: StatusCell,
        tooltip: (p: TooltipCallbackParams<MatrixRow>) => (p.location === 'cell' ? cellMessage(p.data?.cells[o.number], p.data, t, lang) || undefined : undefined),
        cellClass: 'cell-status',
        cellClassRules: {
          'cell-empty': flag((c) => !c.base),
          'cell-readonly': flag((c) => !!c.base && !c.editable),
          'cell-pending': flag((c) => !!c.edit && !c.invalid),
          'cell-invalid': flag((c) => (!!c.edit && c.invalid) || c.outcome?.kind === 'invalid'),
          'cell-saved': flag((c) => c.outcome?.kind === 'saved'),
          'cell-conflict': flag((c) => c.outcome?.kind === 'conflict'),
          'cell-forbidden': flag((c) => c.outcome?.kind === 'forbidden' || c.outcome?.kind === 'notFound'),
          'cell-notapplied': flag((c) => c.outcome?.kind === 'notApplied'),
        },
      }),
    ),
  ];
}

function OptionHeader(p: IHeaderParams<MatrixRow> & { number: number; name: string }) {
  const { t } = useI18n();
  return (
    <div className="option-header">
      <span className="option-number">{t.optionNumber(p.number)}</span>
      <span className="option-name">{p.name}</span>
    </div>
  );
}

function StatusCell(p: ICellRendererParams<MatrixRow>) {
  const { t, lang } = useI18n();
  const dispatch = useContext(Dispatch);
  const cell = cellOf(p);
  if (!p.data || !cell) return null;
  const row = p.data;
  const message = cellMessage(cell, row, t, lang);
  if (!cell.base) {
    return (
      <span className="status-cell status-none" data-testid="cell" data-message={message}>
        {t.noCallOff}
      </span>
    );
  }
  const value = cell.value ?? '';
  const known = (CALL_OFF_STATUSES as readonly string[]).includes(value);
  const conflict = cell.outcome?.kind === 'conflict' ? cell.outcome : null;
  const stop = (e: React.SyntheticEvent) => e.stopPropagation();
  return (
    <div className="status-cell" data-testid="cell" data-status={value} data-message={message}>
      <div className="status-line">
        {!cell.editable && <LockIcon className="lock" width={13} height={13} aria-label={t.legendReadOnly} />}
        <span className={`status-dot dot-${known ? value : 'unknown'}`} aria-hidden="true" />
        <span className="status-text">{known ? statusLabel(value as CallOffStatus, lang) : value || '—'}</span>
        {cell.edit && cell.invalid && <AlertIcon className="cell-alert" width={14} height={14} />}
      </div>
      {conflict && (
        <div className="conflict-box" onMouseDown={stop} onDoubleClick={stop} onKeyDown={stop}>
          <div className="conflict-server">{t.conflictShort(statusLabel(conflict.current.status, lang))}</div>
          <div className="conflict-actions">
            <button type="button" className="mini mini-primary" onClick={() => dispatch({ type: 'keepMine', callOffId: conflict.current.id })} data-testid="keep-mine">
              {t.keepMine}
            </button>
            <button type="button" className="mini" onClick={() => dispatch({ type: 'takeTheirs', callOffId: conflict.current.id })} data-testid="take-theirs">
              {t.takeTheirs}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}


function RowStateCell(p: ICellRendererParams<MatrixRow>) {
  const { t } = useI18n();
  const row = p.data;
  if (!row) return null;
  const words: Record<RowState, string> = {
    pending: t.outcomePending,
    saved: t.outcomeSaved,
    invalid: t.outcomeInvalid,
    conflict: t.outcomeConflict,
    forbidden: t.outcomeForbidden,
    notFound: t.outcomeNotFound,
    notApplied: t.outcomeNotApplied,
  };
  if (row.state) {
    return (
      <span className={`row-state state-${row.state}`} data-testid="row-state" data-state={row.state}>
        {STATE_ICON[row.state]}
        {words[row.state]}
      </span>
    );
  }
  if (row.readOnly) {
    return (
      <span className="row-state state-readonly" data-testid="row-state" data-state="readonly" title={t.readOnlyHint(row.name)}>
        <LockIcon width={13} height={13} />
      </span>
    );
  }
  if (row.own) {
    return (
      <span className="row-state state-own" data-testid="row-state" data-state="own">
        {t.ownRow}
      </span>
    );
  }
  return null;
}
