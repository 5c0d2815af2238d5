import type { CellEditRequestEvent, GridApi } from 'ag-grid-community';
import { useCallback, type ClipboardEvent, type RefObject } from 'react';
import type { Dictionary } from '../i18n';
import { displayText, type GridContextRef } from './cells';
import { displayedSpecs } from './columns';
import type { Message } from './EditToolbar';
import { cellChange, type CellEdit, type ColumnSpec, type EntityConfig, type EntityRow, type RowView } from './entity';
import { FIELD_SELECTOR, pasteAnchor } from './hooks';
import type { Lookups } from './lookups';
import { planBlock } from './paste';
import type { StagedRows } from './stagedRows';
import { parseTsv } from './tsv';

/** What was staged, and how many rows were passed over because the viewer may not change them. */
const stagedSkipping = (t: Dictionary, staged: string, skipped: number): Message =>
  skipped ? { kind: 'warning', text: `${staged} ${t.skippedReadOnly(skipped)}` } : { kind: 'info', text: staged };

export interface RowEditingContext {
  config: EntityConfig;
  /** Values every new row starts with (domain form); the first cell without one gets the focus. */
  newValues?: Record<string, unknown>;
  staged: StagedRows;
  lookups: Lookups;
  editing: boolean;
  saving: boolean;
  apiRef: RefObject<GridApi<EntityRow> | null>;
  context: GridContextRef;
  setMessage: (m: Message) => void;
  t: Dictionary;
}

/**
 * Every way the rows change before a Save: a cell typed or chosen, a block pasted from a
 * spreadsheet, a row added or deleted, one value for many selected rows. All of it is staged.
 */
export function useRowEditing({ config, newValues, staged, lookups, editing, saving, apiRef, context, setMessage, t }: RowEditingContext) {
  const { view, dispatch, fresh, newRow, staging } = staged;
  const stageChanges = useCallback((changes: CellEdit[], add?: string[]) => dispatch({ type: 'stage', changes, add }), [dispatch]);
  // A value given with the text (chosen from a list) needs no parsing.
  const changeOf = useCallback(
    (v: RowView, spec: ColumnSpec, raw: string, value?: unknown) => cellChange(v, spec, raw, lookups, value === undefined ? undefined : { ok: true, value }),
    [lookups],
  );
  const stage = useCallback(
    (row: EntityRow, spec: ColumnSpec, raw: string, value?: unknown) => {
      if (saving) return;
      const change = changeOf(view(row), spec, raw, value);
      if (change) stageChanges([change]);
    },
    [saving, view, changeOf, stageChanges],
  );

  const onCellEditRequest = useCallback(
    (e: CellEditRequestEvent<EntityRow>) => {
      const spec = config.columns.find((c) => c.field === e.column.getColId());
      if (!spec || !e.data) return;
      const raw = e.newValue == null ? '' : String(e.newValue);
      // A choice from a list is the value itself; typed text is parsed.
      const chosen = spec.kind === 'enum' || spec.kind === 'ref' ? (raw === '' ? null : raw) : spec.kind === 'boolean' ? (raw === '' ? null : raw === 'true') : undefined;
      stage(e.data, spec, chosen === undefined ? raw : displayText(spec, chosen, e.data, context.current), chosen);
    },
    [config, stage, context],
  );

  const displayedRow = useCallback(
    (index: number, pinned: 'top' | 'bottom' | null): EntityRow | undefined => {
      const api = apiRef.current;
      if (!api) return undefined;
      return (pinned === 'top' ? api.getPinnedTopRow(index) : api.getDisplayedRowAtIndex(index))?.data ?? undefined;
    },
    [apiRef],
  );

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
      const columnIndex = api.getAllDisplayedColumns().findIndex((c) => c.getColId() === anchor.colId);
      const plan = planBlock(text, { rowIndex: anchor.rowIndex, columnIndex }, rows, displayedSpecs(api, config), (row, spec, raw) => (row && spec ? changeOf(view(row), spec, raw) : null));
      if (plan.changes.length) stageChanges(plan.changes);
      setMessage(
        plan.skipped
          ? { kind: 'warning', text: `${plan.changes.length ? t.pasteStaged(plan.changes.length) + ' ' : ''}${t.pasteSkippedCells(plan.skipped)}` }
          : { kind: 'info', text: t.pasteStaged(plan.changes.length) },
      );
    },
    [editing, saving, apiRef, t, config, displayedRow, view, changeOf, stageChanges, setMessage],
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
  }, [newRow, fresh, apiRef, config, newValues, stageChanges, setMessage, t, staging.added.length]);

  const selectedRows = useCallback(() => (apiRef.current?.getSelectedNodes() ?? []).map((n) => n.data).filter((r): r is EntityRow => !!r), [apiRef]);

  const deleteSelected = useCallback(() => {
    const rows = selectedRows().map(view);
    const allowed = rows.filter((v) => v.editable && !v.deleted);
    if (allowed.length) dispatch({ type: 'deleteRows', rows: allowed.map((v) => ({ id: v.row.id, version: v.row.version })) });
    setMessage(stagedSkipping(t, t.deleteStaged(allowed.length), rows.length - allowed.length));
    apiRef.current?.deselectAll();
  }, [selectedRows, view, dispatch, apiRef, setMessage, t]);

  const setForSelected = useCallback(
    (spec: ColumnSpec, raw: string, value?: unknown) => {
      const rows = selectedRows().map(view);
      const changes = rows.map((v) => changeOf(v, spec, raw, value)).filter((c): c is CellEdit => c !== null);
      if (changes.length) stageChanges(changes);
      setMessage(stagedSkipping(t, t.bulkStaged(changes.length), rows.length - changes.length));
    },
    [selectedRows, view, changeOf, stageChanges, setMessage, t],
  );

  return { stage, onCellEditRequest, displayedRow, onPaste, addRow, deleteSelected, setForSelected };
}
