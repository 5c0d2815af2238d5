import { createContext, useContext, useRef, type ReactNode } from 'react';
import { changedRows, type ChangeUnit, type EntityRow, type EntityStaging } from './entity';
import { emptyStaging } from './staging';

/** How many staged rows each kind of view holds. */
export type ChangeCounts = Record<ChangeUnit, number>;

/** One view's staged changes kept above the views, so that they outlive the view's grid. */
export interface StagingEntry {
  state: EntityStaging;
  unit: ChangeUnit;
  /** The rows the changes are about (server rows seen, rows added here), by id. */
  seen: Map<string, EntityRow>;
  fresh: Map<string, EntityRow>;
}

export class StagingStore {
  private readonly entries = new Map<string, StagingEntry>();
  /** The keys of the grids on screen: leaving them is what loses sight of their changes. */
  readonly shown = new Set<string>();

  entry(key: string, unit: ChangeUnit = 'rows'): StagingEntry {
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { state: emptyStaging(), unit, seen: new Map(), fresh: new Map() }));
    return e;
  }

  /** Rows with a staged change, over every view (or the views on screen), counted by what they are. */
  changes(onlyShown = false): ChangeCounts {
    const n: ChangeCounts = { rows: 0, callOffs: 0 };
    for (const [key, e] of this.entries) if (!onlyShown || this.shown.has(key)) n[e.unit] += changedRows(e.state).size;
    return n;
  }

  /** Every view's staged changes dropped (the history too: they are gone, not undone). */
  discardAll(): void {
    for (const e of this.entries.values()) e.state = { ...emptyStaging(), known: e.state.known };
  }
}

const StoreContext = createContext<StagingStore | null>(null);

/** Staged changes per view for everything below: one store per sign-in (a new one after signing in again). */
export function StagingStoreProvider({ children }: { children: ReactNode }) {
  const store = useRef<StagingStore | null>(null);
  store.current ??= new StagingStore();
  return <StoreContext.Provider value={store.current}>{children}</StoreContext.Provider>;
}

export const useStagingStore = () => useContext(StoreContext);
