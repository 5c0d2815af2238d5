import {
  ACCESS_BASES,
  ACCESS_BASIS_LABELS,
  AGREEMENT_KIND_LABELS,
  AGREEMENT_KINDS,
  AGREEMENT_STATUS_LABELS,
  AGREEMENT_STATUSES,
  CALL_OFF_STATUS_LABELS,
  CALL_OFF_STATUSES,
  LOG_ACTION_LABELS,
  LOG_ACTIONS,
  LOG_DEVICE_LABELS,
  LOG_DEVICES,
  LOG_OUTCOME_LABELS,
  LOG_OUTCOMES,
  ORGANISATION_KIND_LABELS,
  ORGANISATION_KINDS,
  PARTY_ROLE_LABELS,
  PARTY_ROLES,
  RECORD_KIND_LABELS,
  RECORD_KINDS,
  RESPONSIBILITY_AREA_LABELS,
  RESPONSIBILITY_AREAS,
  RETENTION_ACTION_LABELS,
  RETENTION_ACTIONS,
  RETENTION_TRIGGER_LABELS,
  RETENTION_TRIGGERS,
  USER_ROLE_LABELS,
  USER_ROLES,
  type Label,
  FOLLOW_UP_GOAL_STATUS_LABELS,
  FOLLOW_UP_GOAL_STATUSES,
  FOLLOW_UP_TIME_ASSESSMENT_LABELS,
  FOLLOW_UP_TIME_ASSESSMENTS,
  FOLLOW_UP_TREND_LABELS,
  FOLLOW_UP_TRENDS,
  PROFESSIONS,
  PROFESSION_LABELS,
  DISCLOSURE_OUTCOMES,
  DISCLOSURE_OUTCOME_LABELS,
} from '@fvm/domain';
import { builder } from '../builder';
import type { EnumKind } from '../entity';

// GraphQL enums are made from the domain's vocabularies, so a value and its labels exist once.
export function vocabularyEnum<T extends string>(
  name: string,
  values: readonly T[],
  labels: Record<T, Label>,
  description: string,
  label: string,
  nullable = false,
): EnumKind<T> {
  const ref = builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v, description: `${labels[v].en} (${labels[v].sv}).` }])),
  });
  // Pothos works out an enum's values from its config, which a generic T leaves unresolved here:
  // they are exactly the vocabulary's values, T.
  return { enumName: name, ref: ref as EnumKind<T>['ref'], label, nullable };
}

export const OrganisationKind = vocabularyEnum(
  'OrganisationKind',
  ORGANISATION_KINDS,
  ORGANISATION_KIND_LABELS,
  'What kind of body an organisation is (organisationstyp).',
  'the kind of organisation',
);
export const CallOffStatus = vocabularyEnum(
  'CallOffStatus',
  CALL_OFF_STATUSES,
  CALL_OFF_STATUS_LABELS,
  'Where a call-off (avrop) stands.',
  'the call-off status',
);
export const AgreementKind = vocabularyEnum(
  'AgreementKind',
  AGREEMENT_KINDS,
  AGREEMENT_KIND_LABELS,
  'What kind of agreement (avtalstyp).',
  'the kind of agreement',
);
export const AgreementStatus = vocabularyEnum(
  'AgreementStatus',
  AGREEMENT_STATUSES,
  AGREEMENT_STATUS_LABELS,
  'Where an agreement stands (avtalsstatus).',
  'the agreement status',
);
export const PartyRole = vocabularyEnum('PartyRole', PARTY_ROLES, PARTY_ROLE_LABELS, 'The role a party has in an agreement (partsroll).', 'the party role');
export const RecordKind = vocabularyEnum(
  'RecordKind',
  RECORD_KINDS,
  RECORD_KIND_LABELS,
  'What kind of record an information category is, which sets its legal minimum retention.',
  'the record kind',
);
export const ResponsibilityArea = vocabularyEnum(
  'ResponsibilityArea',
  RESPONSIBILITY_AREAS,
  RESPONSIBILITY_AREA_LABELS,
  'An area of responsibility under joint controllership (GDPR art. 26).',
  'the area of responsibility',
);
export const RetentionAction = vocabularyEnum(
  'RetentionAction',
  RETENTION_ACTIONS,
  RETENTION_ACTION_LABELS,
  'Whether information is preserved (bevaras) or purged (gallras).',
  'the retention action',
);
export const RetentionTrigger = vocabularyEnum(
  'RetentionTrigger',
  RETENTION_TRIGGERS,
  RETENTION_TRIGGER_LABELS,
  'From when the retention period is counted.',
  'the retention trigger',
);
export const UserRole = vocabularyEnum('UserRole', USER_ROLES, USER_ROLE_LABELS, 'A role an API token carries (roll).', 'the role');
export const LogAction = vocabularyEnum('LogAction', LOG_ACTIONS, LOG_ACTION_LABELS, 'What the user did (aktivitet).', 'the action');
export const AccessBasis = vocabularyEnum(
  'AccessBasis',
  ACCESS_BASES,
  ACCESS_BASIS_LABELS,
  'On what basis the user accessed the data (grund för åtkomst).',
  'the basis of access',
);
export const LogDevice = vocabularyEnum('LogDevice', LOG_DEVICES, LOG_DEVICE_LABELS, 'The kind of device used (enhet).', 'the device');
export const LogOutcome = vocabularyEnum('LogOutcome', LOG_OUTCOMES, LOG_OUTCOME_LABELS, 'How the access ended (utfall).', 'the outcome');
export const FollowUpGoalStatus = vocabularyEnum(
  'FollowUpGoalStatus',
  FOLLOW_UP_GOAL_STATUSES,
  FOLLOW_UP_GOAL_STATUS_LABELS,
  'How far a yearly goal is judged to be met (måluppfyllelse).',
  'the goal status',
  true,
);
export const FollowUpTrend = vocabularyEnum(
  'FollowUpTrend',
  FOLLOW_UP_TRENDS,
  FOLLOW_UP_TREND_LABELS,
  'The trend an activity shows (trend).',
  'the trend',
  true,
);
export const FollowUpTimeAssessment = vocabularyEnum(
  'FollowUpTimeAssessment',
  FOLLOW_UP_TIME_ASSESSMENTS,
  FOLLOW_UP_TIME_ASSESSMENT_LABELS,
  'Time spent against the action plan (tidsåtgång enligt handlingsplan).',
  'the time assessment',
  true,
);
export const Profession = vocabularyEnum(
  'Profession',
  PROFESSIONS,
  PROFESSION_LABELS,
  'A profession (yrkesroll) an access policy is set for and a log entry names.',
  'the profession',
);
export const DisclosureOutcome = vocabularyEnum(
  'DisclosureOutcome',
  DISCLOSURE_OUTCOMES,
  DISCLOSURE_OUTCOME_LABELS,
  'The outcome of a harm assessment (menprövning) before disclosure (utlämnande).',
  'the outcome',
);
