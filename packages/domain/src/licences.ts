import { validateDateField, validatePeriod } from './fields';
import { violation, type RuleViolation } from './violations';

export interface LicenceInput {
  validFrom: string | null;
  validTo: string | null;
  modules: string | null;
}

/**
 * "Respektive kommun ges direkt rätt att tillhandahålla licenser … till sina
 * respektive privata vårdgivare, med undantag för sådana privata vårdgivare som
 * är egna huvudmän (dvs. friskolor som bedriver elevhälsovård)."
 */
export function validateLicence(
  l: LicenceInput,
  municipality: { kind: string } | null,
  provider: { kind: string; ownPrincipal: boolean } | null,
): RuleViolation[] {
  const found = [
    ...validateDateField(l.validFrom, 'validFrom', { en: 'start date', sv: 'startdatumet' }),
    ...validateDateField(l.validTo, 'validTo', { en: 'end date', sv: 'slutdatumet' }),
    ...validatePeriod(l.validFrom, l.validTo, 'validTo', 'licence.valid_range'),
  ];

  if (municipality === null) {
    found.push(violation('municipalityId', 'required', 'A licence needs the municipality that grants it.', 'En licens behöver den kommun som ger den.'));
  } else if (municipality.kind !== 'municipality') {
    found.push(
      violation(
        'municipalityId',
        'licence.licensor_kind',
        `Only a municipality can grant a licence, not an organisation of kind ${municipality.kind}.`,
        `Endast en kommun kan ge en licens, inte en organisation av typen ${municipality.kind}.`,
      ),
    );
  }

  if (provider === null) {
    found.push(
      violation(
        'providerId',
        'required',
        'A licence needs the private care provider it is granted to.',
        'En licens behöver den privata vårdgivare den ges till.',
      ),
    );
  } else if (provider.kind === 'independent_school' || (provider.kind === 'private_care_provider' && provider.ownPrincipal)) {
    found.push(
      violation(
        'providerId',
        'licence.own_principal_provider',
        'A municipality cannot license a provider that is its own principal, such as an independent school running school health care.',
        'Kommunen kan inte ge licens till denna vårdgivare: rätten gäller privata vårdgivare "med undantag för sådana privata vårdgivare som är egna huvudmän (dvs. friskolor som bedriver elevhälsovård)".',
      ),
    );
  } else if (provider.kind !== 'private_care_provider') {
    found.push(
      violation(
        'providerId',
        'licence.provider_kind',
        `A licence can only be granted to a private care provider, not to an organisation of kind ${provider.kind}.`,
        `En licens kan bara ges till en privat vårdgivare, inte till en organisation av typen ${provider.kind}.`,
      ),
    );
  }
  return found;
}
