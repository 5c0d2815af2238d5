import { describe, expect, it } from 'vitest';
import { luhnValid, parsePersonalIdentityNumber, validatePersonalIdentityNumber } from '../src/identifiers';
import { codes } from './helpers';

const TODAY = '2025-06-15';

describe('parsePersonalIdentityNumber', () => {
  it("accepts Skatteverket's test number 19121212-1212 in every form", () => {
    const expected = { normalised: '191212121212', kind: 'personal' };
    expect(parsePersonalIdentityNumber('19121212-1212', TODAY)).toEqual(expected);
    expect(parsePersonalIdentityNumber('191212121212', TODAY)).toEqual(expected);
    // Born 1912, so in 2025 the 10-digit form carries '+'.
    expect(parsePersonalIdentityNumber('121212+1212', TODAY)).toEqual(expected);
  });

  it('reads a coordination number (day + 60)', () => {
    // 1970-10-03 as day 63; the check digit 1 makes 7010632391 Luhn-valid.
    expect(luhnValid('7010632391')).toBe(true);
    expect(parsePersonalIdentityNumber('19701063-2391', TODAY)).toEqual({ normalised: '197010632391', kind: 'coordination' });
    expect(parsePersonalIdentityNumber('701063-2391', TODAY)).toEqual({ normalised: '197010632391', kind: 'coordination' });
  });

  it('resolves the century of the 10-digit form against today', () => {
    // '-' and 10 digits: under 100, so 121212 is 2012 in 2025.
    expect(parsePersonalIdentityNumber('121212-1212', TODAY)?.normalised).toBe('201212121212');
    expect(parsePersonalIdentityNumber('1212121212', TODAY)?.normalised).toBe('201212121212');
    // A birthday later in the year than today belongs to the previous century.
    expect(parsePersonalIdentityNumber('121212-1212', '2012-12-11')?.normalised).toBe('191212121212');
    expect(parsePersonalIdentityNumber('121212-1212', '2012-12-12')?.normalised).toBe('201212121212');
  });

  it('rejects a wrong check digit', () => {
    expect(parsePersonalIdentityNumber('19121212-1213', TODAY)).toBeNull();
  });

  it('rejects a date that does not exist', () => {
    // 30 February with a check digit that would otherwise pass.
    const digits = '1902301234';
    const fixed = digits.slice(0, 9) + [...'0123456789'].find((c) => luhnValid(digits.slice(0, 9) + c));
    expect(luhnValid(fixed)).toBe(true);
    expect(parsePersonalIdentityNumber(`20${fixed}`, TODAY)).toBeNull();
  });

  it('rejects other shapes', () => {
    for (const s of ['19121212 1212', '1912121-21212', '12121212', '19121212+1212', 'abc']) expect(parsePersonalIdentityNumber(s, TODAY)).toBeNull();
  });
});

describe('validatePersonalIdentityNumber', () => {
  it('passes valid numbers', () => {
    expect(validatePersonalIdentityNumber('19121212-1212', undefined, TODAY)).toEqual([]);
    expect(validatePersonalIdentityNumber('19701063-2391', undefined, TODAY)).toEqual([]);
  });
  it('reports the shape', () => {
    expect(codes(validatePersonalIdentityNumber('1912-1212', undefined, TODAY))).toEqual(['patient:personal_identity_number.format']);
  });
  it('reports February 30 as no date', () => {
    expect(codes(validatePersonalIdentityNumber('20200230-1234', 'subject', TODAY))).toEqual(['subject:personal_identity_number.date']);
  });
  it('reports the check digit, without repeating the number', () => {
    const v = validatePersonalIdentityNumber('19121212-1213', undefined, TODAY);
    expect(codes(v)).toEqual(['patient:personal_identity_number.luhn']);
    expect(v[0]!.message).not.toContain('1212');
    expect(v[0]!.messageSv).not.toContain('1212');
  });
});
