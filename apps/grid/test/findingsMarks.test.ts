import { describe, expect, it } from 'vitest';
import { checkLabel, countsByCheck, findingsOf, indexFindings, rowKey, sameRow, subjectsOfType, type RegistryFindingItem } from '../src/findings/marks';
import { routeOfSubject } from '../src/findings/routes';

const gid = (type: string, id: number) => btoa(`${type}:${id}`);
const finding = (check: string, subjectType: string, id: number, message = `${check} ${id}`): RegistryFindingItem => ({
  check,
  subjectType,
  subjectId: gid(subjectType, id),
  message,
  messageSv: `sv: ${message}`,
  organisation: null,
});

describe('findings are matched to grid rows by row, not by global ID', () => {
  const findings = [
    finding('PROCESSOR_AGREEMENT_MISSING_ART28', 'Agreement', 5),
    finding('AGREEMENT_EXPIRING', 'Agreement', 5),
    finding('JOINT_CONTROLLERSHIP_GAP', 'Agreement', 6),
    finding('LINKED_OPTION_ALONE', 'Organisation', 14),
    finding('CALL_OFF_WITHOUT_POWER_OF_ATTORNEY', 'CallOff', 5),
    finding('RETENTION_WITHOUT_PURGE_DECISION', 'RetentionRule', 5),
  ];
  const index = indexFindings(findings);

  it('a processor agreement row (ProcessorAgreement ID) carries the findings about its Agreement', () => {
    expect(findingsOf(index, gid('ProcessorAgreement', 5)).map((f) => f.check)).toEqual(['PROCESSOR_AGREEMENT_MISSING_ART28', 'AGREEMENT_EXPIRING']);
    expect(findingsOf(index, gid('Agreement', 5))).toHaveLength(2);
    expect(findingsOf(index, gid('JointControllership', 6)).map((f) => f.check)).toEqual(['JOINT_CONTROLLERSHIP_GAP']);
  });

  it('the same number in another table is another row', () => {
    expect(findingsOf(index, gid('RetentionRule', 5)).map((f) => f.check)).toEqual(['RETENTION_WITHOUT_PURGE_DECISION']);
    expect(findingsOf(index, gid('Licence', 5))).toEqual([]);
    expect(findingsOf(index, gid('InformationAsset', 6))).toEqual([]);
    expect(sameRow(gid('CallOff', 5), gid('Agreement', 5))).toBe(false);
  });

  it('a municipality row carries findings about the Organisation and, in the matrix, about its call-offs', () => {
    expect(findingsOf(index, gid('Municipality', 14)).map((f) => f.check)).toEqual(['LINKED_OPTION_ALONE']);
    expect(findingsOf(index, gid('Municipality', 14), [gid('CallOff', 5), gid('CallOff', 6)]).map((f) => f.check)).toEqual([
      'LINKED_OPTION_ALONE',
      'CALL_OFF_WITHOUT_POWER_OF_ATTORNEY',
    ]);
    expect(findingsOf(index, gid('Municipality', 15))).toEqual([]);
  });

  it('a finding named twice (row and a row inside it of the same family) counts once', () => {
    expect(findingsOf(index, gid('Agreement', 6), [gid('JointControllership', 6)])).toHaveLength(1);
  });

  it('the "only rows with findings" filter asks for the subjects of the grid’s family only, once each', () => {
    expect(subjectsOfType(findings, 'ProcessorAgreement')).toEqual([gid('Agreement', 5), gid('Agreement', 6)]);
    expect(subjectsOfType(findings, 'Municipality')).toEqual([gid('Organisation', 14)]);
    expect(subjectsOfType(findings, 'Licence')).toEqual([]);
  });

  it('a string that is not a global ID is compared as it is', () => {
    expect(rowKey('not base64!')).toBe('not base64!');
    expect(findingsOf(index, 'not base64!')).toEqual([]);
  });
});

describe('checks and subjects the grid does not know yet are shown all the same', () => {
  it('a known check by the domain’s label, in the language shown', () => {
    expect(checkLabel('AGREEMENT_EXPIRING', 'sv')).toBe('Avtal som snart löper ut');
    expect(checkLabel('AGREEMENT_EXPIRING', 'en')).toBe('An agreement expiring soon');
  });
  it('an unknown check by its key in words, never dropped', () => {
    expect(checkLabel('CONSENT_WITHOUT_RECORD', 'en')).toBe('Consent without record');
    const counts = countsByCheck(
      [finding('CONSENT_WITHOUT_RECORD', 'UserLogEntry', 1), finding('AGREEMENT_EXPIRING', 'Agreement', 1), finding('AGREEMENT_EXPIRING', 'Agreement', 2)],
      'en',
    );
    expect(counts).toEqual([
      { check: 'AGREEMENT_EXPIRING', label: 'An agreement expiring soon', count: 2 },
      { check: 'CONSENT_WITHOUT_RECORD', label: 'Consent without record', count: 1 },
    ]);
  });
  it('an unknown subject type has no view to jump to', () => {
    expect(routeOfSubject('UserLogEntry')).toBeNull();
    expect(routeOfSubject('toString')).toBeNull();
    expect(routeOfSubject('RetentionRule')).toBe('retention-rules');
    expect(routeOfSubject('Organisation')).toBe('call-offs');
  });
});
