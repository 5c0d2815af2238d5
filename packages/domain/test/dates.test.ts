import { describe, expect, it } from 'vitest';
import { addMonths, addYears, isIsoDate, isWithin } from '../src/dates';

describe('isIsoDate', () => {
  it('accepts real calendar dates', () => {
    for (const d of ['2020-05-29', '2024-02-29', '2000-02-29', '1999-12-31']) expect(isIsoDate(d)).toBe(true);
  });
  it('rejects other shapes and days that do not exist', () => {
    for (const d of ['2020-02-30', '2023-02-29', '1900-02-29', '2020-04-31', '2020-13-01', '2020-00-10', '2020-5-29', '20200529', '', '2020-05-29T00:00'])
      expect(isIsoDate(d)).toBe(false);
  });
});

describe('addYears', () => {
  it('adds whole years', () => {
    expect(addYears('2020-05-29', 10)).toBe('2030-05-29');
    expect(addYears('2020-05-29', 14)).toBe('2034-05-29');
  });
  it('turns 29 February into 28 February in a common year', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });
  it('refuses a non-date rather than inventing one', () => {
    expect(() => addYears('2020-02-30', 1)).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it('clamps to the end of a shorter month and crosses years', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
  });
});

describe('isWithin', () => {
  it('is inclusive at both ends', () => {
    expect(isWithin('2020-01-01', '2020-01-01', '2020-12-31')).toBe(true);
    expect(isWithin('2020-12-31', '2020-01-01', '2020-12-31')).toBe(true);
    expect(isWithin('2021-01-01', '2020-01-01', '2020-12-31')).toBe(false);
    expect(isWithin('2019-12-31', '2020-01-01', '2020-12-31')).toBe(false);
  });
  it('treats null as open', () => {
    expect(isWithin('1900-01-01', null, '2020-12-31')).toBe(true);
    expect(isWithin('2999-01-01', '2020-01-01', null)).toBe(true);
    expect(isWithin('2020-06-01', null, null)).toBe(true);
  });
});
