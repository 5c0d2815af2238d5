import type { CellEditRequestEvent, CellKeyDownEvent, GridApi, RowClassParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState, type ClipboardEvent } from 'react';
import { useQuery } from 'urql';
import { gridTheme } from '../agGrid';
import { CallOffDialog, type CallOffValues } from '../callOffs/CallOffDialog';
import { cellEditable, optionOf, type MatrixContext } from '../callOffs/cells';
import { matrixColumns } from '../callOffs/columns';
import {
  buildMatrix,
  callOffFacts,
  filterRows,
  matrixMunicipalities,
  invalidCellCount,
  matrixCsv,
  ownFirst,
  optionName,
  planPaste,
  SHOW_CHOICES,
  showLabel,
  statusLabel,
  type MatrixCell,
  type MatrixRow,
  type MatrixShow,
} from '../callOffs/matrix';
import { CallOffMatrixQuery } from '../callOffs/queries';
import { LockIcon } from '../components/Icons';
import { Empty, ErrorState, Loading } from '../components/States';
import { download } from '../editing/csvTransfer';
import { EditToolbar, type Message } from '../editing/EditToolbar';
import { cellChange, writersOf, type CellEdit, type EntityRow, type RowView, type Viewer } from '../editing/entity';
import { FIELD_SELECTOR, pasteAnchor, useLeaveGuard, useUndoRedoKeys } from '../editing/hooks';
import { NO_LOOKUPS, type Lookups } from '../editing/lookups';
import { useSave } from '../editing/save';
import { useStagedRows } from '../editing/stagedRows';
import type { Violation } from '../editing/types';
import { ExportButton } from '../editing/ViewTools';
import { callOffConfig } from '../entities/callOffs';
import { useFindings, useJumpTarget } from '../findings/context';
import { sameRow } from '../findings/marks';
import { useI18n } from '../i18n';
import '../editing/editing.css';

/**
 * The call-off matrix: a row per municipality, a cell per option. Each cell is one call-off row of
 * the editing engine every grid uses (entities/callOffs.ts): staged, checked by the domain's rules,
 * saved in one bulk mutation with each row's outcome in place, undone, pasted into and exported.
 */
export function CallOffsView({ viewer }: { viewer: Viewer }) {
  const { t, lang } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery({ query: CallOffMatrixQuery });
  const [message, setMessage] = useState<Message>(null);
  const apiRef = useRef<GridApi<MatrixRow> | null>(null);

  // What the call-off rules need, from the matrix's own query: powers of attorney, the window, the cell's other call-offs.
  const municipalities = useMemo(() => matrixMunicipalities(data?.municipalities.nodes ?? []), [data]);
  const facts = useMemo(() => callOffFacts(municipalities, data?.procurements.nodes ?? []), [municipalities, data]);
  const config = useMemo(() => callOffConfig(facts), [facts]);
  const options = useMemo(() => [...(data?.options.nodes ?? [])].sort((a, b) => a.number - b.number), [data]);
  const lookups = useMemo(
    (): Lookups => ({ ...NO_LOOKUPS, ready: !!data, municipalities: municipalities.map((m) => ({ id: m.id, name: m.name })), options }),
    [data, municipalities, options],
  );
  const statusSpec = config.columns.find((c) => c.field === 'status')!;

  const writers = writersOf(config);
  const editing = writers.role(viewer);
  // Kept in the shared store, as every view's: switching views keeps them, and leaving asks first.
  const staged = useStagedRows(config, viewer, lookups, editing, undefined, config.id);
  const { staging, dispatch, view, changed, invalid, hasChanges, fresh, seen } = staged;
  // The engine finds a staged row among the rows the grid has shown.
  for (const m of municipalities) for (const c of m.callOffs) seen.current.set(c.id, c);

  const rows = useMemo(
    () =>
      buildMatrix(
        {
          municipalities,
          options,
          added: staging.added.map((id) => fresh.current.get(id)).filter((r): r is EntityRow => !!r),
          known: Object.values(staging.known),
        },
        view,
        { editing, mayChange: (owner) => writers.row(viewer, owner), viewerOrganisationId: viewer.organisationId },
      ),
    [municipalities, options, staging, fresh, view, editing, writers, viewer],
  );

  const findings = useFindings();
  const findingsOfRow = useCallback((r: MatrixRow) => findings.of(r.id, callOffIds(r)), [findings]);
  const findingsRef = useRef(findingsOfRow);
  findingsRef.current = findingsOfRow;
  const [onlyFindings, setOnlyFindings] = useState(false);
  const [search, setSearch] = useState('');
  const [show, setShow] = useState<MatrixShow>('all');
  const shownRows = useMemo(
    () => ownFirst(filterRows(onlyFindings ? rows.filter((r) => findingsOfRow(r).length > 0) : rows, search, show)),
    [rows, onlyFindings, findingsOfRow, search, show],
  );

  const reload = useCallback(() => {
    refetch({ requestPolicy: 'network-only' });
    findings.refresh();
  }, [refetch, findings]);
  const { save, saving } = useSave(config, undefined, staged, reload, setMessage, t);
  const savingRef = useRef(saving);
  savingRef.current = saving;

  /** The status of a cell set to `raw` (typed, chosen or pasted), or to a status chosen as such. */
  const statusChange = useCallback(
    (v: RowView, raw: string, value?: string): CellEdit | null =>
      cellChange(v, statusSpec, raw, lookups, value === undefined ? undefined : { ok: true, value }),
    [statusSpec, lookups],
  );
  const withdraw = useCallback(
    (cell: MatrixCell) => {
      const v = cell.view;
      if (savingRef.current || !v || !cellEditable(cell)) return;
      // A call-off not yet created just goes; a stored one is withdrawn (kept, with its history).
      if (v.isNew) dispatch({ type: 'deleteRows', rows: [{ id: v.row.id, version: 0 }] });
      else {
        const change = statusChange(v, statusLabel('withdrawn', lang), 'withdrawn');
        if (change) dispatch({ type: 'stage', changes: [change] });
      }
    },
    [dispatch, statusChange, lang],
  );

  // Registering a call-off, or dating one: the dialog's values are staged like any edit.
  const [dialog, setDialog] = useState<{ row: MatrixRow; cell: MatrixCell } | null>(null);
  const dialogRow = useCallback(
    (d: { row: MatrixRow; cell: MatrixCell }, values: CallOffValues): EntityRow => {
      const base = d.cell.row ?? staged.newRow();
      const fresh = !d.cell.row;
      return {
        ...base,
        ...(fresh
          ? {
              ownerId: d.row.organisationId,
              ownerName: d.row.name,
              labels: { municipalityId: d.row.name, optionId: `${d.cell.option.number} · ${d.cell.option.name}` },
            }
          : {}),
        values: {
          ...(d.cell.view?.values ?? base.values),
          ...(fresh ? { municipalityId: d.row.id, optionId: d.cell.option.id, procurementId: null } : {}),
          ...values,
        },
      };
    },
    [staged],
  );
  const validateDialog = useCallback(
    (values: CallOffValues): Violation[] => {
      if (!dialog) return [];
      const row = dialogRow(dialog, values);
      return config.validate?.(row.values, { row, isNew: !dialog.cell.row, edited: new Set(Object.keys(values)), lookups, today: staged.today }) ?? [];
    },
    [dialog, dialogRow, config, lookups, staged.today],
  );
  const submitDialog = useCallback(
    (values: CallOffValues) => {
      if (!dialog || savingRef.current) return;
      setDialog(null);
      const v = dialog.cell.view;
      if (!dialog.cell.row || !v) {
        const row = dialogRow(dialog, values);
        fresh.current.set(row.id, row);
        dispatch({ type: 'stage', changes: [], add: [row.id] });
        return;
      }
      const changes = (Object.keys(values) as (keyof CallOffValues)[])
        .filter((f) => (v.values[f] ?? null) !== (values[f] ?? null))
        .map((f) => {
          const spec = config.columns.find((c) => c.field === f)!;
          return cellChange(v, spec, values[f] ?? '', lookups, { ok: true, value: values[f] ?? null });
        })
        .filter((c): c is CellEdit => c !== null);
      if (changes.length) dispatch({ type: 'stage', changes });
    },
    [dialog, dialogRow, fresh, dispatch, config, lookups],
  );

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

  // Leaving with staged edits asks first; Ctrl+Z / Ctrl+Y undo and redo them.
  useLeaveGuard(hasChanges, t.leaveWarning);
  const undo = useCallback(() => dispatch({ type: 'undo' }), [dispatch]);
  const redo = useCallback(() => dispatch({ type: 'redo' }), [dispatch]);
  useUndoRedoKeys(undo, redo);

  // A cell's look depends on more than its value (staged, invalid, outcome), so redraw every cell
  // when the matrix changes; rows with a conflict are taller, to hold the server's value and the choices.
  useEffect(() => {
    apiRef.current?.refreshCells({ force: true });
    apiRef.current?.resetRowHeights();
  }, [rows, findings.index]);

  const onCellEditRequest = useCallback(
    (e: CellEditRequestEvent<MatrixRow>) => {
      const option = optionOf(e.column.getColId());
      const cell = option === null ? undefined : e.data?.cells[option];
      if (savingRef.current || !cell?.view || !cellEditable(cell)) return;
      const raw = e.newValue == null ? '' : String(e.newValue);
      // An emptied cell withdraws the call-off rather than leaving a status that is none.
      if (raw.trim() === '') return withdraw(cell);
      const change = statusChange(cell.view, raw);
      if (change) dispatch({ type: 'stage', changes: [change] });
    },
    [withdraw, statusChange, dispatch],
  );

  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<MatrixRow>) => {
      const key = (e.event as KeyboardEvent | null)?.key;
      if (key !== 'Delete' && key !== 'Backspace') return;
      const option = optionOf(e.column.getColId());
      const cell = option === null ? undefined : e.data?.cells[option];
      if (cell) withdraw(cell);
    },
    [withdraw],
  );

  const onPaste = useCallback(
    (e: ClipboardEvent<HTMLDivElement>) => {
      const target = e.target as HTMLElement;
      if (!editing || savingRef.current || target.closest(FIELD_SELECTOR)) return;
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
      const displayed: MatrixRow[] = [];
      api.forEachNodeAfterFilterAndSort((n) => n.data && displayed.push(n.data));
      const columns = api.getAllDisplayedColumns();
      const plan = planPaste(
        text,
        { rowIndex: anchor.rowIndex, columnIndex: columns.findIndex((c) => c.getColId() === anchor.colId) },
        displayed,
        columns.map((c) => optionOf(c.getColId())),
        (cell, raw) => (cell.view && cellEditable(cell) ? statusChange(cell.view, raw) : null),
      );
      if (plan.changes.length) dispatch({ type: 'stage', changes: plan.changes });
      setMessage(
        plan.skipped
          ? { kind: 'warning', text: `${plan.changes.length ? t.pasteStaged(plan.changes.length) + ' ' : ''}${t.pasteSkipped(plan.skipped)}` }
          : { kind: 'info', text: t.pasteStaged(plan.changes.length) },
      );
    },
    [editing, t, statusChange, dispatch],
  );

  const exportCsv = useCallback(() => {
    download(matrixCsv(shownRows, options, t, lang), t.matrixCsvFile);
    setMessage({ kind: 'info', text: t.matrixExported(shownRows.length) });
  }, [shownRows, options, t, lang]);

  // The cell renderers read the matrix through AG Grid's `context`: one object, always the latest.
  const context = useRef<MatrixContext>(null as unknown as MatrixContext);
  context.current = {
    t,
    lang,
    editing,
    register: (row, cell) => !savingRef.current && setDialog({ row, cell }),
    details: (row, cell) => !savingRef.current && setDialog({ row, cell }),
    withdraw: (_row, cell) => withdraw(cell),
    keepMine: (rowId) => dispatch({ type: 'keepMine', rowId }),
    takeTheirs: (rowId) => dispatch({ type: 'takeTheirs', rowId }),
  };
  const columns = useMemo(() => matrixColumns(t, lang, options, context, (r) => findingsRef.current(r)), [t, lang, options]);

  const total = data?.municipalities.totalCount ?? 0;
  const invalidCells = invalidCellCount(rows);
  // The engine counts call-offs, and so does the toolbar, saying in how many municipalities (the matrix's rows).
  const changedMunicipalities = new Set([...changed].map((id) => (fresh.current.get(id) ?? seen.current.get(id))?.values.municipalityId ?? id)).size;
  const dialogOption = dialog ? `${t.optionNumber(dialog.cell.option.number)} · ${optionName(dialog.cell.option, lang)}` : '';
  return (
    <section className="view" aria-labelledby="view-title" data-edit-scope>
      <div className="view-head view-head-stacked">
        <div className="view-title-row">
          <h1 id="view-title">
            {t.callOffsTitle}
            {data && (
              <span className="count" data-testid="row-count">
                {shownRows.length !== rows.length ? `${t.shownOf(shownRows.length, rows.length)} · ` : ''}
                {t.rowCount(rows.length)}
              </span>
            )}
          </h1>
          <div className="view-tools">
            <label className="findings-toggle" title={t.findingsColumn}>
              <input type="checkbox" checked={onlyFindings} onChange={(e) => setOnlyFindings(e.target.checked)} data-testid="only-findings" />
              {t.findingsOnly}
            </label>
            <input
              type="search"
              className="search search-municipality"
              placeholder={t.searchMunicipality}
              aria-label={t.searchMunicipality}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              data-testid="search"
            />
            <label className="show-filter">
              <span>{t.filterLabel}</span>
              <select value={show} onChange={(e) => setShow(e.target.value as MatrixShow)} data-testid="show-filter">
                {SHOW_CHOICES.filter((s) => s !== 'mine' || viewer.role !== 'REGIONAL_ADMIN').map((s) => (
                  <option key={s} value={s}>
                    {showLabel(s, t, lang)}
                  </option>
                ))}
              </select>
            </label>
            <ExportButton onExport={exportCsv} busy={!data} />
          </div>
        </div>
        <p className="muted">
          {t.callOffsIntro} {editing ? `${t.callOffsHowTo} ${t.callOffsStaging} ${t.pasteHint}` : t.readOnlyRoleHint}
        </p>
      </div>
      {(editing || message) && data && (
        <EditToolbar
          label={t.callOffsTitle}
          editable={editing}
          changedRows={changed.size}
          changedText={t.callOffsChanged(changed.size, changedMunicipalities)}
          invalid={Math.max(invalid, invalidCells)}
          message={message}
          canUndo={staging.past.length > 0}
          canRedo={staging.future.length > 0}
          hasChanges={hasChanges}
          saving={saving}
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
              rowData={shownRows}
              columnDefs={columns}
              context={context}
              defaultColDef={{
                resizable: true,
                sortable: false,
                suppressMovable: true,
                suppressKeyboardEvent: (p) => !p.editing && (p.event.key === 'Delete' || p.event.key === 'Backspace'),
              }}
              getRowId={(p) => p.data.id}
              readOnlyEdit
              onCellEditRequest={onCellEditRequest}
              onCellKeyDown={onCellKeyDown}
              stopEditingWhenCellsLoseFocus
              tooltipShowDelay={250}
              tooltipInteraction={false}
              localeText={t.agGrid}
              getRowHeight={(p) => (p.data && Object.values(p.data.cells).some((c) => c.view?.outcome?.kind === 'conflict') ? 92 : undefined)}
              headerHeight={52}
              rowClassRules={{
                'row-readonly': (p: RowClassParams<MatrixRow>) => editing && !!p.data && !p.data.editable,
                'row-own': (p: RowClassParams<MatrixRow>) => !!p.data?.editable,
                'row-jumped': (p: RowClassParams<MatrixRow>) =>
                  !!jumpedRef.current &&
                  !!p.data &&
                  (sameRow(p.data.id, jumpedRef.current) || callOffIds(p.data).some((id) => sameRow(id, jumpedRef.current!))),
              }}
              onGridReady={(e) => {
                apiRef.current = e.api;
              }}
            />
            {shownRows.length === 0 && (
              <div className="grid-empty" role="status">
                {t.emptyView}
              </div>
            )}
          </div>
          <Legend editing={editing} />
        </>
      )}
      {dialog && (
        <CallOffDialog
          title={dialog.cell.row ? t.callOffDetails : t.registerTitle}
          subject={`${dialog.row.name}, ${dialogOption}`}
          initial={{
            status: String(dialog.cell.view?.values.status ?? 'submitted'),
            submittedOn: (dialog.cell.view?.values.submittedOn as string | null) ?? (dialog.cell.row ? null : staged.today),
            signedOn: (dialog.cell.view?.values.signedOn as string | null) ?? null,
          }}
          window={facts.window((dialog.cell.view?.values.procurementId as string | null) ?? null)}
          validate={validateDialog}
          submitLabel={dialog.cell.row ? t.dialogApply : t.registerStage}
          onSubmit={submitDialog}
          onCancel={() => setDialog(null)}
        />
      )}
    </section>
  );
}

function Legend({ editing }: { editing: boolean }) {
  const { t } = useI18n();
  return (
    <div className="legend" aria-hidden="true">
      {editing && (
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
      )}
      <span>
        <LockIcon width={12} height={12} />
        {t.legendReadOnly}
      </span>
    </div>
  );
}

/** The call-offs a row of the matrix shows. */
const callOffIds = (r: MatrixRow) => Object.values(r.cells).flatMap((c) => (c.row && !c.row.isNew ? [c.row.id] : []));
