import { missingArt28Items, isExpiringWithin, jointControllershipGaps } from './agreements';
import type { Art28Key } from './art28';
import { isActiveCallOff, linkedOptionWarnings, type OptionLink } from './callOffs';
import { isWithin } from './dates';
import { legalMinimumYears } from './retention';
import type { Label } from './vocabulary';

// The registry's checks for analysts ("Checks the registry runs for its users" in DOMAIN.md):
// pure functions over facts the database layer reads, so the grid can mark the same gaps.

export const REGISTRY_CHECKS = {
  call_off_without_data_protection_agreement: {
    en: 'A called-off option without a signed processor agreement or joint-controller arrangement covering Millennium',
    sv: 'Avropad option utan undertecknat PUB-avtal eller gemensamt personuppgiftsansvar som omfattar Millennium',
  },
  linked_option_alone: { en: 'A linked option taken alone', sv: 'En kopplad option avropad ensam' },
  call_off_without_power_of_attorney: { en: 'A call-off without a valid power of attorney', sv: 'Avrop utan giltig fullmakt' },
  licence_to_own_principal: { en: 'A licence to a provider that is its own principal', sv: 'Licens till en vårdgivare som är egen huvudman' },
  asset_without_retention_rule: { en: 'An information asset without a retention rule', sv: 'Informationstillgång utan gallrings- eller bevaranderegel' },
  retention_below_legal_minimum: { en: 'A retention rule shorter than the legal minimum', sv: 'Gallringsregel kortare än lagens minimum' },
  retention_without_purge_decision: { en: 'A purge rule without the owner’s purge decision', sv: 'Gallringsregel utan ägarens gallringsbeslut' },
  processor_agreement_missing_art28: { en: 'A processor agreement missing an art. 28(3) item', sv: 'PUB-avtal som saknar en punkt enligt art. 28.3' },
  joint_controllership_gap: { en: 'A joint-controller arrangement missing a party, a contact point or a summary', sv: 'Gemensamt personuppgiftsansvar som saknar part, kontaktpunkt eller sammanfattning' },
  agreement_expiring: { en: 'An agreement expiring soon', sv: 'Avtal som snart löper ut' },
  log_action_not_permitted: { en: 'Logged actions the user’s profession may not perform on that category', sv: 'Loggade aktiviteter som användarens yrkesroll inte får utföra i informationsmängden' },
} as const satisfies Record<string, Label>;
export type RegistryCheck = keyof typeof REGISTRY_CHECKS;
export const REGISTRY_CHECK_KEYS = Object.keys(REGISTRY_CHECKS) as RegistryCheck[];

export interface Finding {
  check: RegistryCheck;
  /** The entity the finding is about, e.g. 'CallOff', and its row id. */
  entity: string;
  entityId: number;
  organisationId: number | null;
  message: string;
  messageSv: string;
}

export interface RegistryFacts {
  organisations: { id: number; name: string; kind: string; ownPrincipal: boolean }[];
  options: { id: number; number: number }[];
  optionLinks: OptionLink[];
  callOffs: { id: number; municipalityId: number; optionId: number; status: string; submittedOn: string | null; signedOn: string | null }[];
  powersOfAttorney: { municipalityId: number; validFrom: string | null; validTo: string | null }[];
  agreements: ({ id: number; kind: string; title: string; status: string; validTo: string | null; contactPoint: string | null; publicSummary: string | null } & Partial<Record<Art28Key, boolean | null>>)[];
  parties: { agreementId: number; organisationId: number; role: string }[];
  agreementServices: { agreementId: number; serviceId: number }[];
  services: { id: number; name: string }[];
  licences: { id: number; municipalityId: number; providerId: number }[];
  assets: { id: number; ownerOrgId: number; categoryId: number }[];
  retentionRules: { id: number; ownerOrgId: number; categoryId: number; action: string; years: number | null; purgeDecisionBody: string | null; purgeDecisionReference: string | null; purgeDecisionOn: string | null }[];
  categories: { id: number; name: string; recordKind: string }[];
}

export function findRegistryGaps(facts: RegistryFacts, today: string, monthsAhead = 6): Finding[] {
  const out: Finding[] = [];
  // The facts are what the viewer may see (loadRegistryFacts filters them). A visible row can still
  // point at an organisation the viewer may not see, e.g. a demo call-off of a real private provider:
  // a finding names only organisations in the facts, so that it cannot tell a hidden one from a
  // missing one (no id, no name, no `organisation` to filter by), and none is about a hidden one.
  const org = new Map(facts.organisations.map((o) => [o.id, o]));
  const name = (id: number) => org.get(id)?.name ?? 'An organisation';
  const namn = (id: number) => org.get(id)?.name ?? 'En organisation';
  const optionNumber = new Map(facts.options.map((o) => [o.id, o.number]));
  const add = (check: RegistryCheck, entity: string, entityId: number, organisationId: number | null, en: string, sv: string) => {
    if (entity === 'Organisation' && !org.has(entityId)) return;
    out.push({ check, entity, entityId, organisationId: organisationId !== null && org.has(organisationId) ? organisationId : null, message: en, messageSv: sv });
  };

  const active = facts.callOffs.filter((c) => isActiveCallOff(c.status));
  const millennium = facts.services.find((s) => s.name === 'Millennium')?.id;
  const coveringMillennium = new Set(facts.agreementServices.filter((s) => s.serviceId === millennium).map((s) => s.agreementId));
  const protectedOrgs = new Set<number>();
  for (const a of facts.agreements) {
    if (a.status !== 'signed' || !coveringMillennium.has(a.id) || (a.kind !== 'processor' && a.kind !== 'joint_controllership')) continue;
    for (const p of facts.parties) if (p.agreementId === a.id && (p.role === 'controller' || p.role === 'joint_controller')) protectedOrgs.add(p.organisationId);
  }
  for (const c of active) {
    const option = optionNumber.get(c.optionId);
    if (!protectedOrgs.has(c.municipalityId)) {
      add('call_off_without_data_protection_agreement', 'CallOff', c.id, c.municipalityId,
        `${name(c.municipalityId)} called off option ${option} but has no signed processor agreement or joint-controller arrangement covering Millennium.`,
        `${namn(c.municipalityId)} har avropat option ${option} men saknar undertecknat PUB-avtal eller gemensamt personuppgiftsansvar som omfattar Millennium.`);
    }
    const date = c.signedOn ?? c.submittedOn ?? today;
    if (!facts.powersOfAttorney.some((p) => p.municipalityId === c.municipalityId && isWithin(date, p.validFrom, p.validTo))) {
      add('call_off_without_power_of_attorney', 'CallOff', c.id, c.municipalityId,
        `${name(c.municipalityId)}'s call-off of option ${option} has no power of attorney valid on ${date}.`,
        `${namn(c.municipalityId)}s avrop av option ${option} saknar fullmakt som gäller ${date}.`);
    }
  }
  const byMunicipality = new Map<number, typeof active>();
  for (const c of active) byMunicipality.set(c.municipalityId, [...(byMunicipality.get(c.municipalityId) ?? []), c]);
  for (const [municipalityId, calls] of byMunicipality) {
    for (const w of linkedOptionWarnings(calls.map((c) => c.optionId), facts.optionLinks, (id) => `option ${optionNumber.get(id)}`)) {
      add('linked_option_alone', 'Organisation', municipalityId, municipalityId, `${name(municipalityId)}: ${w.message}`, `${namn(municipalityId)}: ${w.messageSv}`);
    }
  }
  for (const l of facts.licences) {
    const provider = org.get(l.providerId);
    if (provider?.ownPrincipal) {
      add('licence_to_own_principal', 'Licence', l.id, l.municipalityId, `${name(l.municipalityId)} licenses ${provider.name}, which is its own principal.`, `${namn(l.municipalityId)} ger licens till ${provider.name}, som är egen huvudman.`);
    }
  }
  const ruleKeys = new Set(facts.retentionRules.map((r) => `${r.ownerOrgId}:${r.categoryId}`));
  const category = new Map(facts.categories.map((c) => [c.id, c]));
  for (const a of facts.assets) {
    if (!ruleKeys.has(`${a.ownerOrgId}:${a.categoryId}`)) {
      const cat = category.get(a.categoryId)?.name ?? '';
      add('asset_without_retention_rule', 'InformationAsset', a.id, a.ownerOrgId, `${name(a.ownerOrgId)} owns "${cat}" but has no retention rule for it.`, `${namn(a.ownerOrgId)} äger "${cat}" men saknar gallrings- eller bevaranderegel för den.`);
    }
  }
  for (const r of facts.retentionRules) {
    if (r.action !== 'purge') continue;
    const cat = category.get(r.categoryId);
    const minimum = cat ? legalMinimumYears(cat.recordKind) : null;
    if (minimum !== null && (r.years ?? 0) < minimum) {
      add('retention_below_legal_minimum', 'RetentionRule', r.id, r.ownerOrgId, `${name(r.ownerOrgId)} purges "${cat!.name}" after ${r.years ?? 0} years; the law requires at least ${minimum}.`, `${namn(r.ownerOrgId)} gallrar "${cat!.name}" efter ${r.years ?? 0} år; lagen kräver minst ${minimum}.`);
    }
    if (!r.purgeDecisionBody || !r.purgeDecisionReference || !r.purgeDecisionOn) {
      add('retention_without_purge_decision', 'RetentionRule', r.id, r.ownerOrgId, `${name(r.ownerOrgId)} purges "${cat?.name ?? ''}" without a recorded purge decision.`, `${namn(r.ownerOrgId)} gallrar "${cat?.name ?? ''}" utan registrerat gallringsbeslut.`);
    }
  }
  for (const a of facts.agreements) {
    if (a.kind === 'processor') {
      const missing = missingArt28Items(a);
      if (missing.length) add('processor_agreement_missing_art28', 'Agreement', a.id, null, `"${a.title}" lacks ${missing.join(', ')}.`, `"${a.title}" saknar ${missing.join(', ')}.`);
    }
    if (a.kind === 'joint_controllership') {
      const partyCount = facts.parties.filter((p) => p.agreementId === a.id && p.role === 'joint_controller').length;
      const gaps = jointControllershipGaps(a, partyCount);
      if (gaps.length) add('joint_controllership_gap', 'Agreement', a.id, null, `"${a.title}": ${gaps.map((g) => g.split('.')[1]).join(', ')}.`, `"${a.title}": ${gaps.map((g) => g.split('.')[1]).join(', ')}.`);
    }
    if (a.status === 'signed' && isExpiringWithin(a.validTo, today, monthsAhead)) {
      add('agreement_expiring', 'Agreement', a.id, null, `"${a.title}" ends on ${a.validTo}.`, `"${a.title}" löper ut ${a.validTo}.`);
    }
  }
  return out;
}
