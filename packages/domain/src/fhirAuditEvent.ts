import {
  ACCESS_BASIS_LABELS,
  LOG_ACTION_LABELS,
  LOG_DEVICE_LABELS,
  LOG_OUTCOME_LABELS,
  type AccessBasis,
  type LogAction,
  type LogDevice,
  type LogOutcome,
} from './userLogs';

// A stored user log entry as an HL7 FHIR R4 AuditEvent (http://hl7.org/fhir/R4/auditevent.html).
// Pure: the caller has already looked up the organisations and the category, and pseudonymised the
// user where the reader may not see people. The patient appears only as its keyed pseudonym: no
// element of the resource ever carries an identity number. The mapping is documented, element by
// element, in the README ("User logs as FHIR AuditEvent"); keep the two in step.

/** Code systems and identifier systems the mapping uses. */
export const FHIR_SYSTEMS = {
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  auditEventAction: 'http://hl7.org/fhir/audit-event-action',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  securityRoleType: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  roleClass: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass',
  sourceType: 'http://terminology.hl7.org/CodeSystem/security-source-type',
  entityType: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  objectRole: 'http://terminology.hl7.org/CodeSystem/object-role',
  /** HSA-id (people and organisations), as in HL7 Sweden's base profiles. */
  hsaId: 'urn:oid:1.2.752.29.4.19',
  /** Swedish organisation number (organisationsnummer). */
  organisationNumber: 'urn:oid:2.5.4.97',
  municipalityCode: 'urn:fvm-registry:municipality-code',
  organisation: 'urn:fvm-registry:organisation',
  userPseudonym: 'urn:fvm-registry:user-pseudonym',
  patientPseudonym: 'urn:fvm-registry:patient-pseudonym',
  logAction: 'urn:fvm-registry:log-action',
  accessBasis: 'urn:fvm-registry:access-basis',
  logDevice: 'urn:fvm-registry:log-device',
  profession: 'urn:fvm-registry:profession',
  informationCategory: 'urn:fvm-registry:information-category',
  sourceSystem: 'urn:fvm-registry:source-system',
  tag: 'urn:fvm-registry:tag',
} as const;

/**
 * FHIR's audit-event-action by its own definitions: C create, R "read/view/print", U update,
 * D delete, E "execute" (a system function or query). Signing changes the record's status: U.
 * Printing, copying, exporting and disclosing all hand out what was read: R, as DICOM's Export
 * message does; the finer action stays in `subtype`.
 */
export const FHIR_AUDIT_ACTION: Record<LogAction, 'C' | 'R' | 'U' | 'D' | 'E'> = {
  read: 'R',
  create: 'C',
  update: 'U',
  sign: 'U',
  print: 'R',
  copy: 'R',
  disclose: 'R',
  export: 'R',
};

/** audit-event-outcome: 0 success; a denied access is a minor failure (4, like HTTP 403); a failed one serious (8, like HTTP 500). */
export const FHIR_AUDIT_OUTCOME: Record<LogOutcome, '0' | '4' | '8'> = { success: '0', denied: '4', failed: '8' };

/** v3 PurposeOfUse where one fits: care relationship → TREAT, emergency access → ETREAT. Consent and none have no v3 code. */
export const FHIR_PURPOSE_OF_USE: Record<AccessBasis, { code: string; display: string } | null> = {
  care_relationship: { code: 'TREAT', display: 'treatment' },
  consent: null,
  emergency_access: { code: 'ETREAT', display: 'Emergency Treatment' },
  none: null,
};

export interface FhirOrganisationSource {
  /** The registry's own id, the last resort when the organisation has no public identifier. */
  id: number;
  name: string;
  organisationNumber?: string | null;
  hsaId?: string | null;
  municipalityCode?: string | null;
}

/** A stored entry with its references looked up: what `userLogAuditEvent` maps. */
export interface UserLogAuditSource {
  entryId: number;
  /** ISO 8601 instant, e.g. 2026-11-22T09:30:00.000Z. */
  occurredAt: string;
  user: {
    hsaId: string;
    name: string;
    profession: string | null;
    /** true when hsaId and name hold the reader's pseudonym of the user, not the user. */
    pseudonymised?: boolean;
  };
  careProvider: FhirOrganisationSource;
  careUnit: string;
  dataOwner: FhirOrganisationSource;
  action: LogAction;
  /** The patient's keyed pseudonym, hex. Never an identity number. */
  patientPseudonym: string;
  category: { code: string; name: string };
  basis: AccessBasis;
  device: LogDevice;
  sourceSystem: string;
  sourceEntryId: string;
  outcome: LogOutcome;
  isDemo?: boolean;
}

export interface FhirCoding {
  system: string;
  code: string;
  display?: string;
}
export interface FhirCodeableConcept {
  coding: FhirCoding[];
  text?: string;
}
export interface FhirIdentifier {
  system: string;
  value: string;
}
export interface FhirReference {
  type?: string;
  identifier?: FhirIdentifier;
  display?: string;
}

/** The subset of R4 AuditEvent this registry fills in; element names are FHIR's. */
export interface FhirAuditEvent {
  resourceType: 'AuditEvent';
  id: string;
  meta?: { tag: FhirCoding[] };
  type: FhirCoding;
  subtype: FhirCoding[];
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  recorded: string;
  outcome: '0' | '4' | '8';
  outcomeDesc: string;
  purposeOfEvent: FhirCodeableConcept[];
  agent: {
    type: FhirCodeableConcept;
    role?: FhirCodeableConcept[];
    who: FhirReference;
    name?: string;
    requestor: boolean;
    location?: FhirReference;
  }[];
  source: { site: string; observer: FhirReference; type: FhirCoding[] };
  entity: {
    what: FhirReference;
    type: FhirCoding;
    role?: FhirCoding;
    name?: string;
    description?: string;
    detail?: { type: string; valueString: string }[];
  }[];
}

/** The organisation's best public identifier: HSA-id, organisation number, municipality code, else the registry's id. */
export function organisationIdentifier(o: FhirOrganisationSource): FhirIdentifier {
  if (o.hsaId) return { system: FHIR_SYSTEMS.hsaId, value: o.hsaId };
  if (o.organisationNumber) return { system: FHIR_SYSTEMS.organisationNumber, value: o.organisationNumber };
  if (o.municipalityCode) return { system: FHIR_SYSTEMS.municipalityCode, value: o.municipalityCode };
  return { system: FHIR_SYSTEMS.organisation, value: String(o.id) };
}

function organisationReference(o: FhirOrganisationSource): FhirReference {
  return { type: 'Organization', identifier: organisationIdentifier(o), display: o.name };
}

/** The AuditEvent's id for a stored entry. */
export function auditEventId(entryId: number): string {
  return `fvm-${entryId}`;
}

/** One stored user log entry as a FHIR R4 AuditEvent. */
export function userLogAuditEvent(e: UserLogAuditSource): FhirAuditEvent {
  const purpose = FHIR_PURPOSE_OF_USE[e.basis];
  const basisLabel = ACCESS_BASIS_LABELS[e.basis];
  const user: FhirAuditEvent['agent'][number] = {
    type: { coding: [{ system: FHIR_SYSTEMS.securityRoleType, code: 'humanuser', display: 'human user' }] },
    who: {
      type: 'Practitioner',
      identifier: { system: e.user.pseudonymised ? FHIR_SYSTEMS.userPseudonym : FHIR_SYSTEMS.hsaId, value: e.user.hsaId },
      display: e.user.name,
    },
    name: e.user.name,
    requestor: true,
    location: { type: 'Location', display: e.careUnit },
  };
  if (e.user.profession) user.role = [{ coding: [{ system: FHIR_SYSTEMS.profession, code: e.user.profession }], text: e.user.profession }];
  const event: FhirAuditEvent = {
    resourceType: 'AuditEvent',
    id: auditEventId(e.entryId),
    type: { system: FHIR_SYSTEMS.dicom, code: '110110', display: 'Patient Record' },
    subtype: [{ system: FHIR_SYSTEMS.logAction, code: e.action, display: LOG_ACTION_LABELS[e.action].en }],
    action: FHIR_AUDIT_ACTION[e.action],
    recorded: e.occurredAt,
    outcome: FHIR_AUDIT_OUTCOME[e.outcome],
    outcomeDesc: LOG_OUTCOME_LABELS[e.outcome].en,
    purposeOfEvent: [
      {
        coding: [
          ...(purpose ? [{ system: FHIR_SYSTEMS.actReason, ...purpose }] : []),
          { system: FHIR_SYSTEMS.accessBasis, code: e.basis, display: basisLabel.en },
        ],
        text: `${basisLabel.en} (${basisLabel.sv})`,
      },
    ],
    agent: [
      user,
      {
        type: { coding: [{ system: FHIR_SYSTEMS.roleClass, code: 'PROV', display: 'healthcare provider' }], text: 'Care provider (vårdgivare)' },
        who: organisationReference(e.careProvider),
        name: e.careProvider.name,
        requestor: false,
      },
      {
        type: { coding: [{ system: FHIR_SYSTEMS.participationType, code: 'DEV', display: 'device' }] },
        role: [{ coding: [{ system: FHIR_SYSTEMS.logDevice, code: e.device, display: LOG_DEVICE_LABELS[e.device].en }] }],
        who: { type: 'Device', display: LOG_DEVICE_LABELS[e.device].en },
        requestor: false,
      },
    ],
    source: {
      site: e.careProvider.name,
      observer: { type: 'Device', identifier: { system: FHIR_SYSTEMS.sourceSystem, value: e.sourceSystem }, display: e.sourceSystem },
      type: [{ system: FHIR_SYSTEMS.sourceType, code: '4', display: 'Application Server' }],
    },
    entity: [
      {
        what: { type: 'Patient', identifier: { system: FHIR_SYSTEMS.patientPseudonym, value: e.patientPseudonym } },
        type: { system: FHIR_SYSTEMS.entityType, code: '1', display: 'Person' },
        role: { system: FHIR_SYSTEMS.objectRole, code: '1', display: 'Patient' },
      },
      {
        what: { identifier: { system: FHIR_SYSTEMS.informationCategory, value: e.category.code }, display: e.category.name },
        type: { system: FHIR_SYSTEMS.entityType, code: '2', display: 'System Object' },
        role: { system: FHIR_SYSTEMS.objectRole, code: '4', display: 'Domain Resource' },
        name: e.category.name,
        detail: [
          { type: 'sourceEntryId', valueString: e.sourceEntryId },
          { type: 'informationOwner', valueString: e.dataOwner.name },
        ],
      },
      {
        what: organisationReference(e.dataOwner),
        type: { system: FHIR_SYSTEMS.entityType, code: '3', display: 'Organization' },
        name: e.dataOwner.name,
        description: 'Information owner (informationsägare)',
      },
    ],
  };
  if (e.isDemo) event.meta = { tag: [{ system: FHIR_SYSTEMS.tag, code: 'demo', display: 'Demo data' }] };
  return event;
}
