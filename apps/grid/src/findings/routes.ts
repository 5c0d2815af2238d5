import type { Route } from '../views/Nav';

/**
 * Which view holds the rows of a type (for the findings view's jump link). A type missing here has
 * no view yet: its findings are listed without a link. Organisations are marked in the call-off
 * matrix, where the municipalities' call-offs are changed.
 */
export const SUBJECT_ROUTES: Readonly<Record<string, Route>> = {
  CallOff: 'call-offs',
  Organisation: 'call-offs',
  Municipality: 'call-offs',
  Agreement: 'agreements',
  ProcessorAgreement: 'processor-agreements',
  JointControllership: 'joint-controllerships',
  InformationCategory: 'information-categories',
  InformationAsset: 'information-assets',
  RetentionRule: 'retention-rules',
  Licence: 'licences',
  RolloutStage: 'rollout-stages',
};

export const routeOfSubject = (subjectType: string): Route | null => (Object.hasOwn(SUBJECT_ROUTES, subjectType) ? SUBJECT_ROUTES[subjectType]! : null);
