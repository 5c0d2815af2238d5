import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_BASES,
  auditEventId,
  LOG_ACTIONS,
  LOG_DEVICES,
  LOG_OUTCOMES,
  organisationIdentifier,
  userLogAuditEvent,
  type FhirAuditEvent,
  type UserLogAuditSource,
} from '../src';

const README = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'README.md'), 'utf8');

/** The element paths the README's mapping table promises, e.g. `agent[0].who`. */
function promisedPaths(): string[] {
  const section = README.split('## User logs as FHIR AuditEvent')[1]!.split(/\n## /)[0]!;
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}

/** The value at a README path (`entity[1].detail`), or undefined. */
function at(resource: unknown, path: string): unknown {
  let value: unknown = resource;
  for (const part of path.split('.')) {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(part)!;
    value = member(value, m[1]!);
    if (m[2] !== undefined) value = member(value, Number(m[2]));
  }
  return value;
}

/** `value?.[key]` on a value of unknown shape. */
function member(value: unknown, key: string | number): unknown {
  return value == null ? undefined : (value as Record<string | number, unknown>)[key];
}

// Only elements FHIR R4 defines (http://hl7.org/fhir/R4/auditevent.html and the datatypes).
const R4 = {
  auditEvent: [
    'resourceType',
    'id',
    'meta',
    'text',
    'extension',
    'type',
    'subtype',
    'action',
    'period',
    'recorded',
    'outcome',
    'outcomeDesc',
    'purposeOfEvent',
    'agent',
    'source',
    'entity',
  ],
  agent: ['type', 'role', 'who', 'altId', 'name', 'requestor', 'location', 'policy', 'media', 'network', 'purposeOfUse'],
  source: ['site', 'observer', 'type'],
  entity: ['what', 'type', 'role', 'lifecycle', 'securityLabel', 'name', 'description', 'query', 'detail'],
  detail: ['type', 'valueString', 'valueBase64Binary'],
  reference: ['reference', 'type', 'identifier', 'display'],
  identifier: ['use', 'type', 'system', 'value', 'period', 'assigner'],
  codeableConcept: ['coding', 'text'],
  coding: ['system', 'version', 'code', 'display', 'userSelected'],
  meta: ['versionId', 'lastUpdated', 'source', 'profile', 'security', 'tag'],
};

const PERSONNUMMER = '191212121212';

const goteborg = { id: 24, name: 'Göteborg', organisationNumber: null, hsaId: null, municipalityCode: '1480' };
const vgr = { id: 1, name: 'Västra Götalandsregionen', organisationNumber: '2321000131', hsaId: null, municipalityCode: null };

function source(overrides: Partial<UserLogAuditSource> = {}): UserLogAuditSource {
  return {
    entryId: 4711,
    occurredAt: '2026-03-02T08:15:00.000Z',
    user: { hsaId: 'SE2120001371-U001', name: 'Anna Andersson', profession: 'nurse' },
    careProvider: goteborg,
    careUnit: 'Hemsjukvård Centrum',
    dataOwner: vgr,
    action: 'read',
    patientPseudonym: '00112233445566778899aabbccddeeff',
    category: { code: 'journal_note', name: 'Journalanteckning' },
    basis: 'care_relationship',
    device: 'mobile',
    sourceSystem: 'Millennium',
    sourceEntryId: 'M-1',
    outcome: 'success',
    ...overrides,
  };
}

/** Every key, at every level, is an element R4 defines there. */
function expectOnlyR4Elements(e: FhirAuditEvent) {
  const keys = (o: object, allowed: string[], where: string) => {
    for (const k of Object.keys(o)) expect(allowed, `${where}.${k}`).toContain(k);
  };
  const coding = (c: object, where: string) => keys(c, R4.coding, where);
  const concept = (c: { coding: object[] }, where: string) => {
    keys(c, R4.codeableConcept, where);
    c.coding.forEach((x, i) => coding(x, `${where}.coding[${i}]`));
  };
  const reference = (r: { identifier?: object }, where: string) => {
    keys(r, R4.reference, where);
    if (r.identifier) keys(r.identifier, R4.identifier, `${where}.identifier`);
  };
  keys(e, R4.auditEvent, 'AuditEvent');
  if (e.meta) {
    keys(e.meta, R4.meta, 'meta');
    e.meta.tag.forEach((t, i) => coding(t, `meta.tag[${i}]`));
  }
  coding(e.type, 'type');
  e.subtype.forEach((s, i) => coding(s, `subtype[${i}]`));
  e.purposeOfEvent.forEach((p, i) => concept(p, `purposeOfEvent[${i}]`));
  e.agent.forEach((a, i) => {
    keys(a, R4.agent, `agent[${i}]`);
    concept(a.type, `agent[${i}].type`);
    a.role?.forEach((r, j) => concept(r, `agent[${i}].role[${j}]`));
    reference(a.who, `agent[${i}].who`);
    if (a.location) reference(a.location, `agent[${i}].location`);
  });
  keys(e.source, R4.source, 'source');
  reference(e.source.observer, 'source.observer');
  e.source.type.forEach((t, i) => coding(t, `source.type[${i}]`));
  e.entity.forEach((en, i) => {
    keys(en, R4.entity, `entity[${i}]`);
    reference(en.what, `entity[${i}].what`);
    coding(en.type, `entity[${i}].type`);
    if (en.role) coding(en.role, `entity[${i}].role`);
    en.detail?.forEach((d, j) => keys(d, R4.detail, `entity[${i}].detail[${j}]`));
  });
}

describe('userLogAuditEvent: the elements the README promises', () => {
  it('the README table lists the elements this test checks', () => {
    expect(promisedPaths()).toEqual(
      expect.arrayContaining([
        'resourceType',
        'id',
        'type',
        'subtype[0]',
        'action',
        'recorded',
        'outcome',
        'outcomeDesc',
        'purposeOfEvent[0].coding',
        'agent[0]',
        'agent[0].who',
        'agent[0].role[0]',
        'agent[0].location',
        'agent[1]',
        'agent[2]',
        'source.site',
        'source.observer',
        'source.type[0]',
        'entity[0]',
        'entity[1]',
        'entity[1].detail',
        'entity[2]',
      ]),
    );
  });

  it('has every element the README table names, for a demo entry with a profession', () => {
    const e = userLogAuditEvent(source({ isDemo: true }));
    for (const path of promisedPaths()) expect(at(e, path), path).toBeDefined();
  });

  it('has every unconditional element without a profession and outside demo data', () => {
    const e = userLogAuditEvent(source({ user: { hsaId: 'SE2120001371-U001', name: 'Anna Andersson', profession: null } }));
    for (const path of promisedPaths().filter((p) => p !== 'meta.tag[0]' && p !== 'agent[0].role[0]')) expect(at(e, path), path).toBeDefined();
    expect(e.meta).toBeUndefined();
    expect(e.agent[0]!.role).toBeUndefined();
  });

  it('maps the fixed elements', () => {
    const e = userLogAuditEvent(source());
    expect(e.resourceType).toBe('AuditEvent');
    expect(e.id).toBe('fvm-4711');
    expect(auditEventId(4711)).toBe('fvm-4711');
    expect(e.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(e.type).toEqual({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' });
    expect(e.recorded).toBe('2026-03-02T08:15:00.000Z');
    expect(e.source).toEqual({
      site: 'Göteborg',
      observer: { type: 'Device', identifier: { system: 'urn:fvm-registry:source-system', value: 'Millennium' }, display: 'Millennium' },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    });
  });

  it('maps the user to agent[0]: HSA-id, name, profession, care unit, requestor', () => {
    const [user] = userLogAuditEvent(source()).agent;
    expect(user).toEqual({
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser', display: 'human user' }] },
      who: { type: 'Practitioner', identifier: { system: 'urn:oid:1.2.752.29.4.19', value: 'SE2120001371-U001' }, display: 'Anna Andersson' },
      name: 'Anna Andersson',
      role: [{ coding: [{ system: 'urn:fvm-registry:profession', code: 'nurse' }], text: 'nurse' }],
      requestor: true,
      location: { type: 'Location', display: 'Hemsjukvård Centrum' },
    });
  });

  it('never presents a user pseudonym as an HSA-id', () => {
    const [user] = userLogAuditEvent(
      source({ user: { hsaId: 'user-0123456789ab', name: 'user-0123456789ab', profession: 'nurse', pseudonymised: true } }),
    ).agent;
    expect(user!.who.identifier).toEqual({ system: 'urn:fvm-registry:user-pseudonym', value: 'user-0123456789ab' });
    expect(user!.name).toBe('user-0123456789ab');
  });

  it('maps the care provider to agent[1] and the data owner to entity[2], each with its best identifier', () => {
    const e = userLogAuditEvent(source());
    expect(e.agent[1]).toEqual({
      type: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass', code: 'PROV', display: 'healthcare provider' }],
        text: 'Care provider (vårdgivare)',
      },
      who: { type: 'Organization', identifier: { system: 'urn:fvm-registry:municipality-code', value: '1480' }, display: 'Göteborg' },
      name: 'Göteborg',
      requestor: false,
    });
    expect(e.entity[2]).toEqual({
      what: { type: 'Organization', identifier: { system: 'urn:oid:2.5.4.97', value: '2321000131' }, display: 'Västra Götalandsregionen' },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '3', display: 'Organization' },
      name: 'Västra Götalandsregionen',
      description: 'Information owner (informationsägare)',
    });
    expect(e.entity[1]!.detail).toEqual([
      { type: 'sourceEntryId', valueString: 'M-1' },
      { type: 'informationOwner', valueString: 'Västra Götalandsregionen' },
    ]);
  });

  it('prefers HSA-id, then organisation number, then municipality code, then the registry id', () => {
    const all = { id: 9, name: 'X', hsaId: 'SE5598477700-DEMO005', organisationNumber: '5598477700', municipalityCode: '1480' };
    expect(organisationIdentifier(all)).toEqual({ system: 'urn:oid:1.2.752.29.4.19', value: 'SE5598477700-DEMO005' });
    expect(organisationIdentifier({ ...all, hsaId: null })).toEqual({ system: 'urn:oid:2.5.4.97', value: '5598477700' });
    expect(organisationIdentifier({ ...all, hsaId: null, organisationNumber: null })).toEqual({ system: 'urn:fvm-registry:municipality-code', value: '1480' });
    expect(organisationIdentifier({ id: 9, name: 'X' })).toEqual({ system: 'urn:fvm-registry:organisation', value: '9' });
  });

  it('maps the patient to entity[0] by pseudonym only, and the category to entity[1]', () => {
    const e = userLogAuditEvent(source());
    expect(e.entity[0]).toEqual({
      what: { type: 'Patient', identifier: { system: 'urn:fvm-registry:patient-pseudonym', value: '00112233445566778899aabbccddeeff' } },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
    expect(e.entity[1]).toMatchObject({
      what: { identifier: { system: 'urn:fvm-registry:information-category', value: 'journal_note' }, display: 'Journalanteckning' },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '4', display: 'Domain Resource' },
      name: 'Journalanteckning',
    });
    expect(JSON.stringify(e)).not.toContain(PERSONNUMMER);
    expect(JSON.stringify(e)).not.toContain('121212');
  });

  const ACTIONS = { read: 'R', create: 'C', update: 'U', sign: 'U', print: 'R', copy: 'R', disclose: 'R', export: 'R' } as const;
  it.each(LOG_ACTIONS)('maps the action %s to subtype and action', (action) => {
    const e = userLogAuditEvent(source({ action }));
    expect(e.subtype).toEqual([{ system: 'urn:fvm-registry:log-action', code: action, display: expect.any(String) }]);
    expect(e.action).toBe(ACTIONS[action]);
    expectOnlyR4Elements(e);
  });

  const OUTCOMES = { success: ['0', 'Succeeded'], denied: ['4', 'Denied'], failed: ['8', 'Failed'] } as const;
  it.each(LOG_OUTCOMES)('maps the outcome %s', (outcome) => {
    const e = userLogAuditEvent(source({ outcome }));
    expect([e.outcome, e.outcomeDesc]).toEqual(OUTCOMES[outcome]);
    expectOnlyR4Elements(e);
  });

  const V3 = { care_relationship: 'TREAT', consent: null, emergency_access: 'ETREAT', none: null } as const;
  it.each(ACCESS_BASES)('maps the basis %s to purposeOfEvent', (basis) => {
    const e = userLogAuditEvent(source({ basis }));
    expect(e.purposeOfEvent).toHaveLength(1);
    const codings = e.purposeOfEvent[0]!.coding;
    expect(codings.at(-1)).toEqual({ system: 'urn:fvm-registry:access-basis', code: basis, display: expect.any(String) });
    const v3 = codings.filter((c) => c.system === 'http://terminology.hl7.org/CodeSystem/v3-ActReason').map((c) => c.code);
    expect(v3).toEqual(V3[basis] ? [V3[basis]] : []);
    expect(e.purposeOfEvent[0]!.text).toMatch(/\(.+\)$/);
    expectOnlyR4Elements(e);
  });

  it.each(LOG_DEVICES)('maps the device %s to agent[2]', (device) => {
    const e = userLogAuditEvent(source({ device }));
    expect(e.agent[2]).toEqual({
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'DEV', display: 'device' }] },
      role: [{ coding: [{ system: 'urn:fvm-registry:log-device', code: device, display: expect.any(String) }] }],
      who: { type: 'Device', display: device === 'mobile' ? 'Mobile device' : 'Desktop' },
      requestor: false,
    });
  });

  it('tags demo entries, and only those', () => {
    expect(userLogAuditEvent(source({ isDemo: true })).meta).toEqual({ tag: [{ system: 'urn:fvm-registry:tag', code: 'demo', display: 'Demo data' }] });
    expect(userLogAuditEvent(source({ isDemo: false })).meta).toBeUndefined();
  });

  it('uses only element names FHIR R4 defines, and every coding has a system and a code', () => {
    for (const action of LOG_ACTIONS)
      for (const basis of ACCESS_BASES)
        for (const outcome of LOG_OUTCOMES) {
          const e = userLogAuditEvent(source({ action, basis, outcome, isDemo: true }));
          expectOnlyR4Elements(e);
          const codings = JSON.stringify(e).match(/"system":"[^"]+","code":"[^"]+"/g) ?? [];
          expect(codings.length).toBeGreaterThanOrEqual(12);
        }
  });
});
