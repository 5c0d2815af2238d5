import { useState } from 'react';
import { EntityGrid } from '../editing/EntityGrid';
import type { EntityRow, Viewer } from '../editing/entity';
import { agreementParties } from '../entities/agreementParties';
import { agreements } from '../entities/agreements';
import { informationAssets } from '../entities/informationAssets';
import { informationCategories } from '../entities/informationCategories';
import { jointControllerships } from '../entities/jointControllerships';
import { licences } from '../entities/licences';
import { processorAgreements } from '../entities/processorAgreements';
import { retentionRules } from '../entities/retentionRules';
import { rolloutStages } from '../entities/rolloutStages';
import { accessPolicies } from '../entities/accessPolicies';
import { disclosureRequests } from '../entities/disclosureRequests';
import { optionLinks, options } from '../entities/options';
import { NON_MUNICIPAL, nonMunicipalOrganisations } from '../entities/organisations';
import { powersOfAttorney } from '../entities/powersOfAttorney';
import { processingInstructions } from '../entities/processingInstructions';
import { procurements } from '../entities/procurements';
import { responsibilities } from '../entities/responsibilities';
import { useI18n } from '../i18n';
import { ChangesView } from './ChangesView';
import { FollowUpView } from './FollowUpView';
import { FindingsView } from '../findings/FindingsView';
import { REGISTRY_ROUTES } from './Nav';
import { RowHistoryView } from './RowHistoryView';

export type RegistryRoute = (typeof REGISTRY_ROUTES)[number];

export function isRegistryRoute(route: string): route is RegistryRoute {
  return (REGISTRY_ROUTES as readonly string[]).includes(route);
}

const SIMPLE = {
  'information-categories': informationCategories,
  'information-assets': informationAssets,
  'retention-rules': retentionRules,
  licences,
  'rollout-stages': rolloutStages,
  'access-policies': accessPolicies,
  'disclosure-requests': disclosureRequests,
} as const;

/** The registry's views, each an editable grid over one entity (the change history read-only). */
export function RegistryView({ route, viewer }: { route: RegistryRoute; viewer: Viewer }) {
  switch (route) {
    case 'agreements':
    case 'processor-agreements':
    case 'joint-controllerships':
      return <AgreementsView route={route} viewer={viewer} />;
    case 'changes':
      return <ChangesView viewer={viewer} />;
    case 'follow-up':
      return <FollowUpView viewer={viewer} />;
    case 'findings':
      return <FindingsView />;
    case 'organisations':
      return <RowHistoryView key={route} config={nonMunicipalOrganisations} viewer={viewer} testId={`${route}-view`} baseFilter={NON_MUNICIPAL} />;
    case 'options':
    case 'option-links':
    case 'powers-of-attorney':
    case 'procurements':
    case 'processing-instructions':
    case 'responsibilities':
      return <RowHistoryView key={route} config={WITH_HISTORY[route]} viewer={viewer} testId={`${route}-view`} />;
    default:
      return <EntityGrid config={SIMPLE[route]} viewer={viewer} testId={`${route}-view`} />;
  }
}

/** Views with the focused row's change history beneath. */
const WITH_HISTORY = {
  options,
  'option-links': optionLinks,
  'powers-of-attorney': powersOfAttorney,
  procurements,
  'processing-instructions': processingInstructions,
  responsibilities,
} as const;

const AGREEMENT_CONFIGS = { agreements, 'processor-agreements': processorAgreements, 'joint-controllerships': jointControllerships } as const;

/** Agreements (all, processor, joint controllership) with the parties of the focused one below. */
function AgreementsView({ route, viewer }: { route: keyof typeof AGREEMENT_CONFIGS; viewer: Viewer }) {
  const { t } = useI18n();
  const [focused, setFocused] = useState<EntityRow | null>(null);
  const agreement = focused && !focused.isNew ? focused : null;
  return (
    <div className="split">
      <EntityGrid config={AGREEMENT_CONFIGS[route]} viewer={viewer} testId={`${route}-view`} onFocusRow={setFocused} />
      <div className={`split-detail${agreement ? ' open' : ''}`} data-testid="parties-panel">
        {agreement ? (
          <EntityGrid
            key={agreement.id}
            config={agreementParties}
            viewer={viewer}
            primary={false}
            testId="parties-view"
            baseFilter={{ agreementId: { eq: agreement.id } }}
            createInput={{ agreementId: agreement.id }}
            heading={<h2 className="sub-title">{t.partiesTitle(String(agreement.values.title ?? ''))}</h2>}
          />
        ) : (
          <p className="muted detail-empty">{t.partiesPick}</p>
        )}
      </div>
    </div>
  );
}
