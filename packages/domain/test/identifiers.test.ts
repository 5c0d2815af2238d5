import { describe, expect, it } from 'vitest';
import {
  luhnCheckDigit,
  luhnValid,
  normaliseOrganisationNumber,
  validateHsaId,
  validateMunicipalityCode,
  validateOrganisationNumber,
} from '../src/identifiers';
import { codes } from './helpers';

// DOMAIN.md's reference data: the 49 municipalities of Västra Götaland by association.
const MUNICIPALITY_CODES: Record<string, Record<string, string>> = {
  Fyrbodal: {
    Bengtsfors: '1460',
    'Dals-Ed': '1438',
    Färgelanda: '1439',
    Lysekil: '1484',
    Mellerud: '1461',
    Munkedal: '1430',
    Orust: '1421',
    Sotenäs: '1427',
    Strömstad: '1486',
    Tanum: '1435',
    Trollhättan: '1488',
    Uddevalla: '1485',
    Vänersborg: '1487',
    Åmål: '1492',
  },
  Göteborgsregionen: {
    Ale: '1440',
    Alingsås: '1489',
    Göteborg: '1480',
    Härryda: '1401',
    Kungälv: '1482',
    Lerum: '1441',
    'Lilla Edet': '1462',
    Mölndal: '1481',
    Partille: '1402',
    Stenungsund: '1415',
    Tjörn: '1419',
    Öckerö: '1407',
  },
  Sjuhärad: {
    Bollebygd: '1443',
    Borås: '1490',
    Herrljunga: '1466',
    Mark: '1463',
    Svenljunga: '1465',
    Tranemo: '1452',
    Ulricehamn: '1491',
    Vårgårda: '1442',
  },
  Skaraborg: {
    Essunga: '1445',
    Falköping: '1499',
    Grästorp: '1444',
    Gullspång: '1447',
    Götene: '1471',
    Hjo: '1497',
    Karlsborg: '1446',
    Lidköping: '1494',
    Mariestad: '1493',
    Skara: '1495',
    Skövde: '1496',
    Tibro: '1472',
    Tidaholm: '1498',
    Töreboda: '1473',
    Vara: '1470',
  },
};

describe('luhnValid', () => {
  it('accepts a correct check digit and rejects a wrong one', () => {
    expect(luhnValid('2321000131')).toBe(true);
    expect(luhnValid('2321000132')).toBe(false);
  });
  it('rejects anything but digits', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('232100-0131')).toBe(false);
  });
});

describe('normaliseOrganisationNumber', () => {
  it('accepts the printed form and bare digits', () => {
    expect(normaliseOrganisationNumber('232100-0131')).toBe('2321000131');
    expect(normaliseOrganisationNumber('2321000131')).toBe('2321000131');
    expect(normaliseOrganisationNumber(' 232100-0131 ')).toBe('2321000131');
  });
  it('returns null for other shapes', () => {
    for (const s of ['23210-00131', '232100 0131', '16232100-0131', '232100-013', 'abcdef-ghij', '']) expect(normaliseOrganisationNumber(s)).toBeNull();
  });
});

describe('validateOrganisationNumber', () => {
  it("accepts VGR's number in both forms", () => {
    expect(validateOrganisationNumber('232100-0131')).toEqual([]);
    expect(validateOrganisationNumber('2321000131')).toEqual([]);
  });
  it('accepts municipal 212000-xxxx numbers with a correct check digit', () => {
    // Check digits computed with the Luhn algorithm for these prefixes.
    for (const n of ['212000-1355', '212000-1421', '212000-1538', '212000-0993']) expect(validateOrganisationNumber(n)).toEqual([]);
  });
  it('rejects a wrong check digit', () => {
    for (const n of ['232100-0132', '212000-1422', '212000-1539']) {
      expect(codes(validateOrganisationNumber(n))).toEqual(['organisationNumber:organisation_number.luhn']);
    }
  });
  it('rejects a wrong shape, on the field given', () => {
    const v = validateOrganisationNumber('2321-000131', 'supplierNumber');
    expect(codes(v)).toEqual(['supplierNumber:organisation_number.format']);
    expect(v[0]!.message).toContain('2321-000131');
    expect(v[0]!.messageSv).toContain('2321-000131');
  });
  it('does not require the third digit to be 2 or more', () => {
    expect(validateOrganisationNumber('121212-1212')).toEqual([]);
  });
});

describe('validateHsaId', () => {
  it("accepts VGR's HSA-ids", () => {
    expect(validateHsaId('SE2321000131-E000000000001')).toEqual([]);
    expect(validateHsaId('SE2321000131-S000000010252')).toEqual([]);
    expect(validateHsaId('SE2120001355-a1')).toEqual([]);
  });
  it('accepts exactly 31 characters and rejects 32', () => {
    const at31 = 'SE2321000131-' + 'E'.repeat(18);
    expect(at31).toHaveLength(31);
    expect(validateHsaId(at31)).toEqual([]);
    expect(codes(validateHsaId(at31 + '1'))).toEqual(['hsaId:hsa_id.length']);
  });
  it('rejects a lowercase prefix and other shapes', () => {
    for (const s of ['se2321000131-E000000000001', 'SE232100-0131-E1', 'SE2321000131E0001', 'SE2321000131-', 'SE2321000131-E 1', 'SE232100013-E1'])
      expect(codes(validateHsaId(s))).toEqual(['hsaId:hsa_id.format']);
  });
  it('rejects an organisation number with a wrong check digit', () => {
    expect(codes(validateHsaId('SE2321000132-E000000000001', 'userHsaId'))).toEqual(['userHsaId:hsa_id.luhn']);
  });
});

describe('validateMunicipalityCode', () => {
  const all = Object.values(MUNICIPALITY_CODES).flatMap((m) => Object.entries(m));
  it('the reference list has 49 distinct municipalities', () => {
    expect(all).toHaveLength(49);
    expect(new Set(all.map(([, code]) => code)).size).toBe(49);
  });
  it.each(all)('accepts %s (%s)', (_name, code) => {
    expect(validateMunicipalityCode(code)).toEqual([]);
  });
  it('rejects codes that are not four digits', () => {
    for (const c of ['148', '14800', '14a0', '', ' 1480']) expect(codes(validateMunicipalityCode(c))).toEqual(['municipalityCode:municipality_code.format']);
  });
  it('rejects codes outside county 14', () => {
    const v = validateMunicipalityCode('0180', 'code');
    expect(codes(v)).toEqual(['code:municipality_code.county']);
    expect(v[0]!.message).toContain('0180');
  });
});

describe('luhnCheckDigit', () => {
  it('completes a number so that it passes the check', () => {
    expect(luhnCheckDigit('232100013')).toBe(1);
    for (const nine of ['559000000', '212000135', '987654321']) expect(luhnValid(`${nine}${luhnCheckDigit(nine)}`)).toBe(true);
  });
});
