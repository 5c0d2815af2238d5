import type * as sqliteSchema from '@fvm/db';

// A small registry written as rows, the same on both engines: a region, an association, a few
// municipalities (Swedish letters and mixed case, for text matching), demo rows beside real ones,
// agreements with parties and services, information and retention, access policies, review
// routines and runs, the change history, and user log entries for the checks. Explicit ids, so
// that global IDs, cursors and orders can be compared across engines.

const at = '2026-01-10T08:00:00.000Z';
const meta = (ownerOrgId: number, isDemo = false) => ({ ownerOrgId, isDemo, createdAt: at, updatedAt: at });
const bytes = (n: number) => Buffer.alloc(32, n);

export const VGR = 1;
export const VASTKOM = 2;
export const GOTEBORG = 3;
export const BORAS = 4;
export const DALS_ED = 5;
export const DEMO_TOWN = 8;
export const DAY = 86_400_000;
/** The moment the checks are asked at: the entries below lie before it. */
export const NOW_MS = Date.parse('2026-03-01T12:00:00.000Z');

type Insert<K extends keyof typeof sqliteSchema> = (typeof sqliteSchema)[K] extends { $inferInsert: infer R } ? R[] : never;

/** The tables in an order their references allow. */
export const ROW_TABLES = [
  'organisations',
  'rolloutStages',
  'procurements',
  'options',
  'optionLinks',
  'callOffs',
  'powersOfAttorney',
  'services',
  'agreements',
  'agreementParties',
  'agreementServices',
  'processingInstructions',
  'jointControllerResponsibilities',
  'licences',
  'informationCategories',
  'informationAssets',
  'retentionRules',
  'accessPolicies',
  'followUpGoals',
  'followUpStatusReports',
  'logReviewRoutines',
  'logReviewRuns',
  'logReviewItems',
  'changes',
  'userLogChains',
  'userLogEntries',
  'logReviewSelections',
] as const;
export type RowTable = (typeof ROW_TABLES)[number];
export type RegistryRows = { [K in RowTable]: Insert<K> };

export function registryRows(): RegistryRows {
  return {
    organisations: [
      { id: VGR, kind: 'region', name: 'Västra Götalandsregionen', organisationNumber: '2321000131', ...meta(VGR) },
      { id: VASTKOM, kind: 'collaboration_body', name: 'VästKom', organisationNumber: '2220002580', ...meta(VGR) },
      { id: GOTEBORG, kind: 'municipality', name: 'Göteborg', organisationNumber: '2120001355', municipalityCode: '1480', rolloutStageId: 1, ...meta(GOTEBORG) },
      { id: BORAS, kind: 'municipality', name: 'Borås', organisationNumber: '2120001561', municipalityCode: '1490', associationId: 6, rolloutStageId: 1, ...meta(BORAS) },
      { id: DALS_ED, kind: 'municipality', name: 'Dals-Ed', organisationNumber: '2120001439', municipalityCode: '1438', associationId: 6, rolloutStageId: 2, ...meta(DALS_ED) },
      { id: 6, kind: 'municipal_association', name: 'Sjuhärads kommunalförbund', organisationNumber: '2220001000', ...meta(VGR) },
      { id: 7, kind: 'private_care_provider', name: 'Ängens vård AB', organisationNumber: '5560001111', licensingMunicipalityId: GOTEBORG, ownPrincipal: true, ...meta(GOTEBORG) },
      { id: DEMO_TOWN, kind: 'municipality', name: 'Demoköping', organisationNumber: '2120009999', ...meta(VGR, true) },
      { id: 9, kind: 'supplier', name: 'Oracle Health Sverige', organisationNumber: '5560002222', ...meta(VGR) },
    ],
    rolloutStages: [
      { id: 1, number: 1, area: 'Göteborgsområdet', plannedGoLive: '2026-05-01', ...meta(VGR) },
      { id: 2, number: 2, area: 'Fyrbodal', plannedGoLive: '2026-10-01', actualGoLive: null, ...meta(VGR) },
    ],
    procurements: [{ id: 1, name: 'Framtidens vårdinformationsmiljö', year: 2019, method: 'negotiated', callOffWindowOpensOn: '2020-01-01', callOffWindowClosesOn: '2021-12-31', termYears: 10, maxExtensionYears: 5, ...meta(VGR) }],
    options: [
      { id: 1, number: 1, name: 'Vårddokumentation', nameEn: 'Care documentation', ...meta(VGR) },
      { id: 2, number: 3, name: 'Läkemedel', nameEn: 'Medication', description: 'Ordination och administrering', ...meta(VGR) },
      { id: 3, number: 5, name: 'Elevhälsa', nameEn: 'Student health', ...meta(VGR) },
      { id: 4, number: 90, name: 'Demotillval', nameEn: 'Demo option', ...meta(VGR, true) },
    ],
    optionLinks: [{ id: 1, optionId: 2, linkedOptionId: 1, note: 'Läkemedel kräver vårddokumentation', ...meta(VGR) }],
    callOffs: [
      { id: 1, municipalityId: GOTEBORG, optionId: 1, procurementId: 1, status: 'signed', signedOn: '2020-06-01', decisionReference: 'KS 2020/114', operationsAgreementSigned: true, ...meta(GOTEBORG) },
      { id: 2, municipalityId: GOTEBORG, optionId: 2, procurementId: 1, status: 'submitted', submittedOn: '2021-02-03', decisionReference: 'ks 2021/7', ...meta(GOTEBORG) },
      { id: 3, municipalityId: BORAS, optionId: 1, procurementId: 1, status: 'signed', signedOn: '2020-09-15', decisionReference: 'KS 2020/88', operationsAgreementSigned: true, ...meta(BORAS) },
      { id: 4, municipalityId: BORAS, optionId: 3, procurementId: 1, status: 'withdrawn', decisionReference: 'Beslut Ånge 5%', ...meta(BORAS) },
      { id: 5, municipalityId: DALS_ED, optionId: 1, procurementId: 1, status: 'draft', ...meta(DALS_ED) },
      { id: 6, municipalityId: DEMO_TOWN, optionId: 4, procurementId: 1, status: 'signed', signedOn: '2025-01-01', ...meta(VGR, true) },
    ],
    powersOfAttorney: [
      { id: 1, municipalityId: GOTEBORG, grantedToId: VGR, grantedOn: '2019-11-01', scope: 'call_off', validFrom: '2019-11-01', ...meta(GOTEBORG) },
      { id: 2, municipalityId: BORAS, grantedToId: VGR, scope: 'call_off', ...meta(BORAS) },
    ],
    services: [
      { id: 1, name: 'Millennium', description: 'Vårdinformationsmiljön', ...meta(VGR) },
      { id: 2, name: 'Drift', ...meta(VGR) },
    ],
    agreements: [
      { id: 1, kind: 'cooperation', title: 'Samverkansavtal FVM', status: 'signed', signedOn: '2019-05-01', validFrom: '2019-05-01', validTo: '2029-04-30', procurementId: 1, penalties: true, ...meta(VGR) },
      {
        id: 2, kind: 'processor', title: 'PUB-avtal Göteborg', status: 'signed', signedOn: '2020-06-01', validTo: '2026-06-30',
        subjectMatter: true, duration: true, nature: false, purpose: null, documentedInstructions: true, audits: false, ...meta(GOTEBORG),
      },
      { id: 3, kind: 'joint_controllership', title: 'Gemensamt ansvar', status: 'negotiating', governingBody: 'Styrgrupp', ...meta(VGR) },
      { id: 4, kind: 'cooperation', title: 'Demoavtal', status: 'draft', ...meta(VGR, true) },
    ],
    agreementParties: [
      { id: 1, agreementId: 1, organisationId: VGR, role: 'party', ...meta(VGR) },
      { id: 2, agreementId: 1, organisationId: GOTEBORG, role: 'party', ...meta(VGR) },
      { id: 3, agreementId: 1, organisationId: BORAS, role: 'party', ...meta(VGR) },
      { id: 4, agreementId: 2, organisationId: GOTEBORG, role: 'controller', ...meta(GOTEBORG) },
      { id: 5, agreementId: 2, organisationId: 9, role: 'processor', ...meta(GOTEBORG) },
      { id: 6, agreementId: 3, organisationId: VGR, role: 'joint_controller', ...meta(VGR) },
      { id: 7, agreementId: 3, organisationId: GOTEBORG, role: 'joint_controller', ...meta(VGR) },
    ],
    agreementServices: [
      { id: 1, agreementId: 1, serviceId: 1, ...meta(VGR) },
      { id: 2, agreementId: 2, serviceId: 1, ...meta(GOTEBORG) },
      { id: 3, agreementId: 2, serviceId: 2, ...meta(GOTEBORG) },
    ],
    processingInstructions: [{ id: 1, agreementId: 2, serviceId: 1, processing: 'Lagring', purpose: 'Vård', subProcessorsAllowed: true, ...meta(GOTEBORG) }],
    jointControllerResponsibilities: [
      { id: 1, agreementId: 3, area: 'security', organisationId: VGR, description: 'Drift och säkerhet', ...meta(VGR) },
      { id: 2, agreementId: 3, area: 'data_subject_rights', organisationId: GOTEBORG, ...meta(VGR) },
    ],
    licences: [{ id: 1, municipalityId: GOTEBORG, providerId: 7, modules: 'Journal', validFrom: '2024-01-01', ...meta(GOTEBORG) }],
    informationCategories: [
      { id: 1, code: 'journal', name: 'Journal', nameEn: 'Record', optionId: 1, recordKind: 'patient_record', harmAssessmentRequired: true, ...meta(VGR) },
      { id: 2, code: 'medication', name: 'Läkemedel', nameEn: 'Medication', optionId: 2, recordKind: 'patient_record', ...meta(VGR) },
      { id: 3, code: 'access_log', name: 'Loggar', nameEn: 'Logs', recordKind: 'access_log', ...meta(VGR) },
    ],
    informationAssets: [
      { id: 1, categoryId: 1, description: 'Journal i Göteborg', ...meta(GOTEBORG) },
      { id: 2, categoryId: 2, ...meta(GOTEBORG) },
      { id: 3, categoryId: 1, ...meta(BORAS) },
    ],
    retentionRules: [
      { id: 1, categoryId: 1, action: 'preserve', trigger: 'last_entry', legalBasis: 'PDL 3 kap. 17 §', ...meta(GOTEBORG) },
      { id: 2, categoryId: 3, action: 'purge', years: 10, trigger: 'creation', ...meta(GOTEBORG) },
    ],
    accessPolicies: [
      { id: 1, profession: 'nursing_assistant', categoryId: 2, mayRead: true, ...meta(VGR) },
      { id: 2, profession: 'nurse', categoryId: 2, mayRead: true, mayWrite: true, maySign: true, ...meta(VGR) },
      { id: 3, profession: 'nursing_assistant', categoryId: 2, mayRead: true, mayWrite: true, ...meta(GOTEBORG) },
    ],
    followUpGoals: [
      { id: 1, year: 2025, position: 1, section: 'Införande', heading: 'SIP', goal: 'Alla kommuner', budget: 3_000_000, goalStatus: 'met', trend: 'positive', ...meta(VASTKOM) },
      { id: 2, year: 2025, position: 2, section: 'Införande', heading: null, goal: 'Utbildning', goalStatus: 'partly_met', ...meta(VASTKOM) },
    ],
    followUpStatusReports: [{ id: 1, month: '2026-01', summary: 'Enligt plan', ...meta(VASTKOM) }],
    logReviewRoutines: [
      { id: 1, name: 'Kvartalsgranskning', intervalDays: 90, emergencyReviewDays: 7, ruleRarePair: false, ...meta(GOTEBORG) },
      { id: 2, name: 'Demogranskning', ...meta(GOTEBORG, true) },
    ],
    logReviewRuns: [
      { id: 1, routineId: 1, periodStart: '2025-10-01', periodEnd: '2025-12-31', seed: 7, criteria: '{}', selectedEntries: 3, itemCount: 2, openItems: 1, completedOn: '2026-01-05', ...meta(GOTEBORG) },
      { id: 2, routineId: 1, periodStart: '2026-01-01', periodEnd: '2026-01-31', seed: 8, criteria: '{}', selectedEntries: 1, itemCount: 1, openItems: 1, ...meta(GOTEBORG) },
    ],
    logReviewItems: [
      { id: 1, runId: 1, userHsaId: 'SE2321000131-u1', userName: 'Anna Andersson', patientPseudonym: bytes(1), entryCount: 2, firstOccurredAt: NOW_MS - 60 * DAY, lastOccurredAt: NOW_MS - 59 * DAY, ruleMask: 0b101, status: 'justified', decidedBy: 'Granskare', ...meta(GOTEBORG) },
      { id: 2, runId: 1, userHsaId: 'SE2321000131-u2', userName: 'Bo Berg', patientPseudonym: bytes(2), entryCount: 1, firstOccurredAt: NOW_MS - 58 * DAY, lastOccurredAt: NOW_MS - 58 * DAY, ruleMask: 0b10, ...meta(GOTEBORG) },
      { id: 3, runId: 2, userHsaId: 'SE2321000131-u1', userName: 'Anna Andersson', patientPseudonym: bytes(3), entryCount: 1, firstOccurredAt: NOW_MS - 30 * DAY, lastOccurredAt: NOW_MS - 30 * DAY, ruleMask: 0b1, status: 'unjustified', ...meta(GOTEBORG) },
    ],
    changes: [
      { id: 1, at, actorOrgId: VGR, actorRole: 'regional_admin', entity: 'Organisation', entityId: GOTEBORG, operation: 'create', after: { name: 'Göteborg' }, ownerOrgId: GOTEBORG },
      { id: 2, at: '2026-01-11T09:00:00.000Z', actorOrgId: GOTEBORG, actorRole: 'org_admin', entity: 'CallOff', entityId: 1, operation: 'update', before: { status: 'submitted' }, after: { status: 'signed' }, ownerOrgId: GOTEBORG },
      { id: 3, at: '2026-01-12T09:00:00.000Z', actorOrgId: GOTEBORG, actorRole: 'log_reviewer', entity: 'LogReviewItem', entityId: 1, operation: 'update', after: { status: 'justified' }, ownerOrgId: GOTEBORG },
      { id: 4, at: '2026-01-13T09:00:00.000Z', actorOrgId: VGR, actorRole: 'regional_admin', entity: 'Organisation', entityId: DEMO_TOWN, operation: 'create', after: { name: 'Demoköping' }, ownerOrgId: VGR, isDemo: true },
    ],
    userLogChains: [
      { id: 1, dataOwnerId: GOTEBORG, isDemo: false, anchorHash: bytes(0), headEntryId: 5, headHash: bytes(9), entryCount: 5, purgedCount: 0 },
      { id: 2, dataOwnerId: BORAS, isDemo: false, anchorHash: bytes(0), headEntryId: 6, headHash: bytes(8), entryCount: 1, purgedCount: 0 },
    ],
    userLogEntries: [
      entry(1, NOW_MS - 60 * DAY, { userProfession: 'nursing_assistant', action: 'update', categoryId: 2, basis: 'emergency_access' }),
      entry(2, NOW_MS - 59 * DAY, { userProfession: 'nursing_assistant', action: 'sign', categoryId: 2, device: 'mobile' }),
      entry(3, NOW_MS - 20 * DAY, { userProfession: 'nurse', action: 'sign', categoryId: 2, device: 'mobile', basis: 'emergency_access' }),
      entry(4, NOW_MS - 2 * DAY, { userProfession: 'nursing_assistant', action: 'read', categoryId: 2, basis: 'emergency_access' }),
      entry(5, NOW_MS - 1 * DAY, { userProfession: 'physician', action: 'print', categoryId: 1 }),
      entry(6, NOW_MS - 40 * DAY, { dataOwnerId: BORAS, careProviderId: BORAS, chainId: 2, userProfession: 'nursing_assistant', action: 'update', categoryId: 2, basis: 'emergency_access' }),
    ],
    logReviewSelections: [
      { runId: 1, entryId: 1, itemId: 1, ruleMask: 0b1 },
      { runId: 1, entryId: 2, itemId: 1, ruleMask: 0b100 },
    ],
  };
}

type Entry = RegistryRows['userLogEntries'][number];

function entry(id: number, occurredAt: number, over: Partial<Entry>): Entry {
  return {
    id,
    occurredAt,
    userHsaId: `SE2321000131-u${id % 2}`,
    userName: 'Anna Andersson',
    careProviderId: GOTEBORG,
    careUnit: 'Hemsjukvården',
    action: 'read',
    patientPseudonym: bytes(id),
    categoryId: 1,
    dataOwnerId: GOTEBORG,
    basis: 'care_relationship',
    device: 'desktop',
    sourceSystem: 'millennium',
    sourceEntryId: `e-${id}`,
    outcome: 'success',
    submittedByOrgId: VGR,
    chainId: 1,
    hash: bytes(100 + id),
    keyId: 1,
    ...over,
  };
}
