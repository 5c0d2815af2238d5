// The API with the user log on PostgreSQL (split mode) over real HTTP: who reads what, pseudonyms,
// the patient's extract, the FHIR export and verification answer as they do on SQLite; what this
// version cannot yet do there answers with a typed refusal, never from the wrong side.
import { luhnCheckDigit, type UserLogEntryInput } from '@fvm/domain';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';
import { ok } from './helpers';

const PATIENT = `19850412234${luhnCheckDigit('850412234')}`;
/** A Göteborg user's HSA-id: the municipality's (Luhn-valid, 212000-series) number and a suffix. */
const GOTEBORG_USER = `SE212000480${luhnCheckDigit('212000480')}-U0001`;
let n = 0;
const entry = (overrides: Partial<UserLogEntryInput> = {}): UserLogEntryInput => ({
  occurredAt: '2026-10-15T09:30:00Z',
  userHsaId: GOTEBORG_USER,
  userName: 'Test Anna Andersson',
  userProfession: 'nurse',
  careProvider: '1480',
  careUnit: 'Test: Hemsjukvård 1',
  action: 'read',
  patient: PATIENT,
  category: 'journal_note',
  dataOwner: '1480',
  basis: 'care_relationship',
  device: 'desktop',
  sourceSystem: 'Test Millennium',
  sourceEntryId: `split-${++n}`,
  outcome: 'success',
  ...overrides,
});

const APPEND = `mutation($entries: [UserLogEntryInput!]!) { appendUserLogEntries(entries: $entries) { committed stored duplicates rejected { index } } }`;
const LIST = `query($filter: UserLogFilter) { userLogs(first: 100, filter: $filter) { totalCount edges { node { entryId userHsaId userName sourceEntryId dataOwner { name } } } } }`;

describeOnPostgres('the API with the user log on PostgreSQL', () => {
  let log: PostgresDatabase;
  let registry: Registry;
  beforeAll(async () => {
    log = await freshPostgresDatabase();
    registry = await startRegistry({ demo: false, logDatabase: log.url });
    // The region's admin may append any organisation's entries (an integrator only its own users').
    const integrator = registry.token('2321000131', 'regional_admin');
    const r = ok(
      await registry.gql(
        APPEND,
        { entries: [entry(), entry({ action: 'print' }), entry({ dataOwner: '2321000131', careProvider: '2321000131', userHsaId: 'SE2321000131-U0002' })] },
        integrator,
      ),
    );
    expect(r.appendUserLogEntries).toEqual({ committed: true, stored: 3, duplicates: 0, rejected: [] });
  }, 60_000);
  afterAll(async () => {
    await registry?.close();
    await log?.drop();
  });

  it('lets each reader see what the law allows it, and nothing else', async () => {
    const reviewer = ok(await registry.gql(LIST, {}, registry.token('1480', 'log_reviewer'))).userLogs;
    expect(reviewer.totalCount).toBe(2);
    expect(reviewer.edges.map((e: { node: { userHsaId: string } }) => e.node.userHsaId)).toEqual([GOTEBORG_USER, GOTEBORG_USER]);
    expect(ok(await registry.gql(LIST, {}, registry.token('1490', 'log_reviewer'))).userLogs.totalCount).toBe(0);
    const analyst = ok(await registry.gql(LIST, {}, registry.token('2321000131', 'analyst'))).userLogs;
    expect(analyst.totalCount).toBe(3);
    expect(
      analyst.edges.every((e: { node: { userHsaId: string; userName: string } }) => !e.node.userHsaId.startsWith('SE') && e.node.userName === e.node.userHsaId),
    ).toBe(true);
    expect((await registry.gql(LIST, {}, undefined)).data?.userLogs.totalCount ?? 0).toBe(0);
  });

  it('answers a resend as duplicates, the patient’s extract, and a FHIR Bundle', async () => {
    const integrator = registry.token('2321000131', 'regional_admin');
    const again = ok(await registry.gql(APPEND, { entries: [entry({ sourceEntryId: 'split-1' })] }, integrator)).appendUserLogEntries;
    expect(again).toMatchObject({ committed: false, stored: 0, duplicates: 1 });
    const extract = ok(
      await registry.gql(`{ patientAccessExtract(patient: "${PATIENT}") { sourceEntryId action } }`, {}, registry.token('1480', 'log_reviewer')),
    ).patientAccessExtract;
    expect(extract.map((e: { sourceEntryId: string }) => e.sourceEntryId)).toEqual(['split-1', 'split-2']);
    const bundle = ok(await registry.gql('{ userLogsAsFhirBundle }', {}, registry.token('2321000131', 'analyst'))).userLogsAsFhirBundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', total: 3 });
  });

  it('verifies the chains and the record of reads, which holds every read above', async () => {
    const admin = registry.token('2321000131', 'regional_admin');
    const chains = ok(await registry.gql('{ verifyUserLogs { ok entriesChecked } verifyUserLogReads { ok recordsChecked } }', {}, admin));
    expect(chains.verifyUserLogs.every((c: { ok: boolean }) => c.ok)).toBe(true);
    expect(chains.verifyUserLogs.reduce((s: number, c: { entriesChecked: number }) => s + c.entriesChecked, 0)).toBe(3);
    expect(chains.verifyUserLogReads.ok).toBe(true);
    expect(chains.verifyUserLogReads.recordsChecked).toBeGreaterThanOrEqual(5);
  });

  it('refuses what it cannot yet do here by name, with a typed code', async () => {
    const r = await registry.gql('{ registryFindings { check } }', {}, registry.token('2321000131', 'analyst'));
    expect(r.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Not yet available with the user log on PostgreSQL'),
      extensions: { code: 'NOT_YET_ON_THIS_ENGINE' },
    });
  });
});
