import { useCallback, useEffect, useState } from 'react';
import { CodeIcon, ExternalIcon, GridIcon, TableIcon } from '../components/Icons';
import { AlertIcon } from '../components/Icons';
import { HistoryIcon } from '../editing/icons';
import { useI18n } from '../i18n';
import { LogsIcon } from '../logs/icons';

export const REGISTRY_ROUTES = [
  'agreements',
  'processor-agreements',
  'joint-controllerships',
  'information-categories',
  'information-assets',
  'retention-rules',
  'licences',
  'rollout-stages',
  'changes',
  'follow-up',
  'findings',
  'access-policies',
  'disclosure-requests',
  'options',
  'option-links',
  'powers-of-attorney',
  'procurements',
  'processing-instructions',
  'responsibilities',
  'organisations',
] as const;
export const ROUTES = ['municipalities', 'call-offs', ...REGISTRY_ROUTES, 'user-logs', 'log-review'] as const;
export type Route = (typeof ROUTES)[number];

function fromHash(): Route {
  const h = window.location.hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(h) ? (h as Route) : 'municipalities';
}

/**
 * Whether the server offers GraphiQL (it does not in production unless asked to): the link is
 * shown only when following it leads somewhere.
 */
function useGraphiqlAvailable(): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    let live = true;
    fetch('/graphql', { headers: { accept: 'text/html' } })
      .then((r) => live && setAvailable(r.ok && (r.headers.get('content-type') ?? '').includes('text/html')))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return available;
}

/** The view lives in the URL's hash, so a reload or a link opens the same view. */
export function useRoute(): [Route, (r: Route) => void] {
  const [route, setRoute] = useState<Route>(fromHash);
  useEffect(() => {
    const onHash = () => setRoute(fromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback((r: Route) => {
    window.location.hash = `/${r}`;
    setRoute(r);
  }, []);
  return [route, navigate];
}

export function Nav({ route, onNavigate }: { route: Route; onNavigate: (r: Route) => void }) {
  const { t } = useI18n();
  const graphiql = useGraphiqlAvailable();
  const item = (r: Route, label: string, icon: React.ReactNode) => (
    <a
      href={`#/${r}`}
      className={`nav-item${route === r ? ' active' : ''}`}
      aria-current={route === r ? 'page' : undefined}
      data-testid={`nav-${r}`}
      onClick={(e) => {
        e.preventDefault();
        onNavigate(r);
      }}
    >
      {icon}
      <span>{label}</span>
    </a>
  );
  return (
    <nav className="nav" aria-label={t.navLabel}>
      <div className="nav-section">{t.navLabel}</div>
      {item('municipalities', t.navMunicipalities, <TableIcon />)}
      {item('call-offs', t.navCallOffs, <GridIcon />)}
      {item('powers-of-attorney', t.navPowersOfAttorney, <TableIcon />)}
      {item('findings', t.navFindings, <AlertIcon />)}
      <div className="nav-section nav-section-gap">{t.navRegistry}</div>
      {item('agreements', t.navAgreements, <TableIcon />)}
      {item('processor-agreements', t.navProcessorAgreements, <TableIcon />)}
      {item('processing-instructions', t.navInstructions, <TableIcon />)}
      {item('joint-controllerships', t.navJointControllerships, <TableIcon />)}
      {item('responsibilities', t.navResponsibilities, <TableIcon />)}
      <div className="nav-section nav-section-gap">{t.navGroupInformation}</div>
      {item('information-categories', t.navCategories, <TableIcon />)}
      {item('information-assets', t.navAssets, <TableIcon />)}
      {item('retention-rules', t.navRetention, <TableIcon />)}
      {item('access-policies', t.navPolicies, <TableIcon />)}
      {item('disclosure-requests', t.navDisclosures, <TableIcon />)}
      <div className="nav-section nav-section-gap">{t.navGroupOrganisations}</div>
      {item('organisations', t.navOrganisations, <TableIcon />)}
      {item('licences', t.navLicences, <TableIcon />)}
      {item('rollout-stages', t.navStages, <TableIcon />)}
      {item('procurements', t.navProcurements, <TableIcon />)}
      {item('options', t.navOptions, <TableIcon />)}
      {item('option-links', t.navOptionLinks, <TableIcon />)}
      {item('follow-up', t.navFollowUp, <TableIcon />)}
      <div className="nav-section nav-section-gap" />
      {item('changes', t.navChanges, <HistoryIcon />)}
      <div className="nav-section nav-section-gap">{t.logsNavSection}</div>
      {item('user-logs', t.logsNav, <LogsIcon />)}
      {item('log-review', t.navLogReview, <LogsIcon />)}
      <div className="nav-spacer" />
      {graphiql && (
        <a className="nav-item nav-external" href="/graphql" target="_blank" rel="noopener" title={t.navGraphiqlHint} data-testid="nav-graphiql">
          <CodeIcon />
          <span>{t.navGraphiql}</span>
          <ExternalIcon className="nav-external-icon" width={13} height={13} />
        </a>
      )}
    </nav>
  );
}
