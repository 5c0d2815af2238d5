import { describe, expect, it } from 'vitest';
import { validateLicence, type LicenceInput } from '../src/licences';
import { codes } from './helpers';

const licence = (l: Partial<LicenceInput> = {}): LicenceInput => ({
  validFrom: '2024-01-01',
  validTo: '2026-12-31',
  modules: 'Kommunal hälso- och sjukvård',
  ...l,
});
const borås = { kind: 'municipality' };
const provider = { kind: 'private_care_provider', ownPrincipal: false };

describe('validateLicence', () => {
  it("passes a municipality's licence to its private care provider", () => {
    expect(validateLicence(licence(), borås, provider)).toEqual([]);
  });

  it('is granted by a municipality only', () => {
    expect(codes(validateLicence(licence(), { kind: 'region' }, provider))).toEqual(['municipalityId:licence.licensor_kind']);
    expect(codes(validateLicence(licence(), null, provider))).toEqual(['municipalityId:required']);
  });

  it('is never granted to a provider that is its own principal', () => {
    const v = validateLicence(licence(), borås, { kind: 'private_care_provider', ownPrincipal: true });
    expect(codes(v)).toEqual(['providerId:licence.own_principal_provider']);
    expect(v[0]!.messageSv).toContain('med undantag för sådana privata vårdgivare som är egna huvudmän');
  });

  it('is never granted to an independent school', () => {
    expect(codes(validateLicence(licence(), borås, { kind: 'independent_school', ownPrincipal: true }))).toEqual(['providerId:licence.own_principal_provider']);
    expect(codes(validateLicence(licence(), borås, { kind: 'independent_school', ownPrincipal: false }))).toEqual([
      'providerId:licence.own_principal_provider',
    ]);
  });

  it('is granted to private care providers only', () => {
    expect(codes(validateLicence(licence(), borås, { kind: 'supplier', ownPrincipal: false }))).toEqual(['providerId:licence.provider_kind']);
    expect(codes(validateLicence(licence(), borås, null))).toEqual(['providerId:required']);
  });

  it('checks its dates', () => {
    expect(codes(validateLicence(licence({ validFrom: '2024-13-01' }), borås, provider))).toEqual(['validFrom:date.format']);
    expect(codes(validateLicence(licence({ validFrom: '2027-01-01' }), borås, provider))).toEqual(['validTo:licence.valid_range']);
    expect(validateLicence(licence({ validFrom: null, validTo: null }), borås, provider)).toEqual([]);
  });
});
