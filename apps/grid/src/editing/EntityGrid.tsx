import type { CellFocusedEvent, GridApi, GridReadyEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { gridTheme } from '../agGrid';
import { ErrorState } from '../components/States';
import { useFindings, useJumpTarget } from '../findings/context';
import { sameRow } from '../findings/marks';
import { useI18n } from '../i18n';
import type { GridContext } from './cells';
import { columnList, entityColumns } from './columns';
import { BLOCK_SIZE, useConnection } from './connection';
import { useCsvExport, useCsvImport } from './csvTransfer';
import { EditToolbar, type Message } from './EditToolbar';
import { MineSwitch, SearchBox, useMineSwitch } from './FindBar';
import { hasOwner, mineFilter, searchable } from './findRows';
import { writersOf, type EntityConfig, type EntityRow, type Viewer } from './entity';
import type { GqlFilter } from './filters';
import { useLeaveGuard, useUndoRedoKeys } from './hooks';
import { useLookups } from './lookups';
import { RowActions } from './RowActions';
import { LoadedSelectionContext, SelectAllHeader, useLoadedSelection } from './SelectAllHeader';
import { useRowEditing } from './rowEditing';
import { useSave } from './save';
import { useSavedViews } from './savedViews';
import { useStagedRows } from './stagedRows';
import type { Bounds } from './range';
import { useRangeSelection } from './useRangeSelection';
import { ColumnsMenu, ExportButton, ImportButton, ImportDialog, ViewsMenu } from './ViewTools';
import './agModules';
import './editing.css';

export interface EntityGridProps {
  config: EntityConfig;
  viewer: Viewer;
  /** Fixed conditions, e.g. the parties of one agreement. */
  baseFilter?: GqlFilter;
  /** Values every new row starts with (domain form). */
  newValues?: Record<string, unknown>;
  /** What every new row is created with besides its cells (API form), e.g. the agreement a new party belongs to. */
  createInput?: Record<string, unknown>;
  /** With several grids on a page: the one Ctrl+Z serves when the focus is in none of them. */
  primary?: boolean;
  /** The row whose cell has the focus (for a detail panel). */
  onFocusRow?: (row: EntityRow | null) => void;
  /** A sub-view: a smaller heading. */
  heading?: ReactNode;
  testId: string;
  /** Shown under the grid (a detail panel). */
  children?: ReactNode;
}

/**
 * An editable spreadsheet over one entity's connection: server-side filters, sort and paging
 * (AG Grid's infinite row model over keyset cursors), staged edits checked by the entity's domain
 * rules, one bulk mutation per Save with each row's outcome shown in place, conflicts resolved
 * either way, undo/redo, paste from Excel, new rows and deletions staged like edits, and one value
 * set for many selected rows.
 */
export function EntityGrid({ config, viewer, baseFilter, newValues, createInput, primary = true, onFocusRow, heading, testId, children }: EntityGridProps) {
  const { t, lang } = useI18n();
  const lookups = useLookups();
  const [message, setMessage] = useState<Message>(null);
  const [selectedCount, setSelectedCount] = useState(0);
  const { selection, recount } = useLoadedSelection();
  const apiRef = useRef<GridApi<EntityRow> | null>(null);
  const scopeRef = useRef<HTMLElement | null>(null);
  // The cell renderers read the grid through AG Grid's `context`: one object, always the latest.
  const context = useRef<GridContext>(null as unknown as GridContext);

  const writers = writersOf(config);
  const editing = !!config.save && writers.role(viewer);
  const staged = useStagedRows(config, viewer, lookups, editing, newValues, heading ? undefined : config.id);
  const { staging, dispatch, view, changed, invalid, hasChanges } = staged;
  const findings = useFindings();
  // The findings view may have sent us to one row; the "only rows with findings" filter asks the server for the findings' rows.
  const jump = useJumpTarget(heading ? undefined : config.id);
  const [onlyFindings, setOnlyFindings] = useState(false);
  const findingRows = onlyFindings && config.typename ? findings.subjectsOf(config.typename) : null;
  // "My organisation's rows": remembered per user and view; a sub-view (rows of one row) has none,
  // and a row jumped to from the findings is shown whoever owns it.
  const owned = !heading && hasOwner(config);
  const { mine, setMine } = useMineSwitch(viewer, config.id);
  const fixedFilter = allOf(
    baseFilter,
    findingRows && { id: { in: findingRows } },
    jump.subjectId ? { id: { eq: jump.subjectId } } : null,
    owned && mine && !jump.subjectId ? mineFilter(viewer.organisationId) : null,
  );
  const { datasource, fetchPage, reload, total, loadError, shownQuery, searchLater, rowsAt } = useConnection(config, fixedFilter, apiRef, staged.seen);
  const refreshFindings = findings.refresh;
  const reloadAfterSave = useCallback(() => {
    reload();
    refreshFindings();
  }, [reload, refreshFindings]);
  const { save, saving } = useSave(config, createInput, staged, reloadAfterSave, setMessage, t);
  // The block of cells chosen; Ctrl+D reaches the row editing through a ref (the two hooks need each other).
  const fillDownRef = useRef<((b: Bounds) => void) | null>(null);
  const range = useRangeSelection({ config, apiRef, context, setMessage, onFillDown: (b) => fillDownRef.current?.(b) });
  const { stage, onCellEditRequest, displayedRow, onPaste, fillDown, addRow, deleteSelected, setForSelected } = useRowEditing({
    config,
    newValues,
    staged,
    lookups,
    editing,
    saving,
    apiRef,
    context,
    setMessage,
    t,
    rowsAt,
    range: range.block,
  });
  fillDownRef.current = fillDown;
  const {
    names: viewNames,
    ready,
    restoreLast,
    rememberLater,
    applyView,
    saveView,
    deleteView,
    resetView,
  } = useSavedViews(viewer, heading ? `${config.id}:sub` : config.id, apiRef, setMessage, t);
  const { exportCsv, exporting } = useCsvExport({ config, apiRef, fetchPage, shownQuery, staged, context, lookups, setMessage, t, lang });
  const { importing, readImport, stageImport, cancelImport } = useCsvImport({ config, viewer, fetchPage, staged, lookups, setMessage, t, lang });

  const describe = useCallback((row: EntityRow) => config.describe?.(row) ?? row.ownerName ?? '', [config]);
  context.current = {
    view,
    t,
    lang,
    lookups,
    editing,
    stage,
    keepMine: (rowId) => dispatch({ type: 'keepMine', rowId }),
    takeTheirs: (rowId) => dispatch({ type: 'takeTheirs', rowId }),
    removeNew: (rowId) => dispatch({ type: 'deleteRows', rows: [{ id: rowId, version: 0 }] }),
    restore: (rowId) => dispatch({ type: 'restoreRows', ids: [rowId] }),
    describe,
    findings: (row) => (row.isNew ? [] : findings.of(row.id)),
  };

  useLeaveGuard(hasChanges, t.leaveWarning);
  const undo = useCallback(() => dispatch({ type: 'undo' }), [dispatch]);
  const redo = useCallback(() => dispatch({ type: 'redo' }), [dispatch]);
  useUndoRedoKeys(undo, redo, scopeRef, primary);

  // A cell's look depends on more than its value (staged, invalid, outcome): redraw when they change.
  useEffect(() => {
    apiRef.current?.refreshCells({ force: true });
  }, [staging, lookups, findings.index]);

  // The row jumped to: focused once it is there, so the keyboard and the detail panel start from it.
  const jumped = jump.subjectId;
  const focusJumped = useCallback(() => {
    const api = apiRef.current;
    if (!api || !jumped) return;
    const node = api.getDisplayedRowAtIndex(0);
    const first = config.columns[0]?.field;
    if (node?.data && sameRow(node.data.id, jumped) && first && !api.getFocusedCell()) api.setFocusedCell(0, first);
  }, [jumped, config]);

  // Other rows (a new search, the switch, the findings filter) or another order: the block goes.
  const resetRange = range.reset;
  useEffect(() => resetRange(), [datasource, resetRange]);
  const onRowsReordered = useCallback(() => {
    resetRange();
    rememberLater();
  }, [resetRange, rememberLater]);

  const columnDefs = useMemo(() => range.withRangeClass(entityColumns(config, t, lang, editing, context)), [config, t, lang, editing, range]);
  const shownColumns = useCallback(() => columnList(config, apiRef.current, t, lang), [config, t, lang]);
  const pinned = useMemo(() => staging.added.map((id) => staged.fresh.current.get(id)).filter((r): r is EntityRow => !!r), [staging.added, staged.fresh]);

  const onGridReady = useCallback(
    (e: GridReadyEvent<EntityRow>) => {
      apiRef.current = e.api;
      restoreLast(e.api);
    },
    [restoreLast],
  );

  const onCellFocused = useCallback(
    (e: CellFocusedEvent<EntityRow>) => {
      range.onCellFocused(e);
      if (!onFocusRow || e.rowIndex == null) return;
      onFocusRow(displayedRow(e.rowIndex, (e.rowPinned as 'top' | 'bottom' | null) ?? null) ?? null);
    },
    [onFocusRow, displayedRow, range],
  );

  // A sub-view's own heading is the caller's: the count goes beside it rather than inside.
  const rowCount = total !== null && (
    <span className="count" data-testid="row-count">
      {t.rowCount(total)}
    </span>
  );
  const actions = editing ? (
    <RowActions config={config} saving={saving} selected={selectedCount} onAdd={addRow} onDelete={deleteSelected} onSetForSelected={setForSelected} />
  ) : null;

  return (
    <section className={`view entity-view${heading ? ' sub-view' : ''}`} data-testid={testId} data-edit-scope ref={scopeRef} aria-label={config.title(t)}>
      <div className="view-head view-head-stacked">
        <div className="view-title-row">
          {heading ?? (
            <h1>
              {config.title(t)}
              {rowCount}
            </h1>
          )}
          {heading && rowCount}
          {/* Two groups that wrap whole: the switches, then search and the view's tools (never one button alone on a line). */}
          <div className="view-tools">
            {(owned || (!heading && config.typename)) && (
              <div className="tool-group">
                {owned && <MineSwitch mine={mine} onMine={setMine} organisationName={viewer.organisationName} />}
                {!heading && config.typename && (
                  <label className="findings-toggle" title={t.findingsColumn}>
                    <input type="checkbox" checked={onlyFindings} onChange={(e) => setOnlyFindings(e.target.checked)} data-testid="only-findings" />
                    {t.findingsOnly}
                  </label>
                )}
              </div>
            )}
            <div className="tool-group">
              {searchable(config) && <SearchBox onSearch={searchLater} />}
              {!heading && <ColumnsMenu columns={shownColumns} onToggle={(field, visible) => apiRef.current?.setColumnsVisible([field], visible)} />}
              {!heading && <ViewsMenu names={viewNames} onApply={applyView} onSave={saveView} onDelete={deleteView} onReset={resetView} />}
              <ExportButton onExport={() => void exportCsv()} busy={exporting} />
              {editing && !heading && config.canCreate !== false && <ImportButton onFile={(name, text) => void readImport(name, text)} />}
            </div>
          </div>
        </div>
        {!heading && (
          <p className="muted">
            {config.intro(t)} {editing ? `${t.callOffsStaging} ${t.keysHint}` : config.save ? `${t.readOnlyRoleHintRows} ${t.copyKeysHint}` : t.copyKeysHint}
          </p>
        )}
      </div>
      {(editing || message) && (
        <EditToolbar
          label={config.title(t)}
          editable={editing}
          changedRows={changed.size}
          invalid={invalid}
          message={message}
          canUndo={staging.past.length > 0}
          canRedo={staging.future.length > 0}
          hasChanges={hasChanges}
          saving={saving}
          onUndo={undo}
          onRedo={redo}
          onDiscard={() => dispatch({ type: 'discard' })}
          onSave={() => void save()}
          actions={actions}
        />
      )}
      {jumped && (
        <div className="jump-bar" role="status" data-testid="jump-bar">
          <span>{total === 0 ? t.findingsJumpMissing : t.findingsJumped}</span>
          <button type="button" className="mini" onClick={jump.clear} data-testid="jump-clear">
            {t.findingsShowAll}
          </button>
        </div>
      )}
      {loadError && <ErrorState error={loadError} onRetry={reload} />}
      <div className="grid-wrap" onPaste={onPaste} ref={range.wrap} data-testid={`${testId}-grid`}>
        <LoadedSelectionContext.Provider value={selection}>
          <AgGridReact<EntityRow>
            theme={gridTheme}
            rowModelType="infinite"
            datasource={ready ? datasource : undefined}
            cacheBlockSize={BLOCK_SIZE}
            maxBlocksInCache={100}
            infiniteInitialRowCount={1}
            columnDefs={columnDefs}
            defaultColDef={{ resizable: true }}
            getRowId={(p) => p.data.id}
            pinnedTopRowData={pinned}
            readOnlyEdit
            enterNavigatesVerticallyAfterEdit
            onCellEditRequest={onCellEditRequest}
            rowSelection={editing ? { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false } : undefined}
            selectionColumnDef={{ pinned: 'left', width: 44, suppressMovable: true, headerComponent: SelectAllHeader }}
            onSelectionChanged={(e) => {
              setSelectedCount(e.api.getSelectedNodes().length);
              recount(e.api);
            }}
            rowClassRules={{
              'row-readonly': (p) => editing && !!p.data && !p.data.isNew && !writers.row(viewer, p.data.ownerId),
              'row-jumped': (p) => !!jumped && !!p.data && sameRow(p.data.id, jumped),
            }}
            onModelUpdated={(e) => {
              focusJumped();
              recount(e.api);
            }}
            context={context}
            tooltipShowDelay={250}
            tooltipInteraction={false}
            onGridReady={onGridReady}
            onCellFocused={onCellFocused}
            stopEditingWhenCellsLoseFocus
            suppressColumnVirtualisation
            maintainColumnOrder
            localeText={t.agGrid}
            // The grid says "no rows" itself (grid-empty), in the view's words: not twice.
            suppressNoRowsOverlay
            onSortChanged={onRowsReordered}
            onFilterChanged={onRowsReordered}
            onColumnMoved={rememberLater}
            onColumnVisible={rememberLater}
            onColumnPinned={rememberLater}
            onColumnResized={(e) => e.finished && rememberLater()}
          />
        </LoadedSelectionContext.Provider>
        {total === 0 && !loadError && (
          <div className="grid-empty" role="status">
            {t.emptyView}
          </div>
        )}
      </div>
      {importing && (
        <ImportDialog
          fileName={importing.fileName}
          plan={importing.plan}
          headers={importing.headers}
          unknown={importing.unknown}
          onCancel={cancelImport}
          onStage={stageImport}
        />
      )}
      {children}
    </section>
  );
}

/** Conditions that must all hold (absent ones left out). */
function allOf(...parts: (GqlFilter | null | undefined)[]): GqlFilter | undefined {
  const present = parts.filter((p): p is GqlFilter => !!p && Object.keys(p).length > 0);
  return present.length === 0 ? undefined : present.length === 1 ? present[0] : { AND: present };
}
