import { describe, expect, it } from 'vitest';
import { jointControllershipGaps, validateJointControllership, type JointControllershipFacts } from '../src/agreements';
import { codes } from './helpers';

const samsa = (a: Partial<JointControllershipFacts> = {}): JointControllershipFacts => ({
  governingBody: 'Ledningsrådet',
  contactPoint: 'dataskydd@example.se',
  publicSummary: 'VGR och de 49 kommunerna är gemensamt personuppgiftsansvariga för SAMSA.',
  status: 'signed',
  ...a,
});

describe('validateJointControllership', () => {
  it('passes a complete signed arrangement', () => {
    expect(validateJointControllership(samsa(), 50)).toEqual([]);
  });
  it('requires a contact point and a public summary once signed', () => {
    expect(codes(validateJointControllership(samsa({ contactPoint: null, publicSummary: '  ' }), 50))).toEqual([
      'contactPoint:joint_controllership.contact_point_missing',
      'publicSummary:joint_controllership.public_summary_missing',
    ]);
  });
  it('requires two or more controllers once signed', () => {
    expect(codes(validateJointControllership(samsa(), 1))).toEqual(['parties:joint_controllership.party_missing']);
  });
  it('lets a draft be incomplete', () => {
    expect(validateJointControllership(samsa({ status: 'draft', contactPoint: null, publicSummary: null }), 0)).toEqual([]);
  });
  it('checks the status', () => {
    expect(codes(validateJointControllership(samsa({ status: 'done' }), 50))).toEqual(['status:enum']);
  });
});

describe('jointControllershipGaps', () => {
  it('is empty for a complete arrangement', () => {
    expect(jointControllershipGaps(samsa(), 50, 50)).toEqual([]);
  });
  it('lists missing parties, contact point and summary, whatever the status', () => {
    expect(jointControllershipGaps(samsa({ status: 'draft', contactPoint: '', publicSummary: null }), 1)).toEqual([
      'joint_controllership.party_missing',
      'joint_controllership.contact_point_missing',
      'joint_controllership.public_summary_missing',
    ]);
  });
  it('flags fewer parties than expected (49 municipalities and VGR)', () => {
    expect(jointControllershipGaps(samsa(), 49, 50)).toEqual(['joint_controllership.party_missing']);
  });
});
