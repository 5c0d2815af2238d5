import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from 'urql';
import type { Route } from '../views/Nav';
import { findingsOf, indexFindings, subjectsOfType, type FindingIndex, type RegistryFindingItem } from './marks';
import { RegistryFindingsQuery } from './queries';

export interface Findings {
  /** Whether the answer has come (marks are drawn only then). */
  loaded: boolean;
  findings: readonly RegistryFindingItem[];
  index: FindingIndex;
  /** The findings about a row (and rows shown inside it). */
  of: (id: string, also?: readonly string[]) => RegistryFindingItem[];
  /** Subjects of a type's family, for the "only rows with findings" filter. */
  subjectsOf: (typename: string) => string[];
  /** Ask again: after a Save a row may have fixed or caused a finding. */
  refresh: () => void;
}

const EMPTY: Findings = { loaded: false, findings: [], index: new Map(), of: () => [], subjectsOf: () => [], refresh: () => {} };
const FindingsContext = createContext<Findings>(EMPTY);

/** One `registryFindings` request per view (the provider is keyed by the route), shared by its grids. */
export function FindingsProvider({ children }: { children: ReactNode }) {
  const [{ data }, reexecute] = useQuery({ query: RegistryFindingsQuery, requestPolicy: 'network-only' });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const value = useMemo<Findings>(() => {
    if (!data) return { ...EMPTY, refresh };
    const findings = data.registryFindings;
    const index = indexFindings(findings);
    return {
      loaded: true,
      findings,
      index,
      of: (id, also) => findingsOf(index, id, also),
      subjectsOf: (typename) => subjectsOfType(findings, typename),
      refresh,
    };
  }, [data, refresh]);
  return <FindingsContext.Provider value={value}>{children}</FindingsContext.Provider>;
}

export const useFindings = () => useContext(FindingsContext);

/** A row the findings view sent the user to. */
export interface JumpTarget {
  route: Route;
  subjectId: string;
}

interface Jump {
  target: JumpTarget | null;
  jumpTo: (target: JumpTarget) => void;
  clear: () => void;
}

const JumpContext = createContext<Jump>({ target: null, jumpTo: () => {}, clear: () => {} });

/** Lives above the views (it outlasts the change of view it causes); leaving the view it led to forgets it. */
export function JumpProvider({ route, navigate, children }: { route: Route; navigate: (r: Route) => void; children: ReactNode }) {
  const [target, setTarget] = useState<JumpTarget | null>(null);
  useEffect(() => {
    if (target && target.route !== route) setTarget(null);
  }, [route, target]);
  const jumpTo = useCallback(
    (t: JumpTarget) => {
      setTarget(t);
      navigate(t.route);
    },
    [navigate],
  );
  const clear = useCallback(() => setTarget(null), []);
  const value = useMemo(() => ({ target, jumpTo, clear }), [target, jumpTo, clear]);
  return <JumpContext.Provider value={value}>{children}</JumpContext.Provider>;
}

/** The row this view was sent to, if the last jump was to this view. */
export function useJumpTarget(route: string | undefined): { subjectId: string | null; clear: () => void } {
  const { target, clear } = useContext(JumpContext);
  return { subjectId: route && target?.route === route ? target.subjectId : null, clear };
}

export const useJumpTo = () => useContext(JumpContext).jumpTo;
