import { luhnCheckDigit } from '@fvm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { gid, ok, orgId, RESULT_FIELDS, sqlNumber, sqlRows } from './helpers';

// Demo sign-in and what a demo token may do, over HTTP on a real database (SQLite, and PostgreSQL too): sign-in is off
// unless the server allows it; a demo token reads public reference data and demo rows only, and
// changes demo rows only; a row a caller may not see answers a write exactly as a missing one.

const VGR = '2321000131';
const SIGN_IN = 'mutation { signInAsDemoUser(role: REGIONAL_ADMIN) }';

describe('demo sign-in', () => {
  let closed: Registry;
  let open: Registry;
  beforeAll(async () => {
    closed = await startRegistry();
    open = await startRegistry({ demoSignIn: true });
  });
  afterAll(async () => {
    await closed?.close();
    await open?.close();
  });

  it('is off unless the server enables it: no demo users, and signing in is refused with a clear error', async () => {
    expect(ok(await closed.gql('{ demoUsers { role } }')).demoUsers).toEqual([]);
    const r = await closed.gql(SIGN_IN);
    expect(r.data?.signInAsDemoUser ?? null).toBeNull();
    expect(r.errors?.[0]?.message).toMatch(/Demo sign-in is off on this server/);
    expect(await sqlNumber(closed, 'select count(*) from api_tokens')).toBe(0);
  });

  it('where enabled, gives a demo token that reads demo data and public reference data only, for at most a day', async () => {
    expect(ok(await open.gql('{ demoUsers { role } }')).demoUsers).toHaveLength(5);
    const token = ok(await open.gql(SIGN_IN)).signInAsDemoUser as string;
    const stored = (
      await sqlRows<{ is_demo: number; created_at: string; expires_at: string }>(open, 'select is_demo, created_at, expires_at from api_tokens')
    )[0]!;
    expect(stored.is_demo).toBe(1);
    expect(Date.parse(stored.expires_at) - Date.parse(stored.created_at)).toBeLessThanOrEqual(86_400_000);

    const real = await open.newToken(VGR, 'regional_admin');
    // A real licence, so that there is one to hide.
    await open.sql('update licences set is_demo = false where id = (select min(id) from licences)');
    const q =
      '{ agreements(first: 1) { totalCount } licences(first: 1) { totalCount } organisations(first: 1) { totalCount } municipalities(first: 1) { totalCount } }';
    const asDemo = ok(await open.gql(q, undefined, token));
    expect(asDemo.agreements.totalCount).toBe(await sqlNumber(open, 'select count(*) from agreements where is_demo is true'));
    expect(asDemo.licences.totalCount).toBe(await sqlNumber(open, 'select count(*) from licences where is_demo is true'));
    expect(asDemo.organisations.totalCount).toBe(
      await sqlNumber(
        open,
        "select count(*) from organisations where is_demo is true or kind in ('municipality', 'municipal_association', 'region', 'collaboration_body')",
      ),
    );
    expect(asDemo.municipalities.totalCount).toBe(49);
    const asReal = ok(await open.gql(q, undefined, real));
    expect(asReal.agreements.totalCount).toBeGreaterThan(asDemo.agreements.totalCount);
    expect(asReal.licences.totalCount).toBeGreaterThan(asDemo.licences.totalCount);
    expect(asReal.organisations.totalCount).toBeGreaterThan(asDemo.organisations.totalCount);
    const declaration = await sqlNumber(open, "select id from agreements where kind = 'declaration_of_intent' and is_demo is false");
    expect(ok(await open.gql(`{ node(id: "${gid('Agreement', declaration)}") { id } }`, undefined, token)).node).toBeNull();
  });
});

describe('a demo token changes demo data only, and reads only demo history and demo log entries', () => {
  let registry: Registry;
  let demo: string;
  let realAdmin: string;
  let demoIntegrator: string;
  beforeAll(async () => {
    registry = await startRegistry({ demoSignIn: true });
    await registry.stores.seed.loadDemoLogs({ count: 300 });
    demo = ok(await registry.gql(SIGN_IN)).signInAsDemoUser;
    demoIntegrator = ok(await registry.gql('mutation { signInAsDemoUser(role: INTEGRATOR) }')).signInAsDemoUser;
    realAdmin = await registry.newToken(VGR, 'regional_admin');
  });
  afterAll(() => registry?.close());

  const updatePowers = `mutation($input: UpdatePowersOfAttorneyInput!) { updatePowersOfAttorney(input: $input) { ${RESULT_FIELDS} } }`;
  const row = async (table: string, where: string) =>
    (await sqlRows<{ id: number; version: number }>(registry, `select id, version from ${table} where ${where} order by id limit 1`))[0]!;

  it('a real row is missing for it, a visible reference row is forbidden, a demo row is changed; what it creates is demo data', async () => {
    const declaration = await row('agreements', "kind = 'declaration_of_intent' and is_demo is false");
    const hidden = ok(
      await registry.gql(
        `mutation($input: UpdateAgreementsInput!) { updateAgreements(input: $input) { ${RESULT_FIELDS} } }`,
        { input: { rows: [{ id: gid('Agreement', declaration.id), version: declaration.version, title: 'Demo was here' }] } },
        demo,
      ),
    );
    expect(hidden.updateAgreements.results[0].__typename).toBe('RowNotFound');
    const realPower = await row('powers_of_attorney', 'is_demo is false');
    const reference = ok(
      await registry.gql(
        updatePowers,
        { input: { rows: [{ id: gid('PowerOfAttorney', realPower.id), version: realPower.version, scope: 'demo was here' }] } },
        demo,
      ),
    );
    expect(reference.updatePowersOfAttorney.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.demo_only' });

    const boras = await row('organisations', "municipality_code = '1490'");
    const municipality = ok(
      await registry.gql(
        `mutation($input: UpdateOrganisationsInput!) { updateOrganisations(input: $input) { ${RESULT_FIELDS} } }`,
        { input: { rows: [{ id: gid('Organisation', boras.id), version: boras.version, name: 'Demo: Borås' }] } },
        demo,
      ),
    );
    expect(municipality.updateOrganisations.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.demo_only' });
    expect(await sqlNumber(registry, "select count(*) from organisations where name = 'Demo: Borås'")).toBe(0);

    const demoLicence = await row('licences', 'is_demo is true');
    const changed = ok(
      await registry.gql(
        `mutation($input: UpdateLicencesInput!) { updateLicences(input: $input) { ${RESULT_FIELDS} } }`,
        { input: { rows: [{ id: gid('Licence', demoLicence.id), version: demoLicence.version, modules: 'Demo: modules' }] } },
        demo,
      ),
    );
    expect(changed.updateLicences.committed).toBe(true);

    const created = ok(
      await registry.gql(
        `mutation($input: CreateOrganisationsInput!) { createOrganisations(input: $input) { ${RESULT_FIELDS} results { ... on OrganisationSaved { node { isDemo } } } } }`,
        { input: { rows: [{ kind: 'SUPPLIER', name: 'Demo: Leverantör AB' }] } },
        demo,
      ),
    );
    expect(created.createOrganisations.results[0].node.isDemo).toBe(true);
    expect(await sqlNumber(registry, "select is_demo from organisations where name = 'Demo: Leverantör AB'")).toBe(1);
  });

  it('meets no hidden real row through a unique key: demo rows are unique among demo rows', async () => {
    // A municipality (visible to a demo token) and two categories it has no asset of.
    const owner = await sqlNumber(
      registry,
      "select o.id from organisations o where o.kind = 'municipality' order by (select count(*) from information_assets a where a.owner_org_id = o.id), o.id limit 1",
    );
    const [taken, free] = (
      await sqlRows<{ id: number }>(
        registry,
        'select id from information_categories where id not in (select category_id from information_assets where owner_org_id = ?) order by id limit 2',
        owner,
      )
    ).map((r) => r.id);
    const create = `mutation($input: CreateInformationAssetsInput!) { createInformationAssets(input: $input) { committed results { __typename ... on RowInvalid { violations { field code } } } } }`;
    const asset = (category: number, description: string) => ({
      input: { rows: [{ description, categoryId: gid('InformationCategory', category), ownerId: gid('Organisation', owner) }] },
    });
    // A real asset, which the demo token cannot see...
    expect(ok(await registry.gql(create, asset(taken!, 'Real asset'), realAdmin)).createInformationAssets.results[0].__typename).toBe('InformationAssetSaved');
    // ...makes no difference to the demo token: the same category answers as one with no asset at all.
    const overHidden = ok(await registry.gql(create, asset(taken!, 'Demo: asset'), demo)).createInformationAssets;
    const overNothing = ok(await registry.gql(create, asset(free!, 'Demo: other asset'), demo)).createInformationAssets;
    expect(overHidden).toEqual(overNothing);
    expect(overHidden.results[0].__typename).toBe('InformationAssetSaved');
    // Among demo rows the key still holds.
    const again = ok(await registry.gql(create, asset(taken!, 'Demo: asset again'), demo)).createInformationAssets;
    expect(again.results[0]).toMatchObject({ __typename: 'RowInvalid', violations: [{ field: expect.stringContaining('categoryId'), code: 'unique' }] });
    expect(again.results[0].violations[0].field).not.toContain('isDemo');
  });

  it('cannot point demo rows at a real row it cannot see: answered as a reference to a missing row', async () => {
    const declaration = await sqlNumber(registry, "select id from agreements where kind = 'declaration_of_intent' and is_demo is false");
    const boras = await orgId(registry, '1490');
    const create = (agreementId: string) =>
      registry.gql(
        `mutation($input: CreateAgreementPartiesInput!) { createAgreementParties(input: $input) { ${RESULT_FIELDS} } }`,
        { input: { rows: [{ agreementId, organisationId: gid('Organisation', boras), role: 'CONTROLLER' }] } },
        demo,
      );
    const hidden = ok(await create(gid('Agreement', declaration))).createAgreementParties;
    const missing = ok(await create(gid('Agreement', 987_654))).createAgreementParties;
    expect(hidden.results[0].__typename).toBe('RowInvalid');
    expect(hidden.results[0].violations.map((v: { code: string }) => v.code)).toContain('reference.missing');
    expect(JSON.stringify(hidden)).toBe(JSON.stringify(missing));
    expect(await sqlNumber(registry, 'select count(*) from agreement_parties where agreement_id = ?', declaration)).toBe(
      await sqlNumber(registry, 'select count(*) from agreement_parties where agreement_id = ? and is_demo is false', declaration),
    );
  });

  it('reads only the history of demo rows', async () => {
    const realPower = await row('powers_of_attorney', 'is_demo is false');
    ok(
      await registry.gql(
        updatePowers,
        { input: { rows: [{ id: gid('PowerOfAttorney', realPower.id), version: realPower.version, scope: 'real scope' }] } },
        realAdmin,
      ),
    );
    const all = await sqlNumber(registry, 'select count(*) from changes');
    const demoChanges = await sqlNumber(registry, 'select count(*) from changes where is_demo is true');
    expect(all).toBeGreaterThan(demoChanges);
    expect(demoChanges).toBeGreaterThan(0);
    expect(ok(await registry.gql('{ changes(first: 1) { totalCount } }', undefined, demo)).changes.totalCount).toBe(demoChanges);
    expect(ok(await registry.gql('{ changes(first: 1) { totalCount } }', undefined, realAdmin)).changes.totalCount).toBe(all);
  });

  it('reads, counts, exports and verifies demo log entries only; what a demo integrator appends is demo data', async () => {
    const goteborg = '1480';
    const realIntegrator = await registry.newToken(goteborg, 'integrator');
    const entry = (id: string) => ({
      occurredAt: '2026-10-15T09:30:00Z',
      userHsaId: `SE212000480${luhnCheckDigit('212000480')}-U0001`,
      userName: 'Test Anna',
      careProvider: goteborg,
      careUnit: 'Test: Hemsjukvård',
      action: 'read',
      patient: `19850412234${luhnCheckDigit('850412234')}`,
      category: 'journal_note',
      dataOwner: goteborg,
      basis: 'care_relationship',
      device: 'desktop',
      sourceSystem: 'Test',
      sourceEntryId: id,
      outcome: 'success',
    });
    const append =
      'mutation($entries: [UserLogEntryInput!]!) { appendUserLogEntries(entries: $entries) { stored rejected { index violations { field code } } } }';
    expect(ok(await registry.gql(append, { entries: [entry('real-1'), entry('real-2')] }, realIntegrator)).appendUserLogEntries).toEqual({
      stored: 2,
      rejected: [],
    });
    expect(ok(await registry.gql(append, { entries: [entry('demo-1')] }, demoIntegrator)).appendUserLogEntries.stored).toBe(1);
    // A real entry's source id, resent by a demo integrator, answers exactly as a new id: demo
    // entries are a namespace of their own, so it learns nothing of real entries.
    const resent = ok(await registry.gql(append, { entries: [{ ...entry('real-1'), userName: 'Test Other' }] }, demoIntegrator)).appendUserLogEntries;
    expect(resent).toEqual(
      ok(await registry.gql(append, { entries: [{ ...entry('never-sent'), userName: 'Test Other' }] }, demoIntegrator)).appendUserLogEntries,
    );
    expect(resent).toEqual({ stored: 1, rejected: [] });
    expect(await sqlRows(registry, "select source_entry_id, is_demo from user_log_entries where source_system = 'Test' order by id")).toEqual([
      { source_entry_id: 'real-1', is_demo: 0 },
      { source_entry_id: 'real-2', is_demo: 0 },
      { source_entry_id: 'demo-1', is_demo: 1 },
      { source_entry_id: 'real-1', is_demo: 1 },
      { source_entry_id: 'never-sent', is_demo: 1 },
    ]);

    const analyst = ok(await registry.gql('mutation { signInAsDemoUser(role: ANALYST) }')).signInAsDemoUser;
    const demoEntries = await sqlNumber(registry, 'select count(*) from user_log_entries where is_demo is true');
    expect(await sqlNumber(registry, 'select count(*) from user_log_entries')).toBe(demoEntries + 2);
    expect(ok(await registry.gql('{ userLogs(first: 1) { totalCount } }', undefined, analyst)).userLogs.totalCount).toBe(demoEntries);
    const fhir = ok(await registry.gql('{ userLogsAsFhirBundle(first: 1) }', undefined, analyst)).userLogsAsFhirBundle;
    expect(fhir.total).toBe(demoEntries);
    const stats = ok(
      await registry.gql('{ userLogStatistics(by: ACTION, from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z") { count } }', undefined, analyst),
    ).userLogStatistics;
    expect(stats.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(demoEntries);
    // The real entries are Göteborg's own: a real analyst sees them, the demo analyst does not.
    expect(ok(await registry.gql('{ userLogs(first: 1) { totalCount } }', undefined, await registry.newToken(goteborg, 'analyst'))).userLogs.totalCount).toBe(
      demoEntries + 2,
    );

    const chains = ok(await registry.gql('{ verifyUserLogs { isDemo ok } }', undefined, demo)).verifyUserLogs;
    expect(chains.length).toBeGreaterThan(0);
    expect(chains.every((c: { isDemo: boolean }) => c.isDemo)).toBe(true);
  });
});

describe('a row the caller may not see answers a write exactly as a row that does not exist', () => {
  let registry: Registry;
  let demo: string;
  beforeAll(async () => {
    registry = await startRegistry({ demoSignIn: true });
    demo = ok(await registry.gql(SIGN_IN)).signInAsDemoUser;
    // A real call-off, so that a demo token has a hidden one to try (the demo data has only demo ones).
    await registry.sql('update call_offs set is_demo = false where id = (select min(id) from call_offs)');
  });
  afterAll(() => registry?.close());

  const raw = (query: string, variables: unknown, bearer?: string) => registry.raw(query, variables, bearer);

  // Without a token only municipalities, associations and options are visible; a demo token adds demo rows.
  // (The reference data demo rows stand on, such as powers of attorney, is readable with a demo token.)
  const cases: { entity: string; plural: string; table: string; hiddenFromDemo?: string; hiddenFromAnonymous?: string }[] = [
    { entity: 'PowerOfAttorney', plural: 'PowersOfAttorney', table: 'powers_of_attorney' },
    { entity: 'Procurement', plural: 'Procurements', table: 'procurements' },
    { entity: 'Service', plural: 'Services', table: 'services' },
    { entity: 'Agreement', plural: 'Agreements', table: 'agreements', hiddenFromDemo: 'is_demo is false' },
    { entity: 'AgreementParty', plural: 'AgreementParties', table: 'agreement_parties', hiddenFromDemo: 'is_demo is false' },
    {
      entity: 'Organisation',
      plural: 'Organisations',
      table: 'organisations',
      hiddenFromDemo: "is_demo is false and kind = 'supplier'",
      hiddenFromAnonymous: "kind = 'region'",
    },
    { entity: 'CallOff', plural: 'CallOffs', table: 'call_offs', hiddenFromDemo: 'is_demo is false' },
  ];

  for (const c of cases) {
    for (const op of ['update', 'delete'] as const) {
      it(`${op}${c.plural}: ${c.hiddenFromDemo ? 'anonymous and a demo token get' : 'anonymous gets'} the same answer for a hidden ${c.entity} as for a missing one`, async () => {
        const mutation = `mutation($input: ${op === 'update' ? 'Update' : 'Delete'}${c.plural}Input!) { ${op}${c.plural}(input: $input) { ${RESULT_FIELDS} } }`;
        const missingId = await sqlNumber(registry, `select coalesce(max(id), 0) + 1000 from ${c.table}`);
        const attempt = (id: number, version: number, bearer?: string) => raw(mutation, { input: { rows: [{ id: gid(c.entity, id), version }] } }, bearer);
        const callers: [string, string | undefined, string][] = [['anonymous', undefined, c.hiddenFromAnonymous ?? '1 = 1']];
        if (c.hiddenFromDemo) callers.push(['demo token', demo, c.hiddenFromDemo]);
        for (const [who, bearer, where] of callers) {
          const hidden = (await sqlRows<{ id: number; version: number }>(registry, `select id, version from ${c.table} where ${where} order by id limit 1`))[0];
          if (!hidden) throw new Error(`no ${c.entity} hidden from ${who}`);
          const answer = await attempt(hidden.id, hidden.version, bearer);
          expect(answer, `${who}, ${c.entity} ${hidden.id}`).toBe(await attempt(missingId, hidden.version, bearer));
          expect(answer).toContain('RowNotFound');
        }
      });
    }
  }

  it('a new row pointing at a hidden row answers as one pointing at none: no rule reads the hidden row', async () => {
    // A real independent school (its own principal: no licence may name it), hidden from a demo token.
    const school = await sqlNumber(registry, "select id from organisations where kind = 'independent_school' order by id limit 1");
    await registry.sql('update organisations set is_demo = false where id = ?', school);
    const municipality = await sqlNumber(registry, "select id from organisations where municipality_code = '1490'");
    const create =
      'mutation($input: CreateLicencesInput!) { createLicences(input: $input) { committed results { __typename ... on RowInvalid { violations { field code message } } } } }';
    const licence = (provider: number) => ({
      input: {
        rows: [
          { municipalityId: gid('Organisation', municipality), providerId: gid('Organisation', provider), modules: 'Demo: modules', validFrom: '2026-01-01' },
        ],
      },
    });
    const hidden = await raw(create, licence(school), demo);
    expect(hidden).toBe(await raw(create, licence(9_999_999), demo));
    expect(hidden).toContain('reference.missing');
    expect(hidden).not.toContain('principal');
  });

  it('a row the caller sees but may not change is still RowForbidden', async () => {
    const boras = (await sqlRows<{ id: number; version: number }>(registry, "select id, version from organisations where municipality_code = '1490'"))[0]!;
    const r = ok(
      await registry.gql(`mutation($input: DeleteOrganisationsInput!) { deleteOrganisations(input: $input) { ${RESULT_FIELDS} } }`, {
        input: { rows: [{ id: gid('Municipality', boras.id), version: boras.version }] },
      }),
    );
    expect(r.deleteOrganisations.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.unauthenticated' });
  });
});
