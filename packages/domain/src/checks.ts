import { missingArt28Items, isExpiringWithin, jointControllershipGaps, JOINT_CONTROLLERSHIP_GAP_LABELS } from './agreements';
import { ART_28_ITEMS, type Art28Key } from './art28';
import { isActiveCallOff, linkedOptionWarnings, type OptionLink } from './callOffs';
import { isoDateOfMs, isWithin } from './dates';
import { isReviewOverdue } from './logReview';
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
  joint_controllership_gap: {
    en: 'A joint-controller arrangement missing a party, a contact point or a summary',
    sv: 'Gemensamt personuppgiftsansvar som saknar part, kontaktpunkt eller sammanfattning',
  },
  agreement_expiring: { en: 'An agreement expiring soon', sv: 'Avtal som snart löper ut' },
  emergency_access_not_reviewed: { en: 'Emergency accesses not yet reviewed', sv: 'Nödåtkomster som ännu inte granskats' },
  log_review_overdue: { en: 'An owner with no log review in its own interval', sv: 'Informationsägare utan loggkontroll inom sitt eget intervall' },
  log_action_not_permitted: {
    en: 'Logged actions the user’s profession may not perform on that category',
    sv: 'Loggade aktiviteter som användarens yrkesroll inte får utföra i informationsmängden',
  },
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
  agreements: ({
    id: number;
    kind: string;
    title: string;
    status: string;
    validTo: string | null;
    contactPoint: string | null;
    publicSummary: string | null;
  } & Partial<Record<Art28Key, boolean | null>>)[];
  parties: { agreementId: number; organisationId: number; role: string }[];
  agreementServices: { agreementId: number; serviceId: number }[];
  services: { id: number; name: string }[];
  licences: { id: number; municipalityId: number; providerId: number }[];
  assets: { id: number; ownerOrgId: number; categoryId: number }[];
  retentionRules: {
    id: number;
    ownerOrgId: number;
    categoryId: number;
    action: string;
    years: number | null;
    purgeDecisionBody: string | null;
    purgeDecisionReference: string | null;
    purgeDecisionOn: string | null;
  }[];
  categories: { id: number; name: string; recordKind: string }[];
  /** Log review's state, where the caller loaded it (counts per owner: never entries). */
  logReview?: LogReviewFacts;
}

export interface LogReviewFacts {
  routines: { id: number; ownerOrgId: number; name: string; intervalDays: number; isDemo: boolean }[];
  lastCompleted: { routineId: number; completedOn: string }[];
  ownersWithLogs: { ownerOrgId: number; isDemo: boolean; entryCount: number }[];
  emergencyBacklog: { ownerOrgId: number; isDemo: boolean; count: number; oldestMs: number; days: number }[];
}

// Messages are read by people (analysts, the grid's hover texts, integrators' mails): whole sentences
// in each language, naming items by the words of the law or the grid, never by a field name or code.
const art28Words = (keys: readonly Art28Key[], lang: 'en' | 'sv') => keys.map((k) => ART_28_ITEMS.find((i) => i.key === k)![lang]).join('; ');
const years = (n: number) => `${n} ${n === 1 ? 'year' : 'years'}`;

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
    out.push({
      check,
      entity,
      entityId,
      organisationId: organisationId !== null && org.has(organisationId) ? organisationId : null,
      message: en,
      messageSv: sv,
    });
  };

  const active = facts.callOffs.filter((c) => isActiveCallOff(c.status));
  const millennium = facts.services.find((s) => s.name === 'Millennium')?.id;
  const coveringMillennium = new Set(facts.agreementServices.filter((s) => s.serviceId === millennium).map((s) => s.agreementId));
  const protectedOrgs = new Set<number>();
  for (const a of facts.agreements) {
    if (a.status !== 'signed' || !coveringMillennium.has(a.id) || (a.kind !== 'processor' && a.kind !== 'joint_controllership')) continue;
    for (const p of facts.parties)
      if (p.agreementId === a.id && (p.role === 'controller' || p.role === 'joint_controller')) protectedOrgs.add(p.organisationId);
  }
  for (const c of active) {
    const option = optionNumber.get(c.optionId);
    if (!protectedOrgs.has(c.municipalityId)) {
      add(
        'call_off_without_data_protection_agreement',
        'CallOff',
        c.id,
        c.municipalityId,
        `${name(c.municipalityId)} called off option ${option} but has no signed processor agreement or joint-controller arrangement covering Millennium.`,
        `${namn(c.municipalityId)} har avropat option ${option} men saknar undertecknat PUB-avtal eller gemensamt personuppgiftsansvar som omfattar Millennium.`,
      );
    }
    const date = c.signedOn ?? c.submittedOn ?? today;
    if (!facts.powersOfAttorney.some((p) => p.municipalityId === c.municipalityId && isWithin(date, p.validFrom, p.validTo))) {
      add(
        'call_off_without_power_of_attorney',
        'CallOff',
        c.id,
        c.municipalityId,
        `${name(c.municipalityId)}'s call-off of option ${option} has no power of attorney valid on ${date}.`,
        `${namn(c.municipalityId)}s avrop av option ${option} saknar fullmakt som gäller ${date}.`,
      );
    }
  }
  const byMunicipality = new Map<number, typeof active>();
  for (const c of active) byMunicipality.set(c.municipalityId, [...(byMunicipality.get(c.municipalityId) ?? []), c]);
  for (const [municipalityId, calls] of byMunicipality) {
    for (const w of linkedOptionWarnings(
      calls.map((c) => c.optionId),
      facts.optionLinks,
      (id) => `option ${optionNumber.get(id)}`,
    )) {
      add(
        'linked_option_alone',
        'Organisation',
        municipalityId,
        municipalityId,
        `${name(municipalityId)}: ${w.message}`,
        `${namn(municipalityId)}: ${w.messageSv}`,
      );
    }
  }
  for (const l of facts.licences) {
    const provider = org.get(l.providerId);
    if (provider?.ownPrincipal) {
      add(
        'licence_to_own_principal',
        'Licence',
        l.id,
        l.municipalityId,
        `${name(l.municipalityId)} licenses ${provider.name}, which is its own principal.`,
        `${namn(l.municipalityId)} ger licens till ${provider.name}, som är egen huvudman.`,
      );
    }
  }
  const ruleKeys = new Set(facts.retentionRules.map((r) => `${r.ownerOrgId}:${r.categoryId}`));
  const category = new Map(facts.categories.map((c) => [c.id, c]));
  for (const a of facts.assets) {
    if (!ruleKeys.has(`${a.ownerOrgId}:${a.categoryId}`)) {
      const cat = category.get(a.categoryId)?.name;
      add(
        'asset_without_retention_rule',
        'InformationAsset',
        a.id,
        a.ownerOrgId,
        `${name(a.ownerOrgId)} owns ${cat ? `"${cat}"` : 'an information category'} but has no retention rule for it.`,
        `${namn(a.ownerOrgId)} äger ${cat ? `"${cat}"` : 'en informationsmängd'} men saknar gallrings- eller bevaranderegel för den.`,
      );
    }
  }
  for (const r of facts.retentionRules) {
    if (r.action !== 'purge') continue;
    const cat = category.get(r.categoryId);
    const minimum = cat ? legalMinimumYears(cat.recordKind) : null;
    if (minimum !== null && (r.years ?? 0) < minimum) {
      add(
        'retention_below_legal_minimum',
        'RetentionRule',
        r.id,
        r.ownerOrgId,
        `${name(r.ownerOrgId)} purges "${cat!.name}" after ${years(r.years ?? 0)}; the law requires at least ${years(minimum)}.`,
        `${namn(r.ownerOrgId)} gallrar "${cat!.name}" efter ${r.years ?? 0} år; lagen kräver minst ${minimum} år.`,
      );
    }
    if (!r.purgeDecisionBody || !r.purgeDecisionReference || !r.purgeDecisionOn) {
      add(
        'retention_without_purge_decision',
        'RetentionRule',
        r.id,
        r.ownerOrgId,
        `${name(r.ownerOrgId)} purges ${cat ? `"${cat.name}"` : 'an information category'} without a recorded purge decision (body, reference and date).`,
        `${namn(r.ownerOrgId)} gallrar ${cat ? `"${cat.name}"` : 'en informationsmängd'} utan registrerat gallringsbeslut (organ, diarienummer och datum).`,
      );
    }
  }
  for (const a of facts.agreements) {
    if (a.kind === 'processor') {
      const missing = missingArt28Items(a);
      if (missing.length) {
        add(
          'processor_agreement_missing_art28',
          'Agreement',
          a.id,
          null,
          `"${a.title}" does not set out everything GDPR art. 28(3) requires; it lacks ${art28Words(missing, 'en')}.`,
          `"${a.title}" saknar något som art. 28.3 i dataskyddsförordningen kräver: ${art28Words(missing, 'sv')}.`,
        );
      }
    }
    if (a.kind === 'joint_controllership') {
      const partyCount = facts.parties.filter((p) => p.agreementId === a.id && p.role === 'joint_controller').length;
      const gaps = jointControllershipGaps(a, partyCount);
      if (gaps.length) {
        add(
          'joint_controllership_gap',
          'Agreement',
          a.id,
          null,
          `"${a.title}" lacks ${gaps.map((g) => JOINT_CONTROLLERSHIP_GAP_LABELS[g].en).join('; ')}.`,
          `"${a.title}" saknar ${gaps.map((g) => JOINT_CONTROLLERSHIP_GAP_LABELS[g].sv).join('; ')}.`,
        );
      }
    }
    if (a.status === 'signed' && isExpiringWithin(a.validTo, today, monthsAhead)) {
      add('agreement_expiring', 'Agreement', a.id, null, `"${a.title}" ends on ${a.validTo}.`, `"${a.title}" löper ut ${a.validTo}.`);
    }
  }
  if (facts.logReview) findLogReviewGaps(facts.logReview, today, add, name, namn);
  return out;
}

type AddFinding = (check: RegistryCheck, entity: string, entityId: number, organisationId: number | null, en: string, sv: string) => void;

/** Emergency accesses left unreviewed past the owner's limit, and owners whose review is overdue. */
function findLogReviewGaps(f: LogReviewFacts, today: string, add: AddFinding, name: (id: number) => string, namn: (id: number) => string) {
  const demo = (isDemo: boolean, en: boolean) => (isDemo ? (en ? ' (demo data)' : ' (demodata)') : '');
  for (const b of f.emergencyBacklog) {
    const oldest = isoDateOfMs(b.oldestMs);
    add(
      'emergency_access_not_reviewed',
      'Organisation',
      b.ownerOrgId,
      b.ownerOrgId,
      `${name(b.ownerOrgId)} has ${b.count} emergency ${b.count === 1 ? 'access' : 'accesses'} not reviewed within ${b.days} days (the oldest on ${oldest})${demo(b.isDemo, true)}.`,
      `${namn(b.ownerOrgId)} har ${b.count} ${b.count === 1 ? 'nödåtkomst' : 'nödåtkomster'} som inte granskats inom ${b.days} dagar (den äldsta ${oldest})${demo(b.isDemo, false)}.`,
    );
  }
  const last = new Map(f.lastCompleted.map((l) => [l.routineId, l.completedOn]));
  const withRoutine = new Set(f.routines.map((r) => `${r.ownerOrgId}:${r.isDemo}`));
  for (const r of f.routines) {
    const completed = last.get(r.id) ?? null;
    if (!isReviewOverdue(r.intervalDays, completed, today)) continue;
    add(
      'log_review_overdue',
      'LogReviewRoutine',
      r.id,
      r.ownerOrgId,
      completed
        ? `${name(r.ownerOrgId)}'s log review "${r.name}" was last completed on ${completed}; its interval is ${r.intervalDays} days${demo(r.isDemo, true)}.`
        : `${name(r.ownerOrgId)}'s log review "${r.name}" has never been completed; its interval is ${r.intervalDays} days${demo(r.isDemo, true)}.`,
      completed
        ? `${namn(r.ownerOrgId)}s loggkontroll "${r.name}" slutfördes senast ${completed}; intervallet är ${r.intervalDays} dagar${demo(r.isDemo, false)}.`
        : `${namn(r.ownerOrgId)}s loggkontroll "${r.name}" har aldrig slutförts; intervallet är ${r.intervalDays} dagar${demo(r.isDemo, false)}.`,
    );
  }
  for (const o of f.ownersWithLogs) {
    if (withRoutine.has(`${o.ownerOrgId}:${o.isDemo}`)) continue;
    add(
      'log_review_overdue',
      'Organisation',
      o.ownerOrgId,
      o.ownerOrgId,
      `${name(o.ownerOrgId)} owns ${o.entryCount} user log entries but has no log review routine${demo(o.isDemo, true)}.`,
      `${namn(o.ownerOrgId)} äger ${o.entryCount} loggposter men har ingen rutin för loggkontroll${demo(o.isDemo, false)}.`,
    );
  }
}
