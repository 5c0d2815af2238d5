import { judgeLoggedAction, luhnCheckDigit, type AccessPolicyFacts } from '@fvm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { gid, ok, orgId, rawId, RESULT_FIELDS, sqlNumber, sqlRows } from './helpers';

// Access policy (profession × category) and disclosure requests (menprövning), over HTTP on a real
// SQLite file: the reference row, the check log_action_not_permitted against entries constructed
// here and against the demo log, the disclosure rules per row, owners' rights, and a hidden log
// entry answered exactly as a missing one.

const VGR = '2321000131';
const GOTEBORG = '1480';
const BORAS = '1490';
const SIGN_IN = (role: string) => `mutation { signInAsDemoUser(role: ${role}) }`;
const APPEND = 'mutation($entries: [UserLogEntryInput!]!) { appendUserLogEntries(entries: $entries) { stored rejected { index violations { field code } } } }';
const FINDINGS = `{ registryFindings(checks: [LOG_ACTION_NOT_PERMITTED]) { check subjectType subjectId organisation { id name } message messageSv } }`;

const countOf = (f: { message: string }) => f.message.match(/(?:^|: )(\d+) /)![1];
type Finding = { check: string; subjectType: string; subjectId: string; organisation: { id: string; name: string } | null; message: string; messageSv: string };

function hsa(code: string, n: number) {
  const nine = `212000${code.slice(1)}`;
  return `SE${nine}${luhnCheckDigit(nine)}-U${String(n).padStart(4, '0')}`;
}
let serial = 0;
function entry(owner: string, e: { profession?: string | null; action?: string; category?: string; device?: string; userName?: string }) {
  serial += 1;
  return {
    occurredAt: '2026-10-15T09:30:00Z',
    userHsaId: hsa(owner, 1),
    userName: e.userName ?? 'Test Anna Andersson',
    userProfession: e.profession ?? null,
    careProvider: owner,
    careUnit: 'Test: Hemsjukvård',
    action: e.action ?? 'read',
    patient: `19850412234${luhnCheckDigit('850412234')}`,
    category: e.category ?? 'medication_order',
    dataOwner: owner,
    basis: 'care_relationship',
    device: e.device ?? 'desktop',
    sourceSystem: 'Test',
    sourceEntryId: `policy-${serial}`,
    outcome: 'success',
  };
}

describe('access policy: the reference row and the check log_action_not_permitted', () => {
  let registry: Registry;
  let reviewer: string;
  let borasReviewer: string;
  let goteborgAdmin: string;
  let vgrAdmin: string;
  beforeAll(async () => {
    registry = await startRegistry({ demoSignIn: true });
    await registry.stores.seed.loadDemoLogs({ count: 4000 });
    reviewer = await registry.newToken(GOTEBORG, 'log_reviewer');
    borasReviewer = await registry.newToken(BORAS, 'log_reviewer');
    goteborgAdmin = await registry.newToken(GOTEBORG, 'org_admin');
    vgrAdmin = await registry.newToken(VGR, 'regional_admin');
    const integrator = await registry.newToken(GOTEBORG, 'integrator');
    const entries = [
      ...Array.from({ length: 3 }, () => entry(GOTEBORG, { profession: 'nursing_assistant', action: 'update' })),
      entry(GOTEBORG, { profession: 'nursing_assistant', action: 'sign', device: 'mobile' }),
      entry(GOTEBORG, { profession: 'nursing_assistant', action: 'sign', device: 'desktop' }),
      entry(GOTEBORG, { profession: 'nursing_assistant', action: 'print' }),
      // No policy row for physicians, and none for a profession outside the vocabulary: not judged.
      entry(GOTEBORG, { profession: 'physician', action: 'update' }),
      entry(GOTEBORG, { profession: 'astronaut', action: 'update' }),
      entry(GOTEBORG, { profession: null, action: 'update' }),
    ];
    expect(ok(await registry.gql(APPEND, { entries }, integrator)).appendUserLogEntries).toEqual({ stored: entries.length, rejected: [] });
  });
  afterAll(() => registry.close());

  const referenceRows = () =>
    sqlRows<{ id: number; code: string }>(
      registry,
      "select p.id, c.code from access_policies p join information_categories c on c.id = p.category_id where p.is_demo = false and p.profession = 'nursing_assistant' order by c.code",
    );

  it('holds the one row the seeds fix, as VGR’s regional default: nursing assistants read and sign on mobile', async () => {
    const rows = ok(
      await registry.gql(
        '{ accessPolicies(first: 50, filter: { profession: { eq: NURSING_ASSISTANT } }, orderBy: [{ field: ID }]) { totalCount nodes { profession category { code } mayRead mayWrite maySign maySignMobile regionalDefault owner { name } isDemo } } }',
        undefined,
        reviewer,
      ),
    ).accessPolicies;
    expect(rows.nodes.filter((n: { isDemo: boolean }) => !n.isDemo)).toEqual(
      ['medication_order', 'delegated_task'].map((code) => ({
        profession: 'NURSING_ASSISTANT',
        category: { code },
        mayRead: true,
        mayWrite: false,
        maySign: false,
        maySignMobile: true,
        regionalDefault: true,
        owner: { name: 'Västra Götalandsregionen' },
        isDemo: false,
      })),
    );
  });

  it('finds, per data owner, profession, category and action, the logged actions the regional default denies: counted, about the policy row, naming nobody', async () => {
    const medication = (await referenceRows()).find((r) => r.code === 'medication_order')!;
    const findings = ok(await registry.gql(FINDINGS, undefined, reviewer)).registryFindings as Finding[];
    const real = findings.filter((f) => f.subjectId === gid('AccessPolicy', medication.id));
    expect(real).toEqual([
      {
        check: 'LOG_ACTION_NOT_PERMITTED',
        subjectType: 'AccessPolicy',
        subjectId: gid('AccessPolicy', medication.id),
        organisation: { id: gid('Organisation', await orgId(registry, GOTEBORG)), name: 'Göteborg' },
        message: 'Göteborg: 1 signature on a desktop of Medication or treatment order by nursing assistants, which the policy does not permit.',
        messageSv: 'Göteborg: 1 signering på dator av Ordination av undersköterskor, som policyn inte tillåter.',
      },
      {
        check: 'LOG_ACTION_NOT_PERMITTED',
        subjectType: 'AccessPolicy',
        subjectId: gid('AccessPolicy', medication.id),
        organisation: { id: gid('Organisation', await orgId(registry, GOTEBORG)), name: 'Göteborg' },
        message: 'Göteborg: 3 updates of Medication or treatment order by nursing assistants, which the policy does not permit.',
        messageSv: 'Göteborg: 3 ändringar av Ordination av undersköterskor, som policyn inte tillåter.',
      },
    ]);
    // Nothing in any finding reveals a user or a patient.
    const text = JSON.stringify(findings);
    for (const secret of ['Test Anna', hsa(GOTEBORG, 1), 'Demo ', '-D0']) expect(text).not.toContain(secret);
    // Counting entries is a read of the log like any other, and recorded as one.
    expect(
      await sqlRows(registry, "select purpose, role from user_log_reads where purpose = 'registryFindings:log_action_not_permitted' order by id desc limit 1"),
    ).toEqual([{ purpose: 'registryFindings:log_action_not_permitted', role: 'log_reviewer' }]);
    // Counted over the reviewer's log scope only: Borås's reviewer does not see Göteborg's.
    const boras = ok(await registry.gql(FINDINGS, undefined, borasReviewer)).registryFindings as Finding[];
    expect(boras.filter((f) => f.subjectId === gid('AccessPolicy', medication.id))).toEqual([]);
  });

  it('lets an organisation’s own row override the regional default; an org admin of another organisation may not change it', async () => {
    const medication = await sqlNumber(registry, "select id from information_categories where code = 'medication_order'");
    const create = `mutation($input: CreateAccessPoliciesInput!) { createAccessPolicies(input: $input) { ${RESULT_FIELDS} results { ... on AccessPolicySaved { node { id version regionalDefault owner { name } } } } } }`;
    const saved = ok(
      await registry.gql(
        create,
        {
          input: {
            rows: [{ profession: 'NURSING_ASSISTANT', categoryId: gid('InformationCategory', medication), mayRead: true, mayWrite: true, maySignMobile: true }],
          },
        },
        goteborgAdmin,
      ),
    ).createAccessPolicies;
    expect(saved.results[0].__typename).toBe('AccessPolicySaved');
    expect(saved.results[0].node).toMatchObject({ regionalDefault: false, owner: { name: 'Göteborg' } });
    const own = saved.results[0].node as { id: string; version: number };

    const findings = ok(await registry.gql(FINDINGS, undefined, reviewer)).registryFindings as Finding[];
    const ownFindings = findings.filter((f) => f.subjectId === own.id);
    // Göteborg's own row permits writing but still not signing at a desktop.
    expect(ownFindings.map((f) => f.messageSv)).toEqual(['Göteborg: 1 signering på dator av Ordination av undersköterskor, som policyn inte tillåter.']);
    const reference = (await referenceRows()).find((r) => r.code === 'medication_order')!;
    expect(findings.filter((f) => f.subjectId === gid('AccessPolicy', reference.id) && f.organisation?.name === 'Göteborg')).toEqual([]);

    const update = `mutation($input: UpdateAccessPoliciesInput!) { updateAccessPolicies(input: $input) { ${RESULT_FIELDS} } }`;
    const borasAdmin = await registry.newToken(BORAS, 'org_admin');
    const refused = ok(await registry.gql(update, { input: { rows: [{ id: own.id, version: own.version, maySign: true }] } }, borasAdmin)).updateAccessPolicies;
    expect(refused.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.not_owner' });
    const invalid = ok(
      await registry.gql(update, { input: { rows: [{ id: own.id, version: own.version, maySign: true, profession: null }] } }, goteborgAdmin),
    ).updateAccessPolicies;
    expect(invalid.results[0]).toMatchObject({ __typename: 'RowInvalid', index: 0, violations: [{ field: 'profession', code: 'required' }] });
    const history = ok(
      await registry.gql(
        `{ node(id: "${own.id}") { ... on AccessPolicy { history(first: 5) { totalCount nodes { operation } } } } }`,
        undefined,
        goteborgAdmin,
      ),
    ).node.history;
    expect(history.totalCount).toBe(1);
  });

  it('agrees with the pure rule over the demo log, entry by entry, counting demo entries by demo policies', async () => {
    const vgr = await orgId(registry, VGR);
    const findings = ok(await registry.gql(FINDINGS, undefined, vgrAdmin)).registryFindings as Finding[];
    const policies = (
      await sqlRows<AccessPolicyFacts & { isDemo: number }>(
        registry,
        'select id, owner_org_id "ownerOrgId", profession, category_id "categoryId", may_read "mayRead", may_write "mayWrite", may_sign "maySign", may_sign_mobile "maySignMobile", is_demo "isDemo" from access_policies',
      )
    ).map((p) => ({ ...p, mayRead: !!p.mayRead, mayWrite: !!p.mayWrite, maySign: !!p.maySign, maySignMobile: !!p.maySignMobile }));
    const entries = await sqlRows<{ dataOwnerId: number; profession: string | null; categoryId: number; action: string; device: string; isDemo: number }>(
      registry,
      'select data_owner_id "dataOwnerId", user_profession profession, category_id "categoryId", action, device, is_demo "isDemo" from user_log_entries where data_owner_id = ? or care_provider_id = ?',
      vgr,
      vgr,
    );
    const expected = new Map<string, number>();
    for (const e of entries) {
      const judged = judgeLoggedAction(
        policies.filter((p) => p.isDemo === e.isDemo),
        vgr,
        e,
      );
      if (judged.kind === 'not_permitted') expected.set(`${judged.policy.id}`, (expected.get(`${judged.policy.id}`) ?? 0) + 1);
    }
    const counted = new Map<string, number>();
    for (const f of findings) counted.set(`${rawId(f.subjectId)}`, (counted.get(`${rawId(f.subjectId)}`) ?? 0) + Number(countOf(f)));
    expect(counted).toEqual(expected);
    expect(findings.length).toBeGreaterThan(0);
  });

  it('gives a demo token findings about demo entries and demo policies only', async () => {
    const demo = ok(await registry.gql(SIGN_IN('LOG_REVIEWER'))).signInAsDemoUser as string;
    const findings = ok(await registry.gql(FINDINGS, undefined, demo)).registryFindings as Finding[];
    expect(findings.length).toBeGreaterThan(0);
    const demoPolicies = new Set(
      (await sqlRows<{ id: number }>(registry, 'select id from access_policies where is_demo = true')).map((r) => gid('AccessPolicy', r.id)),
    );
    for (const f of findings) expect(demoPolicies.has(f.subjectId), f.messageSv).toBe(true);
    // The real entries constructed above (Göteborg's, in this reviewer's organisation) are not counted.
    const total = findings.reduce((n, f) => n + Number(countOf(f)), 0);
    const realFindings = (ok(await registry.gql(FINDINGS, undefined, reviewer)).registryFindings as Finding[]).filter((f) => demoPolicies.has(f.subjectId));
    expect(total).toBe(realFindings.reduce((n, f) => n + Number(countOf(f)), 0));
  });
});

describe('disclosure requests (menprövning)', () => {
  let registry: Registry;
  let admin: string;
  let borasAdmin: string;
  let school: string;
  let journal: string;
  let discloseEntry: number;
  let readEntry: number;
  let borasEntry: number;
  const create = `mutation($input: CreateDisclosureRequestsInput!) { createDisclosureRequests(input: $input) { ${RESULT_FIELDS} results { ... on DisclosureRequestSaved { node { id version owner { name } } } } } }`;
  const update = `mutation($input: UpdateDisclosureRequestsInput!) { updateDisclosureRequests(input: $input) { ${RESULT_FIELDS} results { ... on DisclosureRequestSaved { node { id version userLogEntryId disclosureRecorded userLogEntry { entryId action } } } } } }`;
  const decision = { outcome: 'PARTIAL', reasoning: 'Uppgifter om tredje man maskeras.', decidedBy: 'Verksamhetschef elevhälsan', decidedOn: '2026-10-20' };

  beforeAll(async () => {
    registry = await startRegistry({ demoSignIn: true });
    admin = await registry.newToken(GOTEBORG, 'org_admin');
    borasAdmin = await registry.newToken(BORAS, 'org_admin');
    const assets = ok(
      await registry.gql(
        `mutation($input: CreateInformationAssetsInput!) { createInformationAssets(input: $input) { results { __typename ... on InformationAssetSaved { node { id } } } } }`,
        {
          input: {
            rows: await Promise.all(
              ['school_health_record', 'journal_note'].map(async (code) => ({
                categoryId: gid('InformationCategory', await sqlNumber(registry, 'select id from information_categories where code = ?', code)),
                description: `Test: ${code}`,
              })),
            ),
          },
        },
        admin,
      ),
    ).createInformationAssets.results;
    [school, journal] = assets.map((r: { node: { id: string } }) => r.node.id);
    expect(
      ok(
        await registry.gql(
          APPEND,
          { entries: [entry(GOTEBORG, { action: 'disclose', category: 'school_health_record' }), entry(GOTEBORG, { action: 'read' })] },
          await registry.newToken(GOTEBORG, 'integrator'),
        ),
      ).appendUserLogEntries.stored,
    ).toBe(2);
    expect(
      ok(
        await registry.gql(
          APPEND,
          { entries: [entry(BORAS, { action: 'disclose', category: 'school_health_record' })] },
          await registry.newToken(BORAS, 'integrator'),
        ),
      ).appendUserLogEntries.stored,
    ).toBe(1);
    const id = async (owner: string, action: string) =>
      sqlNumber(
        registry,
        "select max(id) from user_log_entries where source_system = 'Test' and data_owner_id = ? and action = ?",
        await orgId(registry, owner),
        action,
      );
    discloseEntry = await id(GOTEBORG, 'disclose');
    readEntry = await id(GOTEBORG, 'read');
    borasEntry = await id(BORAS, 'disclose');
  });
  afterAll(() => registry.close());

  async function newRequest(values: Record<string, unknown> = {}) {
    const r = ok(
      await registry.gql(create, { input: { rows: [{ assetId: school, requester: 'Försäkringskassan', requestedOn: '2026-10-14', ...values }] } }, admin),
    ).createDisclosureRequests;
    expect(r.results[0].__typename, JSON.stringify(r.results[0])).toBe('DisclosureRequestSaved');
    return r.results[0].node as { id: string; version: number; owner: { name: string } };
  }

  it('answers every row of a batch with its own typed result, naming row, field and rule', async () => {
    const rows = [
      { assetId: school, requester: 'Försäkringskassan', requestedOn: '2026-10-14' },
      { assetId: school, requester: 'Polisen', requestedOn: '2026-10-14', outcome: 'RELEASE' },
      { assetId: school, requester: 'Polisen', requestedOn: '2026-10-14', ...decision, decidedOn: '2026-10-01' },
      { assetId: school, requester: 'Polisen', requestedOn: '2026-10-14', userLogEntryId: discloseEntry },
      { assetId: journal, requester: 'Patientens ombud', requestedOn: '2026-10-14', userLogEntryId: readEntry },
    ];
    const r = ok(await registry.gql(create, { input: { rows, allowPartial: true } }, admin)).createDisclosureRequests;
    expect(r.results.map((x: { __typename: string }) => x.__typename)).toEqual([
      'DisclosureRequestSaved',
      'RowInvalid',
      'RowInvalid',
      'RowInvalid',
      'RowInvalid',
    ]);
    expect(r.results[0].node.owner.name).toBe('Göteborg');
    const rules = r.results
      .slice(1)
      .map((x: { index: number; violations: { field: string; code: string }[] }) => [x.index, x.violations.map((v) => `${v.field}:${v.code}`)]);
    expect(rules).toEqual([
      [1, ['reasoning:disclosure.decision_incomplete', 'decidedBy:disclosure.decision_incomplete', 'decidedOn:disclosure.decision_incomplete']],
      [2, ['decidedOn:disclosure.decided_before_request']],
      [3, ['userLogEntryId:disclosure.harm_assessment_required']],
      [4, ['userLogEntryId:disclosure.entry_not_disclose']],
    ]);
    expect(r.results[3].violations[0].messageSv).toMatch(/menprövning/);
  });

  it('records a disclosure once the harm assessment releases it, shows the entry within the viewer’s log scope only, and links each entry once', async () => {
    const request = await newRequest();
    const saved = ok(
      await registry.gql(update, { input: { rows: [{ id: request.id, version: request.version, ...decision, userLogEntryId: discloseEntry }] } }, admin),
    ).updateDisclosureRequests;
    expect(saved.results[0]).toMatchObject({
      __typename: 'DisclosureRequestSaved',
      node: { userLogEntryId: discloseEntry, disclosureRecorded: true, userLogEntry: { entryId: discloseEntry, action: 'DISCLOSE' } },
    });

    // Another organisation's reviewer sees that a disclosure is recorded, not the entry.
    const asBoras = ok(
      await registry.gql(
        `{ node(id: "${request.id}") { ... on DisclosureRequest { userLogEntryId disclosureRecorded userLogEntry { entryId } } } }`,
        undefined,
        await registry.newToken(BORAS, 'log_reviewer'),
      ),
    ).node;
    expect(asBoras).toEqual({ userLogEntryId: null, disclosureRecorded: true, userLogEntry: null });

    const second = await newRequest(decision);
    const twice = ok(
      await registry.gql(update, { input: { rows: [{ id: second.id, version: second.version, userLogEntryId: discloseEntry }] } }, admin),
    ).updateDisclosureRequests;
    expect(twice.results[0]).toMatchObject({ __typename: 'RowInvalid', violations: [{ field: 'userLogEntryId', code: 'unique' }] });

    const history = ok(
      await registry.gql(`{ node(id: "${request.id}") { ... on DisclosureRequest { history(first: 5) { nodes { operation } } } } }`, undefined, admin),
    ).node.history.nodes;
    expect(history.map((h: { operation: string }) => h.operation)).toEqual(['UPDATE', 'CREATE']);
  });

  it('links no disclosure to a denied request, and takes back a decision only with its disclosure', async () => {
    const request = await newRequest({ ...decision, outcome: 'DENY' });
    const r = ok(
      await registry.gql(update, { input: { rows: [{ id: request.id, version: request.version, userLogEntryId: discloseEntry }] } }, admin),
    ).updateDisclosureRequests;
    expect(r.results[0]).toMatchObject({ __typename: 'RowInvalid', violations: [{ field: 'userLogEntryId', code: 'disclosure.denied_not_disclosed' }] });
  });

  it('answers a log entry the writer may not see exactly as one that does not exist, for an org admin and for a demo token', async () => {
    const request = await newRequest(decision);
    const link = async (entryId: number, token: string, row = request) =>
      ok(await registry.gql(update, { input: { rows: [{ id: row.id, version: row.version, userLogEntryId: entryId }] } }, token)).updateDisclosureRequests;
    const hidden = await link(borasEntry, admin);
    const missing = await link(99_999_999, admin);
    expect(hidden).toEqual(missing);
    expect(hidden.results[0]).toMatchObject({
      __typename: 'RowInvalid',
      violations: [{ field: 'userLogEntryId', code: 'reference.missing', message: 'userLogEntryId: the referenced row does not exist.' }],
    });

    const demo = ok(await registry.gql(SIGN_IN('REGIONAL_ADMIN'))).signInAsDemoUser as string;
    const demoRow = (
      await sqlRows<{ id: number; version: number }>(
        registry,
        "select id, version from disclosure_requests where is_demo = true and outcome in ('release', 'partial') order by id limit 1",
      )
    )[0]!;
    const row = { id: gid('DisclosureRequest', demoRow.id), version: demoRow.version, owner: { name: '' } };
    expect(await link(discloseEntry, demo, row)).toEqual(await link(99_999_999, demo, row));
    expect((await link(discloseEntry, demo, row)).results[0].violations).toEqual(hidden.results[0].violations);
  });

  it('forbids an org admin of another organisation to change or create a request for the owner’s asset', async () => {
    const request = await newRequest();
    const changed = ok(
      await registry.gql(update, { input: { rows: [{ id: request.id, version: request.version, requester: 'Borås' }] } }, borasAdmin),
    ).updateDisclosureRequests;
    expect(changed.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.not_owner' });
    const created = ok(
      await registry.gql(create, { input: { rows: [{ assetId: school, requester: 'Borås', requestedOn: '2026-10-14' }] } }, borasAdmin),
    ).createDisclosureRequests;
    expect(created.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.not_owner' });
  });

  it('lists the demo requests with filters and order, the way the grid asks', async () => {
    const list = ok(
      await registry.gql(
        '{ disclosureRequests(first: 10, filter: { search: "Demo: Elevens" }, orderBy: [{ field: REQUESTED_ON, direction: DESC }]) { totalCount nodes { requester outcome asset { category { code } } } } }',
        undefined,
        admin,
      ),
    ).disclosureRequests;
    expect(list.totalCount).toBe(1);
    expect(list.nodes[0]).toEqual({ requester: 'Demo: Elevens vårdnadshavare', outcome: null, asset: { category: { code: 'school_health_record' } } });
  });
});
