import { describe, expect, it } from 'vitest';
import {
  effectivePolicy,
  judgeLoggedAction,
  notPermittedFindings,
  permissionForAction,
  validateAccessPolicy,
  type AccessPolicyFacts,
} from '../src/accessPolicy';
import { LOG_ACTIONS } from '../src/userLogs';
import { PROFESSIONS } from '../src/vocabulary';
import { codes } from './helpers';

const REGION = 1;
const BORAS = 2;
const ALE = 3;
const MEDICATION = 10;
const TASKS = 11;

const policy = (p: Partial<AccessPolicyFacts>): AccessPolicyFacts => ({
  id: 0,
  ownerOrgId: REGION,
  profession: 'nursing_assistant',
  categoryId: MEDICATION,
  mayRead: false,
  mayWrite: false,
  maySign: false,
  maySignMobile: false,
  ...p,
});

// The reference row: nursing assistants read medication orders and delegated tasks and sign on mobile.
const regional = [
  policy({ id: 1, categoryId: MEDICATION, mayRead: true, maySignMobile: true }),
  policy({ id: 2, categoryId: TASKS, mayRead: true, maySignMobile: true }),
];
const borasOwn = policy({ id: 3, ownerOrgId: BORAS, categoryId: TASKS, mayRead: true, mayWrite: true, maySign: true, maySignMobile: true });
const policies = [...regional, borasOwn];

describe('permissionForAction', () => {
  it('maps every logged action to the permission it needs, exactly', () => {
    const table = Object.fromEntries(LOG_ACTIONS.map((a) => [a, [permissionForAction(a, 'desktop'), permissionForAction(a, 'mobile')]]));
    expect(table).toEqual({
      read: ['read', 'read'],
      print: ['read', 'read'],
      copy: ['read', 'read'],
      export: ['read', 'read'],
      disclose: ['read', 'read'],
      create: ['write', 'write'],
      update: ['write', 'write'],
      sign: ['sign', 'sign_mobile'],
    });
  });
  it('judges no action outside the log vocabulary', () => {
    expect(permissionForAction('delete', 'desktop')).toBeNull();
  });
});

describe('effectivePolicy', () => {
  it('takes the organisation’s own row over the regional default', () => {
    expect(effectivePolicy(policies, BORAS, REGION, 'nursing_assistant', TASKS)).toBe(borasOwn);
  });
  it('falls back to the regional default where the organisation has no row', () => {
    expect(effectivePolicy(policies, ALE, REGION, 'nursing_assistant', TASKS)).toBe(regional[1]);
    expect(effectivePolicy(policies, BORAS, REGION, 'nursing_assistant', MEDICATION)).toBe(regional[0]);
  });
  it('finds none for a profession or category nobody has a row for', () => {
    expect(effectivePolicy(policies, ALE, REGION, 'physician', MEDICATION)).toBeNull();
    expect(effectivePolicy(policies, ALE, REGION, 'nursing_assistant', 99)).toBeNull();
    expect(effectivePolicy(policies, ALE, null, 'nursing_assistant', MEDICATION)).toBeNull();
  });
});

describe('judgeLoggedAction', () => {
  const entry = (e: Partial<Parameters<typeof judgeLoggedAction>[2]>) => ({
    dataOwnerId: ALE,
    profession: 'nursing_assistant',
    categoryId: MEDICATION,
    action: 'read',
    device: 'desktop',
    ...e,
  });
  it('permits what the policy grants: reading, and signing on a mobile device', () => {
    expect(judgeLoggedAction(policies, REGION, entry({})).kind).toBe('permitted');
    expect(judgeLoggedAction(policies, REGION, entry({ action: 'print' })).kind).toBe('permitted');
    expect(judgeLoggedAction(policies, REGION, entry({ action: 'sign', device: 'mobile' })).kind).toBe('permitted');
  });
  it('finds not permitted what the effective policy denies, naming the row that denies it', () => {
    expect(judgeLoggedAction(policies, REGION, entry({ action: 'sign', device: 'desktop' }))).toMatchObject({
      kind: 'not_permitted',
      permission: 'sign',
      policy: { id: 1 },
    });
    expect(judgeLoggedAction(policies, REGION, entry({ action: 'update' }))).toMatchObject({ kind: 'not_permitted', permission: 'write', policy: { id: 1 } });
  });
  it('lets an organisation’s own row permit what the regional default denies', () => {
    expect(judgeLoggedAction(policies, REGION, entry({ dataOwnerId: BORAS, categoryId: TASKS, action: 'create' })).kind).toBe('permitted');
    expect(judgeLoggedAction(policies, REGION, entry({ dataOwnerId: ALE, categoryId: TASKS, action: 'create' })).kind).toBe('not_permitted');
  });
  it('does not judge without a policy row, an unknown or missing profession, or an unknown action', () => {
    expect(judgeLoggedAction(policies, REGION, entry({ profession: 'physician' })).kind).toBe('not_judged');
    expect(judgeLoggedAction(policies, REGION, entry({ profession: 'astronaut', action: 'update' })).kind).toBe('not_judged');
    expect(judgeLoggedAction(policies, REGION, entry({ profession: null, action: 'update' })).kind).toBe('not_judged');
    expect(judgeLoggedAction(policies, REGION, entry({ action: 'teleport' })).kind).toBe('not_judged');
  });
});

describe('validateAccessPolicy', () => {
  it('accepts every profession of the vocabulary, including every one the demo log uses', () => {
    for (const p of PROFESSIONS) expect(validateAccessPolicy({ profession: p })).toEqual([]);
    for (const p of ['nurse', 'nursing_assistant', 'physician', 'occupational_therapist', 'physiotherapist', 'social_worker', 'school_nurse'])
      expect(PROFESSIONS).toContain(p);
  });
  it('refuses a profession outside it', () => {
    expect(codes(validateAccessPolicy({ profession: 'astronaut' }))).toEqual(['profession:enum']);
  });
});

describe('notPermittedFindings', () => {
  it('words one finding per group in plain Swedish and English, about the policy row, naming no user or patient', () => {
    const [f] = notPermittedFindings(
      [{ policyId: 1, dataOwnerId: ALE, profession: 'nursing_assistant', categoryId: MEDICATION, action: 'update', count: 12, mobileCount: 3 }],
      new Map([[ALE, 'Ale']]),
      new Map([[MEDICATION, { name: 'Ordination', nameEn: 'Medication or treatment order' }]]),
    );
    expect(f).toEqual({
      check: 'log_action_not_permitted',
      entity: 'AccessPolicy',
      entityId: 1,
      organisationId: ALE,
      message: 'Ale: 12 updates of Medication or treatment order by nursing assistants, which the policy does not permit.',
      messageSv: 'Ale: 12 ändringar av Ordination av undersköterskor, som policyn inte tillåter.',
    });
  });
  it('says where signing was done when the policy denies only one of the two, and counts one in the singular', () => {
    const [f] = notPermittedFindings(
      [{ policyId: 1, dataOwnerId: ALE, profession: 'nurse', categoryId: MEDICATION, action: 'sign', count: 1, mobileCount: 0 }],
      new Map(),
      new Map(),
    );
    expect(f!.messageSv).toBe('1 signering på dator av en informationsmängd av sjuksköterskor, som policyn inte tillåter.');
    expect(f!.organisationId).toBeNull();
  });
});
