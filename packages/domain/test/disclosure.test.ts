import { describe, expect, it } from 'vitest';
import { logEntryInScope, missingLogEntry, validateDisclosureRequest, type DisclosureFacts, type DisclosureRequestInput } from '../src/disclosure';
import { codes } from './helpers';

const OWNER = 7;
const request = (r: Partial<DisclosureRequestInput> = {}): DisclosureRequestInput => ({
  requester: 'Försäkringskassan',
  requestedOn: '2026-09-14',
  outcome: null,
  reasoning: null,
  decidedBy: null,
  decidedOn: null,
  userLogEntryId: null,
  ...r,
});
const decision = { outcome: 'partial', reasoning: 'Tredje man maskeras.', decidedBy: 'Verksamhetschef', decidedOn: '2026-09-21' };
const harmRequired = { ownerOrgId: OWNER, harmAssessmentRequired: true };
const noHarm = { ownerOrgId: OWNER, harmAssessmentRequired: false };
const disclose = { action: 'disclose', dataOwnerId: OWNER };
const facts = (f: Partial<DisclosureFacts> = {}): DisclosureFacts => ({ asset: harmRequired, entry: null, linkChanged: true, ...f });

describe('validateDisclosureRequest: the decision', () => {
  it('accepts a request not yet assessed, and one fully decided', () => {
    expect(validateDisclosureRequest(request(), facts())).toEqual([]);
    expect(validateDisclosureRequest(request(decision), facts())).toEqual([]);
  });
  it('needs outcome, reasoning, decided by and decided on together, naming each missing part', () => {
    expect(codes(validateDisclosureRequest(request({ outcome: 'release' }), facts()))).toEqual([
      'reasoning:disclosure.decision_incomplete',
      'decidedBy:disclosure.decision_incomplete',
      'decidedOn:disclosure.decision_incomplete',
    ]);
    expect(codes(validateDisclosureRequest(request({ ...decision, outcome: null }), facts()))).toEqual(['outcome:disclosure.decision_incomplete']);
    expect(codes(validateDisclosureRequest(request({ ...decision, reasoning: '  ' }), facts()))).toEqual(['reasoning:disclosure.decision_incomplete']);
  });
  it('refuses a decision dated before the request', () => {
    const v = validateDisclosureRequest(request({ ...decision, decidedOn: '2026-09-13' }), facts());
    expect(codes(v)).toEqual(['decidedOn:disclosure.decided_before_request']);
    expect(v[0]!.messageSv).toContain('före begäran');
  });
  it('refuses an outcome outside release, partial and deny, and dates that are not dates', () => {
    expect(codes(validateDisclosureRequest(request({ ...decision, outcome: 'maybe' }), facts()))).toEqual(['outcome:enum']);
    expect(codes(validateDisclosureRequest(request({ requestedOn: '14/9 2026' }), facts()))).toEqual(['requestedOn:date.format']);
  });
  it('names an unknown asset', () => {
    expect(codes(validateDisclosureRequest(request(), facts({ asset: null })))).toEqual(['assetId:reference.missing']);
  });
});

describe('validateDisclosureRequest: recording the disclosure', () => {
  it('links a disclose entry of the owner’s data once the request is released or partly released', () => {
    expect(validateDisclosureRequest(request({ ...decision, userLogEntryId: 5 }), facts({ entry: disclose }))).toEqual([]);
    expect(validateDisclosureRequest(request({ ...decision, outcome: 'release', userLogEntryId: 5 }), facts({ entry: disclose }))).toEqual([]);
  });
  it('cannot record a disclosure of a category requiring a harm assessment without one', () => {
    const v = validateDisclosureRequest(request({ userLogEntryId: 5 }), facts({ entry: disclose }));
    expect(codes(v)).toEqual(['userLogEntryId:disclosure.harm_assessment_required']);
    expect(v[0]!.messageSv).toContain('menprövning');
  });
  it('records a disclosure of a category without that requirement before any assessment', () => {
    expect(validateDisclosureRequest(request({ userLogEntryId: 5 }), facts({ asset: noHarm, entry: disclose }))).toEqual([]);
  });
  it('links no disclosure at all to a denied request, whatever the category', () => {
    const denied = { ...decision, outcome: 'deny', userLogEntryId: 5 };
    expect(codes(validateDisclosureRequest(request(denied), facts({ entry: disclose })))).toEqual(['userLogEntryId:disclosure.denied_not_disclosed']);
    expect(codes(validateDisclosureRequest(request(denied), facts({ asset: noHarm, entry: disclose })))).toEqual([
      'userLogEntryId:disclosure.denied_not_disclosed',
    ]);
  });
  it('links only a disclose entry, and only one about the asset owner’s data', () => {
    expect(codes(validateDisclosureRequest(request({ ...decision, userLogEntryId: 5 }), facts({ entry: { action: 'read', dataOwnerId: OWNER } })))).toEqual([
      'userLogEntryId:disclosure.entry_not_disclose',
    ]);
    expect(
      codes(validateDisclosureRequest(request({ ...decision, userLogEntryId: 5 }), facts({ entry: { action: 'disclose', dataOwnerId: OWNER + 1 } }))),
    ).toEqual(['userLogEntryId:disclosure.entry_other_owner']);
  });
  it('answers a hidden entry exactly as a missing one, and tells nothing more of it', () => {
    const v = validateDisclosureRequest(request({ ...decision, userLogEntryId: 5 }), facts({ entry: null }));
    expect(v).toEqual([missingLogEntry()]);
    expect(v[0]).toMatchObject({ field: 'userLogEntryId', code: 'reference.missing', message: 'userLogEntryId: the referenced row does not exist.' });
  });
  it('does not re-read an unchanged link, but still holds the decision rules over it', () => {
    expect(validateDisclosureRequest(request({ ...decision, userLogEntryId: 5 }), facts({ entry: null, linkChanged: false }))).toEqual([]);
    expect(codes(validateDisclosureRequest(request({ ...decision, outcome: 'deny', userLogEntryId: 5 }), facts({ entry: null, linkChanged: false })))).toEqual([
      'userLogEntryId:disclosure.denied_not_disclosed',
    ]);
  });
});

describe('logEntryInScope', () => {
  const entry = { dataOwnerId: 1, careProviderId: 2, submittedByOrgId: 3, isDemo: false };
  it('follows userLogScope: own data or own users, everything pseudonymised, what one sent in, nothing', () => {
    expect(logEntryInScope({ kind: 'organisation', organisationId: 1 }, entry)).toBe(true);
    expect(logEntryInScope({ kind: 'organisation', organisationId: 2 }, entry)).toBe(true);
    expect(logEntryInScope({ kind: 'organisation', organisationId: 3 }, entry)).toBe(false);
    expect(logEntryInScope({ kind: 'pseudonymised' }, entry)).toBe(true);
    expect(logEntryInScope({ kind: 'submitted_by', organisationId: 3 }, entry)).toBe(true);
    expect(logEntryInScope({ kind: 'none' }, entry)).toBe(false);
  });
  it('shows a demo token demo entries only', () => {
    expect(logEntryInScope({ kind: 'organisation', organisationId: 1, demoOnly: true }, entry)).toBe(false);
    expect(logEntryInScope({ kind: 'organisation', organisationId: 1, demoOnly: true }, { ...entry, isDemo: true })).toBe(true);
  });
});
