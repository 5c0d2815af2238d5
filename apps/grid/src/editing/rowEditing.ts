import type { CellEditRequestEvent, GridApi } from 'ag-grid-community';
import { useCallback, type ClipboardEvent, type RefObject } from 'react';
import type { Dictionary } from '../i18n';
import { cellValue, displayText, type GridContextRef } from './cells';
import { displayedSpecs } from './columns';
import type { Message } from './EditToolbar';
import { cellChange, type CellEdit, type ColumnSpec, type EntityConfig, type EntityRow, type RowView } from './entity';
import { FIELD_SELECTOR, pasteAnchor } from './hooks';
import type { Lookups } from './lookups';
import { planCells } from './paste';
import type { Bounds } from './range';
import type { RangeBlock } from './useRangeSelection';
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
  /** The shown rows at these positions, read from the server where the grid has not loaded them. */
  rowsAt?: (from: number, count: number) => Promise<EntityRow[]>;
  /** The block of cells chosen (Shift+click, Shift+arrows): a paste lands on its top-left, a single value fills it. */
  range?: () => RangeBlock | null;
}

/** Why a pasted or filled cell was not staged. */
type Skip = 'readOnly' | 'deleted' | 'column';

/** The message after a paste or fill: what was staged, then each reason cells were passed over. */
function stagedMessage(
  t: Dictionary,
  staged: string,
  skips: { rows: Record<'readOnly' | 'deleted', ReadonlySet<string>>; columns: number; outside: number },
): Message {
  const why = [
    skips.rows.readOnly.size ? t.skippedReadOnlyRows(skips.rows.readOnly.size) : '',
    skips.rows.deleted.size ? t.skippedDeletedRows(skips.rows.deleted.size) : '',
    skips.columns ? t.skippedColumns(skips.columns) : '',
    skips.outside ? t.skippedOutside(skips.outside) : '',
  ].filter(Boolean);
  return why.length ? { kind: 'warning', text: [staged, ...why].join(' ') } : { kind: 'info', text: staged };
}

/**
 * Every way the rows change before a Save: a cell typed or chosen, a block pasted from a
 * spreadsheet, a row added or deleted, one value for many selected rows. All of it is staged.
 */
export function useRowEditing({ config, newValues, staged, lookups, editing, saving, apiRef, context, setMessage, t, rowsAt, range }: RowEditingContext) {
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
      const chosen =
        spec.kind === 'enum' || spec.kind === 'ref' ? (raw === '' ? null : raw) : spec.kind === 'boolean' ? (raw === '' ? null : raw === 'true') : undefined;
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

  /**
   * A cell's change, and why not when there is none: tallied per reason (rows counted once) for the
   * message after a paste or a fill.
   */
  const tally = useCallback(() => {
    const skips = { rows: { readOnly: new Set<string>(), deleted: new Set<string>() }, columns: 0, cells: 0 };
    const changeAt = (row: EntityRow | undefined, spec: ColumnSpec | undefined, raw: string, value?: unknown): CellEdit | null => {
      if (!row || !spec) return null;
      const v = view(row);
      const change = changeOf(v, spec, raw, value);
      if (change) return change;
      const why: Skip = !v.editable ? 'readOnly' : v.deleted ? 'deleted' : 'column';
      skips.cells++;
      if (why === 'column') skips.columns++;
      else skips.rows[why].add(row.id);
      return null;
    };
    return { skips, changeAt };
  }, [view, changeOf]);

  /**
   * The shown rows from `from` on, `count` of them, handed to `use`: at once when the grid has them
   * all, else once the rest are read from the server.
   */
  const withRows = useCallback(
    (from: number, count: number, pinned: 'top' | 'bottom' | null, use: (rows: (EntityRow | undefined)[]) => void) => {
      const rows: (EntityRow | undefined)[] = [];
      for (let i = from; i < from + count; i++) rows[i] = displayedRow(i, pinned);
      const api = apiRef.current;
      const last = Math.min(from + count, api && !pinned ? api.getDisplayedRowCount() : 0);
      const missing = rows.findIndex((r, i) => i >= from && i < last && r === undefined);
      if (missing < 0 || !rowsAt) {
        use(rows);
        return;
      }
      setMessage({ kind: 'info', text: t.pasteLoading(last - missing) });
      rowsAt(missing, last - missing).then(
        (read) => {
          read.forEach((r, i) => (rows[missing + i] ??= r));
          use(rows);
        },
        (error: Error) => setMessage({ kind: 'error', text: error.message }),
      );
    },
    [displayedRow, apiRef, rowsAt, setMessage, t],
  );

  const onPaste = useCallback(
    (e: ClipboardEvent<HTMLDivElement>) => {
      const target = e.target as HTMLElement;
      if (!editing || saving || target.closest(FIELD_SELECTOR)) return;
      const api = apiRef.current;
      const text = e.clipboardData.getData('text/plain');
      if (!api || !text) return;
      e.preventDefault();
      const focused = pasteAnchor(api, target);
      if (!focused) {
        setMessage({ kind: 'warning', text: t.pasteNoFocus });
        return;
      }
      const chosen = focused.pinned ? null : (range?.() ?? null);
      const columns = displayedSpecs(api, config);
      const allIds = api.getAllDisplayedColumns().map((c) => c.getColId());
      const anchor = chosen ? { rowIndex: chosen.bounds.top, pinned: null, colId: chosen.colIds[0] ?? focused.colId } : focused;
      let block = parseTsv(text);
      // One value onto a block of cells fills the block, as in Excel.
      if (chosen && block.length === 1 && block[0]!.length === 1) {
        const b = chosen.bounds;
        block = Array.from({ length: b.bottom - b.top + 1 }, () => Array.from({ length: b.right - b.left + 1 }, () => block[0]![0]!));
      }
      const at = { rowIndex: anchor.rowIndex, columnIndex: allIds.indexOf(anchor.colId) };
      withRows(anchor.rowIndex, block.length, anchor.pinned, (rows) => {
        const { skips, changeAt } = tally();
        const plan = planCells(block, at, rows, columns, (row, spec, raw) => changeAt(row, spec, raw));
        if (plan.changes.length) stageChanges(plan.changes);
        // Skipped cells with no reason of their own fell outside the table.
        setMessage(stagedMessage(t, t.pasteStaged(plan.changes.length), { ...skips, outside: plan.skipped - skips.cells }));
      });
    },
    [editing, saving, apiRef, t, config, range, withRows, tally, stageChanges, setMessage],
  );

  /** Ctrl+D: the top row of the block into the rows below it; a block one row high takes the row above it. */
  const fillDown = useCallback(
    (b: Bounds) => {
      const api = apiRef.current;
      if (!editing || saving || !api) return;
      const top = b.top === b.bottom ? b.top - 1 : b.top;
      if (top < 0) {
        setMessage({ kind: 'warning', text: t.fillNothing });
        return;
      }
      const specs = displayedSpecs(api, config).slice(b.left, b.right + 1);
      withRows(top, b.bottom - top + 1, null, (rows) => {
        const source = rows[top];
        if (!source) return;
        const from = view(source);
        const g = context.current;
        const { skips, changeAt } = tally();
        const changes: CellEdit[] = [];
        for (let r = top + 1; r <= b.bottom; r++) {
          for (const spec of specs) {
            if (!spec) continue;
            const value = cellValue(spec, from, lookups);
            const change = changeAt(rows[r], spec, displayText(spec, value, source, g), value);
            if (change) changes.push(change);
          }
        }
        if (changes.length) stageChanges(changes);
        setMessage(stagedMessage(t, t.fillStaged(changes.length), { ...skips, outside: 0 }));
      });
    },
    [editing, saving, apiRef, config, withRows, view, context, tally, lookups, stageChanges, setMessage, t],
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

  return { stage, onCellEditRequest, displayedRow, onPaste, fillDown, addRow, deleteSelected, setForSelected };
}
