import type { ColumnState } from 'ag-grid-community';

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
    return { last: isViewState(parsed.last) ? parsed.last : undefined, named: Object.fromEntries(Object.entries(parsed.named ?? {}).filter(([, v]) => isViewState(v))) };
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
