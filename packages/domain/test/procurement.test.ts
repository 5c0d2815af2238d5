import { describe, expect, it } from 'vitest';
import {
  agreementEndDate,
  isCallOffWindowOpen,
  PROCUREMENT_MAX_EXTENSION_YEARS,
  PROCUREMENT_TERM_YEARS,
  validateProcurementTerm,
  type ProcurementTerm,
} from '../src/procurement';
import { codes } from './helpers';

const term = (p: Partial<ProcurementTerm> = {}): ProcurementTerm => ({
  implementationCompletedOn: '2024-02-29',
  termYears: PROCUREMENT_TERM_YEARS,
  maxExtensionYears: PROCUREMENT_MAX_EXTENSION_YEARS,
  extensionYears: 0,
  ...p,
});

describe('agreementEndDate', () => {
  it('is null until implementation is completed', () => {
    expect(agreementEndDate(term({ implementationCompletedOn: null }))).toBeNull();
  });
  it('is ten years after completed implementation, plus any extension', () => {
    expect(agreementEndDate(term())).toBe('2034-02-28');
    expect(agreementEndDate(term({ implementationCompletedOn: '2025-05-01', extensionYears: 4 }))).toBe('2039-05-01');
  });
});

describe('validateProcurementTerm', () => {
  it('passes 10 years with 0 to 4 years of extension', () => {
    for (const extensionYears of [0, 1, 4]) expect(validateProcurementTerm(term({ extensionYears }))).toEqual([]);
  });
  it('rejects an extension beyond the maximum', () => {
    const v = validateProcurementTerm(term({ extensionYears: 5 }));
    expect(codes(v)).toEqual(['extensionYears:procurement.extension_exceeds_max']);
    expect(v[0]!.messageSv).toContain('högst 4 år');
  });
  it('rejects a negative or fractional extension', () => {
    expect(codes(validateProcurementTerm(term({ extensionYears: -1 })))).toEqual(['extensionYears:procurement.extension_invalid']);
    expect(codes(validateProcurementTerm(term({ extensionYears: 1.5 })))).toEqual(['extensionYears:procurement.extension_invalid']);
  });
  it('rejects a term of zero years', () => {
    expect(codes(validateProcurementTerm(term({ termYears: 0 })))).toEqual(['termYears:procurement.term_invalid']);
  });
  it('rejects an implementation date that is not a date', () => {
    expect(codes(validateProcurementTerm(term({ implementationCompletedOn: '2024-02-30' })))).toEqual(['implementationCompletedOn:date.format']);
  });
});

describe('isCallOffWindowOpen', () => {
  const window = { opensOn: '2020-03-01', closesOn: '2020-05-31' };
  it('is open from opening to closing day inclusive', () => {
    expect(isCallOffWindowOpen(window, '2020-03-01')).toBe(true);
    expect(isCallOffWindowOpen(window, '2020-05-31')).toBe(true);
  });
  it('is shut before and after', () => {
    expect(isCallOffWindowOpen(window, '2020-02-29')).toBe(false);
    expect(isCallOffWindowOpen(window, '2020-06-01')).toBe(false);
  });
  it('treats missing bounds as open', () => {
    expect(isCallOffWindowOpen({ opensOn: null, closesOn: null }, '2030-01-01')).toBe(true);
  });
});
