import {
  logEntryInScope,
  registryVisibility,
  rowMatches,
  userLogScope,
  validateAccessPolicy,
  validateDisclosureRequest,
  type DisclosureRequestInput,
} from '@fvm/domain';
import { accessPolicies, disclosureRequests, informationAssets, informationCategories, userLogEntries } from '../schema';
import { select } from '../writes/effects';
import type { Io } from '../writes/effects';
import type { EntityWriteSpec, WriteEnv } from '../writes/types';
import { rowsWhereIn, writableColumns } from './helpers';

export const accessPolicySpec: EntityWriteSpec = {
  entity: 'AccessPolicy',
  table: accessPolicies,
  writable: writableColumns(accessPolicies),
  validate: (c) => validateAccessPolicy({ profession: (c.after.profession as string | null) ?? null }),
};

interface DisclosureContext {
  assets: Map<number, { ownerOrgId: number; harmAssessmentRequired: boolean }>;
  entries: Map<number, { action: string; dataOwnerId: number; careProviderId: number; submittedByOrgId: number; isDemo: boolean }>;
}

/** The asset a request names, with its category's harm-assessment flag, if the writer may see it. */
function* visibleAsset(env: WriteEnv, assetId: unknown): Io<{ id: number; ownerOrgId: number; harmAssessmentRequired: boolean } | null> {
  if (typeof assetId !== 'number') return null;
  const [asset] = yield* select(informationAssets, { id: { eq: assetId } });
  if (!asset || !rowMatches(registryVisibility(env.viewer, 'informationAssets'), asset)) return null;
  const [category] = yield* select(informationCategories, { id: { eq: asset.categoryId } });
  return category ? { id: asset.id, ownerOrgId: asset.ownerOrgId, harmAssessmentRequired: category.harmAssessmentRequired } : null;
}

export const disclosureRequestSpec: EntityWriteSpec<DisclosureContext> = {
  entity: 'DisclosureRequest',
  table: disclosureRequests,
  writable: writableColumns(disclosureRequests),
  // The asset's owner answers for disclosing it: the request is theirs.
  *naturalOwner(row, env) {
    return (yield* visibleAsset(env, row.assetId))?.ownerOrgId ?? null;
  },
  *loadContext(candidates, env) {
    const assets: DisclosureContext['assets'] = new Map();
    for (const id of new Set(candidates.map((c) => c.after.assetId))) {
      const asset = yield* visibleAsset(env, id);
      if (asset) assets.set(asset.id, asset);
    }
    const entries = new Map(
      (yield* rowsWhereIn(
        userLogEntries,
        'id',
        candidates.map((c) => c.after.userLogEntryId),
      )).map((e) => [
        e.id,
        { action: e.action, dataOwnerId: e.dataOwnerId, careProviderId: e.careProviderId, submittedByOrgId: e.submittedByOrgId, isDemo: e.isDemo },
      ]),
    );
    return { assets, entries };
  },
  validate: (c, ctx, env) => {
    const r = c.after as unknown as DisclosureRequestInput & { assetId: number };
    // The linked entry is judged when the link or the asset (and so the owner) changes. An entry
    // outside the writer's log scope is answered exactly as one that does not exist.
    const linkChanged = !c.before || c.before.userLogEntryId !== r.userLogEntryId || c.before.assetId !== r.assetId;
    const entry = r.userLogEntryId === null ? undefined : ctx.entries.get(r.userLogEntryId);
    const seen = entry && logEntryInScope(userLogScope(env.viewer), entry) ? entry : null;
    return validateDisclosureRequest(r, { asset: ctx.assets.get(r.assetId) ?? null, entry: seen, linkChanged });
  },
};
