import { appendUserLogEntries, MAX_LOG_BATCH } from '@fvm/db';
import { createsDemoRows, LOG_TEXT_RULES, mayAppendUserLogs, type RuleViolation, type UserLogEntryInput as EntryInput } from '@fvm/domain';
import { GraphQLError } from 'graphql';
import { builder } from '../builder';
import { RuleViolationRef } from '../mutations';

/** The field's limits, from the rule that enforces them, so the contract cannot drift from it. */
function limits(field: keyof EntryInput): string {
  const rule = LOG_TEXT_RULES[field];
  return ` At most ${rule.max} characters${rule.multiline ? '' : ', on one line'}.`;
}

const UserLogEntryInput = builder.inputType('UserLogEntryInput', {
  description:
    'A user log entry as a source system records it. Organisations are named by organisation number, HSA-id or municipality code; the patient by personal identity or coordination number, which is stored only as a keyed pseudonym. Every text must be well-formed Unicode (no lone surrogates) without control characters (the user’s name and profession and the care unit may have line breaks and tabs), within its field’s limit: an entry that breaks a rule is refused (text.malformed, text.control_character, text.too_long), never stored altered.',
  fields: (t) => ({
    occurredAt: t.string({ description: `When, ISO 8601 with a time zone (e.g. 2026-11-22T09:30:00Z); from 1900 on, and at most five minutes ahead of the registry’s clock.${limits('occurredAt')}` }),
    userHsaId: t.string({ description: `The user’s HSA-id.${limits('userHsaId')}` }),
    userName: t.string({ description: `The user’s name.${limits('userName')}` }),
    userProfession: t.string({ description: `The user’s profession (yrkesroll).${limits('userProfession')}` }),
    careProvider: t.string({ description: `The user’s care provider (vårdgivare): organisation number, HSA-id or municipality code.${limits('careProvider')}` }),
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

const RejectedEntry = builder.objectRef<{ index: number; violations: RuleViolation[] }>('RejectedUserLogEntry').implement({
  description: 'An entry that was not stored, and why.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the entry in the input list, counting from 0.' }),
    violations: t.field({ type: [RuleViolationRef], description: 'Every field that is wrong, with its rule.', resolve: (r) => r.violations }),
  }),
});

const AppendPayload = builder
  .objectRef<{ committed: boolean; stored: number; duplicates: number; rejected: { index: number; violations: RuleViolation[] }[] }>('AppendUserLogEntriesPayload')
  .implement({
    description: 'What happened to a batch of user log entries.',
    fields: (t) => ({
      committed: t.exposeBoolean('committed', { description: 'true when entries were stored.' }),
      stored: t.exposeInt('stored', { description: 'Entries stored now.' }),
      duplicates: t.exposeInt('duplicates', { description: 'Entries already stored before (same source system and id): not stored again.' }),
      rejected: t.field({ type: [RejectedEntry], description: 'Invalid entries. Without allowPartial, any of these means nothing was stored.', resolve: (p) => p.rejected }),
    }),
  });

builder.mutationField('appendUserLogEntries', (t) =>
  t.field({
    type: AppendPayload,
    description: `Appends up to ${MAX_LOG_BATCH.toLocaleString('en')} user log entries in one transaction. Integrators may append only entries of their own organisation’s users. Resending entries already stored is harmless.`,
    args: {
      entries: t.arg({ type: [UserLogEntryInput], required: true, description: 'The entries.' }),
      allowPartial: t.arg.boolean({ defaultValue: false, description: 'false (default): store all or none. true: store the valid entries and report the others.' }),
    },
    resolve: (_root, args, ctx) => {
      if (!mayAppendUserLogs(ctx.viewer)) {
        throw new GraphQLError('Only integrators and regional admins may append user log entries.', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
      }
      if (args.entries.length > MAX_LOG_BATCH) throw new GraphQLError(`At most ${MAX_LOG_BATCH} entries per batch.`, { extensions: { code: 'BAD_USER_INPUT' } });
      const now = ctx.now();
      return appendUserLogEntries(
        ctx.sqlite,
        args.entries as never,
        {
          keys: ctx.logKeys,
          submittedByOrgId: ctx.viewer!.organisationId,
          onlyCareProviderId: ctx.viewer!.role === 'integrator' ? ctx.viewer!.organisationId : null,
          // What a demo token appends is demo data: in the demo chains, removed with the demo.
          isDemo: createsDemoRows(ctx.viewer),
          today: now.toISOString().slice(0, 10),
          nowMs: now.getTime(),
        },
        { allowPartial: args.allowPartial ?? false },
      );
    },
  }),
);
