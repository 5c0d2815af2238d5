import { describe, expect, it } from 'vitest';
import { validateOrganisation, validatePowerOfAttorney, type OrganisationInput } from '../src/organisations';
import { codes } from './helpers';

const base: OrganisationInput = {
  kind: 'region',
  name: 'Västra Götalandsregionen',
  organisationNumber: '232100-0131',
  hsaId: 'SE2321000131-E000000000001',
  ownPrincipal: true,
  municipalityCode: null,
  associationId: null,
  licensingMunicipalityId: null,
};
const org = (o: Partial<OrganisationInput> = {}): OrganisationInput => ({ ...base, ...o });
const göteborg = org({ kind: 'municipality', name: 'Göteborgs Stad', organisationNumber: null, hsaId: null, municipalityCode: '1480', associationId: 2 });

describe('validateOrganisation', () => {
  it('passes VGR and a municipality', () => {
    expect(validateOrganisation(org())).toEqual([]);
    expect(validateOrganisation(göteborg)).toEqual([]);
  });

  it('checks kind and name', () => {
    expect(codes(validateOrganisation(org({ kind: 'county' })))).toEqual(['kind:enum']);
    expect(codes(validateOrganisation(org({ name: '  ' })))).toEqual(['name:required']);
  });

  it('checks the organisation number and HSA-id when given', () => {
    expect(codes(validateOrganisation(org({ organisationNumber: '232100-0132', hsaId: null })))).toEqual(['organisationNumber:organisation_number.luhn']);
    expect(codes(validateOrganisation(org({ hsaId: 'se2321000131-E1' })))).toEqual(['hsaId:hsa_id.format']);
    expect(validateOrganisation(org({ organisationNumber: null, hsaId: '' }))).toEqual([]);
  });

  it("requires the HSA-id to carry the organisation's own number", () => {
    expect(validateOrganisation(org({ organisationNumber: '2321000131' }))).toEqual([]);
    const v = validateOrganisation(org({ organisationNumber: '212000-1355' }));
    expect(codes(v)).toEqual(['hsaId:hsa_id.organisation_number_mismatch']);
    expect(v[0]!.message).toContain('2321000131');
  });

  it('requires a valid county-14 code of a municipality', () => {
    expect(codes(validateOrganisation({ ...göteborg, municipalityCode: null }))).toEqual(['municipalityCode:required']);
    expect(codes(validateOrganisation({ ...göteborg, municipalityCode: '0180' }))).toEqual(['municipalityCode:municipality_code.county']);
    expect(codes(validateOrganisation({ ...göteborg, municipalityCode: '180' }))).toEqual(['municipalityCode:municipality_code.format']);
  });

  it('gives a municipality code to municipalities only', () => {
    expect(codes(validateOrganisation(org({ municipalityCode: '1480' })))).toEqual(['municipalityCode:municipality_code.not_municipality']);
  });

  it('requires the licensing municipality of a private care provider', () => {
    const provider = org({ kind: 'private_care_provider', name: 'Vårdbolaget AB', organisationNumber: null, hsaId: null, ownPrincipal: false });
    expect(codes(validateOrganisation(provider))).toEqual(['licensingMunicipalityId:required']);
    expect(validateOrganisation({ ...provider, licensingMunicipalityId: 7 })).toEqual([]);
  });

  it('holds an independent school to be its own principal', () => {
    const school = org({ kind: 'independent_school', name: 'Friskolan', organisationNumber: null, hsaId: null });
    expect(validateOrganisation(school)).toEqual([]);
    expect(codes(validateOrganisation({ ...school, ownPrincipal: false }))).toEqual(['ownPrincipal:organisation.independent_school_own_principal']);
  });
});

describe('validatePowerOfAttorney', () => {
  it('passes real dates in order, and dates left out', () => {
    expect(validatePowerOfAttorney({ grantedOn: '2017-03-01', validFrom: '2017-03-01', validTo: '2028-12-31' })).toEqual([]);
    expect(validatePowerOfAttorney({ grantedOn: null, validFrom: null, validTo: null })).toEqual([]);
  });
  it('names a date that does not exist, and an end before the start', () => {
    expect(codes(validatePowerOfAttorney({ grantedOn: '2017-02-30', validFrom: null, validTo: null }))).toEqual(['grantedOn:date.format']);
    const backwards = validatePowerOfAttorney({ grantedOn: null, validFrom: '2026-01-01', validTo: '2025-06-30' });
    expect(codes(backwards)).toEqual(['validTo:power_of_attorney.valid_range']);
  });
});
