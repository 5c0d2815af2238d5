import { violation, type RuleViolation } from './violations';

/**
 * The registry's closed lists. Each is an `as const` array (the order is the
 * order a grid offers them in) with an English and a Swedish label per value.
 */
export interface Label {
  en: string;
  sv: string;
}
export type Labels<T extends string> = Record<T, Label>;

export const ORGANISATION_KINDS = [
  'region',
  'municipality',
  'municipal_association',
  'collaboration_body',
  'supplier',
  'private_care_provider',
  'independent_school',
  'national_body',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export const ORGANISATION_KIND_LABELS: Labels<OrganisationKind> = {
  region: { en: 'Region', sv: 'Region' },
  municipality: { en: 'Municipality', sv: 'Kommun' },
  municipal_association: { en: 'Municipal association', sv: 'Kommunalförbund' },
  collaboration_body: { en: 'Collaboration body', sv: 'Samverkansorgan' },
  supplier: { en: 'Supplier', sv: 'Leverantör' },
  private_care_provider: { en: 'Private care provider', sv: 'Privat vårdgivare' },
  independent_school: { en: 'Independent school', sv: 'Friskola' },
  national_body: { en: 'National body', sv: 'Nationell aktör' },
};

export const CALL_OFF_STATUSES = ['draft', 'submitted', 'signed', 'withdrawn'] as const;
export type CallOffStatus = (typeof CALL_OFF_STATUSES)[number];
export const CALL_OFF_STATUS_LABELS: Labels<CallOffStatus> = {
  draft: { en: 'Draft', sv: 'Utkast' },
  submitted: { en: 'Submitted', sv: 'Inskickad' },
  signed: { en: 'Signed', sv: 'Undertecknad' },
  withdrawn: { en: 'Withdrawn', sv: 'Återkallad' },
};

export const AGREEMENT_KINDS = [
  'cooperation',
  'operations_management',
  'call_off',
  'processor',
  'joint_controllership',
  'licence',
  'declaration_of_intent',
] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export const AGREEMENT_KIND_LABELS: Labels<AgreementKind> = {
  cooperation: { en: 'Cooperation agreement', sv: 'Samverkansavtal' },
  operations_management: { en: 'Operations and management agreement', sv: 'Drift- och förvaltningsavtal' },
  call_off: { en: 'Call-off agreement', sv: 'Avropsavtal' },
  processor: { en: 'Processor agreement', sv: 'Personuppgiftsbiträdesavtal' },
  joint_controllership: { en: 'Joint controllership arrangement', sv: 'Avtal om gemensamt personuppgiftsansvar' },
  licence: { en: 'Licence', sv: 'Licens' },
  declaration_of_intent: { en: 'Declaration of intent', sv: 'Avsiktsförklaring' },
};

export const AGREEMENT_STATUSES = ['draft', 'negotiating', 'signed', 'terminated', 'expired'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export const AGREEMENT_STATUS_LABELS: Labels<AgreementStatus> = {
  draft: { en: 'Draft', sv: 'Utkast' },
  negotiating: { en: 'Negotiating', sv: 'Under förhandling' },
  signed: { en: 'Signed', sv: 'Undertecknat' },
  terminated: { en: 'Terminated', sv: 'Uppsagt' },
  expired: { en: 'Expired', sv: 'Upphört' },
};

export const PARTY_ROLES = ['party', 'controller', 'joint_controller', 'processor', 'sub_processor', 'licensor', 'licensee', 'supplier'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
export const PARTY_ROLE_LABELS: Labels<PartyRole> = {
  party: { en: 'Party', sv: 'Part' },
  controller: { en: 'Controller', sv: 'Personuppgiftsansvarig' },
  joint_controller: { en: 'Joint controller', sv: 'Gemensamt personuppgiftsansvarig' },
  processor: { en: 'Processor', sv: 'Personuppgiftsbiträde' },
  sub_processor: { en: 'Sub-processor', sv: 'Underbiträde' },
  licensor: { en: 'Licensor', sv: 'Licensgivare' },
  licensee: { en: 'Licensee', sv: 'Licenstagare' },
  supplier: { en: 'Supplier', sv: 'Leverantör' },
};

export const RETENTION_ACTIONS = ['preserve', 'purge'] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];
export const RETENTION_ACTION_LABELS: Labels<RetentionAction> = {
  preserve: { en: 'Preserve', sv: 'Bevara' },
  purge: { en: 'Purge', sv: 'Gallra' },
};

export const RETENTION_TRIGGERS = ['last_entry', 'end_of_care', 'creation'] as const;
export type RetentionTrigger = (typeof RETENTION_TRIGGERS)[number];
export const RETENTION_TRIGGER_LABELS: Labels<RetentionTrigger> = {
  last_entry: { en: 'Last entry', sv: 'Senaste anteckning' },
  end_of_care: { en: 'End of care', sv: 'Avslutad vård' },
  creation: { en: 'Creation', sv: 'Upprättande' },
};

export const RECORD_KINDS = ['patient_record', 'access_log', 'other'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const RECORD_KIND_LABELS: Labels<RecordKind> = {
  patient_record: { en: 'Patient record', sv: 'Patientjournal' },
  access_log: { en: 'Access log', sv: 'Åtkomstlogg' },
  other: { en: 'Other', sv: 'Övrigt' },
};

export const RESPONSIBILITY_AREAS = ['data_subject_rights', 'information_to_data_subjects', 'security', 'breach_notification', 'dpia'] as const;
export type ResponsibilityArea = (typeof RESPONSIBILITY_AREAS)[number];
export const RESPONSIBILITY_AREA_LABELS: Labels<ResponsibilityArea> = {
  data_subject_rights: { en: 'Data-subject rights', sv: 'De registrerades rättigheter' },
  information_to_data_subjects: { en: 'Information to data subjects', sv: 'Information till de registrerade' },
  security: { en: 'Security', sv: 'Säkerhet' },
  breach_notification: { en: 'Breach notification', sv: 'Anmälan av personuppgiftsincidenter' },
  dpia: { en: 'Data protection impact assessment', sv: 'Konsekvensbedömning avseende dataskydd' },
};

export const USER_ROLES = ['regional_admin', 'org_admin', 'analyst', 'log_reviewer', 'integrator'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const USER_ROLE_LABELS: Labels<UserRole> = {
  regional_admin: { en: 'Regional administrator', sv: 'Regional administratör' },
  org_admin: { en: 'Organisation administrator', sv: 'Organisationsadministratör' },
  analyst: { en: 'Analyst', sv: 'Analytiker' },
  log_reviewer: { en: 'Log reviewer', sv: 'Loggranskare' },
  integrator: { en: 'Integrator', sv: 'Integratör' },
};

// Follow-up (uppföljning): the three legends of VästKom's yearly results table (seed 002,
// "Resultat 2019"). The labels are short, for a cell; the seed's own wording of each legend
// entry is FOLLOW_UP_LEGEND in followUp.ts.
export const FOLLOW_UP_GOAL_STATUSES = ['met', 'partly_met', 'not_met_or_dropped'] as const;
export type FollowUpGoalStatus = (typeof FOLLOW_UP_GOAL_STATUSES)[number];
export const FOLLOW_UP_GOAL_STATUS_LABELS: Labels<FollowUpGoalStatus> = {
  met: { en: 'Met', sv: 'Uppfyllt' },
  partly_met: { en: 'Partly met', sv: 'Delvis uppfyllt' },
  not_met_or_dropped: { en: 'Not met or dropped', sv: 'Ej uppfyllt eller utgått' },
};

export const FOLLOW_UP_TRENDS = ['positive', 'not_assessed', 'negative'] as const;
export type FollowUpTrend = (typeof FOLLOW_UP_TRENDS)[number];
export const FOLLOW_UP_TREND_LABELS: Labels<FollowUpTrend> = {
  positive: { en: 'Positive trend', sv: 'Positiv trend' },
  not_assessed: { en: 'Not assessed', sv: 'Ej bedömt' },
  negative: { en: 'Negative trend', sv: 'Negativ trend' },
};

export const FOLLOW_UP_TIME_ASSESSMENTS = ['more', 'less', 'about_equal'] as const;
export type FollowUpTimeAssessment = (typeof FOLLOW_UP_TIME_ASSESSMENTS)[number];
export const FOLLOW_UP_TIME_ASSESSMENT_LABELS: Labels<FollowUpTimeAssessment> = {
  more: { en: 'More than planned', sv: 'Mer än planerat' },
  less: { en: 'Less than planned', sv: 'Mindre än planerat' },
  about_equal: { en: 'About as planned', sv: 'Ungefär som planerat' },
};

/** Every list by one name, so a grid column or a GraphQL enum can be built without a switch. */
export const VOCABULARIES = {
  organisationKind: { values: ORGANISATION_KINDS, labels: ORGANISATION_KIND_LABELS },
  callOffStatus: { values: CALL_OFF_STATUSES, labels: CALL_OFF_STATUS_LABELS },
  agreementKind: { values: AGREEMENT_KINDS, labels: AGREEMENT_KIND_LABELS },
  agreementStatus: { values: AGREEMENT_STATUSES, labels: AGREEMENT_STATUS_LABELS },
  partyRole: { values: PARTY_ROLES, labels: PARTY_ROLE_LABELS },
  retentionAction: { values: RETENTION_ACTIONS, labels: RETENTION_ACTION_LABELS },
  retentionTrigger: { values: RETENTION_TRIGGERS, labels: RETENTION_TRIGGER_LABELS },
  recordKind: { values: RECORD_KINDS, labels: RECORD_KIND_LABELS },
  responsibilityArea: { values: RESPONSIBILITY_AREAS, labels: RESPONSIBILITY_AREA_LABELS },
  userRole: { values: USER_ROLES, labels: USER_ROLE_LABELS },
  followUpGoalStatus: { values: FOLLOW_UP_GOAL_STATUSES, labels: FOLLOW_UP_GOAL_STATUS_LABELS },
  followUpTrend: { values: FOLLOW_UP_TRENDS, labels: FOLLOW_UP_TREND_LABELS },
  followUpTimeAssessment: { values: FOLLOW_UP_TIME_ASSESSMENTS, labels: FOLLOW_UP_TIME_ASSESSMENT_LABELS },
} as const;

export function isOneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}

/** A missing value is the `required` rule's to report, not this one's. */
export function validateEnum(value: string | null | undefined, allowed: readonly string[], field: string): RuleViolation[] {
  if (value === null || value === undefined || value === '' || isOneOf(value, allowed)) return [];
  const list = allowed.join(', ');
  return [
    violation(
      field,
      'enum',
      `"${value}" is not an allowed value for ${field}; use one of: ${list}.`,
      `"${value}" är inte ett tillåtet värde för ${field}; använd ett av: ${list}.`,
    ),
  ];
}

/** Professions (yrkesroller) a user log entry names and an access policy is set for. */
export const PROFESSIONS = [
  'nurse',
  'nursing_assistant',
  'physician',
  'school_nurse',
  'school_doctor',
  'psychologist',
  'social_worker',
  'occupational_therapist',
  'physiotherapist',
  'dietitian',
  'speech_therapist',
  'medical_secretary',
  'pharmacist',
  'other',
] as const;
export type Profession = (typeof PROFESSIONS)[number];
export const PROFESSION_LABELS: Labels<Profession> = {
  nurse: { en: 'Nurse', sv: 'Sjuksköterska' },
  nursing_assistant: { en: 'Nursing assistant', sv: 'Undersköterska' },
  physician: { en: 'Physician', sv: 'Läkare' },
  school_nurse: { en: 'School nurse', sv: 'Skolsköterska' },
  school_doctor: { en: 'School doctor', sv: 'Skolläkare' },
  psychologist: { en: 'Psychologist', sv: 'Psykolog' },
  social_worker: { en: 'Social worker', sv: 'Kurator' },
  occupational_therapist: { en: 'Occupational therapist', sv: 'Arbetsterapeut' },
  physiotherapist: { en: 'Physiotherapist', sv: 'Fysioterapeut' },
  dietitian: { en: 'Dietitian', sv: 'Dietist' },
  speech_therapist: { en: 'Speech therapist', sv: 'Logoped' },
  medical_secretary: { en: 'Medical secretary', sv: 'Medicinsk sekreterare' },
  pharmacist: { en: 'Pharmacist', sv: 'Farmaceut' },
  other: { en: 'Other profession', sv: 'Annan yrkesroll' },
};

/** The outcome of a harm assessment (menprövning) before disclosure (utlämnande). */
export const DISCLOSURE_OUTCOMES = ['release', 'partial', 'deny'] as const;
export type DisclosureOutcome = (typeof DISCLOSURE_OUTCOMES)[number];
export const DISCLOSURE_OUTCOME_LABELS: Labels<DisclosureOutcome> = {
  release: { en: 'Released', sv: 'Lämnas ut' },
  partial: { en: 'Partly released', sv: 'Lämnas ut delvis' },
  deny: { en: 'Denied', sv: 'Lämnas inte ut' },
};
