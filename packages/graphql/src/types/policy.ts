import { accessPolicySpec, disclosureRequestSpec, type UserLogRecord } from '@fvm/db';
import { userLogScope } from '@fvm/domain';
import type { GraphQLContext } from '../context';
import { defineEntity } from '../entity';
import { defineBulkMutations } from '../mutations';
import { DisclosureOutcome, Profession } from './enums';
import { loadLookup } from '../lookup';
import { entryViews, recordRead, UserLogEntry } from './userLogs';

export const AccessPolicy = defineEntity({
  name: 'AccessPolicy',
  table: 'accessPolicies',
  plural: 'accessPolicies',
  description:
    'An access policy (behörighetspolicy): what one profession (yrkesroll) may do in one information category: read, write, sign, sign on a mobile device (behörighet). A row owned by an organisation is its own policy; rows owned by the region are the regional default, which applies to every organisation without its own row for that profession and category. A logged action the effective policy denies is a finding of the check LOG_ACTION_NOT_PERMITTED.',
  columns: {
    profession: { type: Profession, description: 'The profession (yrkesroll).', order: true },
    mayRead: { type: 'Boolean', description: 'May read (läsa); also what printing, copying, exporting and disclosing need.', order: true },
    mayWrite: { type: 'Boolean', description: 'May create and update (skriva).', order: true },
    maySign: { type: 'Boolean', description: 'May sign at a desktop (signera).', order: true },
    maySignMobile: { type: 'Boolean', description: 'May sign on a mobile device (signera i mobil enhet).', order: true },
  },
  refs: { categoryId: { types: ['InformationCategory'], description: 'The information category (informationsmängd).' } },
  relations: { category: { description: 'The information category (informationsmängd).' } },
  fields: (t) => ({
    regionalDefault: t.boolean({
      description:
        'Whether the row is the regional default (regional grundinställning): owned by the region, it applies wherever an organisation has no row of its own.',
      select: { with: { owner: { columns: { kind: true } } } },
      resolve: (p) => p.owner?.kind === 'region',
    }),
  }),
  write: { spec: accessPolicySpec, plural: 'AccessPolicies' },
});
defineBulkMutations(AccessPolicy);

/** The linked entry, if it lies within the viewer's log scope: outside it, it does not exist for the viewer. */
async function entryInScope(ctx: GraphQLContext, id: number | null): Promise<UserLogRecord | null> {
  if (id === null) return null;
  return ctx.stores.logs.entryInScope(userLogScope(ctx.viewer), id);
}

export const DisclosureRequest = defineEntity({
  name: 'DisclosureRequest',
  table: 'disclosureRequests',
  plural: 'disclosureRequests',
  description:
    'A request for disclosure (begäran om utlämnande) of an information asset, and its harm assessment (menprövning): released, partly released or denied, why, by whom and when. Owned by the asset’s owner. A category that requires a harm assessment cannot have a disclosure recorded (a `disclose` log entry linked) without a decision to release or partly release; a denied request cannot have one at all.',
  columns: {
    requester: { type: 'String', description: 'Who asked (sökande).', order: true },
    requestedOn: { type: 'Date', description: 'When the request came in.', order: true },
    outcome: { type: DisclosureOutcome, description: 'The harm assessment’s outcome; empty until assessed.', order: true },
    reasoning: { type: 'String', description: 'The reasoning (motivering) of the harm assessment.', noFilter: true },
    decidedBy: { type: 'String', description: 'Who decided (beslutsfattare).' },
    decidedOn: { type: 'Date', description: 'When it was decided.', order: true },
    userLogEntryId: {
      type: 'Int',
      description:
        'The `disclose` entry of the user log that records the disclosure (its entryId); it must be about the asset owner’s data and within your log scope.',
      hidden: true,
      noFilter: true,
    },
  },
  refs: { assetId: { types: ['InformationAsset'], description: 'The information asset asked for (informationstillgång).' } },
  relations: { asset: { description: 'The information asset asked for (informationstillgång).' } },
  search: ['requester', 'decidedBy'],
  fields: (t) => ({
    userLogEntryId: t.int({
      nullable: true,
      description: 'The entryId of the linked `disclose` log entry, if it lies within your log scope (see userLogs); null otherwise.',
      select: { columns: { userLogEntryId: true } },
      resolve: async (r, _a, ctx) => (await entryInScope(ctx, r.userLogEntryId))?.id ?? null,
    }),
    disclosureRecorded: t.boolean({
      description: 'Whether a `disclose` log entry is linked: the disclosure is recorded in the user log (utlämnandet loggat).',
      select: { columns: { userLogEntryId: true } },
      resolve: (r) => r.userLogEntryId !== null,
    }),
    userLogEntry: t.field({
      type: UserLogEntry,
      nullable: true,
      description:
        'The linked `disclose` log entry, as far as your log scope shows it (analysts: pseudonymised); null outside it. Reading it is recorded like any read of the log.',
      select: { columns: { userLogEntryId: true } },
      resolve: async (r, _a, ctx) => {
        const row = await entryInScope(ctx, r.userLogEntryId);
        if (!row) return null;
        await recordRead(ctx, 'disclosureRequest.userLogEntry', { entryId: row.id }, 1);
        await loadLookup(ctx);
        return entryViews(ctx, [row])[0]!;
      },
    }),
  }),
  write: { spec: disclosureRequestSpec, plural: 'DisclosureRequests' },
});
defineBulkMutations(DisclosureRequest);
