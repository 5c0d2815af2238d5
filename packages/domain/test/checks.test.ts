import { describe, expect, it } from 'vitest';
import { ART_28_ITEMS, ART_28_KEYS, findRegistryGaps, notPermittedFindings, REGISTRY_CHECK_KEYS, type RegistryFacts } from '../src';
import { internalKeysIn } from './plainText';

const allArt28 = {
  subjectMatter: true,
  duration: true,
  nature: true,
  purpose: true,
  dataTypes: true,
  dataSubjectCategories: true,
  controllerRights: true,
  documentedInstructions: true,
  confidentiality: true,
  security: true,
  subProcessorConditions: true,
  dataSubjectRightsAssistance: true,
  complianceAssistance: true,
  deleteOrReturn: true,
  audits: true,
};

/** One municipality (1) with a clean registry: every check passes. */
function clean(): RegistryFacts {
  return {
    organisations: [
      { id: 1, name: 'Borås', kind: 'municipality', ownPrincipal: true },
      { id: 2, name: 'VGR', kind: 'region', ownPrincipal: true },
      { id: 3, name: 'Omsorg AB', kind: 'private_care_provider', ownPrincipal: false },
    ],
    options: [
      { id: 11, number: 1 },
      { id: 12, number: 2 },
    ],
    optionLinks: [{ optionId: 11, linkedOptionId: 12 }],
    callOffs: [
      { id: 21, municipalityId: 1, optionId: 11, status: 'signed', submittedOn: '2020-05-04', signedOn: '2020-05-20' },
      { id: 22, municipalityId: 1, optionId: 12, status: 'signed', submittedOn: '2020-05-04', signedOn: '2020-05-20' },
    ],
    powersOfAttorney: [{ municipalityId: 1, validFrom: null, validTo: null }],
    agreements: [
      { id: 31, kind: 'processor', title: 'PUB Borås', status: 'signed', validTo: '2035-01-01', contactPoint: null, publicSummary: null, ...allArt28 },
    ],
    parties: [
      { agreementId: 31, organisationId: 1, role: 'controller' },
      { agreementId: 31, organisationId: 2, role: 'processor' },
    ],
    agreementServices: [{ agreementId: 31, serviceId: 41 }],
    services: [{ id: 41, name: 'Millennium' }],
    licences: [{ id: 51, municipalityId: 1, providerId: 3 }],
    assets: [{ id: 61, ownerOrgId: 1, categoryId: 71 }],
    retentionRules: [
      {
        id: 81,
        ownerOrgId: 1,
        categoryId: 71,
        action: 'purge',
        years: 10,
        purgeDecisionBody: 'KS',
        purgeDecisionReference: 'KS 2021/1',
        purgeDecisionOn: '2021-01-01',
      },
    ],
    categories: [{ id: 71, name: 'Journalanteckning', recordKind: 'patient_record' }],
  };
}
const today = '2026-11-22';
const checks = (f: RegistryFacts, months = 6) => findRegistryGaps(f, today, months).map((x) => `${x.check}:${x.entity}:${x.entityId}`);

describe('registry checks', () => {
  it('find nothing in a clean registry', () => expect(checks(clean())).toEqual([]));

  it('find a call-off without a data-protection agreement covering Millennium', () => {
    const f = clean();
    f.agreementServices = [];
    expect(checks(f)).toEqual(['call_off_without_data_protection_agreement:CallOff:21', 'call_off_without_data_protection_agreement:CallOff:22']);
  });
  it('find a call-off without a power of attorney valid on its date', () => {
    const f = clean();
    f.powersOfAttorney = [{ municipalityId: 1, validFrom: '2021-01-01', validTo: null }];
    expect(checks(f)).toContain('call_off_without_power_of_attorney:CallOff:21');
  });
  it('find a linked option taken alone, and not a withdrawn one', () => {
    const f = clean();
    f.callOffs[1]!.status = 'withdrawn';
    expect(checks(f)).toEqual(['linked_option_alone:Organisation:1']);
  });
  it('find a licence to a provider that is its own principal', () => {
    const f = clean();
    f.organisations[2]!.ownPrincipal = true;
    expect(checks(f)).toEqual(['licence_to_own_principal:Licence:51']);
  });
  it('find an asset without a retention rule', () => {
    const f = clean();
    f.retentionRules = [];
    expect(checks(f)).toEqual(['asset_without_retention_rule:InformationAsset:61']);
  });
  it('find a purge rule below the legal minimum and one without a purge decision', () => {
    const f = clean();
    f.retentionRules[0]!.years = 5;
    f.retentionRules[0]!.purgeDecisionOn = null;
    expect(checks(f)).toEqual(['retention_below_legal_minimum:RetentionRule:81', 'retention_without_purge_decision:RetentionRule:81']);
  });
  it('find a processor agreement missing an art. 28(3) item', () => {
    const f = clean();
    f.agreements[0]!.audits = false;
    f.agreements[0]!.status = 'draft';
    expect(checks(f)).toContain('processor_agreement_missing_art28:Agreement:31');
  });
  it('find a joint-controller arrangement lacking a contact point and summary', () => {
    const f = clean();
    f.agreements.push({ id: 32, kind: 'joint_controllership', title: 'SAMSA', status: 'draft', validTo: null, contactPoint: null, publicSummary: null });
    f.parties.push({ agreementId: 32, organisationId: 1, role: 'joint_controller' }, { agreementId: 32, organisationId: 2, role: 'joint_controller' });
    expect(checks(f)).toEqual(['joint_controllership_gap:Agreement:32']);
  });
  it('find agreements expiring within the months asked for', () => {
    const f = clean();
    f.agreements[0]!.validTo = '2027-03-01';
    expect(checks(f, 3)).toEqual([]);
    expect(checks(f, 6)).toEqual(['agreement_expiring:Agreement:31']);
  });
});

/** One municipality's registry that every check finds something in. */
function everyGap(): RegistryFacts {
  const f = clean();
  f.agreementServices = [];
  f.powersOfAttorney = [{ municipalityId: 1, validFrom: '2021-01-01', validTo: null }];
  f.callOffs[1]!.status = 'withdrawn';
  f.organisations[2]!.ownPrincipal = true;
  f.categories.push({ id: 72, name: 'Loggar', recordKind: 'access_log' });
  f.assets.push({ id: 62, ownerOrgId: 1, categoryId: 72 });
  f.retentionRules[0]!.years = 1;
  f.retentionRules[0]!.purgeDecisionReference = null;
  f.agreements[0]!.validTo = '2027-01-01';
  f.agreements[0]!.purpose = false;
  f.agreements[0]!.subjectMatter = null;
  f.agreements[0]!.dataSubjectRightsAssistance = false;
  f.agreements.push({ id: 32, kind: 'joint_controllership', title: 'SAMSA', status: 'draft', validTo: null, contactPoint: ' ', publicSummary: null });
  f.logReview = {
    routines: [
      { id: 81, ownerOrgId: 1, name: 'Månadskontroll', intervalDays: 30, isDemo: false },
      { id: 82, ownerOrgId: 2, name: 'Kvartal', intervalDays: 90, isDemo: true },
    ],
    lastCompleted: [{ routineId: 82, completedOn: '2020-01-01' }],
    ownersWithLogs: [{ ownerOrgId: 3, isDemo: false, entryCount: 12 }],
    emergencyBacklog: [
      { ownerOrgId: 1, isDemo: false, count: 3, oldestMs: Date.parse('2026-01-02T10:00:00Z'), days: 14 },
      { ownerOrgId: 2, isDemo: true, count: 1, oldestMs: Date.parse('2026-01-02T10:00:00Z'), days: 7 },
    ],
  };
  return f;
}

describe('registry findings are told in words', () => {
  // log_action_not_permitted is counted in SQL over the log; its findings are made from the counts.
  const found = [
    ...findRegistryGaps(everyGap(), today),
    ...notPermittedFindings(
      [{ policyId: 91, dataOwnerId: 1, profession: 'nursing_assistant', categoryId: 72, action: 'update', count: 3, mobileCount: 0 }],
      new Map([[1, 'Borås']]),
      new Map([[72, { name: 'Loggar', nameEn: 'Logs' }]]),
    ),
  ];

  it('the fixture makes every check find something', () => {
    expect(new Set(found.map((f) => f.check))).toEqual(new Set(REGISTRY_CHECK_KEYS));
  });

  it.each(REGISTRY_CHECK_KEYS)('%s: every message is a sentence without an internal key, in English and Swedish', (check) => {
    for (const f of found.filter((x) => x.check === check)) {
      for (const message of [f.message, f.messageSv]) {
        expect(internalKeysIn(message), message).toEqual([]);
        expect(message, 'a whole sentence').toMatch(/^["A-ZÅÄÖ].*\.$/s);
      }
      expect(f.message).not.toEqual(f.messageSv);
    }
  });

  it('names missing art. 28(3) items by the article’s words', () => {
    const f = found.find((x) => x.check === 'processor_agreement_missing_art28')!;
    for (const key of ['purpose', 'subjectMatter', 'dataSubjectRightsAssistance'] as const) {
      const item = ART_28_ITEMS.find((i) => i.key === key)!;
      expect(f.message).toContain(item.en);
      expect(f.messageSv).toContain(item.sv);
    }
    expect(f.messageSv).not.toMatch(new RegExp(`\\b(${ART_28_KEYS.join('|')})\\b`));
  });

  it('names joint-controllership gaps in words', () => {
    const f = found.find((x) => x.check === 'joint_controllership_gap')!;
    expect(f.message).toBe(
      '"SAMSA" lacks at least two joint controllers as parties; a contact point for data subjects; a summary of the arrangement made available to data subjects.',
    );
    expect(f.messageSv).toBe(
      '"SAMSA" saknar minst två gemensamt personuppgiftsansvariga som parter; en kontaktpunkt för de registrerade; en sammanfattning av arrangemanget som görs tillgänglig för de registrerade.',
    );
  });

  it('the key detector catches what the messages used to hold', () => {
    expect(internalKeysIn('"SAMSA": public_summary_missing, contact_point_missing.')).toEqual(['public_summary_missing', 'contact_point_missing']);
    expect(internalKeysIn('"PUB" lacks subjectMatter, dataTypes.')).toEqual(['subjectMatter', 'dataTypes']);
    expect(internalKeysIn('Rule joint_controllership.party_missing broken')).toContain('joint_controllership.party_missing');
    expect(internalKeysIn('"x_y" is a title, quoted.')).toEqual([]);
  });
});
