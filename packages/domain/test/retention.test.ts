import { describe, expect, it } from 'vitest';
import { LEGAL_BASIS, LEGAL_MINIMUM_YEARS, legalMinimumYears, validateRetentionRule, type RetentionRuleInput } from '../src/retention';
import { codes } from './helpers';

const decided = {
  purgeDecisionBody: 'Socialnämnden',
  purgeDecisionReference: 'SN 2021/123',
  purgeDecisionOn: '2021-09-20',
};
const purge = (r: Partial<RetentionRuleInput> = {}): RetentionRuleInput => ({
  action: 'purge',
  years: 10,
  trigger: 'last_entry',
  ...decided,
  ...r,
});
const patientRecord = { recordKind: 'patient_record' };
const accessLog = { recordKind: 'access_log' };

describe('legal minimums', () => {
  it('are 10 years for patient records and 5 for access logs, with their basis', () => {
    expect(LEGAL_MINIMUM_YEARS).toEqual({ patient_record: 10, access_log: 5 });
    expect(LEGAL_BASIS.patient_record).toContain('3 kap. 17 §');
    expect(LEGAL_BASIS.access_log).toContain('HSLF-FS 2016:40');
    expect(legalMinimumYears('other')).toBeNull();
    expect(legalMinimumYears('toString')).toBeNull();
  });
});

describe('validateRetentionRule', () => {
  it('passes a decided purge at the legal minimum', () => {
    expect(validateRetentionRule(purge(), patientRecord)).toEqual([]);
    expect(validateRetentionRule(purge({ years: 5, trigger: 'creation' }), accessLog)).toEqual([]);
  });

  it('passes preservation without a purge decision', () => {
    const preserve = { action: 'preserve', years: null, trigger: 'last_entry', purgeDecisionBody: null, purgeDecisionReference: null, purgeDecisionOn: null };
    expect(validateRetentionRule(preserve, patientRecord)).toEqual([]);
  });

  it('checks action, trigger and decision date', () => {
    expect(codes(validateRetentionRule(purge({ action: 'delete' }), patientRecord))).toEqual(['action:enum']);
    expect(codes(validateRetentionRule(purge({ trigger: 'discharge' }), patientRecord))).toEqual(['trigger:enum']);
    expect(codes(validateRetentionRule(purge({ purgeDecisionOn: '2021-02-29' }), patientRecord))).toEqual(['purgeDecisionOn:date.format']);
  });

  it('requires years for a purge, as a whole number', () => {
    expect(codes(validateRetentionRule(purge({ years: null }), patientRecord))).toEqual(['years:required']);
    expect(codes(validateRetentionRule(purge({ years: 10.5 }), patientRecord))).toEqual(['years:retention.years_invalid']);
  });

  it("requires the owner's purge decision: body, reference and date", () => {
    const v = validateRetentionRule(purge({ purgeDecisionBody: null, purgeDecisionReference: ' ', purgeDecisionOn: null }), patientRecord);
    expect(codes(v)).toEqual([
      'purgeDecisionBody:retention.purge_decision_required',
      'purgeDecisionReference:retention.purge_decision_required',
      'purgeDecisionOn:retention.purge_decision_required',
    ]);
  });

  it('refuses purging patient records before 10 years', () => {
    const v = validateRetentionRule(purge({ years: 9 }), patientRecord);
    expect(codes(v)).toEqual(['years:retention.below_legal_minimum']);
    expect(v[0]!.message).toContain('10 years');
    expect(v[0]!.messageSv).toContain('Patientdatalagen');
  });

  it('refuses purging access logs before 5 years', () => {
    expect(codes(validateRetentionRule(purge({ years: 4 }), accessLog))).toEqual(['years:retention.below_legal_minimum']);
  });

  it('sets no minimum for other records', () => {
    expect(validateRetentionRule(purge({ years: 2 }), { recordKind: 'other' })).toEqual([]);
  });

  it('needs the category it applies to', () => {
    expect(codes(validateRetentionRule(purge(), null))).toEqual(['categoryId:required']);
  });
});
