import { agreementEndDate, normaliseOrganisationNumber, validateDateField, validateOrganisation, validatePowerOfAttorney, validateProcurementTerm } from '@fvm/domain';
import { agreements, optionLinks, options, organisations, powersOfAttorney, procurements, rolloutStages } from '../schema';
import type { Sqlite } from '../client';
import { codecFor, type Row } from '../writes/codec';
import { recordChange } from '../writes/history';
import type { BatchEnv } from '../writes/types';
import type { EntityWriteSpec } from '../writes/types';
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
  naturalOwner: (row) => row.municipalityId as number,
  validate: (c) => validatePowerOfAttorney(c.after as never),
};

export const procurementSpec: EntityWriteSpec = {
  ...simpleSpec('Procurement', procurements, (c) => validateProcurementTerm(c.after as never)),
  afterWrite: (written, env, sqlite) => {
    for (const c of written) if (c.op === 'update') followProcurementTerm(sqlite, c.after, env);
  },
};
export const optionSpec: EntityWriteSpec = simpleSpec('Option', options);
export const optionLinkSpec: EntityWriteSpec = simpleSpec('OptionLink', optionLinks);
export const rolloutStageSpec: EntityWriteSpec = simpleSpec('RolloutStage', rolloutStages, (c) => [
  ...validateDateField(c.after.plannedGoLive as string | null, 'plannedGoLive', { en: 'planned go-live', sv: 'planerad driftstart' }),
  ...validateDateField(c.after.actualGoLive as string | null, 'actualGoLive', { en: 'actual go-live', sv: 'faktisk driftstart' }),
]);

/**
 * Agreements whose end follows the procurement's term get their end date from it: when the
 * implementation-completed date or the extension changes, they move with it, in the same
 * transaction and with their own change records.
 */
function followProcurementTerm(sqlite: Sqlite, procurement: Row, env: BatchEnv) {
  const codec = codecFor(agreements);
  const end = agreementEndDate(procurement as never);
  const stale = sqlite
    .prepare('SELECT * FROM agreements WHERE procurement_id = ? AND end_follows_procurement_term = 1 AND coalesce(valid_to, \'\') <> coalesce(?, \'\')')
    .all(procurement.id, end) as Record<string, unknown>[];
  const update = sqlite.prepare('UPDATE agreements SET valid_to = ?, version = version + 1, updated_at = ? WHERE id = ?');
  for (const raw of stale) {
    const before = codec.decode(raw);
    const after = { ...before, validTo: end, version: before.version + 1, updatedAt: env.now };
    update.run(end, env.now, before.id);
    recordChange(sqlite, { entity: 'Agreement', entityId: before.id, operation: 'update', before, after, ownerOrgId: before.ownerOrgId, env });
  }
}
