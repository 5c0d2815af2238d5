import {
  agreementEndDate,
  normaliseOrganisationNumber,
  powerOfAttorneyOwner,
  validateOrganisation,
  validatePowerOfAttorney,
  validateProcurementTerm,
  validateRolloutStage,
} from '@fvm/domain';
import { agreements, optionLinks, options, organisations, powersOfAttorney, procurements, rolloutStages } from '../schema';
import type { Row } from '../writes/codec';
import { known, recordChange, select, update, type Io } from '../writes/effects';
import type { EntityWriteSpec, WriteEnv } from '../writes/types';
import { simpleSpec, writableColumns } from './helpers';

export const organisationSpec: EntityWriteSpec = {
  entity: 'Organisation',
  table: organisations,
  writable: writableColumns(organisations),
  // Stored as bare digits, however typed, so that 232100-0131 and 2321000131 are one organisation.
  derive: (c) => {
    const n = c.after.organisationNumber as string | null;
    const normalised = n ? normaliseOrganisationNumber(n) : null;
    return normalised ? { organisationNumber: normalised } : {};
  },
  validate: (c) => validateOrganisation(c.after as never),
};

export const powerOfAttorneySpec: EntityWriteSpec = {
  entity: 'PowerOfAttorney',
  table: powersOfAttorney,
  writable: writableColumns(powersOfAttorney),
  naturalOwner: (row) => known(powerOfAttorneyOwner({ municipalityId: row.municipalityId as number | null })),
  validate: (c) => validatePowerOfAttorney(c.after as never),
};

export const procurementSpec: EntityWriteSpec = {
  ...simpleSpec('Procurement', procurements, (c) => validateProcurementTerm(c.after as never)),
  *afterWrite(written, env) {
    for (const c of written) if (c.op === 'update') yield* followProcurementTerm(c.after, env);
  },
};
export const optionSpec: EntityWriteSpec = simpleSpec('Option', options);
export const optionLinkSpec: EntityWriteSpec = simpleSpec('OptionLink', optionLinks);
export const rolloutStageSpec: EntityWriteSpec = simpleSpec('RolloutStage', rolloutStages, (c) =>
  validateRolloutStage({ plannedGoLive: c.after.plannedGoLive as string | null, actualGoLive: c.after.actualGoLive as string | null }),
);

/**
 * Agreements whose end follows the procurement's term get their end date from it: when the
 * implementation-completed date or the extension changes, they move with it, in the same
 * transaction and with their own change records.
 */
function* followProcurementTerm(procurement: Row, env: WriteEnv): Io<void> {
  const end = agreementEndDate(procurement as never);
  const following = (yield* select(agreements, { procurementId: { eq: procurement.id }, endFollowsProcurementTerm: { eq: true } })) as Row[];
  for (const before of following.filter((a) => (a.validTo ?? null) !== end)) {
    const after = { ...before, validTo: end, version: before.version + 1, updatedAt: env.now };
    yield* update(agreements, { id: { eq: before.id } }, { validTo: end, version: after.version, updatedAt: env.now });
    yield* recordChange({
      entity: 'Agreement',
      entityId: before.id,
      operation: 'update',
      before,
      after,
      ownerOrgId: before.ownerOrgId,
      viewer: env.viewer,
      now: env.now,
    });
  }
}
