import { MAX_LOG_BATCH, type AppendResult } from '@fvm/db';
import { createsDemoRows, LOG_TEXT_RULES, mayAppendUserLogs, userLogScope, type RuleViolation, type UserLogEntryInput as EntryInput } from '@fvm/domain';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { builder } from '../builder';
import { RuleViolationRef } from '../mutations';
import { AccessBasis, LogAction, LogDevice, LogOutcome } from './enums';

/** The field's limits, from the rule that enforces them, so the contract cannot drift from it. */
function limits(field: keyof EntryInput): string {
  const rule = LOG_TEXT_RULES[field];
  return ` At most ${rule.max} characters${rule.multiline ? '' : ', on one line'}.`;
}

const UserLogEntryInput = builder.inputType('UserLogEntryInput', {
  description:
    'Deprecated: the untyped form of UserLogEntryAppendInput, kept for integrators that already send it (every field a string, required ones checked by the registry and reported per entry). A user log entry as a source system records it. Organisations are named by organisation number, HSA-id or municipality code; the patient by personal identity or coordination number, which is stored only as a keyed pseudonym. Every text must be well-formed Unicode (no lone surrogates) without control characters (the user’s name and profession and the care unit may have line breaks and tabs), within its field’s limit: an entry that breaks a rule is refused (text.malformed, text.control_character, text.too_long), never stored altered.',
  fields: (t) => ({
    occurredAt: t.string({
      description: `When, ISO 8601 with a time zone (e.g. 2026-11-22T09:30:00Z); from 1900 on, and at most five minutes ahead of the registry’s clock.${limits('occurredAt')}`,
    }),
    userHsaId: t.string({ description: `The user’s HSA-id.${limits('userHsaId')}` }),
    userName: t.string({ description: `The user’s name.${limits('userName')}` }),
    userProfession: t.string({ description: `The user’s profession (yrkesroll).${limits('userProfession')}` }),
    careProvider: t.string({
      description: `The user’s care provider (vårdgivare): organisation number, HSA-id or municipality code.${limits('careProvider')}`,
    }),
    careUnit: t.string({ description: `The user’s care unit (vårdenhet).${limits('careUnit')}` }),
    action: t.string({ description: `read, create, update, sign, print, copy, disclose or export.${limits('action')}` }),
    patient: t.string({ description: `The patient’s personal identity or coordination number.${limits('patient')}` }),
    category: t.string({ description: `The information category’s code, e.g. journal_note.${limits('category')}` }),
    dataOwner: t.string({ description: `The information owner (informationsägare): organisation number, HSA-id or municipality code.${limits('dataOwner')}` }),
    basis: t.string({ description: `care_relationship, consent, emergency_access or none.${limits('basis')}` }),
    device: t.string({ description: `desktop or mobile.${limits('device')}` }),
    sourceSystem: t.string({ description: `The source system (källsystem).${limits('sourceSystem')}` }),
    sourceEntryId: t.string({ description: `The entry’s id in the source system: with sourceSystem, what makes a resend harmless.${limits('sourceEntryId')}` }),
    outcome: t.string({ description: `success, denied or failed.${limits('outcome')}` }),
  }),
});

const ENTRY_DESCRIPTION =
  'A user log entry as a source system records it (användarloggpost), typed: the vocabularies are enums, the time a DateTime with its zone, and the fields a log must show are required. Organisations are named by organisation number, HSA-id or municipality code; the patient by personal identity or coordination number, which is stored only as a keyed pseudonym. Every text must be well-formed Unicode without control characters (the user’s name and profession and the care unit may have line breaks and tabs), within its field’s limit: an entry that breaks a rule is refused with its index, field and rule (text.malformed, text.control_character, text.too_long, required for an empty text), never stored altered.';

const UserLogEntryAppendInput = builder.inputType('UserLogEntryAppendInput', {
  description: ENTRY_DESCRIPTION,
  fields: (t) => ({
    occurredAt: t.field({
      type: 'DateTime',
      required: true,
      description:
        'When (tidpunkt), ISO 8601 with a time zone (e.g. 2026-11-22T09:30:00Z or 2026-11-22T10:30:00+01:00); a time without a zone is refused (datetime.zone_required). From 1900 on, and at most five minutes ahead of the registry’s clock.',
    }),
    userHsaId: t.string({ required: true, description: `The user’s HSA-id.${limits('userHsaId')}` }),
    userName: t.string({ required: true, description: `The user’s name.${limits('userName')}` }),
    userProfession: t.string({ description: `The user’s profession (yrkesroll), when the source system logs it.${limits('userProfession')}` }),
    careProvider: t.string({
      required: true,
      description: `The user’s care provider (vårdgivare): organisation number, HSA-id or municipality code.${limits('careProvider')}`,
    }),
    careUnit: t.string({ required: true, description: `The user’s care unit (vårdenhet).${limits('careUnit')}` }),
    action: t.field({ type: LogAction.ref, required: true, description: 'What the user did (aktivitet).' }),
    patient: t.string({ required: true, description: `The patient’s personal identity or coordination number.${limits('patient')}` }),
    category: t.string({ required: true, description: `The information category’s code (informationsmängd), e.g. journal_note.${limits('category')}` }),
    dataOwner: t.string({
      required: true,
      description: `The information owner (informationsägare): organisation number, HSA-id or municipality code.${limits('dataOwner')}`,
    }),
    basis: t.field({ type: AccessBasis.ref, required: true, description: 'The basis of access (grund för åtkomst).' }),
    device: t.field({ type: LogDevice.ref, required: true, description: 'The kind of device used (enhet).' }),
    sourceSystem: t.string({ required: true, description: `The source system (källsystem).${limits('sourceSystem')}` }),
    sourceEntryId: t.string({
      required: true,
      description: `The entry’s id in the source system: with sourceSystem, what makes a resend harmless.${limits('sourceEntryId')}`,
    }),
    outcome: t.field({ type: LogOutcome.ref, required: true, description: 'How the access ended (utfall).' }),
  }),
});

const AppendInput = builder.inputType('AppendUserLogEntriesInput', {
  description: 'A batch of user log entries to append (Relay-style input: one argument that can grow without breaking callers).',
  fields: (t) => ({
    entries: t.field({ type: [UserLogEntryAppendInput], required: true, description: `The entries, at most ${MAX_LOG_BATCH.toLocaleString('en')}.` }),
    allowPartial: t.boolean({ defaultValue: false, description: 'false (default): store all or none. true: store the valid entries and report the others.' }),
  }),
});

const RejectedEntry = builder.objectRef<{ index: number; violations: RuleViolation[] }>('RejectedUserLogEntry').implement({
  description: 'An entry that was not stored, and why.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the entry in the input list, counting from 0.' }),
    violations: t.field({ type: [RuleViolationRef], description: 'Every field that is wrong, with its rule.', resolve: (r) => r.violations }),
  }),
});

const logEntryId = (entryId: number) => encodeGlobalID('UserLogEntry', entryId);

const StoredEntry = builder.objectRef<{ index: number; entryId: number }>('StoredUserLogEntry').implement({
  description: 'An entry stored by this call (lagrad post).',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the entry in the input list, counting from 0.' }),
    id: t.id({ description: 'The stored entry’s global ID (UserLogEntry.id).', resolve: (e) => logEntryId(e.entryId) }),
    entryId: t.exposeInt('entryId', { description: 'The stored entry’s position in the registry (UserLogEntry.entryId).' }),
  }),
});

const DuplicateEntry = builder.objectRef<{ index: number; entryId: number | null }>('DuplicateUserLogEntry').implement({
  description: 'An entry not stored again because the same entry (same source system, id and content) is already stored (dubblett).',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the entry in the input list, counting from 0.' }),
    id: t.id({
      nullable: true,
      description:
        'The global ID of the entry already stored (UserLogEntry.id), earlier or by this very call; null when you may not read that entry, or when the batch stored nothing.',
      resolve: (e) => (e.entryId === null ? null : logEntryId(e.entryId)),
    }),
  }),
});

type LogField = keyof EntryInput;
const LOG_FIELDS = Object.keys(LOG_TEXT_RULES) as LogField[];

/** An entry as the rules take it: the fields given, a null (allowed in the untyped form) as absent. */
function givenFields(entry: { [F in LogField]?: string | null }): Partial<EntryInput> {
  const given: Partial<EntryInput> = {};
  for (const field of LOG_FIELDS) {
    const value = entry[field];
    if (value != null) given[field] = value;
  }
  return given;
}

type Payload = Omit<AppendResult, 'duplicateEntries'> & { duplicateEntries: { index: number; entryId: number | null }[] };

const AppendPayload = builder.objectRef<Payload>('AppendUserLogEntriesPayload').implement({
  description: 'What happened to a batch of user log entries.',
  fields: (t) => ({
    committed: t.exposeBoolean('committed', { description: 'true when entries were stored.' }),
    stored: t.exposeInt('stored', { description: 'Entries stored now.' }),
    duplicates: t.exposeInt('duplicates', { description: 'Entries already stored before (same source system and id): not stored again.' }),
    rejected: t.field({
      type: [RejectedEntry],
      description: 'Invalid entries. Without allowPartial, any of these means nothing was stored.',
      resolve: (p) => p.rejected,
    }),
    storedEntries: t.field({
      type: [StoredEntry],
      description: 'Each entry stored now, by its index in the input, with its ID; in input order.',
      resolve: (p) => p.storedEntries,
    }),
    duplicateEntries: t.field({
      type: [DuplicateEntry],
      description: 'Each entry that was a duplicate, by its index in the input, with the ID of the entry already stored when you may read it; in input order.',
      resolve: (p) => p.duplicateEntries,
    }),
  }),
});

builder.mutationField('appendUserLogEntries', (t) =>
  t.field({
    type: AppendPayload,
    description: `Appends up to ${MAX_LOG_BATCH.toLocaleString('en')} user log entries in one transaction. Integrators may append only entries of their own organisation’s users. Resending entries already stored is harmless. Give the batch as input (typed); entries and allowPartial are the older untyped form, deprecated but still served.`,
    args: {
      input: t.arg({ type: AppendInput, description: 'The entries and whether a partial batch may be stored. Give this or the deprecated entries, not both.' }),
      entries: t.arg({
        type: [UserLogEntryInput],
        deprecationReason:
          'Use input: AppendUserLogEntriesInput, whose entries (UserLogEntryAppendInput) are typed: enums, DateTime, required fields non-null.',
        description: 'The entries, untyped (deprecated).',
      }),
      allowPartial: t.arg.boolean({
        deprecationReason: 'Use input.allowPartial.',
        description: 'With entries: false (default) stores all or none; true stores the valid entries and reports the others.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      if (!mayAppendUserLogs(ctx.viewer)) {
        throw new GraphQLError('Only integrators and regional admins may append user log entries.', {
          extensions: { code: 'FORBIDDEN', http: { status: 403 } },
        });
      }
      // Both forms come down to the same entries (enums are their domain values, the time an ISO
      // string), checked by the same rules below.
      if ((args.input == null) === (args.entries == null)) {
        throw new GraphQLError('Give the entries either as input (typed) or as entries (deprecated), one of them.', {
          extensions: { code: 'BAD_USER_INPUT', field: 'input' },
        });
      }
      if (args.input && args.allowPartial != null) {
        throw new GraphQLError('allowPartial belongs in input with the typed form.', { extensions: { code: 'BAD_USER_INPUT', field: 'allowPartial' } });
      }
      const entries = (args.input?.entries ?? args.entries ?? []).map(givenFields);
      const allowPartial = (args.input ? args.input.allowPartial : args.allowPartial) ?? false;
      if (entries.length > MAX_LOG_BATCH) throw new GraphQLError(`At most ${MAX_LOG_BATCH} entries per batch.`, { extensions: { code: 'BAD_USER_INPUT' } });
      const now = ctx.now();
      const result = await ctx.stores.logs.append(
        entries,
        {
          submittedByOrgId: ctx.viewer!.organisationId,
          onlyCareProviderId: ctx.viewer!.role === 'integrator' ? ctx.viewer!.organisationId : null,
          // What a demo token appends is demo data: in the demo chains, removed with the demo.
          isDemo: createsDemoRows(ctx.viewer),
          today: now.toISOString().slice(0, 10),
          nowMs: now.getTime(),
        },
        { allowPartial },
      );
      // A duplicate names the stored entry only to a caller who may read it, by the same scope as
      // userLogs: the caller's own resend, never another organisation's entry (or, for a demo
      // token, a real one: its entries live in the demo namespace and never meet real ones).
      const known = result.duplicateEntries.flatMap((d) => (d.entryId === null ? [] : [d.entryId]));
      const visible = known.length ? await ctx.stores.logs.visibleIds(userLogScope(ctx.viewer), known) : new Set<number>();
      return {
        ...result,
        duplicateEntries: result.duplicateEntries.map((d) => ({ index: d.index, entryId: d.entryId !== null && visible.has(d.entryId) ? d.entryId : null })),
      };
    },
  }),
);
