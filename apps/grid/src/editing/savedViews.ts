import type { ColumnState, GridApi } from 'ag-grid-community';
import { useCallback, useMemo, useRef, useState, type RefObject } from 'react';
import type { Dictionary } from '../i18n';
import type { Message } from './EditToolbar';
import type { EntityRow } from './entity';
import { debounce } from './hooks';
import { STATE_COLUMN } from './types';

/** A view's columns (order, width, visibility, pinning, sort) and filters. */
export interface ViewState {
  columns: ColumnState[];
  filter: Record<string, unknown>;
}

export interface StoredViews {
  /** How the user left the view: opened again the same way. */
  last?: ViewState;
  /** Saved by name. */
  named: Record<string, ViewState>;
}

/**
 * Views are kept per user in localStorage: per organisation and role (what the API tells the grid
 * about who is signed in; a token's own id is not exposed) and per view. Nothing of the registry's
 * data is stored, only how the user likes to look at it.
 */
export function viewsKey(viewer: { organisationId: string; role: string }, viewId: string): string {
  return `fvm.views.v1:${viewer.organisationId}:${viewer.role}:${viewId}`;
}

export function loadViews(key: string, storage: Pick<Storage, 'getItem'> | null = safeStorage()): StoredViews {
  try {
    const raw = storage?.getItem(key);
    const parsed = raw ? (JSON.parse(raw) as Partial<StoredViews>) : {};
    return {
      last: isViewState(parsed.last) ? parsed.last : undefined,
      named: Object.fromEntries(Object.entries(parsed.named ?? {}).filter(([, v]) => isViewState(v))),
    };
  } catch {
    return { named: {} };
  }
}

export function storeViews(key: string, views: StoredViews, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(key, JSON.stringify(views));
  } catch {
    // storage full or unavailable: the view is not remembered, nothing else is lost
  }
}

function isViewState(v: unknown): v is ViewState {
  return !!v && typeof v === 'object' && Array.isArray((v as ViewState).columns) && typeof (v as ViewState).filter === 'object';
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function applyViewState(api: GridApi, state: ViewState): void {
  api.applyColumnState({ state: state.columns, applyOrder: true });
  api.setFilterModel(state.filter);
}

/**
 * One grid's saved views: the view as the user left it, remembered as it changes, and views saved
 * by name. `ready` turns true once the last view is back on the grid: only then may rows be read.
 */
export function useSavedViews(
  viewer: { organisationId: string; role: string },
  viewId: string,
  apiRef: RefObject<GridApi<EntityRow> | null>,
  setMessage: (m: Message) => void,
  t: Dictionary,
) {
  const storeKey = viewsKey(viewer, viewId);
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
    // The state column's width follows the outcomes (wider with a conflict): not the user's to keep;
    // its place is kept, or a restored order would move it after the columns that are kept.
    return api ? { columns: api.getColumnState().map((c) => (c.colId === STATE_COLUMN ? { colId: c.colId } : c)), filter: api.getFilterModel() ?? {} } : null;
  }, [apiRef]);
  const restoreLast = useCallback((api: GridApi<EntityRow>) => {
    // Before the first rows are read, so they are read once, filtered.
    const last = viewsRef.current.last;
    if (last) applyViewState(api, last);
    setReady(true);
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
      const api = apiRef.current;
      if (api) applyViewState(api, state);
      setMessage({ kind: 'info', text: t.viewApplied(name) });
    },
    [apiRef, setMessage, t],
  );
  const saveView = useCallback(
    (name: string) => {
      const state = captureView();
      if (!state) return;
      putViews({ ...viewsRef.current, named: { ...viewsRef.current.named, [name]: state } });
      setMessage({ kind: 'success', text: t.viewSaved(name) });
    },
    [captureView, putViews, setMessage, t],
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
  }, [apiRef]);
  return { names: Object.keys(views.named), ready, restoreLast, rememberLater, applyView, saveView, deleteView, resetView };
}
