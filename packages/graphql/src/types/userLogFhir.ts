import { pseudonymiseText, type UserLogRecord } from '@fvm/db';
import { userLogAuditEvent, userLogScope, type AccessBasis, type FhirOrganisationSource, type LogAction, type LogDevice, type LogOutcome } from '@fvm/domain';
import { GraphQLError } from 'graphql';
import { createHash } from 'node:crypto';
import { builder } from '../builder';
import type { GraphQLContext } from '../context';
import { countLogEntries, FHIR_ENTRY_COST, LOG_COUNT_COST, readLogEntries } from '../logReads';
import { lookup } from '../lookup';
import { auditedFilter, decodeCursor, encodeCursor, pseudonymised, recordRead, storageFilter, UserLogFilterInput } from './userLogs';

// The user log as HL7 FHIR R4: a searchset Bundle of AuditEvent resources, one page at a time,
// under the same visibility as `userLogs`. The element-by-element mapping is in the README.

export const MAX_FHIR_PAGE = 1000;

/** A stable, name-based (v5-style) UUID for an entry's fullUrl: urn:uuid needs no server to resolve. */
function entryUuid(entryId: number): string {
  const h = createHash('sha1').update(`fvm-registry:user-log-entry:${entryId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function organisationSource(ctx: GraphQLContext, id: number): FhirOrganisationSource {
  const o = lookup(ctx).organisations.get(id);
  return {
    id,
    name: o?.name ?? String(id),
    organisationNumber: o?.organisationNumber ?? null,
    hsaId: o?.hsaId ?? null,
    municipalityCode: o?.municipalityCode ?? null,
  };
}

/** One stored entry as an AuditEvent, the user pseudonymised for readers who see patterns, not people. */
export function auditEventOfRow(ctx: GraphQLContext, r: UserLogRecord) {
  const hidden = pseudonymised(ctx);
  const userPseudonym = hidden ? pseudonymiseText(ctx.logKeys, 'user', r.userHsaId) : null;
  const category = lookup(ctx).categories.get(r.categoryId);
  return userLogAuditEvent({
    entryId: r.id,
    occurredAt: new Date(r.occurredAt).toISOString(),
    user: { hsaId: userPseudonym ?? r.userHsaId, name: userPseudonym ?? r.userName, profession: r.userProfession, pseudonymised: hidden },
    careProvider: organisationSource(ctx, r.careProviderId),
    careUnit: r.careUnit,
    dataOwner: organisationSource(ctx, r.dataOwnerId),
    action: r.action as LogAction,
    patientPseudonym: r.patientPseudonym.toString('hex'),
    category: { code: category?.code ?? String(r.categoryId), name: category?.name ?? String(r.categoryId) },
    basis: r.basis as AccessBasis,
    device: r.device as LogDevice,
    sourceSystem: r.sourceSystem,
    sourceEntryId: r.sourceEntryId,
    outcome: r.outcome as LogOutcome,
    isDemo: r.isDemo,
  });
}

builder.queryField('userLogsAsFhirBundle', (t) =>
  t.field({
    type: 'JSON',
    description: `The user log entries you may read, as an HL7 FHIR R4 Bundle (type searchset) of AuditEvent resources, newest first, at most ${MAX_FHIR_PAGE} per call; \`total\` (every match) on the first page only. The same visibility as userLogs (analysts get users pseudonymised; the patient is always a pseudonym). When more follow, the Bundle has a link with relation "next" whose url carries the cursor (after=…), also given in its extension urn:fvm-registry:cursor: pass it as \`after\` with the same filter. The mapping is documented in the README. Every export is itself logged.`,
    args: {
      filter: t.arg({ type: UserLogFilterInput, description: 'Only entries that meet these conditions.' }),
      first: t.arg.int({ defaultValue: MAX_FHIR_PAGE, description: `At most this many entries (at most ${MAX_FHIR_PAGE}).` }),
      after: t.arg.string({ description: 'Continue after this cursor (from the "next" link of an earlier Bundle).' }),
    },
    // Priced by size: each AuditEvent, and the count of every match on the first page.
    complexity: (args) => Math.min(Math.max(args.first ?? MAX_FHIR_PAGE, 0), MAX_FHIR_PAGE) * FHIR_ENTRY_COST + (args.after ? 1 : LOG_COUNT_COST),
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? MAX_FHIR_PAGE;
      if (first < 0) throw new GraphQLError('first must not be negative.', { extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
      const scope = userLogScope(ctx.viewer);
      const filter = storageFilter(ctx, args.filter);
      const limit = Math.min(first, MAX_FHIR_PAGE);
      const after = decodeCursor(args.after);
      const {
        rows,
        items: resources,
        hasMore,
      } = await readLogEntries(ctx, 'userLogsAsFhirBundle', scope, filter, { limit, after, newestFirst: true }, (read) =>
        read.map((r) => auditEventOfRow(ctx, r)),
      );
      await recordRead(ctx, 'fhir_export', auditedFilter(filter), rows.length);
      const last = rows.at(-1);
      const nextCursor = last ? encodeCursor(last) : (args.after ?? null);
      const link: { relation: string; url: string; extension?: { url: string; valueString: string }[] }[] = [];
      if (hasMore) {
        const query = new URLSearchParams({ first: String(limit), ...(nextCursor ? { after: nextCursor } : {}) });
        link.push({
          relation: 'next',
          url: `urn:fvm-registry:userLogsAsFhirBundle?${query}`,
          ...(nextCursor ? { extension: [{ url: 'urn:fvm-registry:cursor', valueString: nextCursor }] } : {}),
        });
      }
      return {
        resourceType: 'Bundle',
        type: 'searchset',
        timestamp: ctx.now().toISOString(),
        // Counting reads every match: once per export, on its first page, not once per page.
        ...(args.after ? {} : { total: await countLogEntries(ctx, scope, filter) }),
        ...(link.length ? { link } : {}),
        entry: rows.map((r, i) => ({ fullUrl: `urn:uuid:${entryUuid(r.id)}`, resource: resources[i], search: { mode: 'match' } })),
      };
    },
  }),
);
