import {
  pseudonymisePatient,
  type ChainVerdict as ChainVerdictValue,
  type LedgerName,
  type LaneHead,
  type LedgerVerdict,
  type ProofBreak,
  type StoredCheckpoint,
} from '@fvm/db';
import { mayReadLogChain, parsePersonalIdentityNumber, userLogScope } from '@fvm/domain';
import { GraphQLError } from 'graphql';
import { builder } from '../builder';
import { EXTRACT_PRICED_ENTRIES, LOG_ENTRY_COST, readLogEntries } from '../logReads';
import { Organisation } from './organisations';
import { entryViews, UserLogEntry } from './userLogs';

// What log reviewers need beyond the list: the patient's extract and proof that nothing changed.

builder.queryField('patientAccessExtract', (t) =>
  t.field({
    type: [UserLogEntry],
    description:
      'The patient’s right (patientdatalagen 8 kap. 5 §): every access to your organisation’s information about one patient, oldest first, with the care unit and time. For log reviewers of an organisation that owns data about the patient. The request is itself logged.',
    args: { patient: t.arg.string({ required: true, description: 'The patient’s personal identity or coordination number.' }) },
    // It has no page size: priced at a large extract, and bounded in fact by the request's budget.
    complexity: { field: 1 + EXTRACT_PRICED_ENTRIES * LOG_ENTRY_COST, multiplier: 1 },
    resolve: async (_root, args, ctx) => {
      const viewer = ctx.viewer;
      if (!viewer || viewer.role !== 'log_reviewer')
        throw new GraphQLError('Only a log reviewer may make a patient’s access extract.', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
      const parsed = parsePersonalIdentityNumber(args.patient, ctx.now().toISOString().slice(0, 10));
      if (!parsed)
        throw new GraphQLError('Not a valid personal identity or coordination number.', { extensions: { code: 'BAD_USER_INPUT', field: 'patient' } });
      const filter = { patientPseudonym: pseudonymisePatient(ctx.logKeys, parsed.normalised), dataOwnerIds: [viewer.organisationId] };
      // Every access: an extract is one patient's accesses, and past the request's budget it is
      // refused by name rather than cut short without a word.
      const scope = { ...userLogScope(viewer), kind: 'organisation', organisationId: viewer.organisationId } as const;
      const { rows, items } = await readLogEntries(ctx, 'patientAccessExtract', scope, filter, { limit: null, newestFirst: false }, (rows) =>
        entryViews(ctx, rows),
      );
      ctx.uncacheable = true;
      await ctx.stores.logs.recordRead({
        at: ctx.now().toISOString(),
        tokenId: viewer.tokenId,
        organisationId: viewer.organisationId,
        role: viewer.role,
        purpose: 'patient_extract',
        filter: { patientPseudonym: filter.patientPseudonym.toString('hex') },
        entryCount: rows.length,
      });
      return items;
    },
  }),
);

const ChainBreak = builder.objectRef<{ entryId: number | null; reason: string }>('UserLogChainBreak').implement({
  description: 'Where a chain stops verifying.',
  fields: (t) => ({
    entryId: t.exposeInt('entryId', { nullable: true, description: 'The first entry that does not follow from what precedes it.' }),
    reason: t.exposeString('reason', { description: 'What is wrong.' }),
  }),
});

const RecordKind = builder.enumType('ProofRecordKind', {
  description: 'What kind of record a break of the proof shows at.',
  values: {
    USER_LOG_ENTRY: { value: 'user_log_entry', description: 'A user log entry (loggpost).' },
    USER_LOG_CHAIN: { value: 'user_log_chain', description: 'A data owner’s chain of user log entries as a whole (its start, end or count).' },
    CHECKPOINT: { value: 'checkpoint', description: 'A signed checkpoint of a chain.' },
    CHANGE: { value: 'change', description: 'A record of the change history (ändringshistorik).' },
    LOG_READ: { value: 'log_read', description: 'A record of a read of the user log (loggläsning).' },
    SEALED_HEAD: { value: 'sealed_head', description: 'The sealed head that vouches for the chains’ ends and counts.' },
  } as const,
});

const ProofBreakRef = builder.objectRef<ProofBreak>('ProofBreak').implement({
  description:
    'One place where the tamper evidence does not hold: a record altered, removed, reordered or slipped in behind the API’s back, a checkpoint that no longer matches, or a sealed head that was altered.',
  fields: (t) => ({
    record: t.field({ type: RecordKind, description: 'What kind of record it shows at.', resolve: (b) => b.record }),
    recordId: t.int({
      nullable: true,
      description: 'The id of that record (entry, chain, checkpoint, change or read), when there is one.',
      resolve: (b) => b.id,
    }),
    reason: t.exposeString('reason', { description: 'What is wrong, in plain words.' }),
  }),
});

const ChainVerdict = builder.objectRef<ChainVerdictValue>('UserLogChainVerdict').implement({
  description: 'The verification of one data owner’s chain of entries.',
  fields: (t) => ({
    dataOwner: t.field({
      type: Organisation.ref,
      nullable: true,
      description: 'Whose entries the chain holds.',
      resolve: (v, _a, ctx) => ctx.stores.registry.query.organisations.findFirst({ where: { id: v.dataOwnerId } }),
    }),
    isDemo: t.exposeBoolean('isDemo', { description: 'A chain of demo entries.' }),
    lane: t.exposeInt('lane', {
      description: 'Which of its data owner’s lanes the chain is, from 0: an owner may write into several chains at once (FVM_LOG_LANES).',
    }),
    entriesChecked: t.exposeInt('entriesChecked', { description: 'Entries recomputed.' }),
    ok: t.exposeBoolean('ok', { description: 'Every entry follows from its predecessor and the chain ends at its recorded head.' }),
    firstBreak: t.field({ type: ChainBreak, nullable: true, description: 'The first entry that breaks the chain, if any.', resolve: (v) => v.firstBreak }),
    breaks: t.field({
      type: [ProofBreakRef],
      description:
        'Every break in the chain, in order (at most 50; breakCount counts them all): each altered entry, each gap, each checkpoint that no longer holds.',
      resolve: (v) => v.breaks,
    }),
    breakCount: t.exposeInt('breakCount', { description: 'How many breaks the chain has.' }),
  }),
});

const LedgerVerdictRef = builder.objectRef<LedgerVerdict>('RecordChainVerdict').implement({
  description: 'The verification of a chained record: the change history (ändringshistorik) or the record of log reads (loggläsningar).',
  fields: (t) => ({
    recordsChecked: t.exposeInt('recordsChecked', { description: 'Records recomputed.' }),
    ok: t.exposeBoolean('ok', { description: 'Every record follows from the one before it, and the chain ends where its sealed head says.' }),
    breaks: t.field({ type: [ProofBreakRef], description: 'Every break, in order (at most 100; breakCount counts them all).', resolve: (v) => v.breaks }),
    breakCount: t.exposeInt('breakCount', { description: 'How many breaks there are.' }),
  }),
});

/** A query that verifies one chained record (ledger); regional admins only, never a demo token. */
function ledgerVerification(field: string, ledger: LedgerName, what: string, description: string) {
  builder.queryField(field, (t) =>
    t.field({
      type: LedgerVerdictRef,
      description,
      resolve: (_root, _args, ctx) => {
        if (ctx.viewer?.role !== 'regional_admin' || ctx.viewer.demoOnly)
          throw new GraphQLError(`Only regional admins may verify ${what}.`, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
        ctx.uncacheable = true;
        return ctx.stores.logs.verifyLedger(ledger);
      },
    }),
  );
}

ledgerVerification(
  'verifyChangeHistory',
  'changes',
  'the change history',
  'Recomputes the chain of the change history (ändringshistorik) and names every record that was altered, removed or slipped in behind the API’s back. Regional admins.',
);
ledgerVerification(
  'verifyUserLogReads',
  'user_log_reads',
  'the record of log reads',
  'Recomputes the chain of the record of user log reads (who read which entries) and names every record that was altered, removed or slipped in. Regional admins.',
);

builder.queryField('verifyUserLogs', (t) =>
  t.field({
    type: [ChainVerdict],
    description:
      'Recomputes the keyed hash chains of the user log and checks every stored signed checkpoint and the sealed head against them; names every entry, checkpoint or chain that breaks. Regional admins verify every chain; log reviewers their organisation’s. Reads every entry, in slices so that other requests are answered meanwhile: minutes at tens of millions.',
    resolve: async (_root, _args, ctx) => {
      if (ctx.viewer?.role !== 'regional_admin' && ctx.viewer?.role !== 'log_reviewer') {
        throw new GraphQLError('Only regional admins and log reviewers may verify the log.', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
      }
      ctx.uncacheable = true;
      // The store reads in slices where its engine needs it: a verification of millions of
      // entries must not stall every other request for minutes.
      const { chains, headBreaks } = await ctx.stores.logs.verifyChains();
      // A broken sealed head concerns every chain: each verdict carries it, so no reader misses it.
      const withHead = headBreaks.length
        ? chains.map((c) => ({
            ...c,
            ok: false,
            breaks: [...headBreaks, ...c.breaks],
            breakCount: c.breakCount + headBreaks.length,
            firstBreak: c.firstBreak ?? { entryId: null, reason: headBreaks[0]!.reason },
          }))
        : chains;
      return withHead.filter((c) => mayReadLogChain(ctx.viewer, c));
    },
  }),
);

const CheckpointLaneRef = builder.objectRef<LaneHead>('UserLogCheckpointLane').implement({
  description:
    'One lane of a data owner as a checkpoint signed it. A large owner writes into several lanes (chains), so that its appends do not wait for each other.',
  fields: (t) => ({
    chainId: t.exposeInt('chainId', { description: 'The lane’s chain.' }),
    lane: t.exposeInt('lane', { description: 'The lane’s number within its data owner, from 0.' }),
    entryCount: t.exposeInt('entryCount', { description: 'Entries in the lane up to the checkpoint, purged ones included.' }),
    lastEntryId: t.exposeInt('lastEntryId', { description: 'The lane’s last entry at the time.' }),
    headHash: t.exposeString('headHash', { description: 'The keyed link (HMAC-SHA-256) of that entry, hex.' }),
  }),
});

const CheckpointRef = builder.objectRef<StoredCheckpoint>('UserLogCheckpoint').implement({
  description: 'A signed statement of one chain at one moment (count, time, head hash). Keep a copy: it proves later that nothing up to it changed.',
  fields: (t) => ({
    chainId: t.exposeInt('chainId', { description: 'The chain.' }),
    kind: t.exposeString('kind', { description: 'Why it was made: manual, before_purge, purge.' }),
    createdAt: t.exposeString('createdAt', { description: 'When (UTC).' }),
    entryCount: t.exposeInt('entryCount', { description: 'Entries in the chain up to the checkpoint, purged ones included.' }),
    lastEntryId: t.exposeInt('lastEntryId', { description: 'The chain’s last entry at the time.' }),
    headHash: t.exposeString('headHash', { description: 'The keyed link (HMAC-SHA-256) of that entry, hex.' }),
    signature: t.exposeString('signature', { description: 'Ed25519 signature (base64) over the statement; check it with userLogCheckpointPublicKey.' }),
    lanes: t.field({
      type: [CheckpointLaneRef],
      nullable: true,
      description:
        'Every lane of the chain’s data owner at the moment, signed together with one signature (this chain among them); null for a checkpoint of one chain alone (a purge’s, or one from before lanes).',
      resolve: (c) => c.lanes ?? null,
    }),
    json: t.field({ type: 'JSON', description: 'The checkpoint as a document to keep.', resolve: (c) => c }),
  }),
});

builder.queryField('userLogCheckpointPublicKey', (t) =>
  t.string({
    description: 'The Ed25519 public key (PEM) that checks checkpoint signatures: keep it with your checkpoints to verify them without the registry.',
    resolve: (_root, _args, ctx) => ctx.logKeys.checkpoint.publicKeyPem,
  }),
);

builder.queryField('userLogCheckpoints', (t) =>
  t.field({
    type: [CheckpointRef],
    description: 'Signed checkpoints of the user log chains, oldest first. Regional admins and log reviewers.',
    resolve: async (_root, _args, ctx) => {
      if (ctx.viewer?.role !== 'regional_admin' && ctx.viewer?.role !== 'log_reviewer')
        throw new GraphQLError('Only regional admins and log reviewers.', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
      return (await ctx.stores.logs.listCheckpoints()).filter((c) => mayReadLogChain(ctx.viewer, c));
    },
  }),
);
