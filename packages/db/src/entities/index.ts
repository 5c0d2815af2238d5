import type { EntityWriteSpec } from '../writes/types';
import {
  agreementPartySpec,
  agreementServiceSpec,
  agreementSpec,
  jointControllerResponsibilitySpec,
  processingInstructionSpec,
  serviceSpec,
} from './agreements';
import { callOffSpec } from './callOffs';
import { informationAssetSpec, informationCategorySpec, licenceSpec, retentionRuleSpec } from './information';
import { logReviewItemSpec, logReviewRoutineSpec } from './logReview';
import { accessPolicySpec, disclosureRequestSpec } from './policy';
import { optionLinkSpec, optionSpec, organisationSpec, powerOfAttorneySpec, procurementSpec, rolloutStageSpec } from './organisations';
import { followUpGoalSpec, followUpStatusReportSpec } from './followUp';

/** Every writable entity, by the name the change history and the API use. */
export const writeSpecs = {
  Organisation: organisationSpec,
  RolloutStage: rolloutStageSpec,
  PowerOfAttorney: powerOfAttorneySpec,
  Procurement: procurementSpec,
  Option: optionSpec,
  OptionLink: optionLinkSpec,
  CallOff: callOffSpec,
  Service: serviceSpec,
  Agreement: agreementSpec,
  AgreementParty: agreementPartySpec,
  AgreementService: agreementServiceSpec,
  ProcessingInstruction: processingInstructionSpec,
  JointControllerResponsibility: jointControllerResponsibilitySpec,
  InformationCategory: informationCategorySpec,
  InformationAsset: informationAssetSpec,
  RetentionRule: retentionRuleSpec,
  Licence: licenceSpec,
  LogReviewRoutine: logReviewRoutineSpec,
  LogReviewItem: logReviewItemSpec,
  FollowUpGoal: followUpGoalSpec,
  FollowUpStatusReport: followUpStatusReportSpec,
  AccessPolicy: accessPolicySpec,
  DisclosureRequest: disclosureRequestSpec,
} satisfies Record<string, EntityWriteSpec>;

export type EntityName = keyof typeof writeSpecs;
