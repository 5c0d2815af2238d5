import { validateEnum, validateLicence, validateRetentionRule, RECORD_KINDS } from '@fvm/domain';
import { informationAssets, informationCategories, licences, organisations, retentionRules } from '../schema';
import { known } from '../writes/effects';
import type { EntityWriteSpec } from '../writes/types';
import { rowsWhereIn, simpleSpec, writableColumns } from './helpers';

export const informationCategorySpec: EntityWriteSpec = simpleSpec('InformationCategory', informationCategories, (c) =>
  validateEnum(c.after.recordKind as string, RECORD_KINDS, 'recordKind'),
);
export const informationAssetSpec: EntityWriteSpec = simpleSpec('InformationAsset', informationAssets);

export const retentionRuleSpec: EntityWriteSpec<Map<number, typeof informationCategories.$inferSelect>> = {
  entity: 'RetentionRule',
  table: retentionRules,
  writable: writableColumns(retentionRules),
  *loadContext(candidates) {
    return new Map(
      (yield* rowsWhereIn(
        informationCategories,
        'id',
        candidates.map((c) => c.after.categoryId),
      )).map((r) => [r.id, r]),
    );
  },
  validate: (c, categories) => validateRetentionRule(c.after as never, categories.get(c.after.categoryId as number) ?? null),
};

export const licenceSpec: EntityWriteSpec<Map<number, typeof organisations.$inferSelect>> = {
  entity: 'Licence',
  table: licences,
  writable: writableColumns(licences),
  // A municipality grants its own licences.
  naturalOwner: (row) => known(row.municipalityId as number),
  *loadContext(candidates) {
    return new Map(
      (yield* rowsWhereIn(
        organisations,
        'id',
        candidates.flatMap((c) => [c.after.municipalityId, c.after.providerId]),
      )).map((o) => [o.id, o]),
    );
  },
  validate: (c, orgs) => validateLicence(c.after as never, orgs.get(c.after.municipalityId as number) ?? null, orgs.get(c.after.providerId as number) ?? null),
};
