import type { CellClassParams, CellFocusedEvent, ColDef, GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';
import { cellValue, displayText, type GridContextRef } from './cells';
import type { Message } from './EditToolbar';
import type { EntityConfig, EntityRow } from './entity';
import { FIELD_SELECTOR } from './hooks';
import { boundsOf, extend, inBounds, isArrow, isSingle, singleCell, toHtmlTable, toTsv, type Bounds, type CellPos, type CellRange } from './range';

export interface RangeSelectionContext {
  config: EntityConfig;
  apiRef: RefObject<GridApi<EntityRow> | null>;
  context: GridContextRef;
  setMessage: (m: Message) => void;
  /** Ctrl+D: the block's top row copied into the rows below it (staged). */
  onFillDown?: (bounds: Bounds) => void;
}

/** What the other hooks read: the block chosen, as shown-row indexes and the column ids it covers. */
export interface RangeBlock {
  bounds: Bounds;
  colIds: readonly string[];
}

/**
 * A block of cells chosen the spreadsheet way, on AG Grid Community (range selection is an
 * Enterprise feature): Shift+click and Shift+arrows choose it, Ctrl+C copies it as TSV and an HTML
 * table, Ctrl+D fills it down. The block lives in a ref, read when a key comes, so a fast
 * Shift+arrow right after a click acts on the cell just clicked rather than on a render behind.
 */
export function useRangeSelection({ config, apiRef, context, setMessage, onFillDown }: RangeSelectionContext) {
  const range = useRef<CellRange | null>(null);
  /** The pointer went down with Shift: the focus that follows ends the block instead of starting one. */
  const shiftPointer = useRef(false);
  const wrap = useRef<HTMLDivElement | null>(null);
  const fillDown = useRef(onFillDown);
  fillDown.current = onFillDown;

  /** The shown columns a block may cover: the entity's own (not the state, findings or checkbox columns). */
  const columns = useCallback(() => {
    const all = apiRef.current?.getAllDisplayedColumns() ?? [];
    const fields = new Set(config.columns.map((c) => c.field));
    const ids = all.map((c) => c.getColId());
    const first = ids.findIndex((id) => fields.has(id));
    let last = -1;
    ids.forEach((id, i) => fields.has(id) && (last = i));
    return { ids, first, last };
  }, [apiRef, config]);

  const set = useCallback(
    (next: CellRange | null) => {
      const before = range.current;
      range.current = next;
      const changed = JSON.stringify(before) !== JSON.stringify(next);
      if (changed && (!(before && isSingle(before)) || !(next && isSingle(next)))) apiRef.current?.refreshCells({ force: true });
    },
    [apiRef],
  );

  /** The block the keys act on: the one chosen, or else the focused cell (null on a pinned new row). */
  const block = useCallback((): RangeBlock | null => {
    const api = apiRef.current;
    const focused = api?.getFocusedCell();
    if (!api || !focused || focused.rowPinned) return null;
    const { ids } = columns();
    const r = current(focused.rowIndex, ids.indexOf(focused.column.getColId()));
    const b = boundsOf(r);
    return { bounds: b, colIds: ids.slice(b.left, b.right + 1) };
  }, [apiRef, columns]);

  /** The block, unless the focus has moved off both its corners since (then the focused cell alone). */
  function current(row: number, col: number): CellRange {
    const r = range.current;
    const at: CellPos = { row, col };
    const same = (p: CellPos) => p.row === at.row && p.col === at.col;
    if (r && (same(r.anchor) || same(r.end))) return r;
    const single = singleCell(at);
    range.current = single;
    return single;
  }

  /** The grid's cellFocused: a click or plain arrow starts a block at the cell, a Shift+click ends it there. */
  const onCellFocused = useCallback(
    (e: CellFocusedEvent<EntityRow>) => {
      const api = apiRef.current;
      const colId = typeof e.column === 'string' ? e.column : (e.column?.getColId() ?? null);
      if (!api || e.rowIndex == null || !colId || e.rowPinned) {
        set(null);
        return;
      }
      const at = { row: e.rowIndex, col: columns().ids.indexOf(colId) };
      const r = range.current;
      const shift = (e.sourceEvent instanceof MouseEvent && e.sourceEvent.shiftKey) || shiftPointer.current;
      shiftPointer.current = false;
      if (shift && r) set({ anchor: r.anchor, end: at });
      else set(singleCell(at));
    },
    [apiRef, columns, set],
  );

  const textOf = useCallback(
    (b: Bounds, ids: readonly string[]): string[][] => {
      const api = apiRef.current!;
      const g = context.current;
      const specs = ids.map((id) => config.columns.find((c) => c.field === id));
      const out: string[][] = [];
      for (let r = b.top; r <= b.bottom; r++) {
        const row = api.getDisplayedRowAtIndex(r)?.data;
        out.push(specs.map((spec) => (row && spec ? displayText(spec, cellValue(spec, g.view(row), g.lookups), row, g) : '')));
      }
      return out;
    },
    [apiRef, context, config],
  );

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const inField = (t: EventTarget | null) => t instanceof Element && !!t.closest(FIELD_SELECTOR);
    const onPointer = (e: MouseEvent) => {
      shiftPointer.current = e.shiftKey && !inField(e.target);
    };
    const onKey = (e: KeyboardEvent) => {
      if (inField(e.target)) return;
      const api = apiRef.current;
      if (!api) return;
      if (e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey && isArrow(e.key)) {
        const focused = api.getFocusedCell();
        if (!focused || focused.rowPinned) return;
        const { ids, first, last } = columns();
        const col = ids.indexOf(focused.column.getColId());
        if (col < first || col > last) return;
        // Ahead of AG Grid, which would move the focus (the anchor stays focused, as in Excel).
        e.preventDefault();
        e.stopPropagation();
        const next = extend(current(focused.rowIndex, col), e.key, api.getDisplayedRowCount(), first, last);
        set(next);
        api.ensureIndexVisible(next.end.row);
        const endCol = ids[next.end.col];
        if (endCol) api.ensureColumnVisible(endCol);
        return;
      }
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'd') {
        // Also keeps the browser from bookmarking the page.
        e.preventDefault();
        e.stopPropagation();
        const b = block();
        if (b) fillDown.current?.(b.bounds);
      }
    };
    // The browser sends a copy with nothing selected to the body: the grid answers when it has the focus.
    const onCopy = (e: ClipboardEvent) => {
      const active = document.activeElement;
      if (!active || !el.contains(active) || inField(active) || !e.clipboardData) return;
      const b = block();
      if (!b) return;
      const cells = textOf(b.bounds, b.colIds);
      e.clipboardData.setData('text/plain', toTsv(cells));
      e.clipboardData.setData('text/html', toHtmlTable(cells));
      e.preventDefault();
      const n = cells.length * (cells[0]?.length ?? 0);
      setMessage({ kind: 'info', text: context.current.t.copied(n) });
    };
    el.addEventListener('mousedown', onPointer, true);
    el.addEventListener('keydown', onKey, true);
    document.addEventListener('copy', onCopy);
    return () => {
      el.removeEventListener('mousedown', onPointer, true);
      el.removeEventListener('keydown', onKey, true);
      document.removeEventListener('copy', onCopy);
    };
  }, [apiRef, columns, set, block, textOf, setMessage, context]);

  /** The highlight: every column's class rules plus one for the cells inside a block of more than one. */
  const withRangeClass = useCallback(
    (defs: ColDef<EntityRow>[]): ColDef<EntityRow>[] => {
      const rule = (p: CellClassParams<EntityRow>) => {
        const r = range.current;
        if (!r || isSingle(r) || p.node.rowPinned || p.node.rowIndex == null) return false;
        return inBounds(boundsOf(r), p.node.rowIndex, columns().ids.indexOf(p.column.getColId()));
      };
      return defs.map((d) => ({ ...d, cellClassRules: { ...d.cellClassRules, 'cell-in-range': rule } }));
    },
    [columns],
  );

  /**
   * The block forgotten: a block is shown-row indexes, so once the sort, a filter or the search
   * changes which rows stand where, it would point at other rows.
   */
  const reset = useCallback(() => set(null), [set]);

  return useMemo(() => ({ wrap, block, withRangeClass, onCellFocused, reset }), [block, withRangeClass, onCellFocused, reset]);
}
