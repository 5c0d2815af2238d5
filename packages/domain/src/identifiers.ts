import { luhnValid } from './luhn';
import { violation, type RuleViolation } from './violations';

export { luhnCheckDigit, luhnValid } from './luhn';

export { parsePersonalIdentityNumber, validatePersonalIdentityNumber, type PersonalIdentityNumber } from './personalIdentityNumber';

/** Both the printed form (232100-0131) and the bare digits are in use; the registry stores digits. */
export function normaliseOrganisationNumber(s: string): string | null {
  const m = /^(\d{6})-?(\d{4})$/.exec(s.trim());
  return m ? `${m[1]}${m[2]}` : null;
}

function printed(digits: string): string {
  return `${digits.slice(0, 6)}-${digits.slice(6)}`;
}

export function validateOrganisationNumber(s: string, field = 'organisationNumber'): RuleViolation[] {
  const digits = normaliseOrganisationNumber(s);
  if (digits === null) {
    return [
      violation(
        field,
        'organisation_number.format',
        `The organisation number "${s}" must be 10 digits, written NNNNNN-NNNN or without the hyphen.`,
        `Organisationsnumret "${s}" ska vara 10 siffror, skrivet NNNNNN-NNNN eller utan bindestreck.`,
      ),
    ];
  }
  if (!luhnValid(digits)) {
    return [
      violation(
        field,
        'organisation_number.luhn',
        `The organisation number ${printed(digits)} has a wrong check digit; check it for a typing error.`,
        `Organisationsnumret ${printed(digits)} har fel kontrollsiffra; kontrollera om det är felskrivet.`,
      ),
    ];
  }
  return [];
}

export const HSA_ID_MAX_LENGTH = 31;

/** The organisation number inside an HSA-id, or null when the id does not have the HSA shape. */
export function hsaIdOrganisationNumber(hsaId: string): string | null {
  const m = /^SE(\d{10})-[A-Za-z0-9]+$/.exec(hsaId);
  return m ? m[1]! : null;
}

export function validateHsaId(s: string, field = 'hsaId'): RuleViolation[] {
  const orgNumber = hsaIdOrganisationNumber(s);
  if (orgNumber === null) {
    return [
      violation(
        field,
        'hsa_id.format',
        `The HSA-id "${s}" must be SE, the organisation's 10-digit number, a hyphen and letters or digits, for example SE2321000131-E000000000001.`,
        `HSA-id "${s}" ska vara SE, organisationens 10-siffriga nummer, ett bindestreck och bokstäver eller siffror, till exempel SE2321000131-E000000000001.`,
      ),
    ];
  }
  const found: RuleViolation[] = [];
  if (s.length > HSA_ID_MAX_LENGTH) {
    found.push(
      violation(
        field,
        'hsa_id.length',
        `The HSA-id "${s}" is ${s.length} characters long; it may be at most ${HSA_ID_MAX_LENGTH}.`,
        `HSA-id "${s}" är ${s.length} tecken långt; det får vara högst ${HSA_ID_MAX_LENGTH} tecken.`,
      ),
    );
  }
  if (!luhnValid(orgNumber)) {
    found.push(
      violation(
        field,
        'hsa_id.luhn',
        `The organisation number ${printed(orgNumber)} in the HSA-id "${s}" has a wrong check digit.`,
        `Organisationsnumret ${printed(orgNumber)} i HSA-id "${s}" har fel kontrollsiffra.`,
      ),
    );
  }
  return found;
}

/** This registry covers Västra Götaland only; its county code is 14. */
export const COUNTY_CODE = '14';

export function validateMunicipalityCode(code: string, field = 'municipalityCode'): RuleViolation[] {
  if (!/^\d{4}$/.test(code)) {
    return [
      violation(
        field,
        'municipality_code.format',
        `The municipality code "${code}" must be exactly 4 digits, for example 1480 for Göteborg.`,
        `Kommunkoden "${code}" ska vara exakt 4 siffror, till exempel 1480 för Göteborg.`,
      ),
    ];
  }
  if (code.slice(0, 2) !== COUNTY_CODE) {
    return [
      violation(
        field,
        'municipality_code.county',
        `The municipality code ${code} belongs to county ${code.slice(0, 2)}; this registry covers Västra Götaland, whose codes begin with ${COUNTY_CODE}.`,
        `Kommunkoden ${code} hör till län ${code.slice(0, 2)}; registret omfattar Västra Götaland, vars koder börjar på ${COUNTY_CODE}.`,
      ),
    ];
  }
  return [];
}
