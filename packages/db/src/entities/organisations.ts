import { validateOrganisation, validateProcurementTerm, validateDateField, validatePeriod } from '@fvm/domain';
import { optionLinks, options, organisations, powersOfAttorney, procurements, rolloutStages } from '../schema';
import type { EntityWriteSpec } from '../writes/types';
import { simpleSpec, writableColumns } from './helpers';

export const organisationSpec: EntityWriteSpec = {
  entity: 'Organisation',
  table: organisations,
  writable: writableColumns(organisations),
  validate: (c) => validateOrganisation(c.after as never),
};

export const powerOfAttorneySpec: EntityWriteSpec = {
  entity: 'PowerOfAttorney',
  table: powersOfAttorney,
  writable: writableColumns(powersOfAttorney),
  naturalOwner: (row) => row.municipalityId as number,
  validate: (c) => [
    ...validateDateField(c.after.grantedOn as string | null, 'grantedOn', { en: 'grant date', sv: 'datumet för fullmakten' }),
    ...validateDateField(c.after.validFrom as string | null, 'validFrom', { en: 'start date', sv: 'startdatumet' }),
    ...validateDateField(c.after.validTo as string | null, 'validTo', { en: 'end date', sv: 'slutdatumet' }),
    ...validatePeriod(c.after.validFrom as string | null, c.after.validTo as string | null, 'validTo', 'power_of_attorney.valid_range'),
  ],
};

export const procurementSpec: EntityWriteSpec = simpleSpec('Procurement', procurements, (c) => validateProcurementTerm(c.after as never));
export const optionSpec: EntityWriteSpec = simpleSpec('Option', options);
export const optionLinkSpec: EntityWriteSpec = simpleSpec('OptionLink', optionLinks);
export const rolloutStageSpec: EntityWriteSpec = simpleSpec('RolloutStage', rolloutStages, (c) => [
  ...validateDateField(c.after.plannedGoLive as string | null, 'plannedGoLive', { en: 'planned go-live', sv: 'planerad driftstart' }),
  ...validateDateField(c.after.actualGoLive as string | null, 'actualGoLive', { en: 'actual go-live', sv: 'faktisk driftstart' }),
]);
