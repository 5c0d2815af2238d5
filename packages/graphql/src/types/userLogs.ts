import { pseudonymisePatient, pseudonymiseText, type Keyset, type UserLogFilter, type UserLogRecord } from '@fvm/db';
import { parsePersonalIdentityNumber, userLogScope } from '@fvm/domain';
import type * as Vocabulary from '@fvm/domain';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { builder } from '../builder';
import type { GraphQLContext } from '../context';
import { decodeId } from '../filters';
import { loadLookup, lookup } from '../lookup';
import { chargeLogRead, countLogEntries, LOG_COUNT_COST, LOG_ENTRY_COST, readLogEntries } from '../logReads';
import { AccessBasis, LogAction, LogDevice, LogOutcome } from './enums';
import { InformationCategory } from './information';
import { Organisation } from './organisations';

export const pseudonymised = (ctx: GraphQLContext) => userLogScope(ctx.viewer).kind === 'pseudonymised';

/**
 * An entry as this reader sees it, computed once per row: every field is then a plain property
 * of the same name, which the executors read without calling a resolver (a page of 100 entries
 * is some 2,000 fields). Users are pseudonymised here for readers who may see only pseudonyms.
 */
export interface UserLogEntryView {
  entryId: number;
  occurredAt: string;
  userHsaId: string;
  userName: string;
  userProfession: string | null;
  careProvider: unknown;
  careUnit: string;
  action: Vocabulary.LogAction;
  patientPseudonym: string;
  category: unknown;
  dataOwner: unknown;
  basis: Vocabulary.AccessBasis;
  device: Vocabulary.LogDevice;
  sourceSystem: string;
  sourceEntryId: string;
  outcome: Vocabulary.LogOutcome;
  isDemo: boolean;
}

/** The views of a page of entries for this reader (after loadLookup). */
export function entryViews(ctx: GraphQLContext, rows: readonly UserLogRecord[]): UserLogEntryView[] {
  const { organisations: orgs, categories } = lookup(ctx);
  const hideUsers = pseudonymised(ctx);
  return rows.map((r) => {
    const user = hideUsers ? pseudonymiseText(ctx.logKeys, 'user', r.userHsaId) : null;
    return {
      entryId: r.id,
      occurredAt: new Date(r.occurredAt).toISOString(),
      userHsaId: user ?? r.userHsaId,
      userName: user ?? r.userName,
      userProfession: r.userProfession,
      careProvider: orgs.get(r.careProviderId),
      careUnit: r.careUnit,
      // Stored entries passed the vocabularies when they were appended (the log is append-only).
      action: r.action as Vocabulary.LogAction,
      patientPseudonym: r.patientPseudonym.toString('hex'),
      category: categories.get(r.categoryId),
      dataOwner: orgs.get(r.dataOwnerId),
      basis: r.basis as Vocabulary.AccessBasis,
      device: r.device as Vocabulary.LogDevice,
      sourceSystem: r.sourceSystem,
      sourceEntryId: r.sourceEntryId,
      outcome: r.outcome as Vocabulary.LogOutcome,
      isDemo: r.isDemo,
    };
  });
}

export const UserLogEntry = builder.objectRef<UserLogEntryView>('UserLogEntry').implement({
  description:
    'One entry of a user (access) log (användarlogg, HSLF-FS 2016:40): who accessed which patient’s data, when, where from and on what basis. Append-only and chained; the patient is stored only as a keyed pseudonym.',
  fields: (t) => ({
    id: t.id({
      description: 'The entry’s global ID, as appendUserLogEntries answers it; find the entry again with the ids filter of userLogs.',
      resolve: (e) => encodeGlobalID('UserLogEntry', e.entryId),
    }),
    entryId: t.exposeInt('entryId', { description: 'The entry’s position in the registry (increasing in the order entries were stored).' }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime', description: 'When the access happened (UTC).' }),
    userHsaId: t.exposeString('userHsaId', { description: 'The user’s HSA-id (pseudonymised for analysts).' }),
    userName: t.exposeString('userName', { description: 'The user’s name (pseudonymised for analysts).' }),
    userProfession: t.exposeString('userProfession', { nullable: true, description: 'The user’s profession (yrkesroll).' }),
    careProvider: t.expose('careProvider', { type: Organisation.ref, description: 'The user’s care provider (vårdgivare).' }),
    careUnit: t.exposeString('careUnit', { description: 'The user’s care unit (vårdenhet).' }),
    action: t.expose('action', { type: LogAction.ref, description: 'What the user did.' }),
    patientPseudonym: t.exposeString('patientPseudonym', {
      description: 'The patient, as a keyed pseudonym: the same patient always has the same one. Search by identity number with the patient filter.',
    }),
    category: t.expose('category', { type: InformationCategory.ref, description: 'The information category accessed (informationsmängd).' }),
    dataOwner: t.expose('dataOwner', { type: Organisation.ref, description: 'The organisation that owns the information accessed (informationsägare).' }),
    basis: t.expose('basis', { type: AccessBasis.ref, description: 'The basis of access.' }),
    device: t.expose('device', { type: LogDevice.ref, description: 'Desktop or mobile device.' }),
    sourceSystem: t.exposeString('sourceSystem', { description: 'The system that logged the access (källsystem).' }),
    sourceEntryId: t.exposeString('sourceEntryId', { description: 'The entry’s id in the source system.' }),
    outcome: t.expose('outcome', { type: LogOutcome.ref, description: 'How the access ended.' }),
    isDemo: t.exposeBoolean('isDemo', { description: 'true for generated demo entries.' }),
  }),
});

export const UserLogFilterInput = builder.inputType('UserLogFilter', {
  description:
    'Conditions on user log entries; all given conditions must hold. A patient is given by identity number and matched through its pseudonym: the number itself is never stored or logged.',
  fields: (t) => ({
    occurredFrom: t.field({ type: 'DateTime', description: 'At or after this time.' }),
    occurredBefore: t.field({ type: 'DateTime', description: 'Before this time.' }),
    userHsaIds: t.stringList({ description: 'Made by one of these users (HSA-ids).' }),
    careProviders: t.idList({ description: 'Made by users of one of these care providers (Organisation IDs).' }),
    careUnit: t.string({ description: 'Made from this care unit.' }),
    dataOwners: t.idList({ description: 'About information owned by one of these organisations (Organisation IDs).' }),
    patient: t.string({ description: 'About this patient: a personal identity or coordination number (personnummer, samordningsnummer).' }),
    actions: t.field({ type: [LogAction.ref], description: 'One of these actions.' }),
    categories: t.idList({ description: 'About one of these information categories (InformationCategory IDs).' }),
    bases: t.field({ type: [AccessBasis.ref], description: 'On one of these bases.' }),
    devices: t.field({ type: [LogDevice.ref], description: 'From one of these kinds of device.' }),
    outcomes: t.field({ type: [LogOutcome.ref], description: 'With one of these outcomes.' }),
    sourceSystems: t.stringList({ description: 'Logged by one of these source systems (källsystem).' }),
    sourceEntryIds: t.stringList({
      description: 'With one of these ids in the source system; with sourceSystems, how an integrator finds the entries it sent.',
    }),
    ids: t.idList({ description: 'One of these entries (UserLogEntry IDs, as appendUserLogEntries answers them).' }),
  }),
});

type FilterArg = typeof UserLogFilterInput.$inferInput;

function toTime(value: string | null | undefined): number | null {
  return value ? Date.parse(value) : null;
}

/** The GraphQL filter in storage terms: IDs decoded, the identity number turned into its pseudonym. */
export function storageFilter(ctx: GraphQLContext, f: FilterArg | null | undefined): UserLogFilter {
  if (!f) return {};
  // A pseudonymised reader who could search by a real identity number or HSA-id would learn whose
  // pseudonym is whose, and with it every other entry of that person.
  if (pseudonymised(ctx) && (f.patient || f.userHsaIds?.length)) {
    throw new GraphQLError('Analysts see patients and users only as pseudonyms, so they cannot search by identity number or HSA-id.', {
      extensions: { code: 'FORBIDDEN', field: f.patient ? 'filter.patient' : 'filter.userHsaIds' },
    });
  }
  const orgIds = (ids: readonly (string | number)[] | null | undefined, field: string) =>
    ids?.map((id) => decodeId(id, ['Organisation', 'Municipality'], field));
  let patientPseudonym: Buffer | null = null;
  if (f.patient) {
    const parsed = parsePersonalIdentityNumber(f.patient, ctx.now().toISOString().slice(0, 10));
    if (!parsed)
      throw new GraphQLError('filter.patient: not a valid personal identity or coordination number.', {
        extensions: { code: 'BAD_USER_INPUT', field: 'filter.patient' },
      });
    patientPseudonym = pseudonymisePatient(ctx.logKeys, parsed.normalised);
  }
  return {
    occurredFrom: toTime(f.occurredFrom),
    occurredBefore: toTime(f.occurredBefore),
    userHsaIds: f.userHsaIds,
    careProviderIds: orgIds(f.careProviders, 'filter.careProviders'),
    careUnit: f.careUnit,
    dataOwnerIds: orgIds(f.dataOwners, 'filter.dataOwners'),
    patientPseudonym,
    actions: f.actions as string[] | null,
    categoryIds: f.categories?.map((id) => decodeId(id, ['InformationCategory'], 'filter.categories')),
    bases: f.bases as string[] | null,
    devices: f.devices as string[] | null,
    outcomes: f.outcomes as string[] | null,
    sourceSystems: f.sourceSystems,
    sourceEntryIds: f.sourceEntryIds,
    entryIds: f.ids?.map((id) => decodeId(id, ['UserLogEntry'], 'filter.ids')),
  };
}

/** The filter as recorded in the read log: the patient appears only as its pseudonym. */
export function auditedFilter(filter: UserLogFilter) {
  return { ...filter, patientPseudonym: filter.patientPseudonym?.toString('hex') ?? undefined };
}

export function encodeCursor(r: UserLogRecord) {
  return Buffer.from(`L:${r.occurredAt}:${r.id}`).toString('base64url');
}
export function decodeCursor(cursor: string | null | undefined): Keyset | null {
  if (!cursor) return null;
  const m = Buffer.from(cursor, 'base64url')
    .toString()
    .match(/^L:(-?\d+):(\d+)$/);
  if (!m) throw new GraphQLError('Not a cursor of this list.', { extensions: { code: 'BAD_USER_INPUT' } });
  return { occurredAt: Number(m[1]), id: Number(m[2]) };
}

export async function recordRead(ctx: GraphQLContext, purpose: string, filter: unknown, entryCount: number) {
  ctx.uncacheable = true;
  await ctx.stores.logs.recordRead({
    at: ctx.now().toISOString(),
    tokenId: ctx.viewer?.tokenId ?? null,
    organisationId: ctx.viewer?.organisationId ?? null,
    role: ctx.viewer?.role ?? null,
    purpose,
    filter,
    entryCount,
  });
}

/** The page a userLogs call asks for: first or last, 100 by default, at most 1,000. */
function pageSize(args: { first?: number | null; last?: number | null }): number {
  return Math.min(Math.max(args.first ?? args.last ?? 100, 0), 1000);
}

const LogOrder = builder.enumType('UserLogOrder', {
  description: 'The order of a user log list.',
  values: {
    NEWEST_FIRST: { value: 'newest', description: 'Newest first (default).' },
    OLDEST_FIRST: { value: 'oldest', description: 'Oldest first.' },
  } as const,
});

builder.queryField('userLogs', (t) =>
  t.connection(
    {
      type: UserLogEntry,
      description:
        'User log entries you may read, by time, page by page (keyset cursors: stable while new entries arrive). Log reviewers and organisation admins see entries about their organisation’s data or by its users; analysts see every entry with patient and user pseudonymised; integrators what they sent in. Every read is itself logged.',
      args: {
        filter: t.arg({ type: UserLogFilterInput, description: 'Only entries that meet these conditions.' }),
        order: t.arg({ type: LogOrder, defaultValue: 'newest', description: 'Newest or oldest first.' }),
      },
      // A page costs what it may read, every entry whole (LOG_ENTRY_COST); totalCount adds a count.
      complexity: (args) => ({ field: 1 + pageSize(args) * LOG_ENTRY_COST, multiplier: 1 }),
      resolve: async (_root, args, ctx) => {
        const scope = userLogScope(ctx.viewer);
        const filter = storageFilter(ctx, args.filter);
        const before = decodeCursor(args.before);
        const limit = pageSize(args);
        const page = { limit, after: decodeCursor(args.after), before, newestFirst: args.order !== 'oldest' };
        const {
          rows,
          items: edges,
          hasMore,
        } = await readLogEntries(ctx, 'userLogs', scope, filter, page, (read) => {
          const views = entryViews(ctx, read);
          return read.map((row, i) => ({ cursor: encodeCursor(row), node: views[i]! }));
        });
        await recordRead(ctx, 'list', auditedFilter(filter), rows.length);
        return {
          edges,
          pageInfo: {
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
            hasNextPage: before ? true : hasMore,
            hasPreviousPage: before ? hasMore : !!args.after,
          },
          totalCount: () => countLogEntries(ctx, scope, filter),
        };
      },
    },
    {
      name: 'UserLogConnection',
      fields: (c) => ({
        totalCount: c.int({
          description: 'How many entries match in all (counted only when asked for: it reads every match).',
          complexity: LOG_COUNT_COST,
          resolve: (conn) => conn.totalCount(),
        }),
      }),
    },
    { name: 'UserLogEdge' },
  ),
);

const StatisticsBucket = builder.enumType('StatisticsBucket', {
  description: 'The length of a statistics period (UTC).',
  values: { HOUR: { value: 'hour', description: 'Per hour.' }, DAY: { value: 'day', description: 'Per day.' } } as const,
});
const StatisticsDimensionEnum = builder.enumType('UserLogDimension', {
  description: 'What user log statistics are counted by.',
  values: {
    CARE_PROVIDER: { value: 'care_provider', description: 'The users’ care provider.' },
    DATA_OWNER: { value: 'data_owner', description: 'The owner of the information accessed.' },
    USER: { value: 'user', description: 'The user (pseudonymised for analysts).' },
    ACTION: { value: 'action', description: 'The action.' },
    BASIS: { value: 'basis', description: 'The basis of access.' },
    DEVICE: { value: 'device', description: 'The device.' },
    CATEGORY: { value: 'category', description: 'The information category.' },
  } as const,
});

/** One count as the resolver hands it on: its period's start already written out (one text per period, shared by its counts). */
type UserLogCountRow = { periodStart: string; key: string | number; count: number; dimension: string };

const UserLogCount = builder.objectRef<UserLogCountRow>('UserLogCount').implement({
  description: 'How many entries fell in one period for one value of the chosen dimension.',
  fields: (t) => ({
    periodStart: t.field({ type: 'DateTime', description: 'Start of the hour or day (UTC).', resolve: (c) => c.periodStart }),
    value: t.string({
      description:
        'The dimension’s value: an action, a basis, a device, a user’s HSA-id (pseudonymised for analysts), or for organisations and categories their name.',
      resolve: (c, _a, ctx) => {
        if (c.dimension === 'care_provider' || c.dimension === 'data_owner')
          return (lookup(ctx).organisations.get(c.key as number) as { name?: string } | undefined)?.name ?? String(c.key);
        if (c.dimension === 'category') return (lookup(ctx).categories.get(c.key as number) as { name?: string } | undefined)?.name ?? String(c.key);
        if (c.dimension === 'user' && pseudonymised(ctx)) return pseudonymiseText(ctx.logKeys, 'user', String(c.key));
        return String(c.key);
      },
    }),
    organisation: t.field({
      type: Organisation.ref,
      nullable: true,
      description: 'The organisation, when counting by care provider or data owner.',
      resolve: (c, _a, ctx) =>
        c.dimension === 'care_provider' || c.dimension === 'data_owner' ? (lookup(ctx).organisations.get(c.key as number) ?? null) : null,
    }),
    count: t.exposeInt('count', { description: 'Number of entries.' }),
  }),
});

builder.queryField('userLogStatistics', (t) =>
  t.field({
    type: [UserLogCount],
    description:
      'Counts of user log entries per hour or day and one dimension over a time range, for the entries you may read (analysts: all, with users pseudonymised).',
    args: {
      from: t.arg({ type: 'DateTime', required: true, description: 'Start of the range (inclusive).' }),
      to: t.arg({ type: 'DateTime', required: true, description: 'End of the range (exclusive).' }),
      bucket: t.arg({ type: StatisticsBucket, required: true, defaultValue: 'day', description: 'Hour or day.' }),
      by: t.arg({ type: StatisticsDimensionEnum, required: true, description: 'What to count by.' }),
      filter: t.arg({ type: UserLogFilterInput, description: 'Only entries that meet these conditions.' }),
    },
    // A scan of every match, answering up to one count per period (and more per value counted).
    complexity: (args) => {
      const periods = Math.ceil((Date.parse(args.to) - Date.parse(args.from)) / (args.bucket === 'hour' ? 3_600_000 : 86_400_000));
      return { field: LOG_COUNT_COST, multiplier: Number.isFinite(periods) ? Math.max(1, periods) : 1 };
    },
    resolve: async (_root, args, ctx) => {
      const filter = { ...storageFilter(ctx, args.filter), occurredFrom: Date.parse(args.from), occurredBefore: Date.parse(args.to) };
      const scope = userLogScope(ctx.viewer);
      const bucket = args.bucket as 'hour' | 'day';
      const counts = await ctx.stores.logs.statistics(scope, filter, bucket, args.by);
      await loadLookup(ctx);
      // Each count is a row of the answer: per user and hour they can run to millions.
      chargeLogRead(ctx, 'userLogStatistics', counts.length);
      // Counts per user and hour tell who did what when: a read of the log like any other.
      await recordRead(
        ctx,
        `statistics:${args.by}`,
        auditedFilter(filter),
        counts.reduce((n, c) => n + c.count, 0),
      );
      // An answer runs to thousands of counts over a few dozen periods: each period's text is written once.
      const dimension = args.by as string;
      const starts = new Map<number, string>();
      return counts.map((c): UserLogCountRow => {
        let periodStart = starts.get(c.bucketStart);
        if (periodStart === undefined) starts.set(c.bucketStart, (periodStart = new Date(c.bucketStart).toISOString()));
        return { periodStart, key: c.key, count: c.count, dimension };
      });
    },
  }),
);
