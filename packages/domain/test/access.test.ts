import { describe, expect, it } from 'vitest';
import {
  decideRowWrite,
  mayPreviewLogReviewOf,
  mayReadLogChain,
  mayReviewLogsOf,
  registryVisibility,
  rowMatches,
  tokenExpiry,
  userLogScope,
  type Viewer,
} from '../src/access';

const admin: Viewer = { tokenId: 1, organisationId: 10, role: 'regional_admin' };
const demoAdmin: Viewer = { ...admin, tokenId: 2, demoOnly: true };
const municipality = { kind: 'municipality', isDemo: false, ownerOrgId: 5 };
const region = { kind: 'region', isDemo: false, ownerOrgId: 10 };
const supplier = { kind: 'supplier', isDemo: false, ownerOrgId: 10 };
const demoOrg = { kind: 'supplier', isDemo: true, ownerOrgId: 10 };

describe('registryVisibility: one rule for reads and writes', () => {
  it('anonymous: public reference data only; a demo token: that and demo rows; any other token: everything', () => {
    const seen = (viewer: Viewer | null, table: string, row: Record<string, unknown>) => rowMatches(registryVisibility(viewer, table), row);
    expect([municipality, region, demoOrg].map((r) => seen(null, 'organisations', r))).toEqual([true, false, false]);
    expect([municipality, region, supplier, demoOrg].map((r) => seen(demoAdmin, 'organisations', r))).toEqual([true, true, false, true]);
    expect(seen(demoAdmin, 'powersOfAttorney', { isDemo: false })).toBe(true);
    expect(seen(demoAdmin, 'agreements', { isDemo: false })).toBe(false);
    expect([municipality, region, demoOrg].map((r) => seen(admin, 'organisations', r))).toEqual([true, true, true]);
    expect(seen(null, 'callOffs', { isDemo: true })).toBe(false);
    expect(seen(demoAdmin, 'callOffs', { isDemo: true })).toBe(true);
    expect(seen(demoAdmin, 'callOffs', { isDemo: false })).toBe(false);
    expect(registryVisibility(null, 'agreements')).toEqual({ kind: 'some', anyOf: [] });
  });
});

describe('decideRowWrite', () => {
  it('a row the viewer cannot see is hidden, whoever asks; one it sees but may not change is refused with the reason', () => {
    expect(decideRowWrite(null, 'organisations', region, region)).toEqual({ kind: 'hidden' });
    expect(decideRowWrite(demoAdmin, 'organisations', supplier, supplier)).toEqual({ kind: 'hidden' });
    expect(decideRowWrite(demoAdmin, 'organisations', region, region)).toMatchObject({ decision: { allowed: false, code: 'auth.demo_only' } });
    expect(decideRowWrite(null, 'organisations', municipality, municipality)).toMatchObject({ decision: { allowed: false, code: 'auth.unauthenticated' } });
    expect(decideRowWrite(demoAdmin, 'organisations', municipality, municipality)).toMatchObject({ decision: { allowed: false, code: 'auth.demo_only' } });
    expect(decideRowWrite(demoAdmin, 'organisations', demoOrg, demoOrg)).toEqual({ kind: 'decided', decision: { allowed: true } });
    expect(decideRowWrite(admin, 'organisations', region, region)).toEqual({ kind: 'decided', decision: { allowed: true } });
  });
  it('a demo token creates demo rows only', () => {
    expect(decideRowWrite(demoAdmin, 'callOffs', null, { ownerOrgId: 5, isDemo: true })).toEqual({ kind: 'decided', decision: { allowed: true } });
    expect(decideRowWrite(demoAdmin, 'callOffs', null, { ownerOrgId: 5, isDemo: false })).toMatchObject({ decision: { code: 'auth.demo_only' } });
  });
});

describe('user logs for a demo token', () => {
  it('reads demo entries and demo chains only', () => {
    expect(userLogScope({ ...demoAdmin, role: 'analyst' })).toEqual({ kind: 'pseudonymised', demoOnly: true });
    expect(userLogScope({ ...admin, role: 'analyst' })).toEqual({ kind: 'pseudonymised' });
    expect(mayReadLogChain(demoAdmin, { dataOwnerId: 3, isDemo: false })).toBe(false);
    expect(mayReadLogChain(demoAdmin, { dataOwnerId: 3, isDemo: true })).toBe(true);
    expect(mayReadLogChain({ ...admin, role: 'log_reviewer' }, { dataOwnerId: 3, isDemo: false })).toBe(false);
    expect(mayReadLogChain({ ...admin, role: 'log_reviewer' }, { dataOwnerId: 10, isDemo: false })).toBe(true);
  });
});

describe('tokenExpiry', () => {
  const now = Date.UTC(2026, 5, 1);
  const DAY = 86_400_000;
  it('90 days by default, or as asked; a demo token at most a day; never in the past', () => {
    expect(tokenExpiry(now, {})).toEqual({ expiresMs: now + 90 * DAY });
    expect(tokenExpiry(now, { defaultDays: 7 })).toEqual({ expiresMs: now + 7 * DAY });
    expect(tokenExpiry(now, { days: 30, defaultDays: 7 })).toEqual({ expiresMs: now + 30 * DAY });
    expect(tokenExpiry(now, { untilMs: now + 5 * DAY })).toEqual({ expiresMs: now + 5 * DAY });
    expect(tokenExpiry(now, { isDemo: true })).toEqual({ expiresMs: now + DAY });
    expect(tokenExpiry(now, { isDemo: true, untilMs: now + 3_600_000 })).toEqual({ expiresMs: now + 3_600_000 });
    expect(tokenExpiry(now, { untilMs: now - 1 })).toHaveProperty('error');
    expect(tokenExpiry(now, { days: 0 })).toHaveProperty('error');
  });
});

describe('log review rights', () => {
  it('runs are the owner’s log reviewers’; counting a selection also its org admins’; nobody else’s', () => {
    const as = (role: Viewer['role'], organisationId: number): Viewer => ({ tokenId: 1, organisationId, role });
    expect(mayReviewLogsOf(as('log_reviewer', 7), 7)).toBe(true);
    expect(mayReviewLogsOf(as('org_admin', 7), 7)).toBe(false);
    expect(mayPreviewLogReviewOf(as('org_admin', 7), 7)).toBe(true);
    expect(mayPreviewLogReviewOf(as('log_reviewer', 7), 7)).toBe(true);
    for (const viewer of [as('org_admin', 8), as('log_reviewer', 8), as('regional_admin', 7), as('analyst', 7), as('integrator', 7), null]) {
      expect(mayPreviewLogReviewOf(viewer, 7)).toBe(false);
    }
  });
});
