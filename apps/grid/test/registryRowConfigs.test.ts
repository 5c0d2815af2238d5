import { describe, expect, it } from 'vitest';
import type { EntityRow, ValidateContext } from '../src/editing/entity';
import { NO_LOOKUPS, type Lookups } from '../src/editing/lookups';
import { nonMunicipalOrganisations } from '../src/entities/organisations';
import { powersOfAttorney } from '../src/entities/powersOfAttorney';
import { processingInstructions } from '../src/entities/processingInstructions';
import { procurements } from '../src/entities/procurements';
import { responsibilities } from '../src/entities/responsibilities';
import { historySubject } from '../src/views/RowHistoryView';

// The new views' own logic, without a browser: the domain's rules on a row's values, the derived
// end date, the references' choices and the history's subject.

const lookups: Lookups = {
  ...NO_LOOKUPS,
  ready: true,
  processorAgreements: [{ id: btoa('ProcessorAgreement:7'), title: 'Demo: PUB-avtal' }],
  jointControllerships: [{ id: btoa('JointControllership:9'), title: 'Demo: SAMSA' }],
  services: [{ id: btoa('Service:2'), name: 'Millennium' }],
};
const row: EntityRow = { id: 'x', version: 1, ownerId: null, ownerName: null, values: {}, labels: {} };
const ctx: ValidateContext = { row, isNew: false, edited: new Set(), lookups, today: '2026-12-03' };
const codes = (config: { validate?: (v: Record<string, unknown>, c: ValidateContext) => { field: string; code: string }[] }, values: Record<string, unknown>) =>
  config.validate!(values, ctx).map((v) => `${v.field}:${v.code}`);
const column = (config: { columns: readonly { field: string }[] }, field: string) =>
  config.columns.find((c) => c.field === field)! as (typeof procurements.columns)[number];

describe('procurements', () => {
  const term = { implementationCompletedOn: '2022-11-01', termYears: 10, maxExtensionYears: 4, extensionYears: 0 };
  it('checks the term by the domain’s rule, and leaves an empty count to the required rule', () => {
    expect(codes(procurements, term)).toEqual([]);
    expect(codes(procurements, { ...term, extensionYears: 5 })).toEqual(['extensionYears:procurement.extension_exceeds_max']);
    expect(codes(procurements, { ...term, termYears: 0 })).toEqual(['termYears:procurement.term_invalid']);
    expect(codes(procurements, { ...term, termYears: null })).toEqual([]);
  });
  it('derives the agreements’ end from completed implementation, never typed', () => {
    const end = column(procurements, 'agreementEndsOn');
    expect(end.kind).toBe('computed');
    expect(end.compute!(term, row, lookups)).toBe('2032-11-01');
    expect(end.compute!({ ...term, extensionYears: 4 }, row, lookups)).toBe('2036-11-01');
    expect(end.compute!({ ...term, implementationCompletedOn: null }, row, lookups)).toBe('');
    expect(end.compute!({ ...term, termYears: null }, row, lookups)).toBe('');
  });
});

describe('powers of attorney', () => {
  it('mark an end before the start and a date that does not exist', () => {
    expect(codes(powersOfAttorney, { grantedOn: null, validFrom: '2026-01-01', validTo: '2027-12-31' })).toEqual([]);
    expect(codes(powersOfAttorney, { grantedOn: '2017-02-30', validFrom: '2026-01-01', validTo: '2025-06-30' })).toEqual([
      'grantedOn:date.format',
      'validTo:power_of_attorney.valid_range',
    ]);
  });
});

describe('organisations that are not municipalities', () => {
  it('are checked by validateOrganisation: a private provider needs its licensing municipality, a school is its own principal', () => {
    const provider = {
      kind: 'private_care_provider',
      name: 'Omsorg AB',
      organisationNumber: null,
      hsaId: null,
      ownPrincipal: false,
      associationId: null,
      licensingMunicipalityId: 'M1',
    };
    expect(codes(nonMunicipalOrganisations, provider)).toEqual([]);
    expect(codes(nonMunicipalOrganisations, { ...provider, licensingMunicipalityId: null })).toEqual(['licensingMunicipalityId:required']);
    expect(codes(nonMunicipalOrganisations, { ...provider, kind: 'independent_school' })).toEqual([
      'ownPrincipal:organisation.independent_school_own_principal',
    ]);
    expect(codes(nonMunicipalOrganisations, { ...provider, hsaId: 'inte ett HSA-id' })).toContain('hsaId:hsa_id.format');
  });
  it('offer every kind but the municipality', () => {
    expect(column(nonMunicipalOrganisations, 'kind').vocabulary!.values).not.toContain('municipality');
    expect(column(nonMunicipalOrganisations, 'kind').vocabulary!.values).toContain('national_body');
  });
});

describe('instructions and responsibilities', () => {
  it('point at the agreement row, whichever list named it', () => {
    expect(column(processingInstructions, 'agreementId').options!(lookups, {})).toEqual([{ id: btoa('Agreement:7'), label: 'Demo: PUB-avtal' }]);
    expect(column(responsibilities, 'agreementId').options!(lookups, {})).toEqual([{ id: btoa('Agreement:9'), label: 'Demo: SAMSA' }]);
    expect(column(processingInstructions, 'serviceId').options!(lookups, {})).toEqual([{ id: btoa('Service:2'), label: 'Millennium' }]);
  });
  it('check the area of responsibility against its vocabulary', () => {
    expect(codes(responsibilities, { area: 'information_to_data_subjects' })).toEqual([]);
    expect(codes(responsibilities, { area: 'banana' })).toEqual(['area:enum']);
  });
});

describe('the history panel', () => {
  it('reads the change history’s subject from a row’s global ID', () => {
    expect(historySubject(btoa('PowerOfAttorney:12'))).toEqual({ entity: 'PowerOfAttorney', entityId: 12 });
    expect(historySubject('not an id')).toBeNull();
    expect(historySubject(btoa('PowerOfAttorney:x'))).toBeNull();
  });
});
