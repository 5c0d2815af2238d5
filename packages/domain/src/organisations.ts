import { validateDateField, validatePeriod, validateRequired } from './fields';
import { hsaIdOrganisationNumber, normaliseOrganisationNumber, validateHsaId, validateMunicipalityCode, validateOrganisationNumber } from './identifiers';
import { isBlank } from './text';
import { ORGANISATION_KINDS, validateEnum } from './vocabulary';
import { violation, type RuleViolation } from './violations';

export interface OrganisationInput {
  kind: string;
  name: string;
  organisationNumber: string | null;
  hsaId: string | null;
  ownPrincipal: boolean;
  municipalityCode: string | null;
  /** The registry's row number, or a global ID where a client checks a row: the rules ask only whether one is given. */
  associationId: number | string | null;
  licensingMunicipalityId: number | string | null;
}

export function validateOrganisation(o: OrganisationInput): RuleViolation[] {
  const found = [...validateEnum(o.kind, ORGANISATION_KINDS, 'kind'), ...validateRequired(o.name, 'name', { en: 'name', sv: 'namnet' })];
  const orgNumber = isBlank(o.organisationNumber) ? null : o.organisationNumber;
  const hsaId = isBlank(o.hsaId) ? null : o.hsaId;
  const code = isBlank(o.municipalityCode) ? null : o.municipalityCode;

  if (orgNumber !== null) found.push(...validateOrganisationNumber(orgNumber));
  if (hsaId !== null) {
    const hsaProblems = validateHsaId(hsaId);
    found.push(...hsaProblems);
    // HSA-ids are issued under the organisation's own number, so a different one points at another organisation.
    const embedded = hsaIdOrganisationNumber(hsaId);
    const own = orgNumber === null ? null : normaliseOrganisationNumber(orgNumber);
    if (embedded !== null && own !== null && embedded !== own) {
      found.push(
        violation(
          'hsaId',
          'hsa_id.organisation_number_mismatch',
          `The HSA-id "${hsaId}" contains the organisation number ${embedded}, but the organisation's number is ${own}.`,
          `HSA-id "${hsaId}" innehåller organisationsnumret ${embedded}, men organisationens nummer är ${own}.`,
        ),
      );
    }
  }

  if (o.kind === 'municipality') {
    if (code === null) {
      found.push(
        violation('municipalityCode', 'required', 'A municipality needs its four-digit municipality code.', 'En kommun behöver sin fyrsiffriga kommunkod.'),
      );
    } else {
      found.push(...validateMunicipalityCode(code));
    }
  } else if (code !== null) {
    found.push(
      violation(
        'municipalityCode',
        'municipality_code.not_municipality',
        `Only a municipality has a municipality code; remove ${code} from this organisation.`,
        `Endast en kommun har en kommunkod; ta bort ${code} från denna organisation.`,
      ),
    );
  }

  if (o.kind === 'private_care_provider' && o.licensingMunicipalityId === null) {
    found.push(
      violation(
        'licensingMunicipalityId',
        'required',
        'A private care provider needs the municipality that licenses it.',
        'En privat vårdgivare behöver den kommun som ger den licens.',
      ),
    );
  }

  if (o.kind === 'independent_school' && !o.ownPrincipal) {
    found.push(
      violation(
        'ownPrincipal',
        'organisation.independent_school_own_principal',
        'An independent school is its own principal; mark it as such.',
        'En friskola är sin egen huvudman; markera den som det.',
      ),
    );
  }
  return found;
}

export interface PowerOfAttorneyDates {
  grantedOn: string | null;
  validFrom: string | null;
  validTo: string | null;
}

/** A power of attorney's dates: each a real date when given, and the end not before the start. */
export function validatePowerOfAttorney(p: PowerOfAttorneyDates): RuleViolation[] {
  return [
    ...validateDateField(p.grantedOn, 'grantedOn', { en: 'grant date', sv: 'datumet för fullmakten' }),
    ...validateDateField(p.validFrom, 'validFrom', { en: 'start date', sv: 'startdatumet' }),
    ...validateDateField(p.validTo, 'validTo', { en: 'end date', sv: 'slutdatumet' }),
    ...validatePeriod(p.validFrom, p.validTo, 'validTo', 'power_of_attorney.valid_range'),
  ];
}

export interface RolloutStageDates {
  plannedGoLive: string | null;
  actualGoLive: string | null;
}

/** A roll-out stage's go-live dates, planned and actual: each a real date when given. */
export function validateRolloutStage(stage: RolloutStageDates): RuleViolation[] {
  return [
    ...validateDateField(stage.plannedGoLive, 'plannedGoLive', { en: 'planned go-live', sv: 'planerad driftstart' }),
    ...validateDateField(stage.actualGoLive, 'actualGoLive', { en: 'actual go-live', sv: 'faktisk driftstart' }),
  ];
}

/**
 * A power of attorney belongs to the municipality that gave it (not to VGR, who holds it): that
 * municipality's org admin, or a regional admin, changes it. Null while it names no municipality.
 */
export function powerOfAttorneyOwner<Id>(power: { municipalityId: Id | null | undefined }): Id | null {
  return power.municipalityId ?? null;
}
