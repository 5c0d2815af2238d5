import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../client';
import {
  accessPolicies,
  agreementParties,
  agreements,
  agreementServices,
  apiTokens,
  callOffs,
  disclosureRequests,
  informationAssets,
  informationCategories,
  jointControllerResponsibilities,
  licences,
  optionLinks,
  options,
  organisations,
  powersOfAttorney,
  processingInstructions,
  procurements,
  retentionRules,
  logReviewItems,
  logReviewRoutines,
  logReviewRuns,
  rolloutStages,
  services,
  followUpGoals,
  followUpStatusReports,
} from '../schema';
import { INFORMATION_CATEGORIES, MUNICIPALITIES, PROCUREMENT_NAME, VGR_ORGANISATION_NUMBER, type InformationCategoryCode } from './reference';
import { luhnCheckDigit } from '@fvm/domain';
import { Rng } from './random';

// The seeds say nothing about which municipality called off what, about processor agreements or
// about private providers, so all of that is generated here: deterministic (seeded PRNG, fixed
// dates), every row is_demo = true, and every name a person sees starts with "Demo:".
// Only valid rows are generated; the registry's gaps (missing retention rule, unsigned processor
// agreement, joint-controller arrangement without summary, ...) are rows that are absent or not
// yet signed, never rows that break a rule the write path enforces.

export const DEFAULT_DEMO_SEED = 20200529;

/** "Today" for the demo: expiry dates are placed 6–18 months after it so expiry checks have hits. */
export const DEMO_TODAY = '2026-11-22';
const DEMO_TIMESTAMP = `${DEMO_TODAY}T00:00:00.000Z`;
const DEMO_ROW = { isDemo: true, createdAt: DEMO_TIMESTAMP, updatedAt: DEMO_TIMESTAMP } as const;

/**
 * Roll-out stages by VGR's hospital catchment areas, which cut across the associations (Herrljunga
 * and Vårgårda are Sjuhärad but Alingsås-area, Lilla Edet is GR but NÄL-area). These groupings
 * and dates are invented for the demo; VGR's real plan is not in the sources.
 */
const STAGES = [
  {
    number: 1,
    area: 'Demo: Etapp 1 – Skaraborg',
    plannedGoLive: '2025-04-05',
    actualGoLive: '2025-05-03',
    members: [
      'Essunga',
      'Falköping',
      'Grästorp',
      'Gullspång',
      'Götene',
      'Hjo',
      'Karlsborg',
      'Lidköping',
      'Mariestad',
      'Skara',
      'Skövde',
      'Tibro',
      'Tidaholm',
      'Töreboda',
      'Vara',
    ],
  },
  {
    number: 2,
    area: 'Demo: Etapp 2 – Södra Älvsborg',
    plannedGoLive: '2025-11-08',
    actualGoLive: '2025-11-08',
    members: ['Bollebygd', 'Borås', 'Mark', 'Svenljunga', 'Tranemo', 'Ulricehamn'],
  },
  {
    number: 3,
    area: 'Demo: Etapp 3 – Norra Älvsborg, Bohuslän och Dalsland',
    plannedGoLive: '2027-03-13',
    actualGoLive: null,
    members: [
      'Bengtsfors',
      'Dals-Ed',
      'Färgelanda',
      'Lilla Edet',
      'Lysekil',
      'Mellerud',
      'Munkedal',
      'Sotenäs',
      'Strömstad',
      'Tanum',
      'Trollhättan',
      'Uddevalla',
      'Vänersborg',
      'Åmål',
    ],
  },
  {
    number: 4,
    area: 'Demo: Etapp 4 – Alingsås och Kungälv',
    plannedGoLive: '2027-10-09',
    actualGoLive: null,
    members: ['Ale', 'Alingsås', 'Herrljunga', 'Kungälv', 'Lerum', 'Orust', 'Stenungsund', 'Tjörn', 'Vårgårda', 'Öckerö'],
  },
  {
    number: 5,
    area: 'Demo: Etapp 5 – Göteborg',
    plannedGoLive: '2028-04-15',
    actualGoLive: null,
    members: ['Göteborg', 'Härryda', 'Mölndal', 'Partille'],
  },
] as const;

/**
 * How many municipalities take which set of options: most take option 1, many option 3, fewer
 * option 2, and a few a single option (so the linked-option warning has hits). Shuffled per seed.
 */
const OPTION_PROFILES: readonly { options: readonly (1 | 2 | 3)[]; count: number }[] = [
  { options: [1, 2, 3], count: 15 },
  { options: [1, 3], count: 20 },
  { options: [1], count: 6 },
  { options: [1, 2], count: 3 },
  { options: [3], count: 3 },
  { options: [2], count: 2 },
];

// May 2020 weekdays without Ascension Day (21 May); submissions by the 22nd, signatures by the 29th.
const MAY_2020_WORKDAYS = [4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 18, 19, 20, 22, 25, 26, 27, 28, 29];

const OPTION_CATEGORIES: Record<1 | 2 | 3, InformationCategoryCode[]> = {
  1: ['sip', 'care_plan'],
  2: ['school_health_record'],
  3: ['journal_note', 'medication_order', 'delegated_task'],
};

const ART28_ITEMS = [
  'subjectMatter',
  'duration',
  'nature',
  'purpose',
  'dataTypes',
  'dataSubjectCategories',
  'controllerRights',
  'documentedInstructions',
  'confidentiality',
  'security',
  'subProcessorConditions',
  'dataSubjectRightsAssistance',
  'complianceAssistance',
  'deleteOrReturn',
  'audits',
] as const;
type Art28Item = (typeof ART28_ITEMS)[number];

const PROVIDER_NAMES = [
  'Solrosen',
  'Ekbacken',
  'Lärkan',
  'Havsbrisen',
  'Björkhagen',
  'Trädgården',
  'Vallmon',
  'Fjällsippan',
  'Granen',
  'Kastanjen',
  'Linnéan',
  'Ängen',
];
const SCHOOL_NAMES = ['Framtidsskolan', 'Kunskapsgården', 'Västerskolan'];

const PROCESSING = 'Lagring, support och registervård';

const SERVICE_INSTRUCTIONS: Record<'Millennium' | 'SAMSA', { dataCategories: string; dataSubjectCategories: string; purpose: string }> = {
  Millennium: {
    dataCategories: 'Journaluppgifter, ordinationer, delegeringar, identitets- och kontaktuppgifter, användarloggar',
    dataSubjectCategories: 'Patienter och brukare, elever inom elevhälsan, användare i kommunens verksamheter',
    purpose: 'Drift, support och förvaltning av Millennium för kommunens hälso- och sjukvård och elevhälsa',
  },
  SAMSA: {
    dataCategories: 'Uppgifter för samordnad vårdplanering, identitets- och kontaktuppgifter, användarloggar',
    dataSubjectCategories: 'Patienter som skrivs in i eller ut från sluten hälso- och sjukvård, användare',
    purpose: 'Samordnad vårdplanering vid in- och utskrivning från sluten hälso- och sjukvård',
  },
};

/** Children before parents, so foreign keys hold at every step of a removal. */
const DEMO_TABLES = [
  ['api_tokens', apiTokens],
  ['log_review_items', logReviewItems],
  ['log_review_runs', logReviewRuns],
  ['log_review_routines', logReviewRoutines],
  ['processing_instructions', processingInstructions],
  ['joint_controller_responsibilities', jointControllerResponsibilities],
  ['agreement_services', agreementServices],
  ['agreement_parties', agreementParties],
  ['agreements', agreements],
  ['licences', licences],
  ['call_offs', callOffs],
  ['retention_rules', retentionRules],
  ['disclosure_requests', disclosureRequests],
  ['information_assets', informationAssets],
  ['access_policies', accessPolicies],
  ['information_categories', informationCategories],
  ['option_links', optionLinks],
  ['powers_of_attorney', powersOfAttorney],
  ['procurements', procurements],
  ['services', services],
  ['options', options],
  ['organisations', organisations],
  ['rollout_stages', rolloutStages],
  ['follow_up_goals', followUpGoals],
  ['follow_up_status_reports', followUpStatusReports],
] as const;

interface Reference {
  vgrId: number;
  cernerId: number;
  procurementId: number;
  municipalityIds: Map<string, number>;
  optionIds: Map<number, number>;
  serviceIds: Map<string, number>;
  categoryIds: Map<InformationCategoryCode, number>;
}

interface MunicipalityPlan {
  name: string;
  code: string;
  id: number;
  status: 'signed' | 'submitted';
  options: (1 | 2 | 3)[];
  withdrawn: (1 | 2 | 3)[];
  submittedOn: string;
  signedOn: string | null;
  decisionReference: string;
  operationsAgreementSigned: boolean;
  stageNumber: number;
}

export function loadDemoData(db: Db, opts: { seed?: number } = {}): { counts: Record<string, number> } {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  return db.transaction((tx) => {
    const counts: Record<string, number> = Object.fromEntries(DEMO_TABLES.map(([name]) => [name, 0]));
    if (hasDemoRows(tx)) return { counts };
    const ref = readReference(tx);
    const rng = new Rng(seed);
    const add = (table: string, n: number) => {
      counts[table] = (counts[table] ?? 0) + n;
    };

    const stageIds = insertStages(tx, ref, add);
    const plans = planCallOffs(rng, ref);
    insertCallOffs(tx, ref, plans, add);
    insertAgreements(tx, rng, ref, plans, add);
    const providers = insertProvidersAndLicences(tx, rng, ref, plans, stageIds, add);
    insertInformation(tx, rng, ref, plans, providers, add);
    insertPolicies(tx, ref, add);
    insertDisclosureRequests(tx, ref, add);
    return { counts };
  });
}

/**
 * Deletes every demo row and undoes the demo's marks on reference rows (stage membership), so the
 * registry is left exactly as the reference data made it. A real row that points at a demo row
 * makes the foreign-key check fail and the whole removal roll back rather than lose real data.
 */
export function removeDemoData(db: Db): { removed: Record<string, number> } {
  return db.transaction((tx) => {
    const removed: Record<string, number> = {};
    const demoStages = tx.select({ id: rolloutStages.id }).from(rolloutStages).where(eq(rolloutStages.isDemo, true));
    tx.update(organisations).set({ rolloutStageId: null }).where(inArray(organisations.rolloutStageId, demoStages)).run();
    // These two have no foreign-key constraint, so a dangling id would otherwise go unnoticed.
    const demoOrgs = tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.isDemo, true));
    tx.update(organisations)
      .set({ licensingMunicipalityId: null })
      .where(and(eq(organisations.isDemo, false), inArray(organisations.licensingMunicipalityId, demoOrgs)))
      .run();
    tx.update(organisations)
      .set({ associationId: null })
      .where(and(eq(organisations.isDemo, false), inArray(organisations.associationId, demoOrgs)))
      .run();
    // A demo run's selections go with it (they carry no demo mark of their own).
    tx.run(sql`DELETE FROM log_review_selections WHERE run_id IN (SELECT id FROM log_review_runs WHERE is_demo = 1)`);
    for (const [name, table] of DEMO_TABLES) {
      removed[name] = tx.delete(table).where(eq(table.isDemo, true)).run().changes;
    }
    return { removed };
  });
}

function hasDemoRows(tx: Tx): boolean {
  return DEMO_TABLES.some(([, table]) => tx.get<{ n: number } | undefined>(sql`select 1 as n from ${table} where ${table.isDemo} = 1 limit 1`) !== undefined);
}

function readReference(tx: Tx): Reference {
  const vgr = tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.organisationNumber, VGR_ORGANISATION_NUMBER)).get();
  if (!vgr) throw new Error('The demo data needs the reference data: run loadReferenceData first.');
  const cerner = tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.kind, 'supplier'), eq(organisations.name, 'Cerner'), eq(organisations.isDemo, false)))
    .get();
  const procurement = tx.select({ id: procurements.id }).from(procurements).where(eq(procurements.name, PROCUREMENT_NAME)).get();
  if (!cerner || !procurement) throw new Error('The reference data is incomplete (Cerner or the procurement is missing).');

  const municipalityIds = new Map<string, number>();
  for (const m of tx
    .select({ id: organisations.id, code: organisations.municipalityCode })
    .from(organisations)
    .where(and(eq(organisations.kind, 'municipality'), eq(organisations.isDemo, false)))
    .all()) {
    if (m.code !== null) municipalityIds.set(m.code, m.id);
  }
  for (const m of MUNICIPALITIES) {
    if (!municipalityIds.has(m.code)) throw new Error(`The reference data lacks the municipality ${m.name} (${m.code}).`);
  }
  const optionIds = new Map(
    tx
      .select({ id: options.id, number: options.number })
      .from(options)
      .all()
      .map((o) => [o.number, o.id]),
  );
  const serviceIds = new Map(
    tx
      .select({ id: services.id, name: services.name })
      .from(services)
      .all()
      .map((s) => [s.name, s.id]),
  );
  const categoryIds = new Map(
    tx
      .select({ id: informationCategories.id, code: informationCategories.code })
      .from(informationCategories)
      .all()
      .map((c) => [c.code as InformationCategoryCode, c.id]),
  );
  return { vgrId: vgr.id, cernerId: cerner.id, procurementId: procurement.id, municipalityIds, optionIds, serviceIds, categoryIds };
}

function insertStages(tx: Tx, ref: Reference, add: (t: string, n: number) => void): Map<number, number> {
  const stageIds = new Map<number, number>();
  for (const s of STAGES) {
    const id = tx
      .insert(rolloutStages)
      .values({ number: s.number, area: s.area, plannedGoLive: s.plannedGoLive, actualGoLive: s.actualGoLive, ownerOrgId: ref.vgrId, ...DEMO_ROW })
      .returning({ id: rolloutStages.id })
      .get().id;
    stageIds.set(s.number, id);
    add('rollout_stages', 1);
    const ids = s.members.map((name) => ref.municipalityIds.get(codeOf(name))!);
    // Not a registry edit of the municipality: version and updatedAt stay, so removing the demo
    // (which nulls the column again) restores the reference row exactly.
    tx.update(organisations).set({ rolloutStageId: id }).where(inArray(organisations.id, ids)).run();
  }
  return stageIds;
}

function codeOf(name: string): string {
  const m = MUNICIPALITIES.find((x) => x.name === name);
  if (!m) throw new Error(`Unknown municipality in the demo stages: ${name}`);
  return m.code;
}

function stageOf(name: string): number {
  const s = STAGES.find((x) => (x.members as readonly string[]).includes(name));
  if (!s) throw new Error(`${name} is in no demo roll-out stage`);
  return s.number;
}

function may2020(day: number): string {
  return `2020-05-${String(day).padStart(2, '0')}`;
}

function planCallOffs(rng: Rng, ref: Reference): MunicipalityPlan[] {
  const profiles = rng.shuffle(OPTION_PROFILES.flatMap((p) => Array.from({ length: p.count }, () => p.options)));
  if (profiles.length !== MUNICIPALITIES.length) throw new Error('OPTION_PROFILES must cover every municipality once');
  const submittedOnly = new Set(rng.shuffle(MUNICIPALITIES.map((m) => m.code)).slice(0, 4));

  const plans: MunicipalityPlan[] = MUNICIPALITIES.map((m, i) => {
    const status = submittedOnly.has(m.code) ? 'submitted' : 'signed';
    const submittedDay = rng.pick(MAY_2020_WORKDAYS.filter((d) => d <= 22));
    const signedDay = rng.pick(MAY_2020_WORKDAYS.filter((d) => d >= submittedDay));
    return {
      name: m.name,
      code: m.code,
      id: ref.municipalityIds.get(m.code)!,
      status,
      options: [...profiles[i]!],
      withdrawn: [],
      submittedOn: may2020(submittedDay),
      signedOn: status === 'signed' ? may2020(signedDay) : null,
      decisionReference: `KS 2020/${rng.int(100, 699)}`,
      operationsAgreementSigned: false,
      stageNumber: stageOf(m.name),
    };
  });

  // A couple of school-health call-offs withdrawn after submission, by municipalities that keep the rest.
  const withdrawers = rng.shuffle(plans.filter((p) => p.status === 'signed' && p.options.length === 3)).slice(0, 2);
  for (const p of withdrawers) p.withdrawn.push(2);

  for (const p of plans) {
    const active = activeOptions(p);
    p.operationsAgreementSigned = p.status === 'signed' && (active.includes(2) || active.includes(3));
  }
  return plans;
}

function activeOptions(p: MunicipalityPlan): (1 | 2 | 3)[] {
  return p.options.filter((o) => !p.withdrawn.includes(o));
}

function insertCallOffs(tx: Tx, ref: Reference, plans: MunicipalityPlan[], add: (t: string, n: number) => void): void {
  const rows: (typeof callOffs.$inferInsert)[] = [];
  for (const p of plans) {
    for (const option of p.options) {
      const withdrawn = p.withdrawn.includes(option);
      rows.push({
        municipalityId: p.id,
        optionId: ref.optionIds.get(option)!,
        procurementId: ref.procurementId,
        status: withdrawn ? 'withdrawn' : p.status,
        submittedOn: p.submittedOn,
        signedOn: withdrawn ? null : p.signedOn,
        decisionReference: p.decisionReference,
        operationsAgreementSigned: withdrawn ? false : p.operationsAgreementSigned,
        ownerOrgId: p.id,
        ...DEMO_ROW,
      });
    }
  }
  tx.insert(callOffs).values(rows).run();
  add('call_offs', rows.length);
}

interface AgreementSpec {
  values: Omit<typeof agreements.$inferInsert, 'ownerOrgId'>;
  ownerOrgId: number;
  parties: { organisationId: number; role: string }[];
  services: ('Millennium' | 'SAMSA')[];
  instructions?: { service: 'Millennium' | 'SAMSA'; retention: string; subProcessorsAllowed: boolean }[];
  responsibilities?: { area: string; organisationId: number; description: string }[];
}

function insertAgreement(tx: Tx, ref: Reference, spec: AgreementSpec, add: (t: string, n: number) => void): number {
  const owner = spec.ownerOrgId;
  const id = tx
    .insert(agreements)
    .values({ ...spec.values, ownerOrgId: owner, ...DEMO_ROW })
    .returning({ id: agreements.id })
    .get().id;
  add('agreements', 1);
  if (spec.parties.length > 0) {
    tx.insert(agreementParties)
      .values(spec.parties.map((p) => ({ agreementId: id, organisationId: p.organisationId, role: p.role, ownerOrgId: owner, ...DEMO_ROW })))
      .run();
    add('agreement_parties', spec.parties.length);
  }
  if (spec.services.length > 0) {
    tx.insert(agreementServices)
      .values(spec.services.map((s) => ({ agreementId: id, serviceId: ref.serviceIds.get(s)!, ownerOrgId: owner, ...DEMO_ROW })))
      .run();
    add('agreement_services', spec.services.length);
  }
  for (const i of spec.instructions ?? []) {
    tx.insert(processingInstructions)
      .values({
        agreementId: id,
        serviceId: ref.serviceIds.get(i.service)!,
        processing: PROCESSING,
        ...SERVICE_INSTRUCTIONS[i.service],
        retention: i.retention,
        subProcessorsAllowed: i.subProcessorsAllowed,
        transfersOutsideEea: false,
        ownerOrgId: owner,
        ...DEMO_ROW,
      })
      .run();
    add('processing_instructions', 1);
  }
  const responsibilities = spec.responsibilities ?? [];
  if (responsibilities.length > 0) {
    tx.insert(jointControllerResponsibilities)
      .values(responsibilities.map((r) => ({ agreementId: id, ...r, ownerOrgId: owner, ...DEMO_ROW })))
      .run();
    add('joint_controller_responsibilities', responsibilities.length);
  }
  return id;
}

function insertAgreements(tx: Tx, rng: Rng, ref: Reference, plans: MunicipalityPlan[], add: (t: string, n: number) => void): void {
  const allMunicipalities = plans.map((p) => p.id);

  insertAgreement(
    tx,
    ref,
    {
      values: {
        kind: 'cooperation',
        title: 'Demo: Samverkansavtal Millennium – VGR, kommunerna i Västra Götaland och Cerner',
        reference: 'DEMO-SAMV-2020',
        status: 'signed',
        signedOn: '2020-05-29',
        validFrom: '2020-06-01',
        validTo: null,
        endFollowsProcurementTerm: true,
        procurementId: ref.procurementId,
        penalties: false,
      },
      ownerOrgId: ref.vgrId,
      parties: [
        { organisationId: ref.vgrId, role: 'party' },
        ...allMunicipalities.map((organisationId) => ({ organisationId, role: 'party' })),
        { organisationId: ref.cernerId, role: 'supplier' },
      ],
      services: ['Millennium'],
    },
    add,
  );

  // Seed 000: "Vi har valt att inte ta med viten i Drift- och förvaltningsavtalet." The end follows
  // the procurement's term, which starts at completed implementation, not yet known: so no validTo.
  for (const p of plans.filter((x) => x.operationsAgreementSigned)) {
    insertAgreement(
      tx,
      ref,
      {
        values: {
          kind: 'operations_management',
          title: `Demo: Drift- och förvaltningsavtal Millennium – ${p.name}`,
          reference: `DEMO-DOF-2020-${p.code}`,
          status: 'signed',
          signedOn: p.signedOn,
          validFrom: p.signedOn,
          validTo: null,
          endFollowsProcurementTerm: true,
          procurementId: ref.procurementId,
          penalties: false,
        },
        ownerOrgId: ref.vgrId,
        parties: [
          { organisationId: ref.vgrId, role: 'party' },
          { organisationId: p.id, role: 'party' },
        ],
        services: ['Millennium'],
      },
      add,
    );
  }

  insertProcessorAgreements(tx, rng, ref, plans, add);
  insertJointControllerships(tx, ref, allMunicipalities, add);
}

function insertProcessorAgreements(tx: Tx, rng: Rng, ref: Reference, plans: MunicipalityPlan[], add: (t: string, n: number) => void): void {
  const chosen = rng.shuffle(plans.filter((p) => p.status === 'signed')).slice(0, 30);
  // Keep the chosen ones in registry order so agreement ids follow the municipality list.
  chosen.sort((a, b) => plans.indexOf(a) - plans.indexOf(b));
  const incomplete = new Set(rng.shuffle(chosen).slice(0, 5));
  const expiring = new Set(rng.shuffle(chosen.filter((p) => !incomplete.has(p))).slice(0, 4));
  const expiryDates = ['2027-06-30', '2027-09-30', '2027-12-31', '2028-03-31'];
  let expiryIndex = 0;
  let incompleteIndex = 0;

  for (const p of chosen) {
    const isIncomplete = incomplete.has(p);
    const items = Object.fromEntries(ART28_ITEMS.map((k) => [k, true])) as Record<Art28Item, boolean>;
    if (isIncomplete) {
      for (const k of rng.shuffle(ART28_ITEMS).slice(0, rng.int(1, 2))) items[k] = false;
    }
    const withCerner = rng.chance(0.5);
    const withSamsa = rng.chance(0.35);
    const covered: ('Millennium' | 'SAMSA')[] = withSamsa ? ['Millennium', 'SAMSA'] : ['Millennium'];
    const signedOn = isIncomplete ? null : `${rng.int(2021, 2024)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    const validTo = expiring.has(p) ? expiryDates[expiryIndex++ % expiryDates.length]! : null;
    // A processor agreement missing an art. 28(3) item can never be signed; it stays in the works.
    const status = isIncomplete ? (incompleteIndex++ % 2 === 0 ? 'draft' : 'negotiating') : 'signed';

    insertAgreement(
      tx,
      ref,
      {
        values: {
          kind: 'processor',
          title: `Demo: Personuppgiftsbiträdesavtal Millennium – ${p.name}`,
          reference: `DEMO-PUB-${p.code}`,
          status,
          signedOn,
          validFrom: signedOn,
          validTo,
          endFollowsProcurementTerm: !isIncomplete && validTo === null,
          procurementId: ref.procurementId,
          penalties: false,
          ...items,
        },
        ownerOrgId: p.id,
        parties: [
          { organisationId: p.id, role: 'controller' },
          { organisationId: ref.vgrId, role: 'processor' },
          ...(withCerner ? [{ organisationId: ref.cernerId, role: 'sub_processor' }] : []),
        ],
        services: covered,
        instructions: covered.map((service) => ({
          service,
          retention: 'Enligt den personuppgiftsansvariges gallringsbeslut; uppgifterna återlämnas eller raderas när avtalet upphör',
          subProcessorsAllowed: withCerner,
        })),
      },
      add,
    );
  }
}

function insertJointControllerships(tx: Tx, ref: Reference, municipalityIds: number[], add: (t: string, n: number) => void): void {
  const parties = [ref.vgrId, ...municipalityIds].map((organisationId) => ({ organisationId, role: 'joint_controller' }));

  // Seed 000 describes this arrangement (the 49 municipalities and VGR, represented through
  // ledningsrådet) but gives no date or text, so the row itself is demo.
  insertAgreement(
    tx,
    ref,
    {
      values: {
        kind: 'joint_controllership',
        title: 'Demo: Gemensamt personuppgiftsansvar för SAMSA – VGR och kommunerna i Västra Götaland',
        reference: 'DEMO-GPA-SAMSA',
        status: 'signed',
        signedOn: '2019-03-15',
        validFrom: '2019-04-01',
        validTo: null,
        penalties: false,
        governingBody: 'Ledningsrådet',
        contactPoint: 'Demo: SAMSA-förvaltningen inom GITS, dataskydd-samsa@demo.invalid',
        publicSummary:
          'Demo: VGR och de 49 kommunerna i Västra Götaland är gemensamt personuppgiftsansvariga för SAMSA, IT-stödet för samordnad vårdplanering. ' +
          'Din kommun svarar på frågor om dina rättigheter; VGR ansvarar för säkerheten och för att anmäla personuppgiftsincidenter.',
      },
      ownerOrgId: ref.vgrId,
      parties,
      services: ['SAMSA'],
      responsibilities: [
        { area: 'security', organisationId: ref.vgrId, description: 'Demo: Teknisk och organisatorisk säkerhet i den regionala SAMSA-förvaltningen' },
        { area: 'breach_notification', organisationId: ref.vgrId, description: 'Demo: Anmäler personuppgiftsincidenter till IMY för samtliga parter' },
        { area: 'dpia', organisationId: ref.vgrId, description: 'Demo: Gemensam konsekvensbedömning för SAMSA' },
        { area: 'information_to_data_subjects', organisationId: ref.vgrId, description: 'Demo: Publicerar den gemensamma informationen om behandlingen' },
        ...municipalityIds.map((organisationId) => ({
          area: 'data_subject_rights',
          organisationId,
          description: 'Demo: Tar emot och besvarar begäranden från kommunens invånare',
        })),
      ],
    },
    add,
  );

  // "Troligtvis blir det motsvarande modell för Millenium" (seed 000): still a draft, and without
  // the public summary art. 26(2) asks for, so the analyst's check has a gap to show.
  insertAgreement(
    tx,
    ref,
    {
      values: {
        kind: 'joint_controllership',
        title: 'Demo: Gemensamt personuppgiftsansvar för Millennium – VGR och kommunerna i Västra Götaland',
        reference: 'DEMO-GPA-MILLENNIUM',
        status: 'draft',
        penalties: false,
        governingBody: 'Ledningsrådet',
        contactPoint: 'Demo: FVM dataskydd, dataskydd-fvm@demo.invalid',
        publicSummary: null,
      },
      ownerOrgId: ref.vgrId,
      parties,
      services: ['Millennium'],
      responsibilities: [
        { area: 'security', organisationId: ref.vgrId, description: 'Demo: Säkerhet i drift och förvaltning av Millennium' },
        { area: 'breach_notification', organisationId: ref.vgrId, description: 'Demo: Anmäler personuppgiftsincidenter i Millennium' },
      ],
    },
    add,
  );
}

function organisationNumber(rng: Rng, used: Set<string>): string {
  for (;;) {
    // 559… is the series Bolagsverket gives new limited companies; the check digit makes it Luhn-valid.
    const nine = `559${String(rng.int(0, 999999)).padStart(6, '0')}`;
    const full = `${nine}${luhnCheckDigit(nine)}`;
    if (!used.has(full)) {
      used.add(full);
      return full;
    }
  }
}

function addMonthsClamped(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`;
}

interface Provider {
  id: number;
  name: string;
}

function insertProvidersAndLicences(
  tx: Tx,
  rng: Rng,
  ref: Reference,
  plans: MunicipalityPlan[],
  stageIds: Map<number, number>,
  add: (t: string, n: number) => void,
): Provider[] {
  const used = new Set<string>();
  // Licences only where Millennium is live and the municipality has its own care records (option 3).
  const live = new Set<number>(STAGES.filter((s) => s.actualGoLive !== null).map((s) => s.number));
  const eligible = plans.filter((p) => live.has(p.stageNumber) && p.status === 'signed' && activeOptions(p).includes(3));
  const licensors = rng.shuffle(eligible).slice(0, 8);
  const expiryDates = ['2027-06-30', '2027-12-31', '2028-04-30'];
  const modules = ['Journal, Ordination', 'Journal, Ordination, Delegering', 'Journal'];

  const providers: Provider[] = [];
  PROVIDER_NAMES.forEach((stem, i) => {
    const municipality = licensors[i % licensors.length]!;
    const orgNo = organisationNumber(rng, used);
    const name = `Demo: Omsorg AB ${stem} (${municipality.name})`;
    const id = tx
      .insert(organisations)
      .values({
        kind: 'private_care_provider',
        name,
        organisationNumber: orgNo,
        hsaId: `SE${orgNo}-DEMO${String(i + 1).padStart(3, '0')}`,
        ownPrincipal: false,
        licensingMunicipalityId: municipality.id,
        rolloutStageId: stageIds.get(municipality.stageNumber)!,
        // The licensing municipality registers and answers for its providers.
        ownerOrgId: municipality.id,
        ...DEMO_ROW,
      })
      .returning({ id: organisations.id })
      .get().id;
    add('organisations', 1);
    providers.push({ id, name });

    const goLive = STAGES.find((s) => s.number === municipality.stageNumber)!.actualGoLive!;
    tx.insert(licences)
      .values({
        municipalityId: municipality.id,
        providerId: id,
        modules: rng.pick(modules),
        validFrom: addMonthsClamped(goLive, rng.int(0, 6)),
        validTo: i < expiryDates.length ? expiryDates[i]! : null,
        ownerOrgId: municipality.id,
        ...DEMO_ROW,
      })
      .run();
    add('licences', 1);
  });

  // Seed 000: independent schools running school health are their own principals and get no licence.
  SCHOOL_NAMES.forEach((stem, i) => {
    const orgNo = organisationNumber(rng, used);
    tx.insert(organisations)
      .values({
        kind: 'independent_school',
        name: `Demo: Friskola ${stem}`,
        organisationNumber: orgNo,
        hsaId: `SE${orgNo}-DEMOS${String(i + 1).padStart(2, '0')}`,
        ownPrincipal: true,
        ownerOrgId: ref.vgrId,
        ...DEMO_ROW,
      })
      .run();
    add('organisations', 1);
  });
  return providers;
}

const PATIENT_RECORD_BASIS = 'Patientdatalagen (2008:355) 3 kap. 17 §';
const ACCESS_LOG_BASIS = 'HSLF-FS 2016:40';

function insertInformation(tx: Tx, rng: Rng, ref: Reference, plans: MunicipalityPlan[], providers: Provider[], add: (t: string, n: number) => void): void {
  const holdings: {
    ownerOrgId: number;
    ownerName: string;
    body: (code: InformationCategoryCode) => { body: string; prefix: string };
    code: InformationCategoryCode;
  }[] = [];

  const municipalBody = (code: InformationCategoryCode) =>
    code === 'school_health_record'
      ? { body: 'Barn- och utbildningsnämnden', prefix: 'BUN' }
      : code === 'access_log'
        ? { body: 'Kommunstyrelsen', prefix: 'KS' }
        : { body: 'Vård- och omsorgsnämnden', prefix: 'VON' };

  // VGR creates information in every category except school-health records: elevhälsa is run by
  // municipalities and schools, and the owner is whoever created the information (seed 000).
  for (const c of INFORMATION_CATEGORIES) {
    if (c.code === 'school_health_record') continue;
    holdings.push({ ownerOrgId: ref.vgrId, ownerName: 'VGR', body: () => ({ body: 'Regionstyrelsen', prefix: 'RS' }), code: c.code });
  }
  for (const p of plans) {
    const codes = new Set<InformationCategoryCode>();
    for (const o of activeOptions(p)) for (const code of OPTION_CATEGORIES[o]) codes.add(code);
    codes.add('access_log');
    for (const c of INFORMATION_CATEGORIES) {
      if (codes.has(c.code)) holdings.push({ ownerOrgId: p.id, ownerName: p.name, body: municipalBody, code: c.code });
    }
  }
  for (const pr of providers) {
    for (const code of ['journal_note', 'medication_order'] as const) {
      holdings.push({ ownerOrgId: pr.id, ownerName: pr.name.replace(/^Demo: /, ''), body: () => ({ body: 'Styrelsen', prefix: 'STY' }), code });
    }
  }

  // A few municipal assets are left without a retention rule: the gap the analyst check looks for.
  const municipalIndexes = holdings.map((h, i) => (h.ownerOrgId !== ref.vgrId && plans.some((p) => p.id === h.ownerOrgId) ? i : -1)).filter((i) => i >= 0);
  const withoutRule = new Set(rng.shuffle(municipalIndexes).slice(0, 4));

  const categoryName = new Map(INFORMATION_CATEGORIES.map((c) => [c.code, c.name]));
  tx.insert(informationAssets)
    .values(
      holdings.map((h) => ({
        categoryId: ref.categoryIds.get(h.code)!,
        description: `Demo: ${categoryName.get(h.code)} som skapas av ${h.ownerName} i Millennium`,
        ownerOrgId: h.ownerOrgId,
        ...DEMO_ROW,
      })),
    )
    .run();
  add('information_assets', holdings.length);

  const rules: (typeof retentionRules.$inferInsert)[] = [];
  holdings.forEach((h, i) => {
    if (withoutRule.has(i)) return;
    const isLog = h.code === 'access_log';
    const purge = isLog || rng.chance(0.6);
    const decision = h.body(h.code);
    rules.push({
      categoryId: ref.categoryIds.get(h.code)!,
      action: purge ? 'purge' : 'preserve',
      // Legal minimums: patient records 10 years after the last entry, access logs 5 years.
      years: isLog ? rng.pick([5, 5, 10]) : purge ? rng.pick([10, 10, 12, 15]) : 10,
      trigger: isLog ? 'creation' : 'last_entry',
      legalBasis: isLog ? ACCESS_LOG_BASIS : PATIENT_RECORD_BASIS,
      // No purge without the owner's own purge decision.
      purgeDecisionBody: purge ? decision.body : null,
      purgeDecisionReference: purge ? `${decision.prefix} 2021/${rng.int(10, 299)}` : null,
      purgeDecisionOn: purge ? `2021-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}` : null,
      ownerOrgId: h.ownerOrgId,
      ...DEMO_ROW,
    });
  });
  tx.insert(retentionRules).values(rules).run();
  add('retention_rules', rules.length);
}

/**
 * Demo access policies, judged against the demo user log (demo entries by demo policies): a demo
 * copy of the regional default the seeds fix, two regional defaults invented for the demo that the
 * demo log breaks (social workers reading medication orders, physiotherapists reading school-health
 * records), one that it keeps, and Borås's own policy for delegated tasks, which overrides the
 * regional default for Borås's data.
 */
const DEMO_POLICIES: readonly {
  owner: 'VGR' | string;
  profession: string;
  category: InformationCategoryCode;
  read: boolean;
  write: boolean;
  sign: boolean;
  signMobile: boolean;
}[] = [
  { owner: 'VGR', profession: 'nursing_assistant', category: 'medication_order', read: true, write: false, sign: false, signMobile: true },
  { owner: 'VGR', profession: 'nursing_assistant', category: 'delegated_task', read: true, write: false, sign: false, signMobile: true },
  { owner: 'VGR', profession: 'social_worker', category: 'medication_order', read: false, write: false, sign: false, signMobile: false },
  { owner: 'VGR', profession: 'physiotherapist', category: 'school_health_record', read: false, write: false, sign: false, signMobile: false },
  { owner: 'VGR', profession: 'school_nurse', category: 'school_health_record', read: true, write: true, sign: true, signMobile: true },
  { owner: '1490', profession: 'nursing_assistant', category: 'delegated_task', read: true, write: true, sign: true, signMobile: true },
];

function insertPolicies(tx: Tx, ref: Reference, add: (t: string, n: number) => void): void {
  const rows = DEMO_POLICIES.map((p) => ({
    profession: p.profession,
    categoryId: ref.categoryIds.get(p.category)!,
    mayRead: p.read,
    mayWrite: p.write,
    maySign: p.sign,
    maySignMobile: p.signMobile,
    ownerOrgId: p.owner === 'VGR' ? ref.vgrId : ref.municipalityIds.get(p.owner)!,
    ...DEMO_ROW,
  }));
  tx.insert(accessPolicies).values(rows).run();
  add('access_policies', rows.length);
}

/**
 * Demo disclosure requests and their harm assessments: school-health records (which need one)
 * released in part, denied and not yet assessed, and a journal note of VGR's released. None is
 * linked to a log entry: the demo log may be loaded without disclose entries, or not at all.
 */
function insertDisclosureRequests(tx: Tx, ref: Reference, add: (t: string, n: number) => void): void {
  const school = tx
    .select({ id: informationAssets.id, ownerOrgId: informationAssets.ownerOrgId })
    .from(informationAssets)
    .where(and(eq(informationAssets.isDemo, true), eq(informationAssets.categoryId, ref.categoryIds.get('school_health_record')!)))
    .orderBy(informationAssets.id)
    .limit(3)
    .all();
  const journal = tx
    .select({ id: informationAssets.id, ownerOrgId: informationAssets.ownerOrgId })
    .from(informationAssets)
    .where(
      and(
        eq(informationAssets.isDemo, true),
        eq(informationAssets.ownerOrgId, ref.vgrId),
        eq(informationAssets.categoryId, ref.categoryIds.get('journal_note')!),
      ),
    )
    .get();
  const decided = (outcome: string, reasoning: string, decidedBy: string, decidedOn: string) => ({ outcome, reasoning, decidedBy, decidedOn });
  const rows: (typeof disclosureRequests.$inferInsert)[] = [];
  const [first, second, third] = school;
  if (first) {
    rows.push({
      assetId: first.id,
      ownerOrgId: first.ownerOrgId,
      requester: 'Demo: Försäkringskassan',
      requestedOn: '2026-09-14',
      ...decided(
        'partial',
        'Demo: Uppgifterna om elevens hälsobesök lämnas ut; anteckningar om tredje man maskeras efter menprövning (OSL 25 kap. 1 §).',
        'Demo: Verksamhetschef för elevhälsans medicinska insats',
        '2026-09-21',
      ),
    });
  }
  if (second) {
    rows.push({
      assetId: second.id,
      ownerOrgId: second.ownerOrgId,
      requester: 'Demo: Socialtjänsten i en annan kommun',
      requestedOn: '2026-10-02',
      ...decided(
        'deny',
        'Demo: Det kan inte stå klart att uppgifterna kan röjas utan att eleven eller en närstående lider men (OSL 25 kap. 1 §).',
        'Demo: Verksamhetschef för elevhälsans medicinska insats',
        '2026-10-09',
      ),
    });
  }
  if (third) rows.push({ assetId: third.id, ownerOrgId: third.ownerOrgId, requester: 'Demo: Elevens vårdnadshavare', requestedOn: '2026-11-10' });
  if (journal) {
    rows.push({
      assetId: journal.id,
      ownerOrgId: journal.ownerOrgId,
      requester: 'Demo: Patientens ombud',
      requestedOn: '2026-08-03',
      ...decided('release', 'Demo: Patienten har samtyckt till utlämnandet; inget men.', 'Demo: Chefläkare', '2026-08-05'),
    });
  }
  if (rows.length === 0) return;
  tx.insert(disclosureRequests)
    .values(rows.map((r) => ({ ...r, ...DEMO_ROW })))
    .run();
  add('disclosure_requests', rows.length);
}
