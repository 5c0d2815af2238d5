import type { GridApi } from 'ag-grid-community';
import { useEffect, type RefObject } from 'react';

/** Inside an open editor or a text field, keys and pastes are the field's, not the grid's. */
export const FIELD_SELECTOR = 'input, textarea, select, [contenteditable="true"], .ag-cell-inline-editing, .ag-popup-editor';

/** Leaving the page with staged changes asks first. */
export function useLeaveGuard(active: boolean, message: string): void {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = message;
      return message;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [active, message]);
}

/**
 * Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) undo and redo staged changes, except inside an open editor or
 * a text field. With several editable grids on a page, the one holding the focus answers; with the
 * focus outside all of them, the page's primary grid does.
 */
export function useUndoRedoKeys(onUndo: () => void, onRedo: () => void, scope?: RefObject<HTMLElement | null>, primary = true): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest(FIELD_SELECTOR)) return;
      const owner = target?.closest('[data-edit-scope]') ?? null;
      if (scope && (owner ? owner !== scope.current : !primary)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) onUndo();
      else if (key === 'y' || (key === 'z' && e.shiftKey)) onRedo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onUndo, onRedo, scope, primary]);
}

export interface PasteAnchor {
  rowIndex: number;
  colId: string;
  /** 'top' for a row pinned at the top (rows added and not yet saved). */
  pinned: 'top' | 'bottom' | null;
}

/** The cell a paste lands on: the grid's focused cell, or else the cell the paste event came from. */
export function pasteAnchor(api: GridApi, target: HTMLElement): PasteAnchor | null {
  const focused = api.getFocusedCell();
  if (focused) return { rowIndex: focused.rowIndex, colId: focused.column.getColId(), pinned: (focused.rowPinned as PasteAnchor['pinned']) ?? null };
  const rowEl = target.closest('.ag-row');
  // Pinned rows are numbered t-0, t-1 … (top) and b-0 … (bottom).
  const index = rowEl?.getAttribute('row-index') ?? '';
  const pinned = index.startsWith('t-') ? 'top' : index.startsWith('b-') ? 'bottom' : null;
  const rowIndex = Number(pinned ? index.slice(2) : index || NaN);
  const colId = target.closest('.ag-cell')?.getAttribute('col-id') ?? null;
  if (!Number.isInteger(rowIndex) || !colId) return null;
  return { rowIndex, colId, pinned };
}

/** Calls `fn` once the calls stop for `ms` (typing in a search field, resizing a column). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
