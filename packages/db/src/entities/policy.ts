import { logEntryInScope, registryVisibility, rowMatches, userLogScope, validateAccessPolicy, validateDisclosureRequest, type DisclosureRequestInput } from '@fvm/domain';
import { eq } from 'drizzle-orm';
import { accessPolicies, disclosureRequests, informationAssets, informationCategories, userLogEntries } from '../schema';
import type { EntityWriteSpec, WriteEnv } from '../writes/types';
import { loadByIds, writableColumns } from './helpers';

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
function visibleAsset(env: WriteEnv, assetId: unknown) {
  if (typeof assetId !== 'number') return null;
  const row = env.db
    .select({ id: informationAssets.id, ownerOrgId: informationAssets.ownerOrgId, isDemo: informationAssets.isDemo, harmAssessmentRequired: informationCategories.harmAssessmentRequired })
    .from(informationAssets)
    .innerJoin(informationCategories, eq(informationCategories.id, informationAssets.categoryId))
    .where(eq(informationAssets.id, assetId))
    .get();
  return row && rowMatches(registryVisibility(env.viewer, 'informationAssets'), row) ? row : null;
}

export const disclosureRequestSpec: EntityWriteSpec<DisclosureContext> = {
  entity: 'DisclosureRequest',
  table: disclosureRequests,
  writable: writableColumns(disclosureRequests),
  // The asset's owner answers for disclosing it: the request is theirs.
  naturalOwner: (row, env) => visibleAsset(env, row.assetId)?.ownerOrgId ?? null,
  loadContext: (candidates, env) => {
    const assets: DisclosureContext['assets'] = new Map();
    for (const id of new Set(candidates.map((c) => c.after.assetId))) {
      const asset = visibleAsset(env, id);
      if (asset) assets.set(asset.id, asset);
    }
    const entries = new Map(
      loadByIds<typeof userLogEntries.$inferSelect>(env, userLogEntries, userLogEntries.id, candidates.map((c) => c.after.userLogEntryId)).map((e) => [
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
