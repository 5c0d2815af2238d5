import { describe, expect, it } from 'vitest';
import { cellChange, cellKey, editsByRow, entityReducer, viewRow, type CellEdit, type EntityRow, type EntityStaging, type Viewer } from '../src/editing/entity';
import { NO_LOOKUPS, type Lookups } from '../src/editing/lookups';
import { planBlock } from '../src/editing/paste';
import { emptyStaging } from '../src/editing/staging';
import { licences } from '../src/entities/licences';
import { processorAgreements } from '../src/entities/processorAgreements';
import { retentionRules } from '../src/entities/retentionRules';

const BORAS = 'T3JnYW5pc2F0aW9uOjM1';
const orgAdmin: Viewer = { role: 'ORG_ADMIN', organisationId: BORAS };
const analyst: Viewer = { role: 'ANALYST', organisationId: 'T3JnYW5pc2F0aW9uOjk=' };
const TODAY = '2026-01-15';

const lookups: Lookups = {
  ...NO_LOOKUPS,
  ready: true,
  municipalities: [{ id: 'M-boras', name: 'Borås' }],
  organisations: [
    { id: 'P-ok', name: 'Omsorg AB', kind: 'PRIVATE_CARE_PROVIDER', ownPrincipal: false },
    { id: 'P-school', name: 'Friskolan', kind: 'INDEPENDENT_SCHOOL', ownPrincipal: true },
  ],
  categories: [{ id: 'C-journal', code: 'journal_note', name: 'Journalanteckning', recordKind: 'PATIENT_RECORD' }],
};

const licence = (over: Partial<EntityRow> = {}): EntityRow => ({
  id: 'L1',
  version: 3,
  ownerId: BORAS,
  ownerName: 'Borås',
  values: { municipalityId: 'M-boras', providerId: 'P-ok', modules: 'Journal', validFrom: '2026-01-01', validTo: '2027-06-30' },
  labels: { municipalityId: 'Borås', providerId: 'Omsorg AB' },
  ...over,
});

function staged(config: typeof licences, rows: EntityRow[], changes: (rows: ReturnType<typeof viewRow>[]) => (CellEdit | null)[], viewer = orgAdmin) {
  const ctx = (staging: EntityStaging) => ({ config, viewer, staging, byRow: editsByRow(staging), lookups, today: TODAY, editing: true });
  const before = rows.map((r) => viewRow(r, ctx(emptyStaging())));
  const staging = entityReducer(emptyStaging(), { type: 'stage', changes: changes(before).filter((c): c is CellEdit => !!c) });
  return { staging, views: rows.map((r) => viewRow(r, ctx(staging))) };
}
const spec = (config: typeof licences, field: string) => config.columns.find((c) => c.field === field)!;

describe('a row seen through its staged changes and the domain rules', () => {
  it('validateLicence marks the end date before the start date, with the rule’s words, and the row is invalid', () => {
    const { views } = staged(licences, [licence()], ([v]) => [cellChange(v!, spec(licences, 'validFrom'), '2028-01-01', lookups)]);
    const v = views[0]!;
    expect(v.values.validFrom).toBe('2028-01-01');
    expect(v.cells.validTo?.[0]).toMatchObject({ code: 'licence.valid_range', messageSv: 'Slutdatumet 2027-06-30 ligger före startdatumet 2028-01-01.' });
    expect(v.invalidCells).toBe(1);
    expect(v.state).toBe('invalid');
  });

  it('a provider that is its own principal breaks the licence rule on its cell', () => {
    const { views } = staged(licences, [licence()], ([v]) => [cellChange(v!, spec(licences, 'providerId'), 'Friskolan', lookups)]);
    expect(views[0]!.values.providerId).toBe('P-school');
    expect(views[0]!.cells.providerId?.[0]?.code).toBe('licence.own_principal_provider');
  });

  it('text the server would refuse (a control character, past its limit) is marked on its cell before anything is sent', () => {
    const { views } = staged(licences, [licence()], ([v]) => [cellChange(v!, spec(licences, 'modules'), `Journal\u0000${'x'.repeat(2000)}`, lookups)]);
    expect(views[0]!.cells.modules?.map((x) => x.code)).toEqual(['text.control_character', 'text.too_long']);
    expect(views[0]!.state).toBe('invalid');
  });

  it('text that is no date: the domain’s date rule says why', () => {
    const { views } = staged(licences, [licence()], ([v]) => [cellChange(v!, spec(licences, 'validTo'), '31/12/2027', lookups)]);
    expect(views[0]!.cells.validTo?.[0]).toMatchObject({ code: 'date.format' });
  });

  it('a reference that names nothing gets the grid’s own words (the domain has no rule for it)', () => {
    const { views } = staged(licences, [licence()], ([v]) => [cellChange(v!, spec(licences, 'providerId'), 'Ingen sådan', lookups)]);
    expect(views[0]!.cells.providerId?.[0]).toMatchObject({ code: 'parse.ref', messageSv: 'Vårdgivare: "Ingen sådan" finns inte att välja; välj ur listan.' });
  });

  it('validateRetentionRule: purging a patient record after 3 years breaks the legal minimum and needs a purge decision', () => {
    const rule: EntityRow = {
      id: 'R1',
      version: 1,
      ownerId: BORAS,
      ownerName: 'Borås',
      values: {
        categoryId: 'C-journal',
        action: 'preserve',
        years: 10,
        trigger: 'last_entry',
        legalBasis: null,
        purgeDecisionBody: null,
        purgeDecisionReference: null,
        purgeDecisionOn: null,
      },
      labels: {},
    };
    const { views } = staged(retentionRules, [rule], ([v]) => [
      cellChange(v!, spec(retentionRules, 'action'), 'Gallra', lookups),
      cellChange(v!, spec(retentionRules, 'years'), '3', lookups),
    ]);
    const v = views[0]!;
    expect(v.cells.years?.map((x) => x.code)).toEqual(['retention.below_legal_minimum']);
    expect(v.cells.purgeDecisionBody?.[0]?.code).toBe('retention.purge_decision_required');
    expect(v.invalidCells).toBe(4);
  });

  it('processor agreements: the missing art. 28(3) items follow the staged booleans (missingArt28Items)', () => {
    const all = Object.fromEntries(
      [
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
      ].map((k) => [k, true]),
    );
    const pub: EntityRow = {
      id: 'P1',
      version: 1,
      ownerId: BORAS,
      ownerName: 'Borås',
      values: {
        kind: 'processor',
        title: 'PUB',
        status: 'signed',
        signedOn: '2024-01-01',
        validFrom: null,
        validTo: null,
        endFollowsProcurementTerm: false,
        penalties: false,
        ...all,
      },
      labels: {},
    };
    const missing = processorAgreements.columns.find((c) => c.field === 'missingArt28Items')!;
    const { views } = staged(processorAgreements, [pub], ([v]) => [
      cellChange(
        v!,
        processorAgreements.columns.find((c) => c.field === 'audits')!,
        'Nej',
        lookups,
      ),
    ]);
    expect(missing.compute!(views[0]!.values, pub, lookups)).toEqual(['audits']);
    // A signed processor agreement lacking an item breaks validateAgreement on that item's cell.
    expect(views[0]!.cells.audits?.[0]?.code).toBe('processor_agreement.art28_missing');
  });

  it('another organisation’s row is read-only (nothing can be staged on it); a role that cannot write edits nothing', () => {
    const theirs = licence({ id: 'L2', ownerId: 'someone-else', ownerName: 'Ale' });
    const { staging, views } = staged(licences, [theirs], ([v]) => [cellChange(v!, spec(licences, 'modules'), 'X', lookups)]);
    expect(views[0]!.editable).toBe(false);
    expect(staging.edits).toEqual({});
    const asAnalyst = staged(licences, [licence()], ([v]) => [cellChange(v!, spec(licences, 'modules'), 'X', lookups)], analyst);
    expect(asAnalyst.views[0]!.editable).toBe(false);
  });

  it('a pasted block is parsed per column, anchored at the focused cell; read-only and computed cells are skipped', () => {
    const rows = [licence(), licence({ id: 'L2' }), licence({ id: 'L3', ownerId: 'other' })];
    const { views } = staged(licences, rows, () => []);
    const columns = [undefined, ...licences.columns];
    const plan = planBlock('Journal\t2026-02-01\r\nOrdination\tx\r\nY\tZ\r\n', { rowIndex: 0, columnIndex: 3 }, views, columns, (v, s, raw) =>
      v && s ? cellChange(v, s, raw, lookups) : null,
    );
    expect(plan.changes.map((c) => [c.rowId, c.field, c.value, c.ok])).toEqual([
      ['L1', 'modules', 'Journal', true],
      ['L1', 'validFrom', '2026-02-01', true],
      ['L2', 'modules', 'Ordination', true],
      ['L2', 'validFrom', 'x', false],
    ]);
    expect(plan.skipped).toBe(2);
    expect(Object.keys(entityReducer(emptyStaging(), { type: 'stage', changes: plan.changes }).edits)).toContain(cellKey('L2', 'validFrom'));
  });

  it('new rows are validated whole (required cells), as the server would', () => {
    const fresh: EntityRow = {
      id: 'new:1',
      version: 0,
      ownerId: BORAS,
      ownerName: 'Borås',
      values: { municipalityId: null, providerId: null, modules: null, validFrom: null, validTo: null },
      labels: {},
      isNew: true,
    };
    const staging = entityReducer(emptyStaging(), { type: 'stage', changes: [], add: ['new:1'] });
    const v = viewRow(fresh, { config: licences, viewer: orgAdmin, staging, byRow: editsByRow(staging), lookups, today: TODAY, editing: true });
    expect(v.isNew).toBe(true);
    expect(v.cells.municipalityId?.[0]?.code).toBe('required');
    expect(v.cells.providerId?.[0]?.code).toBe('required');
  });
});
