import { ART_28_ITEMS, type Art28Key } from './art28';
import { addMonths, isIsoDate } from './dates';
import { validateDateField, validatePeriod } from './fields';
import { AGREEMENT_KINDS, AGREEMENT_STATUSES, validateEnum } from './vocabulary';
import { violation, type RuleViolation } from './violations';

export { ART_28_ITEMS, ART_28_KEYS, missingArt28Items, type Art28Key } from './art28';
export {
  JOINT_CONTROLLERSHIP_GAP_LABELS,
  jointControllershipGaps,
  validateJointControllership,
  type JointControllershipFacts,
  type JointControllershipGap,
} from './jointControllership';

export interface AgreementInput {
  kind: string;
  status: string;
  signedOn: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** The end date is the procurement's (implementation completed + term + extension), not the agreement's own. */
  endFollowsProcurementTerm: boolean;
  penalties: boolean;
}

export interface AgreementContext {
  /** agreementEndDate() of the procurement; null while implementation is not completed. */
  derivedEndDate: string | null;
  /** Accepted so the write path can pass what it has; no rule depends on it yet. */
  previousValidTo?: string | null;
  isNew: boolean;
}

export function validateAgreement(a: AgreementInput & Partial<Record<Art28Key, boolean | null>>, ctx: AgreementContext): RuleViolation[] {
  const found = [
    ...validateEnum(a.kind, AGREEMENT_KINDS, 'kind'),
    ...validateEnum(a.status, AGREEMENT_STATUSES, 'status'),
    ...validateDateField(a.signedOn, 'signedOn', { en: 'signed date', sv: 'underskriftsdatumet' }),
    ...validateDateField(a.validFrom, 'validFrom', { en: 'start date', sv: 'startdatumet' }),
    ...validateDateField(a.validTo, 'validTo', { en: 'end date', sv: 'slutdatumet' }),
    ...validatePeriod(a.validFrom, a.validTo, 'validTo', 'agreement.valid_range'),
  ];

  if (a.status === 'signed' && a.signedOn === null) {
    found.push(
      violation('signedOn', 'required', 'A signed agreement needs the date it was signed.', 'Ett undertecknat avtal behöver datumet då det undertecknades.'),
    );
  }

  if (a.kind === 'processor' && a.status === 'signed') {
    for (const item of ART_28_ITEMS) {
      if (a[item.key] === true) continue;
      found.push(
        violation(
          item.key,
          'processor_agreement.art28_missing',
          `A processor agreement cannot be signed until it covers ${item.en} (GDPR art. ${item.article}).`,
          `Ett personuppgiftsbiträdesavtal kan inte undertecknas förrän det reglerar ${item.sv} (GDPR art. ${item.article}).`,
        ),
      );
    }
  }

  if (a.endFollowsProcurementTerm && a.validTo !== ctx.derivedEndDate) {
    const derived = ctx.derivedEndDate;
    found.push(
      violation(
        'validTo',
        'agreement.end_date_derived',
        derived === null
          ? 'This end date follows the procurement term and is derived from the implementation-completed date, which is not recorded yet; leave it empty rather than typing it by hand.'
          : `This end date follows the procurement term and is derived from the implementation-completed date: it is ${derived}, not typed by hand.`,
        derived === null
          ? 'Slutdatumet följer upphandlingens avtalstid och räknas fram från datumet för slutförd implementering, som ännu inte är registrerat; lämna det tomt i stället för att skriva in det för hand.'
          : `Slutdatumet följer upphandlingens avtalstid och räknas fram från datumet för slutförd implementering: det är ${derived} och skrivs inte in för hand.`,
      ),
    );
  }
  return found;
}

/** Already ended is not "expiring": those are reported as expired, not as coming up. */
export function isExpiringWithin(validTo: string | null, today: string, months: number): boolean {
  if (validTo === null || !isIsoDate(validTo)) return false;
  return today <= validTo && validTo <= addMonths(today, months);
}
