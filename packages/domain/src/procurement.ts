import { addYears, isIsoDate, isWithin } from './dates';
import { validateDateField } from './fields';
import { violation, type RuleViolation } from './violations';

/** The 2018 procurement: "tio år efter slutförd implementering med möjlighet till förlängning upp till ytterligare fyra år". */
export const PROCUREMENT_TERM_YEARS = 10;
export const PROCUREMENT_MAX_EXTENSION_YEARS = 4;

export interface ProcurementTerm {
  implementationCompletedOn: string | null;
  termYears: number;
  maxExtensionYears: number;
  extensionYears: number;
}

/** Null until implementation is completed (or while its date is not a date): the term has not started. */
export function agreementEndDate(p: ProcurementTerm): string | null {
  if (p.implementationCompletedOn === null || !isIsoDate(p.implementationCompletedOn)) return null;
  return addYears(p.implementationCompletedOn, p.termYears + p.extensionYears);
}

export function validateProcurementTerm(p: ProcurementTerm): RuleViolation[] {
  const found = validateDateField(p.implementationCompletedOn, 'implementationCompletedOn', {
    en: 'implementation-completed date',
    sv: 'datumet för slutförd implementering',
  });
  if (!Number.isInteger(p.termYears) || p.termYears <= 0) {
    found.push(
      violation(
        'termYears',
        'procurement.term_invalid',
        `The agreement term must be a whole number of years greater than zero, not ${p.termYears}.`,
        `Avtalstiden ska vara ett helt antal år större än noll, inte ${p.termYears}.`,
      ),
    );
  }
  if (!Number.isInteger(p.extensionYears) || p.extensionYears < 0) {
    found.push(
      violation(
        'extensionYears',
        'procurement.extension_invalid',
        `The extension must be a whole number of years, zero or more, not ${p.extensionYears}.`,
        `Förlängningen ska vara ett helt antal år, noll eller fler, inte ${p.extensionYears}.`,
      ),
    );
  } else if (p.extensionYears > p.maxExtensionYears) {
    found.push(
      violation(
        'extensionYears',
        'procurement.extension_exceeds_max',
        `The agreement can be extended by at most ${p.maxExtensionYears} years, not ${p.extensionYears}.`,
        `Avtalet kan förlängas med högst ${p.maxExtensionYears} år, inte ${p.extensionYears}.`,
      ),
    );
  }
  return found;
}

export interface CallOffWindow {
  opensOn: string | null;
  closesOn: string | null;
}

export function isCallOffWindowOpen(window: CallOffWindow, date: string): boolean {
  return isWithin(date, window.opensOn, window.closesOn);
}
