import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Provider, useQuery } from 'urql';
import { makeClient } from './client';
import { ErrorState, Loading } from './components/States';
import { I18nProvider, useI18n } from './i18n';
import { ViewerQuery } from './queries';
import { clearSession, loadToken, saveToken } from './session';
import { CallOffsView } from './views/CallOffsView';
import { Header } from './views/Header';
import { MunicipalitiesView } from './views/MunicipalitiesView';
import { Nav } from './views/Nav';
import { useGuardedRoute } from './editing/leaveGuard';
import { StagingStoreProvider } from './editing/stagingStore';
import { SignIn } from './views/SignIn';
import { isRegistryRoute, RegistryView } from './views/RegistryViews';
import { LogsView } from './views/LogsView';
import { FindingsProvider, JumpProvider } from './findings/context';
import { LogReviewView } from './views/LogReviewView';

type Notice = 'invalidToken' | 'expired' | null;

export function App() {
  return (
    <I18nProvider>
      <Session />
    </I18nProvider>
  );
}

function Session() {
  const [token, setToken] = useState<string | null>(() => loadToken());
  const [notice, setNotice] = useState<Notice>(null);
  // Whether the current token has been accepted once: a 401 after that means it expired.
  const verified = useRef(false);

  const signIn = useCallback((next: string) => {
    saveToken(next);
    setNotice(null);
    verified.current = false;
    setToken(next);
  }, []);
  const signOut = useCallback((why: Notice = null) => {
    clearSession();
    setNotice(why);
    verified.current = false;
    setToken(null);
  }, []);

  // A fresh client (and so a fresh cache) for every sign-in and sign-out.
  const client = useMemo(() => makeClient(token, () => signOut(verified.current ? 'expired' : 'invalidToken')), [token, signOut]);
  const onVerified = useCallback(() => {
    verified.current = true;
  }, []);

  return (
    <Provider value={client}>
      {token ? (
        // Staged changes per view live here, above the views: one store per sign-in.
        <StagingStoreProvider>
          <Shell onSignOut={() => signOut()} onVerified={onVerified} />
        </StagingStoreProvider>
      ) : (
        <SignIn onSignIn={signIn} notice={notice} />
      )}
    </Provider>
  );
}

function Shell({ onSignOut, onVerified }: { onSignOut: () => void; onVerified: () => void }) {
  const { t } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ViewerQuery });
  const { route, navigate, signOut, dialog } = useGuardedRoute(onSignOut);
  const viewer = data?.viewer ?? null;
  useEffect(() => {
    if (viewer) onVerified();
  }, [viewer, onVerified]);

  let main;
  if (fetching && !data) main = <Loading />;
  else if (error && !data) main = <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!viewer) main = <ErrorState error={new Error(t.signInInvalidToken)} />;
  else if (route === 'call-offs') main = <CallOffsView viewer={{ role: viewer.role, organisationId: viewer.organisation.id }} />;
  else if (route === 'user-logs') main = <LogsView viewer={{ role: viewer.role, organisationId: viewer.organisation.id }} />;
  else if (route === 'log-review')
    main = <LogReviewView viewer={{ role: viewer.role, organisationId: viewer.organisation.id, organisationName: viewer.organisation.name }} />;
  else if (isRegistryRoute(route))
    main = (
      <RegistryView
        key={route}
        route={route}
        viewer={{ role: viewer.role, organisationId: viewer.organisation.id, organisationName: viewer.organisation.name }}
      />
    );
  else main = <MunicipalitiesView />;

  return (
    <div className="shell">
      <Header viewer={viewer} onSignOut={signOut} />
      <div className="body">
        <Nav route={route} onNavigate={navigate} />
        {/* One registryFindings request per view (keyed by it), marking its rows; the log views have none. */}
        <JumpProvider route={route} navigate={navigate}>
          <main className="main">
            {route === 'user-logs' || route === 'changes' || !viewer ? main : <FindingsProvider key={route}>{main}</FindingsProvider>}
          </main>
        </JumpProvider>
      </div>
      {dialog}
    </div>
  );
}
