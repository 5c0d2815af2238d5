import type {
  CellClassParams,
  CellEditRequestEvent,
  CellFocusedEvent,
  ColDef,
  GridApi,
  GridReadyEvent,
  IDatasource,
  IGetRowsParams,
  TooltipCallbackParams,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type ClipboardEvent, type ReactNode } from 'react';
import { useClient } from 'urql';
import { gridTheme } from '../agGrid';
import { ErrorState } from '../components/States';
import { useI18n } from '../i18n';
import { cellMessage, cellValue, displayText, serverFindings, StateCell, ValueCell, type GridContext } from './cells';
import { ChoiceFilter } from './ChoiceFilter';
import { EditToolbar, type Message } from './EditToolbar';
import {
  canChange,
  cellChange,
  changedRows,
  editsByRow,
  entityReducer,
  isErrorFinding,
  roleCanEdit,
  viewRow,
  type CellEdit,
  type ColumnSpec,
  type EntityConfig,
  type EntityRow,
  type RowView,
  type Viewer,
} from './entity';
import { DATE_FILTER_OPTIONS, NULL_VALUE, NUMBER_FILTER_OPTIONS, TEXT_FILTER_OPTIONS, toApiFilter, toApiOrder, type FilterTarget, type GqlFilter } from './filters';
import { FIELD_SELECTOR, pasteAnchor, useLeaveGuard, useUndoRedoKeys } from './hooks';
import { useLookups } from './lookups';
import { mapResults, outcomeCounts, type ApiRowResult } from './outcomes';
import { planBlock } from './paste';
import { KeysetPager } from './pager';
import { emptyStaging } from './staging';
import { parseTsv } from './tsv';
import type { Outcome } from './types';
import { todayIso, toApiValue } from './values';
import { parseCsv, toCsv } from './csv';
import { matchHeader, planImport, type ImportPlan } from './importPlan';
import { loadViews, storeViews, viewsKey, type StoredViews, type ViewState } from './savedViews';
import { ColumnsMenu, ExportButton, ImportButton, ImportDialog, ViewsMenu } from './ViewTools';
import './agModules';
import './editing.css';

const BLOCK_SIZE = 100;
const SAVED_FLASH_MS = 2500;
const STATE_WIDTH = 124;

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

/** Where a new row's temporary id starts: never an API ID (those are base64). */
const NEW_PREFIX = 'new:';
let newCounter = 0;

/**
 * An editable spreadsheet over one entity's connection: server-side filters, sort and paging
 * (AG Grid's infinite row model over keyset cursors), staged edits checked by the entity's domain
 * rules, one bulk mutation per Save with each row's outcome shown in place, conflicts resolved
 * either way, undo/redo, paste from Excel, new rows and deletions staged like edits, and one value
 * set for many selected rows.
 */
export function EntityGrid({ config, viewer, baseFilter, newValues, createInput, primary = true, onFocusRow, heading, testId, children }: EntityGridProps) {
  const { t, lang } = useI18n();
  const client = useClient();
  const lookups = useLookups();
  const [staging, dispatch] = useReducer(entityReducer, undefined, () => emptyStaging<CellEdit, EntityRow>());
  const [total, setTotal] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [saving, setSaving] = useState(false);
  const [search, setSearch] = useState('');
  const [selectedCount, setSelectedCount] = useState(0);
  const searchLater = useMemo(() => debounce(setSearch, 400), []);
  const apiRef = useRef<GridApi<EntityRow> | null>(null);
  const scopeRef = useRef<HTMLElement | null>(null);
  /** Every server row the grid has shown, by id: a staged row is always one of them. */
  const seen = useRef(new Map<string, EntityRow>());
  /** Rows added here, by temporary id. */
  const fresh = useRef(new Map<string, EntityRow>());
  /** Bumped to read everything again (after a Save). */
  const generation = useRef(0);
  /** The filter and order of the rows shown (for an export of all of them). */
  const shownQuery = useRef<{ filter?: GqlFilter; orderBy?: unknown }>({});

  const editing = !!config.save && roleCanEdit(viewer);
  const today = todayIso();
  const byRow = useMemo(() => editsByRow(staging), [staging]);
  const rowViews = useMemo(() => new WeakMap<EntityRow, RowView>(), [staging, lookups, editing, config, viewer]); // eslint-disable-line react-hooks/exhaustive-deps
  const view = useCallback(
    (row: EntityRow) => {
      let v = rowViews.get(row);
      if (!v) rowViews.set(row, (v = viewRow(row, { config, viewer, staging, byRow, lookups, today, editing })));
      return v;
    },
    [rowViews, config, viewer, staging, byRow, lookups, today, editing],
  );
  const rowOf = useCallback((id: string) => fresh.current.get(id) ?? seen.current.get(id), []);

  const changed = useMemo(() => changedRows(staging), [staging]);
  const invalid = useMemo(() => {
    let n = 0;
    for (const id of changed) {
      const row = rowOf(id);
      if (row) n += view(row).invalidCells;
    }
    return n;
  }, [changed, rowOf, view]);
  const hasChanges = changed.size > 0;

  const stageChanges = useCallback((changes: CellEdit[], add?: string[]) => dispatch({ type: 'stage', changes, add }), []);
  const stage = useCallback(
    (row: EntityRow, spec: ColumnSpec, raw: string, value?: unknown) => {
      if (saving) return;
      const change = cellChange(view(row), spec, raw, lookups, value === undefined ? undefined : { ok: true, value });
      if (change) stageChanges([change]);
    },
    [saving, view, lookups, stageChanges],
  );

  const describe = useCallback((row: EntityRow) => config.describe?.(row) ?? row.ownerName ?? '', [config]);
  const context = useRef<GridContext>(null as unknown as GridContext);
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
  };

  useLeaveGuard(hasChanges, t.leaveWarning);
  const undo = useCallback(() => dispatch({ type: 'undo' }), []);
  const redo = useCallback(() => dispatch({ type: 'redo' }), []);
  useUndoRedoKeys(undo, redo, scopeRef, primary);

  // A cell's look depends on more than its value (staged, invalid, outcome): redraw when they change.
  useEffect(() => {
    apiRef.current?.refreshCells({ force: true });
  }, [staging, lookups]);

  // ---- Reading: the connection, filtered and sorted on the server, block by block.
  const targets = useMemo(() => Object.fromEntries(config.columns.filter((c) => c.filter).map((c) => [c.field, c.filter!])) as Record<string, FilterTarget>, [config]);
  const orderFields = useMemo(() => Object.fromEntries(config.columns.filter((c) => c.order).map((c) => [c.field, c.order!])) as Record<string, string>, [config]);
  const baseKey = JSON.stringify(baseFilter ?? null);
  const fetchPage = useCallback(
    (filter: GqlFilter | undefined, orderBy: unknown) => async (first: number, after: string | null) => {
      const result = await client.query(config.list, { first, after, filter, orderBy }, { requestPolicy: 'network-only' }).toPromise();
      if (result.error || !result.data) throw result.error ?? new Error('no data');
      return config.connection(result.data);
    },
    [client, config],
  );
  const datasource = useMemo<IDatasource>(() => {
    let pager: KeysetPager<unknown> | null = null;
    let key = '';
    const fixed = baseKey === 'null' ? undefined : (JSON.parse(baseKey) as GqlFilter);
    const searchFilter = config.search && search.trim() ? { search: search.trim() } : undefined;
    return {
      getRows(params: IGetRowsParams) {
        const filter = toApiFilter(params.filterModel as Record<string, unknown>, targets, fixed, searchFilter);
        const orderBy = toApiOrder(params.sortModel, orderFields);
        const k = JSON.stringify([filter, orderBy, generation.current]);
        if (k !== key || !pager) {
          key = k;
          shownQuery.current = { filter, orderBy };
          pager = new KeysetPager(fetchPage(filter, orderBy), BLOCK_SIZE);
        }
        pager.block(params.startRow).then(
          (page) => {
            const rows = page.nodes.map((n) => config.toRow(n as never));
            for (const r of rows) seen.current.set(r.id, r);
            setTotal(page.totalCount);
            setLoadError(null);
            params.successCallback(rows, page.totalCount);
          },
          (error: Error) => {
            setLoadError(error);
            params.failCallback();
          },
        );
      },
    };
  }, [fetchPage, config, targets, orderFields, baseKey, search]);

  const reload = useCallback(() => {
    generation.current++;
    apiRef.current?.refreshInfiniteCache();
  }, []);

  // ---- Writing: typed, chosen, pasted; added, deleted; one value for many rows.
  const onCellEditRequest = useCallback(
    (e: CellEditRequestEvent<EntityRow>) => {
      const spec = config.columns.find((c) => c.field === e.column.getColId());
      if (!spec || !e.data) return;
      const raw = e.newValue == null ? '' : String(e.newValue);
      // A choice from a list is the value itself; typed text is parsed.
      const chosen = spec.kind === 'enum' || spec.kind === 'ref' ? (raw === '' ? null : raw) : spec.kind === 'boolean' ? (raw === '' ? null : raw === 'true') : undefined;
      stage(e.data, spec, chosen === undefined ? raw : displayText(spec, chosen, e.data, context.current), chosen);
    },
    [config, stage],
  );

  const displayedRow = useCallback((index: number, pinned: 'top' | 'bottom' | null): EntityRow | undefined => {
    const api = apiRef.current;
    if (!api) return undefined;
    return (pinned === 'top' ? api.getPinnedTopRow(index) : api.getDisplayedRowAtIndex(index))?.data ?? undefined;
  }, []);

  const onPaste = useCallback(
    (e: ClipboardEvent<HTMLDivElement>) => {
      const target = e.target as HTMLElement;
      if (!editing || saving || target.closest(FIELD_SELECTOR)) return;
      const api = apiRef.current;
      const text = e.clipboardData.getData('text/plain');
      if (!api || !text) return;
      e.preventDefault();
      const anchor = pasteAnchor(api, target);
      if (!anchor) {
        setMessage({ kind: 'warning', text: t.pasteNoFocus });
        return;
      }
      const height = parseTsv(text).length;
      const rows = Array.from({ length: anchor.rowIndex + height }, (_, i) => (i < anchor.rowIndex ? undefined : displayedRow(i, anchor.pinned)));
      const columns = api.getAllDisplayedColumns().map((c) => config.columns.find((s) => s.field === c.getColId()));
      const plan = planBlock(text, { rowIndex: anchor.rowIndex, columnIndex: columns.findIndex((_, i) => api.getAllDisplayedColumns()[i]!.getColId() === anchor.colId) }, rows, columns, (row, spec, raw) =>
        row && spec ? cellChange(view(row), spec, raw, lookups) : null,
      );
      if (plan.changes.length) stageChanges(plan.changes);
      setMessage(
        plan.skipped
          ? { kind: 'warning', text: `${plan.changes.length ? t.pasteStaged(plan.changes.length) + ' ' : ''}${t.pasteSkippedCells(plan.skipped)}` }
          : { kind: 'info', text: t.pasteStaged(plan.changes.length) },
      );
    },
    [editing, saving, t, config, displayedRow, view, lookups, stageChanges],
  );

  const newRow = useCallback(
    (): EntityRow => ({
      id: `${NEW_PREFIX}${++newCounter}`,
      version: 0,
      ownerId: viewer.organisationId,
      ownerName: viewer.organisationName ?? null,
      values: { ...Object.fromEntries(config.columns.filter((c) => c.kind !== 'computed').map((c) => [c.field, null])), ...(config.newValues ?? {}), ...(newValues ?? {}) },
      labels: {},
      isNew: true,
    }),
    [viewer, config, newValues],
  );

  const addRow = useCallback(() => {
    const row = newRow();
    const id = row.id;
    fresh.current.set(id, row);
    stageChanges([], [id]);
    setMessage({ kind: 'info', text: t.rowAdded });
    // Focus the new row's first cell that takes a value, so typing fills it.
    setTimeout(() => {
      const api = apiRef.current;
      const first = config.columns.find((c) => c.editable && !(newValues && c.field in newValues));
      const index = staging.added.length;
      if (api && first) api.setFocusedCell(index, first.field, 'top');
    }, 50);
  }, [newRow, config, newValues, stageChanges, t, staging.added.length]);

  const selectedRows = useCallback(() => (apiRef.current?.getSelectedNodes() ?? []).map((n) => n.data).filter((r): r is EntityRow => !!r), []);

  const deleteSelected = useCallback(() => {
    const rows = selectedRows().map(view);
    const allowed = rows.filter((v) => v.editable && !v.deleted);
    if (allowed.length) dispatch({ type: 'deleteRows', rows: allowed.map((v) => ({ id: v.row.id, version: v.row.version })) });
    setMessage(
      allowed.length < rows.length
        ? { kind: 'warning', text: `${t.deleteStaged(allowed.length)} ${t.skippedReadOnly(rows.length - allowed.length)}` }
        : { kind: 'info', text: t.deleteStaged(allowed.length) },
    );
    apiRef.current?.deselectAll();
  }, [selectedRows, view, t]);

  const setForSelected = useCallback(
    (spec: ColumnSpec, raw: string, value?: unknown) => {
      const rows = selectedRows().map(view);
      const changes = rows.map((v) => cellChange(v, spec, raw, lookups, value === undefined ? undefined : { ok: true, value })).filter((c): c is CellEdit => c !== null);
      if (changes.length) stageChanges(changes);
      const skipped = rows.length - changes.length;
      setMessage(skipped ? { kind: 'warning', text: `${t.bulkStaged(changes.length)} ${t.skippedReadOnly(skipped)}` } : { kind: 'info', text: t.bulkStaged(changes.length) });
    },
    [selectedRows, view, lookups, stageChanges, t],
  );

  // ---- Save: one bulk mutation (creates, updates and deletes in one request), outcomes per row.
  const save = useCallback(async () => {
    if (!config.save || !hasChanges || invalid > 0 || saving) return;
    const inputOf = (spec: ColumnSpec, value: unknown) => toApiValue(spec.kind as never, value);
    const specOf = (field: string) => config.columns.find((c) => c.field === field);
    const creates = staging.added.map((id) => {
      const v = view(fresh.current.get(id)!);
      const input: Record<string, unknown> = { ...(config.createInput ?? {}), ...(createInput ?? {}) };
      for (const spec of config.columns) {
        if (!spec.editable || spec.kind === 'computed') continue;
        const value = v.values[spec.field];
        if (value !== null && value !== undefined) input[spec.field] = inputOf(spec, value);
      }
      return { key: id, version: 0, input };
    });
    const deletes = Object.entries(staging.deleted).map(([id, version]) => ({ key: id, version, input: { id, version } }));
    const updates = [...byRow.entries()]
      .filter(([id]) => !staging.added.includes(id) && !(id in staging.deleted))
      .map(([id, edits]) => {
        const list = Object.values(edits);
        const version = list[0]!.version;
        const input: Record<string, unknown> = { id, version };
        for (const e of list) {
          const spec = specOf(e.field);
          if (spec) input[e.field] = inputOf(spec, e.value);
        }
        return { key: id, version, input };
      });
    setSaving(true);
    setMessage(null);
    try {
      const result = await client
        .mutation(config.save, {
          create: creates.map((c) => c.input),
          update: updates.map((u) => u.input),
          delete: deletes.map((d) => d.input),
          withCreate: creates.length > 0,
          withUpdate: updates.length > 0,
          withDelete: deletes.length > 0,
        })
        .toPromise();
      const data = result.data as { created?: { results: ApiRowResult[] }; updated?: { results: ApiRowResult[] }; deleted?: { results: ApiRowResult[] } } | undefined;
      if (!data) {
        const reason = result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? '';
        setMessage({ kind: 'error', text: t.saveFailed(reason) });
        return;
      }
      const convert = config.toRow as (n: never) => EntityRow;
      const outcomes: Record<string, Outcome<EntityRow>> = {
        ...(data.updated ? mapResults(updates, data.updated.results, convert) : {}),
        ...(data.deleted ? mapResults(deletes, data.deleted.results, convert) : {}),
      };
      const created: Record<string, string> = {};
      if (data.created) {
        for (const [temp, o] of Object.entries(mapResults(creates, data.created.results, convert))) {
          if (o.kind === 'saved' && o.node) {
            created[temp] = o.node.id;
            outcomes[o.node.id] = o;
          } else outcomes[temp] = o;
        }
      }
      dispatch({ type: 'saved', outcomes, created });
      for (const temp of Object.keys(created)) fresh.current.delete(temp);
      const counts = outcomeCounts(outcomes);
      setMessage({ kind: counts.failed ? 'warning' : 'success', text: t.saveSummaryRows(counts.saved, counts.failed) });
      reload();
      const savedIds = Object.entries(outcomes)
        .filter(([, o]) => o.kind === 'saved')
        .map(([id]) => id);
      if (savedIds.length) setTimeout(() => dispatch({ type: 'clearOutcomes', rowIds: savedIds }), SAVED_FLASH_MS);
    } finally {
      setSaving(false);
    }
  }, [config, createInput, hasChanges, invalid, saving, staging, byRow, view, client, t, reload]);

  // ---- Saved views: columns, filters and sort, remembered per user and saved by name.
  const storeKey = viewsKey(viewer, heading ? `${config.id}:sub` : config.id);
  const [views, setViews] = useState<StoredViews>(() => loadViews(storeKey));
  const viewsRef = useRef(views);
  viewsRef.current = views;
  const [ready, setReady] = useState(false);
  const putViews = useCallback(
    (next: StoredViews) => {
      storeViews(storeKey, next);
      setViews(next);
    },
    [storeKey],
  );
  const captureView = useCallback((): ViewState | null => {
    const api = apiRef.current;
    // The state column's width follows the outcomes (wider with a conflict): not the user's to keep.
    return api ? { columns: api.getColumnState().filter((c) => c.colId !== '_state'), filter: api.getFilterModel() ?? {} } : null;
  }, []);
  const applyState = useCallback((state: ViewState) => {
    const api = apiRef.current;
    if (!api) return;
    api.applyColumnState({ state: state.columns, applyOrder: true });
    api.setFilterModel(state.filter);
  }, []);
  const rememberLater = useMemo(
    () =>
      debounce(() => {
        const state = captureView();
        if (state && ready) putViews({ ...viewsRef.current, last: state });
      }, 300),
    [captureView, putViews, ready],
  );
  const applyView = useCallback(
    (name: string) => {
      const state = viewsRef.current.named[name];
      if (!state) return;
      applyState(state);
      setMessage({ kind: 'info', text: t.viewApplied(name) });
    },
    [applyState, t],
  );
  const saveView = useCallback(
    (name: string) => {
      const state = captureView();
      if (!state) return;
      putViews({ ...viewsRef.current, named: { ...viewsRef.current.named, [name]: state } });
      setMessage({ kind: 'success', text: t.viewSaved(name) });
    },
    [captureView, putViews, t],
  );
  const deleteView = useCallback(
    (name: string) => {
      const named = { ...viewsRef.current.named };
      delete named[name];
      putViews({ ...viewsRef.current, named });
    },
    [putViews],
  );
  const resetView = useCallback(() => {
    apiRef.current?.resetColumnState();
    apiRef.current?.setFilterModel(null);
  }, []);
  const columnList = useCallback(
    () =>
      config.columns.map((c) => ({ field: c.field, header: c.header(t, lang), visible: apiRef.current?.getColumn(c.field)?.isVisible() ?? !c.hide })),
    [config, t, lang],
  );

  // ---- CSV: export what the view shows (every row its filter matches); import with a preview.
  const [exporting, setExporting] = useState(false);
  const exportCsv = useCallback(async () => {
    const api = apiRef.current;
    if (!api) return;
    setExporting(true);
    try {
      const { filter, orderBy } = shownQuery.current;
      const nodes = await new KeysetPager(fetchPage(filter, orderBy), 1000).all((n, total) => setMessage({ kind: 'info', text: t.exporting(n, total) }));
      const specs = api
        .getAllDisplayedColumns()
        .map((c) => config.columns.find((s) => s.field === c.getColId()))
        .filter((s): s is ColumnSpec => !!s);
      const rows = nodes.map((n) => view(config.toRow(n as never)));
      const table = [[...specs.map((s) => s.header(t, lang)), 'id'], ...rows.map((v) => [...specs.map((s) => displayText(s, cellValue(s, v, lookups), v.row, context.current)), v.row.id])];
      download(toCsv(table), `${config.id}-${today}.csv`);
      setMessage({ kind: 'success', text: t.exported(rows.length) });
    } catch (e) {
      setMessage({ kind: 'error', text: t.saveFailed((e as Error).message) });
    } finally {
      setExporting(false);
    }
  }, [fetchPage, config, view, lookups, t, lang, today]);

  const [importing, setImporting] = useState<{ fileName: string; plan: ImportPlan; headers: string[]; unknown: string[] } | null>(null);
  const readImport = useCallback(
    async (fileName: string, text: string) => {
      try {
        const data = parseCsv(text);
        const header = matchHeader(data[0] ?? [], config.columns);
        if (header.columns.length === 0) {
          setMessage({ kind: 'error', text: t.importNoColumns });
          return;
        }
        const body = data.slice(1);
        const ids = header.idIndex === null ? [] : [...new Set(body.map((r) => (r[header.idIndex!] ?? '').trim()).filter(Boolean))];
        const existing = new Map<string, EntityRow>();
        for (let i = 0; i < ids.length; i += 500) {
          const page = await fetchPage({ id: { in: ids.slice(i, i + 500) } }, undefined)(500, null);
          for (const n of page.nodes) {
            const row = config.toRow(n as never);
            existing.set(row.id, row);
          }
        }
        const plan = planImport(body, header, { config, viewer, lookups, today, lang, t, existing, newRow });
        setImporting({ fileName, plan, headers: header.columns.map((c) => c.spec.header(t, lang)), unknown: header.unknown });
      } catch (e) {
        setMessage({ kind: 'error', text: t.importFailed((e as Error).message) });
      }
    },
    [config, fetchPage, viewer, lookups, today, lang, t, newRow],
  );
  const stageImport = useCallback(() => {
    if (!importing) return;
    const { plan } = importing;
    for (const r of plan.fresh) fresh.current.set(r.id, r);
    const staged = plan.rows.filter((r) => r.isNew || r.edits.length > 0);
    for (const r of staged) if (!r.isNew && !seen.current.has(r.id)) seen.current.set(r.id, plan.existing.get(r.id)!);
    dispatch({ type: 'stage', changes: staged.flatMap((r) => r.edits), add: plan.fresh.map((r) => r.id) });
    setImporting(null);
    setMessage({ kind: plan.invalidCells ? 'warning' : 'info', text: t.importStaged(staged.length) });
  }, [importing, t]);

  // ---- Columns.
  const columnDefs = useMemo<ColDef<EntityRow>[]>(() => {
    const flag = (spec: ColumnSpec, test: (v: RowView, spec: ColumnSpec) => boolean) => (p: CellClassParams<EntityRow>) => !!p.data && test(context.current.view(p.data), spec);
    const choiceParams = (spec: ColumnSpec) =>
      spec.kind === 'boolean'
        ? { choices: [{ value: 'true', label: t.yes }, { value: 'false', label: t.no }, { value: NULL_VALUE, label: t.notAnswered }] }
        : { choices: (spec.vocabulary?.values ?? []).map((v) => ({ value: v, label: spec.vocabulary!.labels[v]?.[lang] ?? v })) };
    const filterOf = (spec: ColumnSpec): Partial<ColDef<EntityRow>> => {
      const kind = spec.filter?.kind;
      if (!kind) return { filter: false };
      if (kind === 'text') return { filter: 'agTextColumnFilter', filterParams: { filterOptions: [...TEXT_FILTER_OPTIONS], maxNumConditions: 2, debounceMs: 400, buttons: ['reset'] } };
      if (kind === 'number') return { filter: 'agNumberColumnFilter', filterParams: { filterOptions: [...NUMBER_FILTER_OPTIONS], maxNumConditions: 2, debounceMs: 400, buttons: ['reset'] } };
      if (kind === 'date') return { filter: 'agDateColumnFilter', filterParams: { filterOptions: [...DATE_FILTER_OPTIONS], maxNumConditions: 2, inRangeInclusive: true, buttons: ['reset'] } };
      return { filter: ChoiceFilter, filterParams: choiceParams(spec) };
    };
    const editorOf = (spec: ColumnSpec): Partial<ColDef<EntityRow>> => {
      if (spec.kind === 'enum') {
        const values = ['', ...(spec.vocabulary?.values ?? [])];
        return { cellEditor: 'agSelectCellEditor', cellEditorParams: { values, formatValue: (v: unknown) => (v ? (spec.vocabulary?.labels[String(v)]?.[lang] ?? String(v)) : '—') } };
      }
      if (spec.kind === 'boolean') return { cellEditor: 'agSelectCellEditor', cellEditorParams: { values: ['', 'true', 'false'], formatValue: (v: unknown) => (v === 'true' ? t.yes : v === 'false' ? t.no : '—') } };
      if (spec.kind === 'ref') {
        return {
          cellEditor: 'agSelectCellEditor',
          cellEditorParams: (p: { data?: EntityRow }) => {
            const options = spec.options?.(context.current.lookups, p.data ? context.current.view(p.data).values : {}) ?? [];
            return { values: ['', ...options.map((o) => o.id)], formatValue: (v: unknown) => (v ? (options.find((o) => o.id === v)?.label ?? String(v)) : '—') };
          },
        };
      }
      if (spec.kind === 'longText') return { cellEditor: 'agLargeTextCellEditor', cellEditorPopup: true, cellEditorParams: { maxLength: 4000, rows: 6, cols: 50 } };
      return { cellEditor: 'agTextCellEditor' };
    };
    const defs: ColDef<EntityRow>[] = [
      {
        colId: '_state',
        headerName: t.colState,
        width: STATE_WIDTH,
        hide: !editing,
        pinned: 'left',
        lockPinned: true,
        sortable: false,
        filter: false,
        resizable: false,
        suppressMovable: true,
        cellClass: 'cell-state',
        cellRenderer: StateCell,
      },
      ...config.columns.map(
        (spec): ColDef<EntityRow> => ({
          colId: spec.field,
          headerName: spec.header(t, lang),
          headerTooltip: spec.headerTooltip?.(t, lang) ?? spec.header(t, lang),
          width: spec.width,
          minWidth: spec.minWidth ?? 90,
          flex: spec.flex,
          hide: spec.hide,
          pinned: spec.pinned ? 'left' : undefined,
          wrapHeaderText: spec.wrapHeader,
          autoHeaderHeight: spec.wrapHeader,
          sortable: !!spec.order,
          ...filterOf(spec),
          valueGetter: (p) => (p.data ? cellValue(spec, context.current.view(p.data), context.current.lookups) : null),
          valueFormatter: (p) => (p.data ? displayText(spec, p.value, p.data, context.current) : ''),
          editable: (p) => {
            if (!p.data || !editing || !spec.editable || spec.kind === 'computed') return false;
            const v = context.current.view(p.data);
            return v.editable && !v.deleted;
          },
          ...editorOf(spec),
          cellRenderer: ValueCell,
          cellRendererParams: { spec },
          tooltip: (p: TooltipCallbackParams<EntityRow>) => (p.location === 'cell' && p.data ? cellMessage(spec, context.current.view(p.data), context.current) || undefined : undefined),
          cellClass: spec.kind === 'computed' ? 'cell-computed' : spec.kind === 'boolean' ? 'cell-bool' : undefined,
          cellClassRules: {
            'cell-readonly': flag(spec, (v, s) => editing && !!s.editable && !v.editable),
            'cell-pending': flag(spec, (v, s) => s.field in v.edits && !(v.cells[s.field] ?? []).some(isErrorFinding)),
            'cell-invalid': flag(spec, (v, s) => (v.cells[s.field] ?? []).some(isErrorFinding) || serverFindings(s, v).length > 0),
            'cell-warning': flag(spec, (v, s) => (v.cells[s.field] ?? []).length > 0 && !(v.cells[s.field] ?? []).some(isErrorFinding)),
            'cell-conflict': flag(spec, (v, s) => v.outcome?.kind === 'conflict' && s.field in v.edits),
            'cell-forbidden': flag(spec, (v, s) => (v.outcome?.kind === 'forbidden' || v.outcome?.kind === 'notFound') && s.field in v.edits),
            'cell-saved-row': flag(spec, (v) => v.outcome?.kind === 'saved'),
            'cell-deleted': flag(spec, (v) => v.deleted),
            'cell-new': flag(spec, (v) => v.isNew),
          },
        }),
      ),
    ];
    return defs;
  }, [config, t, lang, editing]);

  const pinned = useMemo(() => staging.added.map((id) => fresh.current.get(id)).filter((r): r is EntityRow => !!r), [staging.added]);

  const onGridReady = useCallback((e: GridReadyEvent<EntityRow>) => {
    apiRef.current = e.api;
    // The view as the user left it, before the first rows are read (so they are read once, filtered).
    const last = viewsRef.current.last;
    if (last) {
      e.api.applyColumnState({ state: last.columns, applyOrder: true });
      e.api.setFilterModel(last.filter);
    }
    setReady(true);
  }, []);

  const onCellFocused = useCallback(
    (e: CellFocusedEvent<EntityRow>) => {
      if (!onFocusRow || e.rowIndex == null) return;
      onFocusRow(displayedRow(e.rowIndex, (e.rowPinned as 'top' | 'bottom' | null) ?? null) ?? null);
    },
    [onFocusRow, displayedRow],
  );

  const editableSpecs = config.columns.filter((c) => c.editable && c.kind !== 'computed');
  const actions = editing ? (
    <>
      {config.canCreate !== false && (
        <button type="button" className="btn" onClick={addRow} disabled={saving} data-testid="add-row">
          + {t.addRow}
        </button>
      )}
      {config.canDelete !== false && (
        <button type="button" className="btn" onClick={deleteSelected} disabled={saving || selectedCount === 0} data-testid="delete-rows" title={t.deleteRowsHint}>
          {t.deleteRows}
        </button>
      )}
      <BulkSet specs={editableSpecs} disabled={saving || selectedCount === 0} selected={selectedCount} onApply={setForSelected} />
    </>
  ) : null;

  return (
    <section className={`view entity-view${heading ? ' sub-view' : ''}`} data-testid={testId} data-edit-scope ref={scopeRef} aria-label={config.title(t)}>
      <div className="view-head view-head-stacked">
        <div className="view-title-row">
          {heading ?? (
            <h1>
              {config.title(t)}
              {total !== null && (
                <span className="count" data-testid="row-count">
                  {t.rowCount(total)}
                </span>
              )}
            </h1>
          )}
          {heading && total !== null && (
            <span className="count" data-testid="row-count">
              {t.rowCount(total)}
            </span>
          )}
          <div className="view-tools">
            {config.search && (
              <input
                type="search"
                className="search"
                placeholder={t.searchPlaceholder}
                aria-label={t.searchPlaceholder}
                defaultValue=""
                onChange={(e) => searchLater(e.target.value)}
                data-testid="search"
              />
            )}
            {!heading && <ColumnsMenu columns={columnList} onToggle={(field, visible) => apiRef.current?.setColumnsVisible([field], visible)} />}
            {!heading && <ViewsMenu names={Object.keys(views.named)} onApply={applyView} onSave={saveView} onDelete={deleteView} onReset={resetView} />}
            <ExportButton onExport={() => void exportCsv()} busy={exporting} />
            {editing && !heading && config.canCreate !== false && <ImportButton onFile={(name, text) => void readImport(name, text)} />}
          </div>
        </div>
        {!heading && (
          <p className="muted">
            {config.intro(t)} {editing ? `${t.callOffsStaging} ${t.pasteHint}` : config.save ? t.readOnlyRoleHintRows : ''}
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
      {loadError && <ErrorState error={loadError} onRetry={reload} />}
      <div className="grid-wrap" onPaste={onPaste} data-testid={`${testId}-grid`}>
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
          onCellEditRequest={onCellEditRequest}
          rowSelection={editing ? { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false } : undefined}
          selectionColumnDef={{ pinned: 'left', width: 44, suppressMovable: true }}
          onSelectionChanged={(e) => setSelectedCount(e.api.getSelectedNodes().length)}
          rowClassRules={{ 'row-readonly': (p) => editing && !!p.data && !p.data.isNew && !canChange(viewer, p.data.ownerId) }}
          context={context}
          tooltipShowDelay={250}
          tooltipInteraction={false}
          onGridReady={onGridReady}
          onCellFocused={onCellFocused}
          stopEditingWhenCellsLoseFocus
          suppressColumnVirtualisation
          localeText={t.agGrid}
          onSortChanged={rememberLater}
          onFilterChanged={rememberLater}
          onColumnMoved={rememberLater}
          onColumnVisible={rememberLater}
          onColumnPinned={rememberLater}
          onColumnResized={(e) => e.finished && rememberLater()}
        />
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
          onCancel={() => setImporting(null)}
          onStage={stageImport}
        />
      )}
      {children}
    </section>
  );
}

function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One value for a column of every selected row (a whole column of a selection, like a spreadsheet's fill). */
function BulkSet({ specs, disabled, selected, onApply }: { specs: ColumnSpec[]; disabled: boolean; selected: number; onApply: (spec: ColumnSpec, raw: string, value?: unknown) => void }) {
  const { t, lang } = useI18n();
  const lookups = useLookups();
  const [open, setOpen] = useState(false);
  const [field, setField] = useState(specs[0]?.field ?? '');
  const [text, setText] = useState('');
  const spec = specs.find((s) => s.field === field) ?? specs[0];
  if (!spec) return null;
  const choices =
    spec.kind === 'enum'
      ? (spec.vocabulary?.values ?? []).map((v) => ({ value: v, label: spec.vocabulary!.labels[v]?.[lang] ?? v }))
      : spec.kind === 'boolean'
        ? [
            { value: 'true', label: t.yes },
            { value: 'false', label: t.no },
          ]
        : spec.kind === 'ref'
          ? (spec.options?.(lookups, {}) ?? []).map((o) => ({ value: o.id, label: o.label }))
          : null;
  const apply = () => {
    if (choices) {
      const choice = choices.find((c) => c.value === text);
      const value = choice ? (spec.kind === 'boolean' ? choice.value === 'true' : choice.value) : null;
      onApply(spec, choice?.label ?? '', value);
    } else onApply(spec, text);
    setOpen(false);
  };
  return (
    <span className="popover-anchor">
      <button type="button" className="btn" disabled={disabled} onClick={() => setOpen(!open)} aria-expanded={open} data-testid="bulk-set" title={t.bulkSetHint}>
        {t.bulkSet}
        {selected > 0 && <span className="btn-count">{selected}</span>}
      </button>
      {open && !disabled && (
        <div className="popover" role="dialog" aria-label={t.bulkSet} data-testid="bulk-set-panel">
          <label>
            {t.bulkColumn}
            <select value={spec.field} onChange={(e) => (setField(e.target.value), setText(''))} data-testid="bulk-field">
              {specs.map((s) => (
                <option key={s.field} value={s.field}>
                  {s.header(t, lang)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.bulkValue}
            {choices ? (
              <select value={text} onChange={(e) => setText(e.target.value)} data-testid="bulk-value">
                <option value="">—</option>
                {choices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            ) : (
              <input value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && apply()} data-testid="bulk-value" />
            )}
          </label>
          <div className="popover-actions">
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              {t.cancel}
            </button>
            <button type="button" className="btn btn-primary" onClick={apply} data-testid="bulk-apply">
              {t.bulkApply(selected)}
            </button>
          </div>
        </div>
      )}
    </span>
  );
}
