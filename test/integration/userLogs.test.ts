import { pseudonymisePatient } from '@fvm/db';
import { luhnCheckDigit, type FhirAuditEvent, type UserLogEntryInput } from '@fvm/domain';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlainRead, schema } from '@fvm/graphql';
import { parse } from 'graphql';
import { postgresStoredBytes, walPosition } from '../support/postgresFiles';
import { startRegistry, type Registry } from '../support/server';
import { dropTrigger, gid, ok, orgId, rawId, RESULT_FIELDS, sqlNumber, sqlRow, sqlRows } from './helpers';

// The user log over HTTP with real tokens: ingestion, pseudonymisation down to the bytes of the
// database file, append-only triggers, tamper detection, checkpoints, purge, who sees what, the
// read audit, the patient's extract, keyset paging and the FHIR AuditEvent export.

// ---------------------------------------------------------------------------------------------
// Helpers

const TODAY = new Date().toISOString().slice(0, 10);
const VGR = '2321000131';

/** A valid personal identity number, 12 digits: date + 3-digit serial + Luhn check digit. */
function personnummer(yyyymmdd: string, serial: number): string {
  const nnn = String(serial).padStart(3, '0');
  return `${yyyymmdd}${nnn}${luhnCheckDigit(`${yyyymmdd.slice(2)}${nnn}`)}`;
}

/** Every way a 12-digit number may be written: 12 or 10 digits, with or without a separator. */
function writtenForms(twelve: string): string[] {
  const ten = twelve.slice(2);
  return [twelve, `${twelve.slice(0, 8)}-${twelve.slice(8)}`, ten, `${ten.slice(0, 6)}-${ten.slice(6)}`, `${ten.slice(0, 6)}+${ten.slice(6)}`];
}

/** The number's forms as bytes, as text and (in case someone stored it as a number) as SQLite's 6- and 8-byte big-endian integers. */
function byteForms(twelve: string): Buffer[] {
  const ints = [BigInt(twelve), BigInt(twelve.slice(2))].flatMap((n) => {
    const eight = Buffer.alloc(8);
    eight.writeBigInt64BE(n);
    return [eight, eight.subarray(2)];
  });
  // An unkeyed hash would be reversible by trying every number: it must not be there either.
  const unkeyed = createHash('sha256').update(twelve).digest().subarray(0, 16);
  return [...writtenForms(twelve).map((s) => Buffer.from(s, 'utf8')), ...ints, unkeyed];
}

const PATIENT = {
  a: personnummer('19850412', 234),
  b: personnummer('19630927', 118),
  /** A coordination number: born 3 October 1970, day + 60. */
  c: personnummer('19701063', 239),
  d: personnummer('20010101', 587),
};
const ALL_PATIENTS = Object.values(PATIENT);

/** A municipality's (Luhn-valid, demo-style 212000-series) organisation number, for its users' HSA-ids. */
function municipalNumber(code: string): string {
  const nine = `212000${code.slice(1)}`;
  return `${nine}${luhnCheckDigit(nine)}`;
}
function hsa(org: string, user: string): string {
  return `SE${org === VGR ? VGR : municipalNumber(org)}-${user}`;
}

let sequence = 0;
/** A valid entry by a Göteborg user about Göteborg's data, unless told otherwise. */
function entry(overrides: Partial<UserLogEntryInput> = {}): UserLogEntryInput {
  sequence++;
  return {
    occurredAt: '2026-10-15T09:30:00Z',
    userHsaId: hsa('1480', 'U0001'),
    userName: 'Test Anna Andersson',
    userProfession: 'nurse',
    careProvider: '1480',
    careUnit: 'Test: Hemsjukvård 1',
    action: 'read',
    patient: PATIENT.a,
    category: 'journal_note',
    dataOwner: '1480',
    basis: 'care_relationship',
    device: 'desktop',
    sourceSystem: 'Test Millennium',
    sourceEntryId: `t-${sequence}`,
    outcome: 'success',
    ...overrides,
  };
}

const APPEND = `mutation($entries: [UserLogEntryInput!]!, $allowPartial: Boolean) {
  appendUserLogEntries(entries: $entries, allowPartial: $allowPartial) {
    committed stored duplicates rejected { index violations { field code message } }
  }
}`;

async function append(registry: Registry, token: string, entries: Partial<UserLogEntryInput>[], allowPartial = false) {
  return registry.gql(APPEND, { entries, allowPartial }, token);
}
async function appendOk(registry: Registry, token: string, entries: Partial<UserLogEntryInput>[]) {
  const r = ok(await append(registry, token, entries)).appendUserLogEntries;
  expect(r.rejected, JSON.stringify(r.rejected)).toEqual([]);
  expect(r.stored).toBe(entries.length);
  return r;
}

const ENTRY_FIELDS = `entryId occurredAt userHsaId userName userProfession careUnit action patientPseudonym basis device sourceSystem sourceEntryId outcome
  careProvider { id } dataOwner { id } category { code }`;
const USER_LOGS = `query($filter: UserLogFilter, $first: Int, $after: String, $last: Int, $before: String) {
  userLogs(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { ${ENTRY_FIELDS} } }
  }
}`;

interface Entry {
  entryId: number;
  occurredAt: string;
  userHsaId: string;
  userName: string;
  careUnit: string;
  patientPseudonym: string;
  sourceEntryId: string;
  careProvider: { id: string };
  dataOwner: { id: string };
  [k: string]: unknown;
}

/** A page of userLogs, as USER_LOGS asks for it. */
interface EntryPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: Entry }[];
}

/** Every entry the token may read under the filter, newest first, page by page. */
async function readAll(registry: Registry, token: string | undefined, filter?: Record<string, unknown>): Promise<Entry[]> {
  const out: Entry[] = [];
  let after: string | null = null;
  for (;;) {
    const page: EntryPage = ok(await registry.gql(USER_LOGS, { filter, first: 1000, after }, token)).userLogs;
    out.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

function errorCode(r: { errors?: unknown[] }): string | undefined {
  return (r.errors?.[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code;
}

const VERIFY = '{ verifyUserLogs { dataOwner { id name } isDemo entriesChecked ok firstBreak { entryId reason } } }';
async function verify(registry: Registry, token: string) {
  return ok(await registry.gql(VERIFY, undefined, token)).verifyUserLogs as {
    dataOwner: { id: string };
    ok: boolean;
    entriesChecked: number;
    firstBreak: { entryId: number; reason: string } | null;
  }[];
}

/** The element paths the README's FHIR mapping table promises, e.g. `agent[0].who`. */
function promisedFhirPaths(): string[] {
  const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');
  const section = readme.split('## User logs as FHIR AuditEvent')[1]!.split(/\n## /)[0]!;
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}
function at(value: unknown, path: string): unknown {
  for (const part of path.split('.')) {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(part)!;
    value = member(value, m[1]!);
    if (m[2] !== undefined) value = member(value, Number(m[2]));
  }
  return value;
}

/** `value?.[key]` on a value of unknown shape. */
function member(value: unknown, key: string | number): unknown {
  return value == null ? undefined : (value as Record<string | number, unknown>)[key];
}

/** The userLogsAsFhirBundle answer, as these tests read it. */
interface FhirBundle {
  resourceType: string;
  timestamp: string;
  total?: number;
  entry: { fullUrl: string; resource: FhirAuditEvent }[];
  link?: { relation: string; url: string; extension: { url: string; valueString: string }[] }[];
}

// ---------------------------------------------------------------------------------------------

describe('ingestion through appendUserLogEntries', () => {
  let registry: Registry;
  let integrator: string;
  beforeAll(async () => {
    registry = await startRegistry({ demo: false });
    integrator = await registry.newToken('1480', 'integrator');
  });
  afterAll(() => registry.close());

  const stored = () => sqlNumber(registry, 'select count(*) from user_log_entries');

  it('stores a valid batch', async () => {
    const batch = [entry(), entry({ dataOwner: VGR, action: 'sign', device: 'mobile' }), entry({ patient: PATIENT.b, basis: 'emergency_access' })];
    const r = ok(await append(registry, integrator, batch)).appendUserLogEntries;
    expect(r).toEqual({ committed: true, stored: 3, duplicates: 0, rejected: [] });
    expect(await stored()).toBe(3);
    const rows = await sqlRows<{ source_entry_id: string; submitted_by_org_id: number; care_provider_id: number }>(
      registry,
      'select source_entry_id, submitted_by_org_id, care_provider_id from user_log_entries order by id',
    );
    expect(rows.map((x) => x.source_entry_id)).toEqual(batch.map((e) => e.sourceEntryId));
    expect(new Set(rows.map((x) => x.submitted_by_org_id))).toEqual(new Set([await orgId(registry, '1480')]));
  });

  const wrong = () => {
    const badLuhn = `${PATIENT.a.slice(0, 11)}${(Number(PATIENT.a[11]) + 1) % 10}`;
    const withoutName: Partial<UserLogEntryInput> = entry();
    delete withoutName.userName;
    return {
      batch: [
        entry(),
        entry({ patient: badLuhn }),
        entry({ occurredAt: '2026-13-01T10:00:00Z' }),
        withoutName,
        entry({ dataOwner: '9999' }),
        entry({ category: 'no_such_category' }),
        entry({ userHsaId: 'SE21200048-X' }),
        entry({ patient: '19850231-1234' }),
        entry({ careProvider: '' }),
      ],
      expected: [
        { index: 1, violations: [['patient', 'personal_identity_number.luhn']] },
        { index: 2, violations: [['occurredAt', 'log.time_format']] },
        { index: 3, violations: [['userName', 'required']] },
        { index: 4, violations: [['dataOwner', 'log.unknown_organisation']] },
        { index: 5, violations: [['category', 'log.unknown_category']] },
        { index: 6, violations: [['userHsaId', 'hsa_id.format']] },
        { index: 7, violations: [['patient', 'personal_identity_number.date']] },
        { index: 8, violations: [['careProvider', 'required']] },
      ],
    };
  };
  const shape = (rejected: { index: number; violations: { field: string; code: string }[] }[]) =>
    rejected.map((x) => ({ index: x.index, violations: x.violations.map((v) => [v.field, v.code]) }));

  it('stores nothing from a batch with invalid entries, and names index, field and code of each', async () => {
    const before = await stored();
    const { batch, expected } = wrong();
    const r = ok(await append(registry, integrator, batch)).appendUserLogEntries;
    expect(r.committed).toBe(false);
    expect(r.stored).toBe(0);
    expect(shape(r.rejected)).toEqual(expected);
    expect(await stored()).toBe(before);
    // The messages never repeat the identity number.
    expect(JSON.stringify(r)).not.toContain(PATIENT.a.slice(2, 10));
  });

  // Date.parse would roll a day that does not exist into the next month; the rule checks the date.
  it('rejects a time on a day that does not exist (30 February)', async () => {
    const r = ok(await append(registry, integrator, [entry({ occurredAt: '2026-02-30T10:00:00Z' })])).appendUserLogEntries;
    expect(shape(r.rejected)).toEqual([{ index: 0, violations: [['occurredAt', 'log.time_format']] }]);
  });

  it('with allowPartial, stores the valid entries and reports the others', async () => {
    const before = await stored();
    const { batch, expected } = wrong();
    const r = ok(await append(registry, integrator, batch, true)).appendUserLogEntries;
    expect(r.committed).toBe(true);
    expect(r.stored).toBe(1);
    expect(shape(r.rejected)).toEqual(expected);
    expect(await stored()).toBe(before + 1);
    expect(await sqlNumber(registry, 'select count(*) from user_log_entries where source_entry_id = ?', batch[0]!.sourceEntryId)).toBe(1);
  });

  it('stores nothing again when the same batch is sent twice, and counts the duplicates', async () => {
    const batch = [entry(), entry(), entry()];
    expect(ok(await append(registry, integrator, batch)).appendUserLogEntries.stored).toBe(3);
    const before = await stored();
    const again = ok(await append(registry, integrator, batch)).appendUserLogEntries;
    expect(again).toEqual({ committed: false, stored: 0, duplicates: 3, rejected: [] });
    // One new entry among old ones: only it is stored.
    const mixed = ok(await append(registry, integrator, [...batch, entry()])).appendUserLogEntries;
    expect(mixed).toEqual({ committed: true, stored: 1, duplicates: 3, rejected: [] });
    expect(await stored()).toBe(before + 1);
  });

  it("refuses an integrator's entry whose care provider is another organisation", async () => {
    const before = await stored();
    const r = ok(await append(registry, integrator, [entry(), entry({ careProvider: '1490', userHsaId: hsa('1490', 'U0001') })])).appendUserLogEntries;
    expect(r.committed).toBe(false);
    expect(shape(r.rejected)).toEqual([{ index: 1, violations: [['careProvider', 'log.not_own_organisation']] }]);
    expect(await stored()).toBe(before);
  });

  it.each(['analyst', 'org_admin', 'log_reviewer'] as const)('forbids a %s to append', async (role) => {
    const before = await stored();
    const r = await append(registry, await registry.newToken('1480', role), [entry()]);
    expect(errorCode(r)).toBe('FORBIDDEN');
    expect(r.status).toBe(403);
    expect(r.data?.appendUserLogEntries ?? null).toBeNull();
    expect(await stored()).toBe(before);
  });

  it('forbids appending without a token', async () => {
    const r = await registry.gql(APPEND, { entries: [entry()] });
    expect(errorCode(r)).toBe('FORBIDDEN');
  });

  // A lone surrogate is stored as U+FFFD, so the stored text no longer hashes to its link: the
  // chain would be broken for good. Text must be stored exactly as it was checked.
  it('refuses a lone surrogate, a NUL, a line break in an identifier and a text past its limit, naming entry, field and rule; stores nothing', async () => {
    const before = await stored();
    const batch = [
      entry(),
      entry({ userName: 'X\uD800Y' }),
      entry({ careUnit: 'Enhet \uDC00' }),
      entry({ sourceEntryId: `nul-\u0000-${sequence}` }),
      entry({ userProfession: 'nurse\u0007' }),
      entry({ sourceSystem: 'Millennium\nTest' }),
      entry({ careUnit: 'x'.repeat(201) }),
      entry({ userName: 'x'.repeat(2 * 1024 * 1024) }),
      entry({ sourceEntryId: 'x'.repeat(201) }),
      entry({ userHsaId: `${hsa('1480', 'U')}${'1'.repeat(20)}` }),
      entry({ occurredAt: '1899-12-31T23:59:59Z' }),
      entry({ occurredAt: new Date(Date.now() + 10 * 60_000).toISOString() }),
    ];
    const r = ok(await append(registry, integrator, batch)).appendUserLogEntries;
    expect(r.committed).toBe(false);
    expect(shape(r.rejected)).toEqual([
      { index: 1, violations: [['userName', 'text.malformed']] },
      { index: 2, violations: [['careUnit', 'text.malformed']] },
      { index: 3, violations: [['sourceEntryId', 'text.control_character']] },
      { index: 4, violations: [['userProfession', 'text.control_character']] },
      { index: 5, violations: [['sourceSystem', 'text.control_character']] },
      { index: 6, violations: [['careUnit', 'text.too_long']] },
      { index: 7, violations: [['userName', 'text.too_long']] },
      { index: 8, violations: [['sourceEntryId', 'text.too_long']] },
      { index: 9, violations: [['userHsaId', 'text.too_long']] },
      { index: 10, violations: [['occurredAt', 'log.time_too_early']] },
      { index: 11, violations: [['occurredAt', 'log.time_in_future']] },
    ]);
    expect(r.rejected[5].violations[0].message).toBe('The care unit is 201 characters long; at most 200 are allowed.');
    // Megabytes in, a short answer out: the text is never repeated back.
    expect(JSON.stringify(r).length).toBeLessThan(10_000);
    expect(await stored()).toBe(before);
  });

  // graphql-yoga's own limit (maxRequestBodySize, 25,000,000 bytes unless set): far above a full
  // batch of 10,000 entries at their longest, and answered as a clean 413 before anything is parsed.
  it('answers a body past 25 MB with 413 and stores nothing; a full batch of long entries is well under it', async () => {
    const before = await stored();
    const long = { userName: 'n'.repeat(200), careUnit: 'u'.repeat(200), userProfession: 'p'.repeat(100), sourceSystem: 's'.repeat(100) };
    const full = Array.from({ length: 10_000 }, () => entry({ ...long, sourceEntryId: `${'i'.repeat(190)}${sequence}` }));
    expect(JSON.stringify({ query: APPEND, variables: { entries: full } }).length).toBeLessThan(15_000_000);
    const huge = Array.from({ length: 13 }, () => entry({ userName: 'x'.repeat(2_000_000) }));
    const r = await append(registry, integrator, huge);
    expect(r.status).toBe(413);
    expect(errorCode(r)).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(await stored()).toBe(before);
  });

  it('refuses the same source id twice in one batch with other content, as across batches; the same entry twice is one entry', async () => {
    const before = await stored();
    const first = entry();
    const changed = { ...first, userName: 'Someone Else' };
    const r = ok(await append(registry, integrator, [first, entry(), changed])).appendUserLogEntries;
    expect(r.committed).toBe(false);
    expect(shape(r.rejected)).toEqual([{ index: 2, violations: [['sourceEntryId', 'log.source_id_conflict']] }]);
    expect(r.rejected[0].violations[0].message).toBe(
      `Entry ${first.sourceEntryId} of Test Millennium is already in this batch (entry 0) with other content; log entries are never changed.`,
    );
    expect(await stored()).toBe(before);
    // Across batches: the same code, the same words.
    await appendOk(registry, integrator, [first]);
    const across = ok(await append(registry, integrator, [changed])).appendUserLogEntries;
    expect(shape(across.rejected)).toEqual([{ index: 0, violations: [['sourceEntryId', 'log.source_id_conflict']] }]);
    expect(across.rejected[0].violations[0].message).toBe(
      `Entry ${first.sourceEntryId} of Test Millennium is already stored with other content; log entries are never changed.`,
    );
    // The exact same entry twice in one batch: stored once, the second counted as a duplicate.
    const twin = entry();
    expect(ok(await append(registry, integrator, [twin, { ...twin }])).appendUserLogEntries).toEqual({
      committed: true,
      stored: 1,
      duplicates: 1,
      rejected: [],
    });
    expect(await stored()).toBe(before + 2);
  });
});

// An integrator appends its users' accesses to other owners' data, so it writes into their
// chains: nothing it sends may make any chain fail verification.
describe("an integrator's odd text cannot break any chain", () => {
  let registry: Registry;
  beforeAll(async () => {
    registry = await startRegistry({ demo: false });
  });
  afterAll(() => registry.close());

  it('stores what it accepts exactly as sent, refuses the rest, and every chain verifies', async () => {
    const integrator = await registry.newToken('1480', 'integrator');
    const odd = [
      'X\uD800Y',
      '\uDC00',
      'ok\uD83D',
      '\uDE00ok',
      'a\u0000b',
      '\u0000',
      'tab\there',
      'bell\u0007',
      'del\u007F',
      'c1\u0085',
      'e\u0301\u0323',
      'Z\u0351\u0352\u0353\u0354',
      '😀👩\u200D⚕️🇸🇪',
      '\u200Fעברית\u200E',
      '\u202Eevil\u202C',
      '\uFFFF',
      '\uFFFE',
      '\uFFFD',
      '\u{10FFFF}',
      '\u2028\u2029',
      'line\nbreak',
      'cr\r\nlf',
      '"quoted", \\ back',
      '<b>&amp;</b>',
      ' padded ',
      'ÅÄÖ åäö',
      'x'.repeat(200),
      'ö'.repeat(201),
    ];
    const fields = ['userName', 'userProfession', 'careUnit', 'sourceSystem', 'sourceEntryId'] as const;
    const batch = odd.flatMap((text, i) =>
      fields.map((field) =>
        entry({
          [field]: field === 'sourceEntryId' ? `${text}${i}` : text,
          ...(field === 'sourceEntryId' ? {} : { sourceEntryId: `odd-${i}-${field}` }),
          dataOwner: i % 3 === 0 ? VGR : i % 3 === 1 ? '1480' : '1490',
        }),
      ),
    );
    const r = ok(await append(registry, integrator, batch, true)).appendUserLogEntries;
    expect(r.stored).toBeGreaterThan(odd.length);
    const admin = await registry.newToken(VGR, 'regional_admin');
    const verdicts = await verify(registry, admin);
    expect(verdicts.length).toBe(3);
    expect(
      verdicts.filter((v) => !v.ok),
      JSON.stringify(verdicts),
    ).toEqual([]);
    expect(verdicts.reduce((n, v) => n + v.entriesChecked, 0)).toBe(r.stored);
    // Whatever was accepted reads back exactly as sent.
    const rejected = new Set(r.rejected.map((x: { index: number }) => x.index));
    // Göteborg's log reviewer sees every entry by Göteborg's users, whoever owns the data.
    const byId = new Map((await readAll(registry, await registry.newToken('1480', 'log_reviewer'))).map((e) => [e.sourceEntryId, e]));
    batch.forEach((e, index) => {
      if (rejected.has(index)) return;
      const got = byId.get(e.sourceEntryId)!;
      expect(got, e.sourceEntryId).toBeDefined();
      expect([got.userName, got.userProfession, got.careUnit, got.sourceSystem]).toEqual([e.userName, e.userProfession, e.careUnit, e.sourceSystem]);
    });
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * Every byte the registry's database holds on disk, the file holding the user log's entries first:
 * on SQLite its file and WAL (folded back first); on PostgreSQL (the run's own server, read as its
 * superuser) every file of the database after a checkpoint, and the WAL written since `walFrom`.
 */
async function storedBytes(registry: Registry, walFrom?: string): Promise<{ name: string; bytes: Buffer }[]> {
  if (registry.engine === 'sqlite') {
    registry.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const files = [registry.file, `${registry.file}-wal`, `${registry.file}-journal`].filter((f) => existsSync(f));
    expect(files[0]).toBe(registry.file);
    return files.map((name) => ({ name, bytes: readFileSync(name) }));
  }
  const files = await postgresStoredBytes(registry.sql, { walFrom, first: 'user_log_entries' });
  expect(files[0]!.name).toMatch(/^base\//);
  return files;
}

describe('pseudonymisation of patients', () => {
  let registry: Registry;
  let reviewer: string;
  const given = {
    a: `${PATIENT.a.slice(0, 8)}-${PATIENT.a.slice(8)}`, // YYYYMMDD-NNNC
    b: `${PATIENT.b.slice(2, 8)}-${PATIENT.b.slice(8)}`, // YYMMDD-NNNC
    c: PATIENT.c, // coordination number, 12 digits
    d: `${PATIENT.d.slice(2)}`, // YYMMDDNNNC
  };
  const counts = { a: 3, b: 2, c: 2, d: 1 };
  const ids: Record<string, string[]> = {};

  /** On PostgreSQL, where the WAL stood before the entries came in. */
  let walFrom: string | undefined;

  beforeAll(async () => {
    registry = await startRegistry({ demo: false });
    reviewer = await registry.newToken('1480', 'log_reviewer');
    if (registry.engine === 'postgresql') walFrom = await walPosition(registry.sql);
    const batch: UserLogEntryInput[] = [];
    for (const [key, n] of Object.entries(counts)) {
      for (let i = 0; i < n; i++) {
        const e = entry({ patient: given[key as keyof typeof given], occurredAt: `2026-10-0${i + 1}T0${i + 1}:00:00Z` });
        (ids[key] ??= []).push(e.sourceEntryId);
        batch.push(e);
      }
    }
    await appendOk(registry, await registry.newToken('1480', 'integrator'), batch);
  });
  afterAll(() => registry.close());

  it('finds exactly one patient’s entries by identity number, given in any form', async () => {
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) {
      const pseudonyms = new Set<string>();
      for (const form of writtenForms(PATIENT[key]).slice(0, 4)) {
        const found = await readAll(registry, reviewer, { patient: form });
        expect(found.map((e) => e.sourceEntryId).sort(), `${key} as ${form.length} characters`).toEqual([...ids[key]!].sort());
        for (const e of found) pseudonyms.add(e.patientPseudonym);
      }
      expect(pseudonyms.size).toBe(1);
      expect([...pseudonyms][0]).toBe(pseudonymisePatient(registry.logKeys, PATIENT[key]).toString('hex'));
    }
  });

  it('refuses a patient filter that is not a valid number', async () => {
    const wrongCheckDigit = `${PATIENT.a.slice(0, 8)}-${PATIENT.a.slice(8, 11)}${(Number(PATIENT.a[11]) + 1) % 10}`;
    const r = await registry.gql(USER_LOGS, { filter: { patient: wrongCheckDigit } }, reviewer);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(r.errors)).not.toContain('19850412');
  });

  it('leaves no identity number in any form in the database file or its WAL', async () => {
    const files = await storedBytes(registry, walFrom);
    expect(files[0]!.bytes.length).toBeGreaterThan(0);
    for (const number of ALL_PATIENTS) {
      for (const form of byteForms(number)) {
        for (const { name, bytes } of files) expect(bytes.includes(form), `${name} holds ${form.toString('hex')}`).toBe(false);
      }
    }
    // The pseudonyms, on the other hand, are there: the scan reads the real file.
    expect(files[0]!.bytes.includes(pseudonymisePatient(registry.logKeys, PATIENT.a))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

/** The append-only triggers on user_log_entries (its row triggers on UPDATE and DELETE), to drop and put back. */
function entryTriggers(registry: Registry): Promise<{ name: string; sql: string }[]> {
  if (registry.engine === 'sqlite') return sqlRows(registry, `select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'user_log_entries'`);
  // tgtype: 1 row, 8 delete, 16 update. The partitions' clones go with their parent's trigger.
  return sqlRows(
    registry,
    `select t.tgname as name, pg_get_triggerdef(t.oid) as sql from pg_trigger t
     where t.tgrelid = 'user_log_entries'::regclass and t.tgparentid = 0 and not t.tgisinternal and (t.tgtype & 1) = 1 and (t.tgtype & 24) <> 0`,
  );
}
async function row(registry: Registry, id: number): Promise<Record<string, unknown>> {
  const found = await sqlRow(registry, 'select * from user_log_entries where id = ?', id);
  if (!found) throw new Error(`no entry ${id}`);
  return found;
}
/** Sets every column but the id. */
async function setContent(registry: Registry, id: number, content: Record<string, unknown>) {
  const columns = Object.keys(content).filter((c) => c !== 'id');
  await registry.sql(`update user_log_entries set ${columns.map((c) => `${c} = ?`).join(', ')} where id = ?`, ...columns.map((c) => content[c]), id);
}
async function reinsert(registry: Registry, r: Record<string, unknown>) {
  const columns = Object.keys(r);
  await registry.sql(`insert into user_log_entries (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`, ...columns.map((c) => r[c]));
}
/** Swaps everything but the ids of two entries: the two change places in their chain. */
async function swap(registry: Registry, x: number, y: number) {
  const rx = await row(registry, x);
  const ry = await row(registry, y);
  await setContent(registry, x, { ...ry, source_entry_id: `${ry.source_entry_id}-swapping` });
  await setContent(registry, y, rx);
  await setContent(registry, x, ry);
}

describe('append-only, tamper detection and checkpoints', () => {
  let registry: Registry;
  let admin: string;
  let goteborg: number;
  let vgr: number;
  /** Göteborg's chain and VGR's chain, interleaved by id. */
  let gChain: number[];
  let vChain: number[];
  let triggers: { name: string; sql: string }[];

  beforeAll(async () => {
    registry = await startRegistry({ demo: false });
    admin = await registry.newToken(VGR, 'regional_admin');
    goteborg = await orgId(registry, '1480');
    vgr = await orgId(registry, VGR);
    const batch = Array.from({ length: 12 }, (_, i) =>
      entry({ dataOwner: i % 2 === 0 ? '1480' : VGR, occurredAt: `2026-10-${String(i + 1).padStart(2, '0')}T10:00:00Z` }),
    );
    await appendOk(registry, await registry.newToken('1480', 'integrator'), batch);
    gChain = (await sqlRows<{ id: number }>(registry, 'select id from user_log_entries where data_owner_id = ? order by id', goteborg)).map((r) => r.id);
    vChain = (await sqlRows<{ id: number }>(registry, 'select id from user_log_entries where data_owner_id = ? order by id', vgr)).map((r) => r.id);
    expect(gChain).toHaveLength(6);
    expect(vChain).toHaveLength(6);
    triggers = await entryTriggers(registry);
    expect(triggers.map((t) => t.name).sort()).toEqual(['user_log_entries_no_delete', 'user_log_entries_no_update']);
  });
  afterAll(() => registry.close());

  const dropTriggers = async () => {
    for (const t of triggers) await dropTrigger(registry, 'user_log_entries', t.name);
  };
  const restoreTriggers = async () => {
    for (const t of triggers) await registry.sql(t.sql);
  };

  /** The one broken chain's first break; every other chain verifies. */
  async function onlyBreak() {
    const verdicts = await verify(registry, admin);
    const broken = verdicts.filter((v) => !v.ok);
    expect(broken, JSON.stringify(verdicts)).toHaveLength(1);
    return { chain: rawId(broken[0]!.dataOwner.id), ...broken[0]!.firstBreak! };
  }

  it('every chain verifies as stored', async () => {
    const verdicts = await verify(registry, admin);
    expect(verdicts.map((v) => [rawId(v.dataOwner.id), v.ok, v.entriesChecked]).sort()).toEqual(
      [
        [goteborg, true, 6],
        [vgr, true, 6],
      ].sort(),
    );
  });

  it('refuses UPDATE and DELETE straight on the database (triggers)', async () => {
    const before = await row(registry, gChain[2]!);
    await expect(registry.sql('update user_log_entries set user_name = ? where id = ?', 'Mallory', gChain[2])).rejects.toThrow(/append-only/);
    await expect(registry.sql('update user_log_entries set occurred_at = occurred_at + 1')).rejects.toThrow(/append-only/);
    await expect(registry.sql('delete from user_log_entries where id = ?', gChain[2])).rejects.toThrow(/append-only/);
    await expect(registry.sql('delete from user_log_entries')).rejects.toThrow(/append-only/);
    expect(await row(registry, gChain[2]!)).toEqual(before);
    expect(await sqlNumber(registry, 'select count(*) from user_log_entries')).toBe(12);
  });

  it('names the altered entry', async () => {
    await dropTriggers();
    const target = gChain[2]!;
    const original = await row(registry, target);
    await registry.sql('update user_log_entries set care_unit = ? where id = ?', 'Somewhere else', target);
    expect(await onlyBreak()).toMatchObject({ chain: goteborg, entryId: target });
    await setContent(registry, target, original);
    // A changed patient pseudonym or time is caught just the same.
    const other = await row(registry, vChain[4]!);
    await registry.sql('update user_log_entries set occurred_at = occurred_at - 1 where id = ?', vChain[4]);
    expect(await onlyBreak()).toMatchObject({ chain: vgr, entryId: vChain[4] });
    await setContent(registry, vChain[4]!, other);
    expect((await verify(registry, admin)).every((v) => v.ok)).toBe(true);
  });

  it('names the entry after a deleted one in the same chain', async () => {
    const target = gChain[2]!;
    const original = await row(registry, target);
    await registry.sql('delete from user_log_entries where id = ?', target);
    // The next entry by id is VGR's; the break is at Göteborg's next.
    expect(target + 1).toBe(vChain[2]);
    const b = await onlyBreak();
    expect(b).toMatchObject({ chain: goteborg, entryId: gChain[3] });
    await reinsert(registry, original);
    expect((await verify(registry, admin)).every((v) => v.ok)).toBe(true);
  });

  it('names the first of two entries whose places were swapped', async () => {
    await swap(registry, gChain[1]!, gChain[4]!);
    expect(await onlyBreak()).toMatchObject({ chain: goteborg, entryId: gChain[1] });
    await swap(registry, gChain[1]!, gChain[4]!);
    // Adjacent entries too.
    await swap(registry, vChain[3]!, vChain[4]!);
    expect(await onlyBreak()).toMatchObject({ chain: vgr, entryId: vChain[3] });
    await swap(registry, vChain[3]!, vChain[4]!);
    expect((await verify(registry, admin)).every((v) => v.ok)).toBe(true);
  });

  it("catches a chain's last entry deleted (count and head)", async () => {
    const last = gChain.at(-1)!;
    const original = await row(registry, last);
    await registry.sql('delete from user_log_entries where id = ?', last);
    const b = await onlyBreak();
    expect(b.chain).toBe(goteborg);
    expect(b.entryId).toBe(gChain.at(-2));
    expect(b.reason).toMatch(/should hold 6 entries but holds 5/);
    await reinsert(registry, original);
    // The first entry removed: the chain no longer starts from its anchor.
    const first = await row(registry, vChain[0]!);
    await registry.sql('delete from user_log_entries where id = ?', vChain[0]);
    expect(await onlyBreak()).toMatchObject({ chain: vgr, entryId: vChain[1] });
    await reinsert(registry, first);
    await restoreTriggers();
    expect((await verify(registry, admin)).every((v) => v.ok)).toBe(true);
    await expect(registry.sql('delete from user_log_entries where id = ?', last)).rejects.toThrow(/append-only/);
  });

  it('a log reviewer verifies only its own organisation’s chain; an analyst may not verify', async () => {
    const mine = await verify(registry, await registry.newToken('1480', 'log_reviewer'));
    expect(mine.map((v) => rawId(v.dataOwner.id))).toEqual([goteborg]);
    expect(errorCode(await registry.gql(VERIFY, undefined, await registry.newToken('1480', 'analyst')))).toBe('FORBIDDEN');
  });

  it('a recorded checkpoint verifies, and fails once an entry before it is altered', async () => {
    const checkpoints = await registry.stores.logs.recordCheckpoints('manual');
    expect(checkpoints).toHaveLength(2);
    const gCheckpoint = checkpoints.find((c) => c.dataOwnerId === goteborg)!;
    expect(gCheckpoint).toMatchObject({ kind: 'manual', entryCount: 6, lastEntryId: gChain.at(-1) });
    for (const c of checkpoints) expect(await registry.stores.logs.verifyAgainstCheckpoint(c)).toMatchObject({ ok: true });

    // Entries appended after the checkpoint leave it valid.
    await appendOk(registry, await registry.newToken('1480', 'integrator'), [entry({ occurredAt: '2026-10-20T10:00:00Z' })]);
    expect((await registry.stores.logs.verifyAgainstCheckpoint(gCheckpoint)).ok).toBe(true);

    // The API lists it.
    const listed = ok(await registry.gql('{ userLogCheckpoints { chainId kind lastEntryId headHash signature } }', undefined, admin)).userLogCheckpoints;
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ chainId: gCheckpoint.chainId, kind: 'manual', headHash: gCheckpoint.headHash, signature: gCheckpoint.signature }),
      ]),
    );

    await dropTriggers();
    const target = gChain[1]!;
    const original = await row(registry, target);
    await registry.sql('update user_log_entries set user_name = ? where id = ?', 'Mallory', target);
    const verdict = await registry.stores.logs.verifyAgainstCheckpoint(gCheckpoint);
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toContain(`entry ${target}`);
    // The other chain's checkpoint is unaffected.
    expect((await registry.stores.logs.verifyAgainstCheckpoint(checkpoints.find((c) => c.dataOwnerId === vgr)!)).ok).toBe(true);
    await setContent(registry, target, original);
    await restoreTriggers();
    expect((await registry.stores.logs.verifyAgainstCheckpoint(gCheckpoint)).ok).toBe(true);

    // A checkpoint whose statement was changed fails on its signature.
    expect(await registry.stores.logs.verifyAgainstCheckpoint({ ...gCheckpoint, entryCount: 5 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/signature/),
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('purge past retention', () => {
  let registry: Registry;
  let goteborg: number;
  let boras: number;
  const years = (n: number, day: number) => {
    const d = new Date();
    d.setUTCFullYear(d.getUTCFullYear() - n);
    d.setUTCDate(1);
    d.setUTCMonth(day % 12);
    return `${d.toISOString().slice(0, 10)}T08:00:00Z`;
  };
  const oldGoteborg = [0, 1, 2, 3].map((i) => entry({ occurredAt: years(7, i) }));
  const oldBoras = [0, 1].map((i) => entry({ dataOwner: '1490', occurredAt: years(7, i) }));
  const recent = [entry({ occurredAt: years(1, 0) }), entry({ dataOwner: '1490', occurredAt: years(1, 1) }), entry({ occurredAt: years(4, 2) })];
  /** An old entry stored after newer ones: a chain is purged from its start, so it waits. */
  const lateOld = entry({ occurredAt: years(8, 3) });

  beforeAll(async () => {
    registry = await startRegistry({ demo: false });
    goteborg = await orgId(registry, '1480');
    boras = await orgId(registry, '1490');
    const integrator = await registry.newToken('1480', 'integrator');
    await appendOk(registry, integrator, [oldGoteborg[0]!, oldBoras[0]!, oldGoteborg[1]!, oldGoteborg[2]!, oldBoras[1]!, oldGoteborg[3]!]);
    await appendOk(registry, integrator, recent);
    await appendOk(registry, integrator, [lateOld]);
  });
  afterAll(() => registry.close());

  it('purges only the old entries of an owner whose access-log rule says purge, and the log still verifies', async () => {
    const orgAdmin = await registry.newToken('1480', 'org_admin');
    const categories = ok(await registry.gql('{ informationCategories(first: 50) { nodes { id code } } }', undefined, orgAdmin)).informationCategories.nodes;
    const accessLog = categories.find((c: { code: string }) => c.code === 'access_log').id;
    const created = ok(
      await registry.gql(
        `mutation($input: CreateRetentionRulesInput!) { createRetentionRules(input: $input) { ${RESULT_FIELDS} } }`,
        {
          input: {
            rows: [
              {
                categoryId: accessLog,
                action: 'PURGE',
                years: 5,
                trigger: 'LAST_ENTRY',
                legalBasis: 'HSLF-FS 2016:40',
                purgeDecisionBody: 'Kommunstyrelsen',
                purgeDecisionReference: 'KS 2021/17',
                purgeDecisionOn: '2021-05-04',
              },
            ],
          },
        },
        orgAdmin,
      ),
    ).createRetentionRules;
    expect(created.committed, JSON.stringify(created.results)).toBe(true);
    expect(created.results[0].__typename).toBe('RetentionRuleSaved');

    const { plans, checkpoints } = await registry.stores.logs.purge(TODAY);
    expect(plans.map((p) => [p.dataOwnerId, p.entries])).toEqual([[goteborg, 4]]);
    expect(checkpoints.map((c) => c.kind)).toEqual(['before_purge', 'before_purge']);

    const left = new Set((await sqlRows<{ source_entry_id: string }>(registry, 'select source_entry_id from user_log_entries')).map((r) => r.source_entry_id));
    for (const e of oldGoteborg) expect(left.has(e.sourceEntryId), e.sourceEntryId).toBe(false);
    for (const e of [...oldBoras, ...recent, lateOld]) expect(left.has(e.sourceEntryId), e.sourceEntryId).toBe(true);
    expect(left.size).toBe(6);

    const admin = await registry.newToken(VGR, 'regional_admin');
    const verdicts = await verify(registry, admin);
    expect(
      verdicts.every((v) => v.ok),
      JSON.stringify(verdicts),
    ).toBe(true);
    expect(verdicts.find((v) => rawId(v.dataOwner.id) === goteborg)!.entriesChecked).toBe(3);

    const purge = await sqlRows<{ kind: string; chain_id: number }>(
      registry,
      `select k.kind, k.chain_id from user_log_checkpoints k join user_log_chains c on c.id = k.chain_id where c.data_owner_id = ? and k.kind = 'purge'`,
      goteborg,
    );
    expect(purge).toHaveLength(1);
    const listed = ok(await registry.gql('{ userLogCheckpoints { chainId kind entryCount } }', undefined, admin)).userLogCheckpoints;
    expect(listed.filter((c: { kind: string }) => c.kind === 'purge')).toEqual([{ chainId: purge[0]!.chain_id, kind: 'purge', entryCount: 4 }]);
    // The checkpoints taken before the purge still verify: the purge checkpoint vouches for what went.
    for (const c of checkpoints) expect((await registry.stores.logs.verifyAgainstCheckpoint(c)).ok).toBe(true);
    expect(await sqlNumber(registry, 'select open from user_log_purge_gate where id = 1')).toBe(0);
    expect(await sqlNumber(registry, 'select count(*) from user_log_entries where data_owner_id = ? and occurred_at < ?', boras, Date.parse(years(5, 0)))).toBe(
      2,
    );

    // Run again: nothing more may go.
    expect((await registry.stores.logs.purge(TODAY)).plans).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('who sees which entries, the read audit, the patient extract and the FHIR export', () => {
  let registry: Registry;
  let ids: { goteborg: number; boras: number; vgr: number };
  let tokens: Record<'gReviewer' | 'bReviewer' | 'analyst' | 'gIntegrator' | 'gAdmin', string>;
  /** What was sent in, by source entry id, with who sent it. */
  const sent = new Map<string, UserLogEntryInput & { by: string }>();
  const goteborgOnly = new Set<string>();

  beforeAll(async () => {
    registry = await startRegistry();
    ids = { goteborg: await orgId(registry, '1480'), boras: await orgId(registry, '1490'), vgr: await orgId(registry, VGR) };
    tokens = {
      gReviewer: await registry.newToken('1480', 'log_reviewer'),
      bReviewer: await registry.newToken('1490', 'log_reviewer'),
      analyst: await registry.newToken('1480', 'analyst'),
      gIntegrator: await registry.newToken('1480', 'integrator'),
      gAdmin: await registry.newToken('1480', 'org_admin'),
    };
    const patients = [PATIENT.a, PATIENT.b, PATIENT.c];
    const actions = ['read', 'create', 'update', 'sign', 'print', 'copy', 'disclose', 'export'];
    const bases = ['care_relationship', 'consent', 'emergency_access', 'none'];
    const plan: [string, string[], number][] = [
      ['1480', ['1480', VGR, '1490'], 15],
      [VGR, ['1480', VGR, '1490'], 9],
      ['1490', ['1490', '1480'], 6],
    ];
    let n = 0;
    for (const [provider, owners, count] of plan) {
      const batch = Array.from({ length: count }, (_, i) => {
        n++;
        const e = entry({
          careProvider: provider,
          dataOwner: owners[i % owners.length]!,
          userHsaId: hsa(provider, `U000${i % 3}`),
          userName: `Test User ${provider}-${i % 3}`,
          careUnit: `Test: Unit ${provider}-${i % 2}`,
          patient: patients[Math.floor(n / 4) % patients.length]!,
          action: actions[n % actions.length]!,
          basis: bases[n % bases.length]!,
          device: n % 2 ? 'mobile' : 'desktop',
          outcome: n % 7 === 0 ? 'denied' : n % 11 === 0 ? 'failed' : 'success',
          occurredAt: `2026-10-${String((n % 28) + 1).padStart(2, '0')}T${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00Z`,
        });
        sent.set(e.sourceEntryId, { ...e, by: provider });
        if (![e.careProvider, e.dataOwner].includes('1490') && [e.careProvider, e.dataOwner].includes('1480')) goteborgOnly.add(e.sourceEntryId);
        return e;
      });
      await appendOk(registry, await registry.newToken(provider, 'integrator'), batch);
    }
    expect(goteborgOnly.size).toBeGreaterThan(5);
  });
  afterAll(() => registry.close());

  it("Göteborg's log reviewer sees exactly the entries about Göteborg's data or by its users", async () => {
    const seen = await readAll(registry, tokens.gReviewer);
    for (const e of seen) expect([rawId(e.dataOwner.id), rawId(e.careProvider.id)]).toContain(ids.goteborg);
    expect(seen).toHaveLength(
      await sqlNumber(registry, 'select count(*) from user_log_entries where data_owner_id = ? or care_provider_id = ?', ids.goteborg, ids.goteborg),
    );
    // In full: the real user.
    for (const e of seen) expect(e.userHsaId).toBe(sent.get(e.sourceEntryId)!.userHsaId);
    // An org_admin has the same scope.
    expect((await readAll(registry, tokens.gAdmin)).map((e) => e.entryId)).toEqual(seen.map((e) => e.entryId));
  });

  it("a reviewer's filter on data owners or care providers never widens its scope", async () => {
    const [g, b] = [gid('Organisation', ids.goteborg), gid('Organisation', ids.boras)];
    const count = (where: string, ...params: number[]) => sqlNumber(registry, `select count(*) from user_log_entries where ${where}`, ...params);
    // Its own data, or its own users: the filter alone keeps to the scope.
    expect(await readAll(registry, tokens.gReviewer, { dataOwners: [g] })).toHaveLength(await count('data_owner_id = ?', ids.goteborg));
    expect(await readAll(registry, tokens.gReviewer, { careProviders: [g] })).toHaveLength(await count('care_provider_id = ?', ids.goteborg));
    // Borås's data as well: of that, only what Göteborg's users did.
    const both = await readAll(registry, tokens.gReviewer, { dataOwners: [g, b] });
    expect(both).toHaveLength(await count('(data_owner_id = ? or (data_owner_id = ? and care_provider_id = ?))', ids.goteborg, ids.boras, ids.goteborg));
    expect(both.some((e) => rawId(e.dataOwner.id) === ids.boras)).toBe(true);
    for (const e of both) expect([rawId(e.dataOwner.id), rawId(e.careProvider.id)]).toContain(ids.goteborg);
    // Borås's data alone: never Borås's own users' reads of it.
    const boras = await readAll(registry, tokens.gReviewer, { dataOwners: [b] });
    expect(boras.length).toBeGreaterThan(0);
    for (const e of boras) expect(rawId(e.careProvider.id)).toBe(ids.goteborg);
  });

  it("Borås's log reviewer sees none of Göteborg's own entries", async () => {
    const seen = await readAll(registry, tokens.bReviewer);
    expect(seen.length).toBeGreaterThan(0);
    for (const e of seen) {
      expect(goteborgOnly.has(e.sourceEntryId)).toBe(false);
      expect([rawId(e.dataOwner.id), rawId(e.careProvider.id)]).toContain(ids.boras);
    }
    expect(seen).toHaveLength(
      await sqlNumber(registry, 'select count(*) from user_log_entries where data_owner_id = ? or care_provider_id = ?', ids.boras, ids.boras),
    );
  });

  it('an analyst sees every entry, with users pseudonymised consistently', async () => {
    const seen = await readAll(registry, tokens.analyst);
    expect(seen).toHaveLength(await sqlNumber(registry, 'select count(*) from user_log_entries'));
    const realIds = new Set([...sent.values()].map((e) => e.userHsaId));
    const realNames = new Set([...sent.values()].map((e) => e.userName));
    const byUser = new Map<string, Set<string>>();
    for (const e of seen) {
      expect(e.userHsaId).toMatch(/^user-[0-9a-f]{12}$/);
      expect(realIds.has(e.userHsaId)).toBe(false);
      expect(realNames.has(e.userName)).toBe(false);
      expect(e.userName).toBe(e.userHsaId);
      const real = sent.get(e.sourceEntryId)!.userHsaId;
      byUser.set(real, (byUser.get(real) ?? new Set()).add(e.userHsaId));
    }
    for (const pseudonyms of byUser.values()) expect(pseudonyms.size).toBe(1);
    const all = [...byUser.values()].map((s) => [...s][0]);
    expect(new Set(all).size).toBe(byUser.size);
    const text = JSON.stringify(seen);
    for (const real of realIds) expect(text).not.toContain(real);
  });

  it('an integrator sees only what its organisation sent in', async () => {
    const seen = await readAll(registry, tokens.gIntegrator);
    expect(seen).toHaveLength(await sqlNumber(registry, 'select count(*) from user_log_entries where submitted_by_org_id = ?', ids.goteborg));
    for (const e of seen) expect(sent.get(e.sourceEntryId)!.by).toBe('1480');
  });

  it('without a token, nothing', async () => {
    const before = await sqlNumber(registry, 'select count(*) from user_log_reads');
    const r = ok(await registry.gql(USER_LOGS, { first: 1000 })).userLogs;
    expect(r.edges).toEqual([]);
    expect(r.totalCount).toBe(0);
    // Even an empty answer is a recorded read.
    expect(await sqlRows(registry, 'select role, organisation_id, entry_count from user_log_reads order by id desc limit 1')).toEqual([
      { role: null, organisation_id: null, entry_count: 0 },
    ]);
    expect(await sqlNumber(registry, 'select count(*) from user_log_reads')).toBe(before + 1);
  });

  it('userLogStatistics per day and data owner over a month equals a GROUP BY in SQL for the same scope', async () => {
    const from = Date.parse('2026-10-01T00:00:00Z');
    const to = Date.parse('2026-11-01T00:00:00Z');
    const query = `{ userLogStatistics(from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z", bucket: DAY, by: DATA_OWNER) { periodStart value organisation { id } count } }`;
    const sql = async (scope: string, ...params: unknown[]) =>
      (
        await sqlRows<{ b: number; owner: number; n: number }>(
          registry,
          `select (occurred_at / 86400000) * 86400000 b, data_owner_id owner, count(*) n from user_log_entries where ${scope} and occurred_at >= ? and occurred_at < ? group by 1, 2 order by 1, 2`,
          ...params,
          from,
          to,
        )
      ).map((r) => [new Date(r.b).toISOString(), r.owner, r.n]);
    const api = async (token: string) =>
      (ok(await registry.gql(query, undefined, token)).userLogStatistics as { periodStart: string; organisation: { id: string }; count: number }[]).map((c) => [
        c.periodStart,
        rawId(c.organisation.id),
        c.count,
      ]);

    const reviewer = await api(tokens.gReviewer);
    expect(reviewer).toEqual(await sql('(data_owner_id = ? or care_provider_id = ?)', ids.goteborg, ids.goteborg));
    expect(reviewer.length).toBeGreaterThan(5);
    expect(await api(tokens.analyst)).toEqual(await sql('true'));
    expect(await api(tokens.gIntegrator)).toEqual(await sql('submitted_by_org_id = ?', ids.goteborg));
  });

  // Reading user logs is itself logged, statistics included (per USER and HOUR they say who did what when).
  it('userLogStatistics is recorded as a read of the log', async () => {
    const before = await sqlNumber(registry, 'select count(*) from user_log_reads');
    ok(
      await registry.gql(
        '{ userLogStatistics(from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z", bucket: HOUR, by: USER) { value count } }',
        undefined,
        tokens.gReviewer,
      ),
    );
    expect(await sqlNumber(registry, 'select count(*) from user_log_reads')).toBe(before + 1);
  });

  // Analysts see users as pseudonyms; a filter by real HSA-id (or identity number) would tie a
  // person to a pseudonym, so it is refused.
  it('an analyst cannot tie a real HSA-id to its pseudonym through the userHsaIds filter', async () => {
    const real = [...sent.values()][0]!.userHsaId;
    const r = await registry.gql(USER_LOGS, { filter: { userHsaIds: [real] }, first: 1000 }, tokens.analyst);
    expect(r.errors ? [] : r.data.userLogs.edges).toEqual([]);
  });

  // Log reads run compiled (graphql-jit); the same read beside any other root field runs through
  // the interpreter. Both must give the same answer, the same errors and the same limits.
  it('answers a compiled log read exactly as the interpreter does, errors and limits included', async () => {
    const page = `userLogs(first: 20, filter: $filter) { totalCount edges { cursor node { ${ENTRY_FIELDS} careProvider { name municipalityCode ... on Node { id } } } } pageInfo { hasNextPage endCursor } }`;
    const compiled = `query($filter: UserLogFilter) { ${page} }`;
    const interpreted = `query($filter: UserLogFilter) { ${page} options(first: 1) { totalCount } }`;
    expect(isPlainRead(schema, parse(compiled))).toBe(true);
    expect(isPlainRead(schema, parse(interpreted))).toBe(false);
    for (const [token, filter] of [
      [tokens.gReviewer, { actions: ['READ', 'PRINT'] }],
      [tokens.analyst, { dataOwners: [gid('Organisation', ids.boras)] }],
      [tokens.gIntegrator, undefined],
    ] as const) {
      const a = await registry.gql(compiled, { filter }, token);
      const b = await registry.gql(interpreted, { filter }, token);
      expect(a.errors).toBeUndefined();
      expect(a.data.userLogs.edges.length).toBeGreaterThan(0);
      expect(a.data.userLogs).toEqual(b.data.userLogs);
    }
    // A refusal in a resolver: the same error, code and path.
    const refusedA = await registry.gql(compiled, { filter: { patient: PATIENT.a } }, tokens.analyst);
    const refusedB = await registry.gql(interpreted, { filter: { patient: PATIENT.a } }, tokens.analyst);
    expect(refusedA.errors?.[0]).toMatchObject({ path: ['userLogs'], extensions: { code: 'FORBIDDEN', field: 'filter.patient' } });
    expect(refusedA.errors?.[0]).toMatchObject({
      message: refusedB.errors?.[0]?.message,
      path: refusedB.errors?.[0] && (refusedB.errors[0] as { path?: unknown }).path,
    });
    // Bad variables are refused before anything runs.
    const badVariable = await registry.gql(compiled, { filter: { actions: ['LOOK'] } }, tokens.gReviewer);
    expect(badVariable.status).toBe(400);
    // The complexity limit holds: eight pages of 1,000 with every field is too much at once.
    const big = `{ ${Array.from({ length: 8 }, (_, i) => `p${i}: userLogs(first: 1000) { edges { node { ${ENTRY_FIELDS} } } }`).join(' ')} }`;
    expect(isPlainRead(schema, parse(big))).toBe(true);
    const tooBig = await registry.gql(big, undefined, tokens.gReviewer);
    expect(tooBig.status).toBe(400);
    expect((tooBig.errors?.[0] as { extensions?: { code?: string } }).extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('commits a read record without waiting for the disk, and leaves every other write waiting for it', async () => {
    const before = await sqlNumber(registry, 'select count(*) from user_log_reads');
    await readAll(registry, tokens.gReviewer);
    expect(await sqlNumber(registry, 'select count(*) from user_log_reads')).toBe(before + 1);
    if (registry.engine === 'sqlite') {
      // 2 = FULL: registry writes and appended entries still survive a power cut once committed.
      expect(registry.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    } else {
      // The read record's transaction alone commits without waiting (SET LOCAL): nothing lowers
      // synchronous_commit for the database or its users, so every other write waits as configured.
      expect(await sqlNumber(registry, `select count(*) from pg_db_role_setting where array_to_string(setconfig, ',') like '%synchronous_commit%'`)).toBe(0);
    }
  });

  it('records every read: role, organisation, the filter with the patient only as its pseudonym, and the count', async () => {
    const before = (await sqlNumber(registry, 'select max(id) from user_log_reads')) || 0;
    const patientForm = `${PATIENT.b.slice(2, 8)}-${PATIENT.b.slice(8)}`;
    const r = ok(
      await registry.gql(USER_LOGS, { filter: { patient: patientForm, actions: ['READ', 'CREATE', 'SIGN', 'EXPORT'] }, first: 1000 }, tokens.gReviewer),
    ).userLogs;
    const reads = await sqlRows<{ role: string; organisation_id: number; purpose: string; filter: string; entry_count: number; token_id: number }>(
      registry,
      'select * from user_log_reads where id > ?',
      before,
    );
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ role: 'log_reviewer', organisation_id: ids.goteborg, purpose: 'list', entry_count: r.edges.length });
    expect(r.edges.length).toBeGreaterThan(0);
    const filter = JSON.parse(reads[0]!.filter);
    expect(filter.patientPseudonym).toBe(pseudonymisePatient(registry.logKeys, PATIENT.b).toString('hex'));
    expect(filter.actions).toEqual(['read', 'create', 'sign', 'export']);
    for (const form of writtenForms(PATIENT.b)) expect(reads[0]!.filter).not.toContain(form);
    expect(reads[0]!.filter).not.toContain(PATIENT.b.slice(2, 8));
  });

  it('the response cache never answers a log read: two identical calls, two read records', async () => {
    // The cache is on: an ordinary query is answered from it even after a change it was not told of.
    const categoryQuery = '{ informationCategories(first: 1) { nodes { id name } } }';
    const first = ok(await registry.gql(categoryQuery, undefined, tokens.analyst)).informationCategories.nodes[0];
    const original = (await registry.sql<{ name: string }>('select name from information_categories where id = ?', rawId(first.id)))[0]!.name;
    // A change the server is not told of: on SQLite through its own connection (data_version stays);
    // on PostgreSQL, which announces every commit by trigger, with the triggers off for that one transaction.
    const rename = (name: string) =>
      registry.engine === 'sqlite'
        ? registry.sql('update information_categories set name = ? where id = ?', name, rawId(first.id))
        : registry.sql(
            `DO $$ BEGIN SET LOCAL session_replication_role = replica; UPDATE information_categories SET name = '${name.replace(/'/g, "''")}' WHERE id = ${Number(rawId(first.id))}; END $$`,
          );
    // Announcements of the setup's writes may still be arriving (PostgreSQL's come asynchronously):
    // the cache is on when, once they have, a repeated query keeps its answer over the unannounced change.
    let cachedOverChange = false;
    for (let attempt = 0; attempt < 20 && !cachedOverChange; attempt++) {
      ok(await registry.gql(categoryQuery, undefined, tokens.analyst));
      await rename('Changed behind the cache');
      const cached = ok(await registry.gql(categoryQuery, undefined, tokens.analyst)).informationCategories.nodes[0];
      await rename(original);
      cachedOverChange = cached.name === original;
      if (!cachedOverChange) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(cachedOverChange).toBe(true);

    const before = await sqlNumber(registry, 'select count(*) from user_log_reads');
    const variables = { filter: { careUnit: 'Test: Unit 1480-0' }, first: 10 };
    const one = ok(await registry.gql(USER_LOGS, variables, tokens.gReviewer));
    const two = ok(await registry.gql(USER_LOGS, variables, tokens.gReviewer));
    expect(two).toEqual(one);
    expect(await sqlNumber(registry, 'select count(*) from user_log_reads')).toBe(before + 2);
    for (const t of [tokens.analyst, tokens.analyst]) ok(await registry.gql(USER_LOGS, variables, t));
    expect(await sqlNumber(registry, 'select count(*) from user_log_reads where role = ?', 'analyst')).toBeGreaterThanOrEqual(2);
    expect(await sqlNumber(registry, 'select count(*) from user_log_reads')).toBe(before + 4);
  });

  it("gives Göteborg's log reviewer a patient's extract: that patient's entries about Göteborg's data, oldest first", async () => {
    const EXTRACT =
      'query($patient: String!) { patientAccessExtract(patient: $patient) { entryId occurredAt careUnit sourceEntryId patientPseudonym dataOwner { id } careProvider { id } } }';
    const before = await sqlNumber(registry, 'select count(*) from user_log_reads where purpose = ?', 'patient_extract');
    const extract = ok(await registry.gql(EXTRACT, { patient: `${PATIENT.a.slice(0, 8)}-${PATIENT.a.slice(8)}` }, tokens.gReviewer))
      .patientAccessExtract as Entry[];
    const expected = [...sent.values()]
      .filter((e) => e.patient === PATIENT.a && e.dataOwner === '1480')
      .sort((x, y) => Date.parse(x.occurredAt) - Date.parse(y.occurredAt));
    expect(expected.length).toBeGreaterThan(1);
    expect(extract.map((e) => e.sourceEntryId)).toEqual(expected.map((e) => e.sourceEntryId));
    for (const [i, e] of extract.entries()) {
      expect(rawId(e.dataOwner.id)).toBe(ids.goteborg);
      expect(e.careUnit).toBe(expected[i]!.careUnit);
      expect(Date.parse(e.occurredAt)).toBe(Date.parse(expected[i]!.occurredAt));
      if (i > 0) expect(Date.parse(e.occurredAt)).toBeGreaterThanOrEqual(Date.parse(extract[i - 1]!.occurredAt));
    }
    // Accesses by Göteborg's users to others' data about the patient are not Göteborg's to hand out.
    const byGoteborgToOthers = [...sent.values()].filter((e) => e.patient === PATIENT.a && e.careProvider === '1480' && e.dataOwner !== '1480');
    expect(byGoteborgToOthers.length).toBeGreaterThan(0);
    for (const e of byGoteborgToOthers) expect(extract.map((x) => x.sourceEntryId)).not.toContain(e.sourceEntryId);
    expect(await sqlNumber(registry, 'select count(*) from user_log_reads where purpose = ?', 'patient_extract')).toBe(before + 1);

    for (const role of ['analyst', 'org_admin', 'integrator'] as const) {
      const r = await registry.gql(EXTRACT, { patient: PATIENT.a }, await registry.newToken('1480', role));
      expect(errorCode(r), role).toBe('FORBIDDEN');
    }
  });

  const BUNDLE = 'query($filter: UserLogFilter, $first: Int, $after: String) { userLogsAsFhirBundle(filter: $filter, first: $first, after: $after) }';

  it('exports every visible entry as an AuditEvent with the elements the README promises, and no identity number', async () => {
    const paths = promisedFhirPaths();
    expect(paths.length).toBeGreaterThan(20);
    for (const [who, token] of [
      ['log reviewer', tokens.gReviewer],
      ['analyst', tokens.analyst],
    ] as const) {
      const before = await sqlNumber(registry, 'select count(*) from user_log_reads where purpose = ?', 'fhir_export');
      const listed = await readAll(registry, token);
      const bundle: FhirBundle = ok(await registry.gql(BUNDLE, {}, token)).userLogsAsFhirBundle;
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: listed.length });
      expect(Number.isNaN(Date.parse(bundle.timestamp))).toBe(false);
      expect(bundle.link).toBeUndefined();
      expect(bundle.entry.map((x) => x.resource.id)).toEqual(listed.map((e) => `fvm-${e.entryId}`));
      const fullUrls = new Set<string>();
      for (const [i, { fullUrl, resource }] of bundle.entry.entries()) {
        const e = listed[i]!;
        expect(fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        fullUrls.add(fullUrl);
        for (const path of paths.filter((p) => p !== 'meta.tag[0]')) expect(at(resource, path), `${who}: ${resource.id} ${path}`).toBeDefined();
        expect(resource.meta).toBeUndefined();
        const input = sent.get(e.sourceEntryId)!;
        expect(resource).toMatchObject({
          resourceType: 'AuditEvent',
          type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110' },
          subtype: [{ system: 'urn:fvm-registry:log-action', code: input.action }],
          recorded: new Date(e.occurredAt).toISOString(),
          outcome: { success: '0', denied: '4', failed: '8' }[input.outcome],
        });
        expect(resource.entity[0]!.what.identifier).toEqual({ system: 'urn:fvm-registry:patient-pseudonym', value: e.patientPseudonym });
        expect(resource.entity[1]!.what.identifier!.value).toBe(input.category);
        expect(resource.agent[0]!.who.identifier).toEqual(
          who === 'analyst' ? { system: 'urn:fvm-registry:user-pseudonym', value: e.userHsaId } : { system: 'urn:oid:1.2.752.29.4.19', value: input.userHsaId },
        );
        expect(resource.agent[0]!.location!.display).toBe(input.careUnit);
        expect(resource.agent[0]!.requestor).toBe(true);
        const orgIdentifier = (ref: string) =>
          ref === VGR ? { system: 'urn:oid:2.5.4.97', value: VGR } : { system: 'urn:fvm-registry:municipality-code', value: ref };
        expect(resource.agent[1]!.who.identifier).toEqual(orgIdentifier(input.careProvider));
        expect(resource.entity[2]!.what.identifier).toEqual(orgIdentifier(input.dataOwner));
        expect(resource.source.observer.display).toBe('Test Millennium');
        expect(resource.entity[1]!.detail).toContainEqual({ type: 'sourceEntryId', valueString: input.sourceEntryId });
      }
      expect(fullUrls.size).toBe(listed.length);
      const text = JSON.stringify(bundle);
      for (const number of ALL_PATIENTS) for (const form of writtenForms(number)) expect(text, `${who}: ${form}`).not.toContain(form);
      if (who === 'analyst') for (const e of sent.values()) expect(text).not.toContain(e.userHsaId);
      expect(await sqlNumber(registry, 'select count(*) from user_log_reads where purpose = ?', 'fhir_export')).toBe(before + 1);
      const read = (
        await sqlRows<{ entry_count: number; role: string }>(registry, `select * from user_log_reads where purpose = 'fhir_export' order by id desc limit 1`)
      )[0]!;
      expect(read).toMatchObject({ entry_count: listed.length, role: who === 'analyst' ? 'analyst' : 'log_reviewer' });
    }
  });

  it('pages the export with the cursor of its next link, under the filter, and gives nothing without a token', async () => {
    const filter = { careUnit: 'Test: Unit 1480-0' };
    const listed = await readAll(registry, tokens.gReviewer, filter);
    expect(listed.length).toBeGreaterThan(4);
    const ids: string[] = [];
    let after: string | null = null;
    let calls = 0;
    for (;;) {
      const bundle: FhirBundle = ok(await registry.gql(BUNDLE, { filter, first: 3, after }, tokens.gReviewer)).userLogsAsFhirBundle;
      calls++;
      expect(bundle.total).toBe(after ? undefined : listed.length);
      expect(bundle.entry.length).toBeLessThanOrEqual(3);
      ids.push(...bundle.entry.map((x) => x.resource.id));
      const next = bundle.link?.find((l) => l.relation === 'next');
      if (!next) break;
      after = new URLSearchParams(next.url.split('?')[1]).get('after');
      expect(next.extension[0]).toEqual({ url: 'urn:fvm-registry:cursor', valueString: after });
    }
    expect(ids).toEqual(listed.map((e) => `fvm-${e.entryId}`));
    expect(calls).toBe(Math.ceil(listed.length / 3) + (listed.length % 3 === 0 ? 1 : 0));

    expect(ok(await registry.gql(BUNDLE, {})).userLogsAsFhirBundle).toMatchObject({ resourceType: 'Bundle', entry: [], total: 0 });
    expect(errorCode(await registry.gql(BUNDLE, { first: -1 }, tokens.gReviewer))).toBe('BAD_USER_INPUT');
  });
});

// ---------------------------------------------------------------------------------------------

describe('keyset paging', () => {
  let registry: Registry;
  let reviewer: string;
  let integrator: string;
  const UNIT = 'Test: Paging unit';

  beforeAll(async () => {
    registry = await startRegistry({ demo: false });
    reviewer = await registry.newToken('1480', 'log_reviewer');
    integrator = await registry.newToken('1480', 'integrator');
    // 230 entries in September, in threes at the same instant (ties broken by id), sent out of order,
    // and 20 from another unit that the filter leaves out.
    const times = Array.from({ length: 230 }, (_, i) => Date.parse('2026-09-01T00:00:00Z') + Math.floor(i / 3) * 3_600_000 * 7);
    const shuffled = times
      .map((t, i) => ({ t, k: (i * 7919) % 230 }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.t);
    const batch = shuffled.map((t) => entry({ careUnit: UNIT, occurredAt: new Date(t).toISOString() }));
    for (let i = 0; i < 20; i++) batch.push(entry({ careUnit: 'Test: Other unit', occurredAt: new Date(times[i * 10]!).toISOString() }));
    await appendOk(registry, integrator, batch);
  });
  afterAll(() => registry.close());

  const expectedOrder = async (maxId = Number.MAX_SAFE_INTEGER) =>
    (
      await sqlRows<{ id: number }>(registry, 'select id from user_log_entries where care_unit = ? and id <= ? order by occurred_at desc, id desc', UNIT, maxId)
    ).map((r) => r.id);

  it('visits every entry exactly once, newest first, while newer entries arrive between pages', async () => {
    const maxId = await sqlNumber(registry, 'select max(id) from user_log_entries');
    const seen: number[] = [];
    let after: string | null = null;
    let page = 0;
    for (;;) {
      const r: EntryPage = ok(await registry.gql(USER_LOGS, { filter: { careUnit: UNIT }, first: 50, after }, reviewer)).userLogs;
      if (page === 0) expect(r.totalCount).toBe(230);
      expect(r.edges.length).toBeLessThanOrEqual(50);
      seen.push(...r.edges.map((e) => e.node.entryId));
      expect(r.pageInfo.hasPreviousPage).toBe(page > 0);
      page++;
      if (page === 2 || page === 3) {
        // Newer than everything paged so far, in the same filter.
        await appendOk(
          registry,
          integrator,
          Array.from({ length: 5 }, (_, i) => entry({ careUnit: UNIT, occurredAt: new Date(Date.now() - 60_000 * (i + 1)).toISOString() })),
        );
      }
      if (!r.pageInfo.hasNextPage) break;
      after = r.pageInfo.endCursor;
    }
    expect(page).toBe(5);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(await expectedOrder(maxId));
  });

  it('walks backward with last/before to the newest entry, each exactly once', async () => {
    const all = await expectedOrder();
    expect(all).toHaveLength(240);
    // The cursor of the oldest entry: the last edge of the last forward page.
    const tail: EntryPage = ok(await registry.gql(USER_LOGS, { filter: { careUnit: UNIT }, first: 1000 }, reviewer)).userLogs;
    expect(tail.edges.map((e) => e.node.entryId)).toEqual(all);
    let before: string | null = tail.edges.at(-1)!.cursor;
    const pages: number[][] = [];
    for (;;) {
      const r: EntryPage = ok(await registry.gql(USER_LOGS, { filter: { careUnit: UNIT }, last: 50, before }, reviewer)).userLogs;
      const ids = r.edges.map((e) => e.node.entryId);
      expect(ids.length).toBeLessThanOrEqual(50);
      pages.unshift(ids);
      expect(r.pageInfo.hasNextPage).toBe(true);
      if (!r.pageInfo.hasPreviousPage) break;
      before = r.pageInfo.startCursor;
    }
    expect(pages.flat()).toEqual(all.slice(0, -1));
    expect(pages).toHaveLength(Math.ceil(239 / 50));
  });
});
