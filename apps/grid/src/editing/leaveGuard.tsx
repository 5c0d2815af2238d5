import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import type { Dictionary } from '../i18n/dictionary';
import { ROUTES, type Route } from '../views/Nav';
import type { ChangeUnit } from './entity';
import { useStagingStore, type ChangeCounts } from './stagingStore';

function fromHash(): Route {
  const h = window.location.hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(h) ? (h as Route) : 'municipalities';
}

type Asking = { kind: 'leave'; to: Route } | { kind: 'signOut' } | null;

/**
 * The view in the URL's hash, as useRoute, but staged changes are never left without a word:
 * moving to another view (the menu, a link, the browser's Back) or signing out asks first. Leaving
 * a view keeps its changes (they come back with it); signing out loses them. Reloading or closing
 * the tab asks the browser's own question.
 */
export function useGuardedRoute(onSignOut: () => void) {
  const store = useStagingStore();
  const [route, setRoute] = useState<Route>(fromHash);
  const [asking, setAsking] = useState<Asking>(null);
  const current = useRef(route);
  current.current = route;
  // Leaving a view asks about its own changes (others' are kept anyway); signing out about all.
  const changes = useCallback(() => store?.changes(true) ?? NONE, [store]);
  const changesAnywhere = useCallback(() => store?.changes() ?? NONE, [store]);
  const changed = useCallback(() => total(changes()), [changes]);
  const changedAnywhere = useCallback(() => total(changesAnywhere()), [changesAnywhere]);

  const go = useCallback((r: Route) => {
    if (window.location.hash !== `#/${r}`) window.location.hash = `/${r}`;
    current.current = r;
    setRoute(r);
  }, []);

  useEffect(() => {
    const onHash = () => {
      const to = fromHash();
      if (to === current.current) return;
      if (changed() === 0) return go(to);
      // Back (or a typed address) already moved the URL: put it back until the user says.
      window.history.replaceState(null, '', `#/${current.current}`);
      setAsking({ kind: 'leave', to });
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (changedAnywhere() === 0) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [changed, changedAnywhere, go]);

  const navigate = useCallback(
    (r: Route) => {
      if (r === current.current) return;
      if (changed() > 0) setAsking({ kind: 'leave', to: r });
      else go(r);
    },
    [changed, go],
  );
  const signOut = useCallback(() => (changedAnywhere() > 0 ? setAsking({ kind: 'signOut' }) : onSignOut()), [changedAnywhere, onSignOut]);

  const dialog = asking && (
    <LeaveDialog
      asking={asking}
      changes={asking.kind === 'leave' ? changes() : changesAnywhere()}
      onStay={() => setAsking(null)}
      onKeep={() => {
        setAsking(null);
        if (asking.kind === 'leave') go(asking.to);
      }}
      onDiscard={() => {
        setAsking(null);
        store?.discardAll();
        if (asking.kind === 'leave') go(asking.to);
        else onSignOut();
      }}
    />
  );
  return { route, navigate, signOut, dialog };
}

const NONE: ChangeCounts = { rows: 0, callOffs: 0 };
const UNITS: readonly ChangeUnit[] = ['rows', 'callOffs'];
const total = (n: ChangeCounts) => UNITS.reduce((sum, u) => sum + n[u], 0);

/** The staged things, each view's in its own words: the matrix's are call-offs, every other view's rows. */
export const unsavedText = (t: Dictionary, changes: ChangeCounts) =>
  UNITS.filter((u) => changes[u] > 0)
    .map((u) => t.unsavedChanges[u](changes[u]))
    .join(` ${t.unsavedAnd} `);

function LeaveDialog({
  asking,
  changes,
  onStay,
  onKeep,
  onDiscard,
}: {
  asking: NonNullable<Asking>;
  changes: ChangeCounts;
  onStay: () => void;
  onKeep: () => void;
  onDiscard: () => void;
}) {
  const { t } = useI18n();
  const stay = useRef<HTMLButtonElement | null>(null);
  useEffect(() => stay.current?.focus(), []);
  const leaving = asking.kind === 'leave';
  const what = unsavedText(t, changes);
  return (
    <div className="dialog-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onStay()}>
      <div
        className="dialog leave-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="leave-title"
        aria-describedby="leave-body"
        data-testid="leave-dialog"
      >
        <h2 id="leave-title">{leaving ? t.leaveTitle : t.signOutTitle}</h2>
        <p id="leave-body">{leaving ? t.leaveBody(what) : t.signOutBody(what)}</p>
        <div className="dialog-foot">
          <div className="popover-actions">
            <button type="button" className="btn" ref={stay} onClick={onStay} data-testid="leave-stay">
              {t.leaveStay}
            </button>
            <button type="button" className="btn" onClick={onDiscard} data-testid="leave-discard">
              {leaving ? t.leaveDiscard : t.signOutAnyway}
            </button>
            {leaving && (
              <button type="button" className="btn btn-primary" onClick={onKeep} data-testid="leave-keep">
                {t.leaveKeep}
              </button>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
