import { whereClause } from '@fvm/db';
import { luhnCheckDigit } from '@fvm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, testEngine, type Registry } from '../support/server';
import { gid, ok, orgId, sqlNumber, sqlRows } from './helpers';

// appendUserLogEntries with its typed input over HTTP: enums, DateTime with a zone, non-null
// fields, the ids of what was stored and of what was a duplicate (only when the caller may read
// it), the deprecated untyped argument on the same path, and the source filters of userLogs.

const GOTEBORG = '1480';
const VGR = '2321000131';
const goteborgUser = `SE212000480${luhnCheckDigit('212000480')}-U0001`;
const PATIENT = `19850412234${luhnCheckDigit('850412234')}`;

let sequence = 0;
/** A typed entry (enum names, a zoned time) by a Göteborg user about Göteborg's data, unless told otherwise. */
function typed(overrides: Record<string, unknown> = {}) {
  sequence++;
  return {
    occurredAt: '2026-10-15T11:30:00+02:00',
    userHsaId: goteborgUser,
    userName: 'Test Anna Andersson',
    userProfession: 'nurse',
    careProvider: GOTEBORG,
    careUnit: 'Test: Hemsjukvård 1',
    action: 'PRINT',
    patient: PATIENT,
    category: 'journal_note',
    dataOwner: GOTEBORG,
    basis: 'EMERGENCY_ACCESS',
    device: 'MOBILE',
    sourceSystem: 'Typed System',
    sourceEntryId: `typed-${sequence}`,
    outcome: 'DENIED',
    ...overrides,
  };
}
/** The same entry in the deprecated untyped form. */
function untyped(e: ReturnType<typeof typed>) {
  return { ...e, action: e.action.toLowerCase(), basis: e.basis.toLowerCase(), device: e.device.toLowerCase(), outcome: e.outcome.toLowerCase() };
}

const RESULT = 'committed stored duplicates rejected { index violations { field code } } storedEntries { index id entryId } duplicateEntries { index id }';
const APPEND = `mutation($input: AppendUserLogEntriesInput!) { appendUserLogEntries(input: $input) { ${RESULT} } }`;
const APPEND_OLD = `mutation($entries: [UserLogEntryInput!]!, $allowPartial: Boolean) { appendUserLogEntries(entries: $entries, allowPartial: $allowPartial) { ${RESULT} } }`;
const LOGS =
  'query($filter: UserLogFilter) { userLogs(filter: $filter, first: 100) { totalCount nodes { id entryId sourceSystem sourceEntryId action basis device outcome occurredAt } } }';

function firstError(r: { errors?: unknown[] }): { message: string; extensions: { code?: string; rule?: string } } {
  const error = r.errors?.[0] as { message: string; extensions?: { code?: string; rule?: string } } | undefined;
  expect(error, JSON.stringify(r)).toBeDefined();
  return { message: error!.message, extensions: error!.extensions ?? {} };
}

interface Answer {
  committed: boolean;
  stored: number;
  duplicates: number;
  rejected: { index: number; violations: { field: string; code: string }[] }[];
  storedEntries: { index: number; id: string; entryId: number }[];
  duplicateEntries: { index: number; id: string | null }[];
}

describe('appendUserLogEntries, typed', () => {
  let registry: Registry;
  let integrator: string;
  let admin: string;
  const append = async (entries: unknown[], token: string, allowPartial?: boolean): Promise<Answer> =>
    ok(await registry.gql(APPEND, { input: { entries, ...(allowPartial === undefined ? {} : { allowPartial }) } }, token)).appendUserLogEntries;

  beforeAll(async () => {
    registry = await startRegistry({ demoSignIn: true });
    integrator = await registry.newToken(GOTEBORG, 'integrator');
    admin = await registry.newToken(VGR, 'regional_admin');
  });
  afterAll(() => registry.close());

  it('stores enum values as the same values the output and filters use, the time as the instant it names, and answers each stored entry’s ID', async () => {
    const batch = [
      typed(),
      typed({ action: 'READ', basis: 'CARE_RELATIONSHIP', device: 'DESKTOP', outcome: 'SUCCESS', occurredAt: '2026-10-15T09:30:00.5Z', userProfession: null }),
    ];
    const r = await append(batch, integrator);
    expect(r).toMatchObject({ committed: true, stored: 2, duplicates: 0, rejected: [], duplicateEntries: [] });
    expect(r.storedEntries.map((s) => s.index)).toEqual([0, 1]);
    const stored = await sqlRows<{
      id: number;
      action: string;
      basis: string;
      device: string;
      outcome: string;
      occurred_at: number;
      user_profession: string | null;
    }>(
      registry,
      "select id, action, basis, device, outcome, occurred_at, user_profession from user_log_entries where source_system = 'Typed System' order by id",
    );
    expect(stored).toEqual([
      {
        id: r.storedEntries[0]!.entryId,
        action: 'print',
        basis: 'emergency_access',
        device: 'mobile',
        outcome: 'denied',
        occurred_at: Date.parse('2026-10-15T09:30:00Z'),
        user_profession: 'nurse',
      },
      {
        id: r.storedEntries[1]!.entryId,
        action: 'read',
        basis: 'care_relationship',
        device: 'desktop',
        outcome: 'success',
        occurred_at: Date.parse('2026-10-15T09:30:00.500Z'),
        user_profession: null,
      },
    ]);
    expect(r.storedEntries.map((s) => s.id)).toEqual(stored.map((s) => gid('UserLogEntry', s.id)));
    // The IDs are those userLogs answers, and find the entries again.
    const read = ok(await registry.gql(LOGS, { filter: { ids: r.storedEntries.map((s) => s.id) } }, integrator)).userLogs;
    expect(read.nodes.map((n: { id: string }) => n.id).sort()).toEqual(r.storedEntries.map((s) => s.id).sort());
    expect(read.nodes.find((n: { id: string }) => n.id === r.storedEntries[0]!.id)).toMatchObject({
      action: 'PRINT',
      basis: 'EMERGENCY_ACCESS',
      device: 'MOBILE',
      outcome: 'DENIED',
      occurredAt: '2026-10-15T09:30:00.000Z',
    });
  });

  it('refuses a time without a zone with a named error, and stores nothing', async () => {
    const before = await sqlNumber(registry, 'select count(*) from user_log_entries');
    const r = await registry.gql(APPEND, { input: { entries: [typed(), typed({ occurredAt: '2026-10-15T09:30:00' })] } }, integrator);
    expect(r.data ?? null).toBeNull();
    const error = firstError(r);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'datetime.zone_required' });
    expect(error.message).toContain('input.entries[1].occurredAt');
    // Written in the document rather than a variable: the same rule.
    const literal = await registry.gql(
      `mutation { appendUserLogEntries(input: { entries: [{ occurredAt: "2026-10-15T09:30:00", userHsaId: "${goteborgUser}", userName: "Test", careProvider: "${GOTEBORG}", careUnit: "Test", action: READ, patient: "${PATIENT}", category: "journal_note", dataOwner: "${GOTEBORG}", basis: NONE, device: DESKTOP, sourceSystem: "Typed System", sourceEntryId: "literal", outcome: SUCCESS }] }) { stored } }`,
      undefined,
      integrator,
    );
    expect(firstError(literal).extensions.rule).toBe('datetime.zone_required');
    // Not a calendar date, or not a time at all: the format rule.
    for (const occurredAt of ['2026-02-30T10:00:00Z', '2026-10-15', 'yesterday']) {
      const bad = await registry.gql(APPEND, { input: { entries: [typed({ occurredAt })] } }, integrator);
      expect(firstError(bad).extensions.rule, occurredAt).toBe('datetime.format');
    }
    expect(await sqlNumber(registry, 'select count(*) from user_log_entries')).toBe(before);
  });

  it('lets GraphQL refuse a missing required field and a value outside an enum, before anything is read', async () => {
    const withoutSystem: Partial<ReturnType<typeof typed>> = typed();
    delete withoutSystem.sourceSystem;
    const missing = await registry.gql(APPEND, { input: { entries: [withoutSystem] } }, integrator);
    expect(missing.errors![0]!.message).toMatch(/sourceSystem.*required|required.*sourceSystem/);
    const nulled = await registry.gql(APPEND, { input: { entries: [typed({ patient: null })] } }, integrator);
    expect(nulled.errors![0]!.message).toContain('patient');
    const lower = await registry.gql(APPEND, { input: { entries: [typed({ action: 'read' })] } }, integrator);
    expect(lower.errors![0]!.message).toContain('LogAction');
    const unknown = await registry.gql(APPEND, { input: { entries: [typed({ basis: 'CURIOSITY' })] } }, integrator);
    expect(unknown.errors![0]!.message).toContain('AccessBasis');
    // An empty text is still the registry's per-entry rule, with its index.
    const empty = await append([typed(), typed({ careUnit: '  ' })], integrator, true);
    expect(empty).toMatchObject({ stored: 1, rejected: [{ index: 1, violations: [{ field: 'careUnit', code: 'required' }] }] });
    expect(empty.storedEntries.map((s) => s.index)).toEqual([0]);
  });

  it('lists duplicates by index with the ID of the entry already stored, within the batch and across batches', async () => {
    const [a, b] = [typed(), typed()];
    const first = await append([a, b, { ...a }], integrator);
    expect(first).toMatchObject({ committed: true, stored: 2, duplicates: 1 });
    expect(first.duplicateEntries).toEqual([{ index: 2, id: first.storedEntries[0]!.id }]);
    const c = typed();
    const again = await append([b, c, a], integrator);
    expect(again).toMatchObject({ committed: true, stored: 1, duplicates: 2, rejected: [] });
    expect(again.storedEntries.map((s) => s.index)).toEqual([1]);
    expect(again.duplicateEntries).toEqual([
      { index: 0, id: first.storedEntries[1]!.id },
      { index: 2, id: first.storedEntries[0]!.id },
    ]);
    // A repeat of an entry refused for its source id (stored with other content) is the same
    // entry: refused with it, not counted as a duplicate of something never stored.
    const changed = { ...a, userName: 'Test Någon Annan' };
    const conflicting = await append([changed, { ...changed }, typed()], integrator, true);
    expect(conflicting).toMatchObject({ stored: 1, duplicates: 0, duplicateEntries: [] });
    expect(conflicting.rejected).toEqual([0, 1].map((index) => ({ index, violations: [{ field: 'sourceEntryId', code: 'log.source_id_conflict' }] })));
    // A refused batch stores nothing and names nothing.
    const refused = await append([a, typed({ patient: '191212121213' })], integrator);
    expect(refused).toMatchObject({ committed: false, stored: 0, storedEntries: [] });
    expect(refused.duplicateEntries.every((d) => d.id === null)).toBe(true);
  });

  it('keeps the deprecated untyped argument working on the same path, and refuses both forms at once', async () => {
    const e = typed();
    const old = ok(await registry.gql(APPEND_OLD, { entries: [untyped(e)] }, integrator)).appendUserLogEntries as Answer;
    expect(old).toMatchObject({ committed: true, stored: 1, duplicates: 0, rejected: [] });
    // The same entry typed is its duplicate: both forms store the same thing.
    const typedAgain = await append([e], integrator);
    expect(typedAgain).toMatchObject({ stored: 0, duplicates: 1, duplicateEntries: [{ index: 0, id: old.storedEntries[0]!.id }] });
    // The untyped form still reports its rules per entry, as before.
    const bad = ok(
      await registry.gql(
        APPEND_OLD,
        { entries: [untyped(typed()), { ...untyped(typed()), action: 'peek', occurredAt: '2026-10-15T09:30:00' }], allowPartial: true },
        integrator,
      ),
    ).appendUserLogEntries as Answer;
    expect(bad.stored).toBe(1);
    expect(bad.rejected[0]!.violations.map((v) => v.code).sort()).toEqual(['enum', 'log.time_format']);
    const both = await registry.gql(
      `mutation($input: AppendUserLogEntriesInput, $entries: [UserLogEntryInput!]) { appendUserLogEntries(input: $input, entries: $entries) { stored } }`,
      { input: { entries: [typed()] }, entries: [untyped(typed())] },
      integrator,
    );
    expect(firstError(both).extensions.code).toBe('BAD_USER_INPUT');
    const neither = await registry.gql('mutation { appendUserLogEntries { stored } }', undefined, integrator);
    expect(firstError(neither).extensions.code).toBe('BAD_USER_INPUT');
    // The schema says which to use.
    const intro = ok(
      await registry.gql('{ __type(name: "Mutation") { fields { name args(includeDeprecated: true) { name isDeprecated deprecationReason } } } }'),
    );
    const args = intro.__type.fields.find((f: { name: string }) => f.name === 'appendUserLogEntries').args;
    expect(args.find((a: { name: string }) => a.name === 'entries')).toMatchObject({ isDeprecated: true });
    expect(args.find((a: { name: string }) => a.name === 'entries').deprecationReason).toContain('AppendUserLogEntriesInput');
    expect(args.find((a: { name: string }) => a.name === 'input')).toMatchObject({ isDeprecated: false });
  });

  it('names a duplicate’s stored entry only to a caller who may read it', async () => {
    // A regional admin may append entries of any organisation's users, but reads only entries
    // about its own organisation's data or users: Göteborg's entry is not among them.
    const hidden = typed();
    expect((await append([hidden], admin)).stored).toBe(1);
    const resent = await append([hidden], admin);
    expect(resent).toMatchObject({ stored: 0, duplicates: 1, duplicateEntries: [{ index: 0, id: null }] });
    expect(ok(await registry.gql(LOGS, { filter: { sourceEntryIds: [hidden.sourceEntryId] } }, admin)).userLogs.totalCount).toBe(0);
    // One about VGR's own data it may read, and is told.
    const own = typed({ dataOwner: VGR });
    const stored = await append([own], admin);
    expect((await append([own], admin)).duplicateEntries).toEqual([{ index: 0, id: stored.storedEntries[0]!.id }]);
  });

  it('tells a demo token nothing of real entries: its resend of a real entry answers as a new entry', async () => {
    const demoAdmin = ok(await registry.gql('mutation { signInAsDemoUser(role: REGIONAL_ADMIN) }')).signInAsDemoUser as string;
    const real = typed({ dataOwner: VGR });
    const realAnswer = await append([real], admin);
    expect(realAnswer.stored).toBe(1);
    const fresh = typed({ dataOwner: VGR });
    const asDemo = await append([real, fresh], demoAdmin);
    const control = await append([typed({ dataOwner: VGR }), typed({ dataOwner: VGR })], demoAdmin);
    expect(asDemo).toMatchObject({ committed: true, stored: 2, duplicates: 0, duplicateEntries: [] });
    expect(control).toMatchObject({ committed: true, stored: 2, duplicates: 0, duplicateEntries: [] });
    expect(asDemo.storedEntries.map((s) => s.id)).not.toContain(realAnswer.storedEntries[0]!.id);
    // Its own demo resend: the demo entry's ID, which it may read.
    expect((await append([real], demoAdmin)).duplicateEntries).toEqual([{ index: 0, id: asDemo.storedEntries[0]!.id }]);
    // A hidden demo duplicate (another organisation's data) stays unnamed for the demo token too.
    const other = typed();
    await append([other], demoAdmin);
    expect((await append([other], demoAdmin)).duplicateEntries).toEqual([{ index: 0, id: null }]);
  });
});

describe('userLogs filtered by source system and source entry id', () => {
  let registry: Registry;
  let integrator: string;
  let reviewer: string;
  beforeAll(async () => {
    registry = await startRegistry({ demo: false });
    integrator = await registry.newToken(GOTEBORG, 'integrator');
    reviewer = await registry.newToken(GOTEBORG, 'log_reviewer');
    const entries = [
      typed({ sourceSystem: 'System A', sourceEntryId: 'x-1' }),
      typed({ sourceSystem: 'System A', sourceEntryId: 'x-2' }),
      typed({ sourceSystem: 'System B', sourceEntryId: 'x-1' }),
      typed({ sourceSystem: 'System B', sourceEntryId: 'x-3' }),
    ];
    expect(ok(await registry.gql(APPEND, { input: { entries } }, integrator)).appendUserLogEntries.stored).toBe(4);
  });
  afterAll(() => registry.close());

  const keys = async (filter: Record<string, unknown>, token: string) =>
    (ok(await registry.gql(LOGS, { filter }, token)).userLogs.nodes as { sourceSystem: string; sourceEntryId: string }[])
      .map((n) => `${n.sourceSystem}/${n.sourceEntryId}`)
      .sort();

  it('finds entries by system, by id, and by both', async () => {
    expect(await keys({ sourceSystems: ['System A'] }, reviewer)).toEqual(['System A/x-1', 'System A/x-2']);
    expect(await keys({ sourceEntryIds: ['x-1'] }, reviewer)).toEqual(['System A/x-1', 'System B/x-1']);
    expect(await keys({ sourceSystems: ['System B'], sourceEntryIds: ['x-1', 'x-2', 'x-3'] }, integrator)).toEqual(['System B/x-1', 'System B/x-3']);
    expect(await keys({ sourceSystems: ['System A', 'System B'], sourceEntryIds: ['x-2'] }, reviewer)).toEqual(['System A/x-2']);
    expect(await keys({ sourceSystems: ['System C'] }, reviewer)).toEqual([]);
    // The filter narrows the reader's scope, never widens it.
    expect(await keys({ sourceSystems: ['System A'] }, await registry.newToken('1490', 'log_reviewer'))).toEqual([]);
  });

  // SQLite's plan; on PostgreSQL a source id's uniqueness lives in its own key table.
  it.runIf(testEngine() === 'sqlite')('answers a system and id with a seek on the unique source index', async () => {
    // The WHERE clause userLogs builds for an organisation's reader, as SQLite plans it.
    const { sql, params } = whereClause(
      { kind: 'organisation', organisationId: await orgId(registry, GOTEBORG) },
      { sourceSystems: ['System A'], sourceEntryIds: ['x-1', 'x-2'] },
    );
    const plan = (
      await sqlRows<{ detail: string }>(
        registry,
        `explain query plan select * from user_log_entries where ${sql} order by occurred_at desc, id desc limit 101`,
        ...params,
      )
    ).map((r) => r.detail);
    expect(plan.join('\n')).toContain('user_log_entries_source_demo_uq');
  });
});
