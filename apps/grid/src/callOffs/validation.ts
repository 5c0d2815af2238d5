import { isActiveCallOff, validateCallOff, validateRequired, type CallOffWindow, type PowerOfAttorneyFacts, type RuleViolation } from '@fvm/domain';
import type { CallOffFacts, StagedEdit } from './types';

export interface CellRuleContext {
  today: string;
  powersOfAttorney: readonly PowerOfAttorneyFacts[];
  window: CallOffWindow;
  /** Other call-offs of the same municipality and option that are active (staged values counted). */
  otherActiveForSameOption: number;
}

const STATUS = { en: 'status', sv: 'status' };

/**
 * The same rules the server applies to an updated call-off (packages/domain's validateCallOff),
 * run on the staged value before anything is sent. Text that is no status is passed on as it is,
 * so the domain's enum rule reports it.
 */
export function validateStagedEdit(edit: StagedEdit, base: CallOffFacts, ctx: CellRuleContext): RuleViolation[] {
  const required = validateRequired(edit.raw, 'status', STATUS);
  if (required.length) return required;
  const status = edit.status ?? edit.raw.trim();
  return validateCallOff(
    // The rules read ids only to name them; the matrix never moves a call-off to another municipality or option.
    { municipalityId: 0, optionId: base.optionNumber, status, submittedOn: base.submittedOn, signedOn: base.signedOn },
    {
      today: ctx.today,
      isNew: false,
      powersOfAttorney: [...ctx.powersOfAttorney],
      window: ctx.window,
      otherCallOffsForSameOption: isActiveCallOff(status) ? ctx.otherActiveForSameOption : 0,
    },
  );
}

export { todayIso } from '../editing/values';
