import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import {
  callOffRow,
  changeCount,
  gid,
  isConstraintViolation,
  ok,
  optionId,
  orgId,
  RESULT_FIELDS,
  sqlNumber,
  sqlRow,
  sqlRows,
  type RowAnswer,
  type SqlRow,
  type Violation,
} from './helpers';

let registry: Registry;
let admin: string; // VGR regional_admin
let borasAdmin: string;
let goteborgAdmin: string;
let goteborgAnalyst: string;
let ids: { vgr: number; boras: number; goteborg: number };

const CALL_OFF_RESULTS = `${RESULT_FIELDS}
  results {
    ... on CallOffSaved { node { id version status submittedOn signedOn decisionReference operationsAgreementSigned } warnings { field code severity message } }
    ... on CallOffConflict { yourVersion current { id version status decisionReference } }
  }`;
const updateCallOffs = `mutation($input: UpdateCallOffsInput!) { updateCallOffs(input: $input) { ${CALL_OFF_RESULTS} } }`;
const createCallOffs = `mutation($input: CreateCallOffsInput!) { createCallOffs(input: $input) { ${CALL_OFF_RESULTS} } }`;
const deleteCallOffs = `mutation($input: DeleteCallOffsInput!) { deleteCallOffs(input: $input) { ${CALL_OFF_RESULTS} } }`;

function changesViaApi() {
  return registry.gql('{ changes(first: 1) { totalCount } }', undefined, admin).then((r) => ok(r).changes.totalCount as number);
}

/** A call-off row, straight from SQL, with the columns the tests compute with. */
type CallOffRow = SqlRow<{ id: number; version: number; status: string; option_id: number; municipality_id: number }>;

/** A call-off of the municipality (by code), straight from SQL. */
async function callOffOf(code: string, where = '1 = 1') {
  const row = await sqlRow<CallOffRow>(
    registry,
    `select * from call_offs where municipality_id = ? and (${where}) order by id limit 1`,
    await orgId(registry, code),
  );
  if (!row) throw new Error(`no call-off of ${code} where ${where}`);
  return row;
}

function luhnDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

beforeAll(async () => {
  registry = await startRegistry();
  admin = await registry.newToken('2321000131', 'regional_admin');
  borasAdmin = await registry.newToken('1490', 'org_admin');
  goteborgAdmin = await registry.newToken('1480', 'org_admin');
  goteborgAnalyst = await registry.newToken('1480', 'analyst');
  ids = { vgr: await orgId(registry, '2321000131'), boras: await orgId(registry, '1490'), goteborg: await orgId(registry, '1480') };
});
afterAll(() => registry?.close());

describe('who may write', () => {
  it('refuses Borås’s org_admin an update of Göteborg’s call-off, and changes nothing', async () => {
    const target = await callOffOf('1480');
    const sqlBefore = await changeCount(registry);
    const apiBefore = await changesViaApi();

    const r = ok(
      await registry.gql(
        updateCallOffs,
        { input: { rows: [{ id: gid('CallOff', target.id), version: target.version, decisionReference: 'Borås was here' }] } },
        borasAdmin,
      ),
    );
    expect(r.updateCallOffs.committed).toBe(false);
    expect(r.updateCallOffs.succeeded).toBe(0);
    expect(r.updateCallOffs.failed).toBe(1);
    expect(r.updateCallOffs.results).toEqual([expect.objectContaining({ __typename: 'RowForbidden', index: 0, code: 'auth.not_owner' })]);

    expect(await callOffRow(registry, target.id)).toEqual(target);
    const readBack = ok(
      await registry.gql(`{ node(id: "${gid('CallOff', target.id)}") { ... on CallOff { version decisionReference } } }`, undefined, admin),
    ).node;
    expect(readBack).toEqual({ version: target.version, decisionReference: target.decision_reference });
    expect(await changeCount(registry)).toBe(sqlBefore);
    expect(await changesViaApi()).toBe(apiBefore);
  });

  it('refuses Borås’s org_admin a stale write to Göteborg’s row as forbidden, not as a conflict that shows the row', async () => {
    const target = await callOffOf('1480');
    const r = ok(
      await registry.gql(
        updateCallOffs,
        { input: { rows: [{ id: gid('CallOff', target.id), version: target.version + 7, decisionReference: 'x' }] } },
        borasAdmin,
      ),
    );
    expect(r.updateCallOffs.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.not_owner' });
    expect(r.updateCallOffs.results[0].current).toBeUndefined();
  });

  it('refuses Borås’s org_admin handing its own call-off to Göteborg', async () => {
    const own = await callOffOf('1490');
    const before = await changeCount(registry);
    const r = ok(
      await registry.gql(
        updateCallOffs,
        { input: { rows: [{ id: gid('CallOff', own.id), version: own.version, municipalityId: gid('Municipality', ids.goteborg) }] } },
        borasAdmin,
      ),
    );
    expect(r.updateCallOffs.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.not_owner' });
    expect(await callOffRow(registry, own.id)).toEqual(own);
    expect(await changeCount(registry)).toBe(before);
  });

  it('lets Göteborg’s org_admin update its own call-off', async () => {
    const own = await callOffOf('1480');
    const r = ok(
      await registry.gql(
        updateCallOffs,
        { input: { rows: [{ id: gid('CallOff', own.id), version: own.version, decisionReference: 'KS 2020/own' }] } },
        goteborgAdmin,
      ),
    );
    expect(r.updateCallOffs).toMatchObject({ committed: true, succeeded: 1, failed: 0 });
    expect(r.updateCallOffs.results[0].node).toMatchObject({ version: own.version + 1, decisionReference: 'KS 2020/own' });
    expect(await callOffRow(registry, own.id)).toMatchObject({ version: own.version + 1, decision_reference: 'KS 2020/own' });
  });

  it.each([
    ['analyst', 'auth.role_cannot_write'],
    ['log_reviewer', 'auth.role_cannot_write'],
    ['integrator', 'auth.role_cannot_write'],
  ] as const)('refuses a %s (even on its own organisation’s row): %s', async (role, code) => {
    const own = await callOffOf('1480');
    const before = await changeCount(registry);
    const token = role === 'analyst' ? goteborgAnalyst : await registry.newToken('1480', role);
    const r = ok(
      await registry.gql(updateCallOffs, { input: { rows: [{ id: gid('CallOff', own.id), version: own.version, decisionReference: role }] } }, token),
    );
    expect(r.updateCallOffs.committed).toBe(false);
    expect(r.updateCallOffs.results[0]).toMatchObject({ __typename: 'RowForbidden', index: 0, code });
    expect(await callOffRow(registry, own.id)).toEqual(own);
    expect(await changeCount(registry)).toBe(before);
  });

  it('refuses an anonymous caller: auth.unauthenticated for creates; a call-off it cannot see is not found for updates and deletes', async () => {
    const own = await callOffOf('1480');
    const before = await changeCount(registry);
    const rows = await sqlNumber(registry, 'select count(*) from call_offs');
    // Without a token call-offs are hidden, and a hidden row answers exactly as a missing one.
    const u = ok(await registry.gql(updateCallOffs, { input: { rows: [{ id: gid('CallOff', own.id), version: own.version, decisionReference: 'anon' }] } }));
    expect(u.updateCallOffs.results[0]).toMatchObject({ __typename: 'RowNotFound' });
    const c = ok(
      await registry.gql(createCallOffs, {
        input: {
          rows: [
            {
              municipalityId: gid('Municipality', ids.goteborg),
              optionId: gid('Option', await optionId(registry, 2)),
              status: 'SUBMITTED',
              submittedOn: '2020-05-12',
            },
          ],
        },
      }),
    );
    expect(c.createCallOffs.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.unauthenticated' });
    const d = ok(await registry.gql(deleteCallOffs, { input: { rows: [{ id: gid('CallOff', own.id), version: own.version }] } }));
    expect(d.deleteCallOffs.results[0]).toMatchObject({ __typename: 'RowNotFound' });
    expect(await callOffRow(registry, own.id)).toEqual(own);
    expect(await sqlNumber(registry, 'select count(*) from call_offs')).toBe(rows);
    expect(await changeCount(registry)).toBe(before);
  });

  it('refuses Borås’s org_admin creating a call-off for Göteborg (the call-off would be Göteborg’s)', async () => {
    const r = ok(
      await registry.gql(
        createCallOffs,
        {
          input: {
            rows: [
              {
                municipalityId: gid('Municipality', ids.goteborg),
                optionId: gid('Option', await optionId(registry, 2)),
                status: 'SUBMITTED',
                submittedOn: '2020-05-12',
              },
            ],
          },
        },
        borasAdmin,
      ),
    );
    expect(r.createCallOffs.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.not_owner' });
  });
});

describe('versions', () => {
  it('answers a stale version with the current row and overwrites nothing', async () => {
    const row = await callOffOf('1490');
    const id = gid('CallOff', row.id);
    const first = ok(await registry.gql(updateCallOffs, { input: { rows: [{ id, version: row.version, decisionReference: 'first writer' }] } }, borasAdmin));
    expect(first.updateCallOffs.committed).toBe(true);
    const afterFirst = await callOffRow(registry, row.id)!;
    const changesAfterFirst = await changeCount(registry);

    const second = ok(await registry.gql(updateCallOffs, { input: { rows: [{ id, version: row.version, decisionReference: 'second writer' }] } }, admin));
    expect(second.updateCallOffs).toMatchObject({ committed: false, succeeded: 0, failed: 1 });
    expect(second.updateCallOffs.results[0]).toEqual({
      __typename: 'CallOffConflict',
      index: 0,
      yourVersion: row.version,
      current: { id, version: row.version + 1, status: row.status.toUpperCase(), decisionReference: 'first writer' },
    });
    expect(await callOffRow(registry, row.id)).toEqual(afterFirst);
    expect(await changeCount(registry)).toBe(changesAfterFirst);
  });

  it('reports a row that does not exist as RowNotFound and an ID of another type as invalid', async () => {
    const r = ok(
      await registry.gql(
        updateCallOffs,
        {
          input: {
            rows: [
              { id: gid('CallOff', 99_999_999), version: 1, decisionReference: 'x' },
              { id: gid('Agreement', 1), version: 1, decisionReference: 'x' },
            ],
            allowPartial: true,
          },
        },
        admin,
      ),
    );
    expect(r.updateCallOffs.committed).toBe(false);
    expect(r.updateCallOffs.results[0]).toMatchObject({ __typename: 'RowNotFound', index: 0 });
    expect(r.updateCallOffs.results[1]).toMatchObject({
      __typename: 'RowInvalid',
      index: 1,
      violations: [expect.objectContaining({ field: 'id', code: 'reference.invalid_id' })],
    });
  });
});

describe('all-or-nothing batches', () => {
  function threeCallOffs() {
    return sqlRows<CallOffRow>(
      registry,
      `select * from call_offs where status = 'signed' and municipality_id not in (?, ?) order by id limit 3`,
      ids.boras,
      ids.goteborg,
    );
  }

  it('rejects a batch of 3 call-off updates with one invalid row and writes nothing; allowPartial commits the valid two', async () => {
    const rows = await threeCallOffs();
    expect(rows).toHaveLength(3);
    const changesBefore = await changeCount(registry);
    const input = (allowPartial: boolean) => ({
      allowPartial,
      rows: [
        { id: gid('CallOff', rows[0]!.id), version: rows[0]!.version, decisionReference: 'batch A' },
        { id: gid('CallOff', rows[1]!.id), version: rows[1]!.version, status: 'SIGNED', signedOn: null },
        { id: gid('CallOff', rows[2]!.id), version: rows[2]!.version, decisionReference: 'batch C' },
      ],
    });

    const r = ok(await registry.gql(updateCallOffs, { input: input(false) }, admin)).updateCallOffs;
    expect(r).toMatchObject({ committed: false, succeeded: 0, failed: 3 });
    expect(r.results.map((x: RowAnswer) => x.__typename)).toEqual(['RowNotApplied', 'RowInvalid', 'RowNotApplied']);
    expect(r.results.map((x: RowAnswer) => x.index)).toEqual([0, 1, 2]);
    expect(r.results[1].violations).toEqual([expect.objectContaining({ field: 'signedOn', code: 'required', severity: 'ERROR' })]);
    expect(r.results[1].violations[0].message.length).toBeGreaterThan(0);
    expect(r.results[1].violations[0].messageSv.length).toBeGreaterThan(0);
    for (const row of rows) expect(await callOffRow(registry, row.id)).toEqual(row);
    expect(await changeCount(registry)).toBe(changesBefore);

    const p = ok(await registry.gql(updateCallOffs, { input: input(true) }, admin)).updateCallOffs;
    expect(p).toMatchObject({ committed: true, succeeded: 2, failed: 1 });
    expect(p.results.map((x: RowAnswer) => x.__typename)).toEqual(['CallOffSaved', 'RowInvalid', 'CallOffSaved']);
    expect(await callOffRow(registry, rows[0]!.id)).toMatchObject({ decision_reference: 'batch A', version: rows[0]!.version + 1 });
    expect(await callOffRow(registry, rows[1]!.id)).toEqual(rows[1]);
    expect(await callOffRow(registry, rows[2]!.id)).toMatchObject({ decision_reference: 'batch C', version: rows[2]!.version + 1 });
    expect(await changeCount(registry)).toBe(changesBefore + 2);
  });

  it('rejects a batch of 3 retention-rule updates when one purges a patient record after 5 years', async () => {
    const rules = await sqlRows<SqlRow<{ id: number; version: number; years: number }>>(
      registry,
      `select r.* from retention_rules r join information_categories c on c.id = r.category_id
       where c.record_kind = 'patient_record' and r.action = 'purge' order by r.id limit 3`,
    );
    expect(rules).toHaveLength(3);
    const changesBefore = await changeCount(registry);
    const mutation = `mutation($input: UpdateRetentionRulesInput!) { updateRetentionRules(input: $input) { ${RESULT_FIELDS} results { ... on RetentionRuleSaved { node { years legalBasis } } } } }`;
    const input = (allowPartial: boolean) => ({
      allowPartial,
      rows: [
        { id: gid('RetentionRule', rules[0]!.id), version: rules[0]!.version, years: 12 },
        { id: gid('RetentionRule', rules[1]!.id), version: rules[1]!.version, years: 5 },
        { id: gid('RetentionRule', rules[2]!.id), version: rules[2]!.version, legalBasis: 'PDL 3:17' },
      ],
    });
    const r = ok(await registry.gql(mutation, { input: input(false) }, admin)).updateRetentionRules;
    expect(r.committed).toBe(false);
    expect(r.results.map((x: RowAnswer) => x.__typename)).toEqual(['RowNotApplied', 'RowInvalid', 'RowNotApplied']);
    expect(r.results[1]).toMatchObject({ index: 1, violations: [expect.objectContaining({ field: 'years', code: 'retention.below_legal_minimum' })] });
    for (const rule of rules) expect(await sqlRow(registry, 'select * from retention_rules where id = ?', rule.id)).toEqual(rule);
    expect(await changeCount(registry)).toBe(changesBefore);

    const p = ok(await registry.gql(mutation, { input: input(true) }, admin)).updateRetentionRules;
    expect(p).toMatchObject({ committed: true, succeeded: 2, failed: 1 });
    expect(p.results[0].node.years).toBe(12);
    expect(p.results[2].node.legalBasis).toBe('PDL 3:17');
    expect(await sqlRow(registry, 'select years from retention_rules where id = ?', rules[1]!.id)).toEqual({ years: rules[1]!.years });
  });

  it('clears a field with null, and refuses null for a required one', async () => {
    const row = await callOffOf('1480', `decision_reference is not null`);
    const r = ok(
      await registry.gql(
        updateCallOffs,
        {
          input: {
            allowPartial: true,
            rows: [
              { id: gid('CallOff', row.id), version: row.version, decisionReference: null },
              { id: gid('CallOff', row.id), version: row.version, status: null },
            ],
          },
        },
        admin,
      ),
    ).updateCallOffs;
    // The second row quotes the version the first one just replaced, or fails on its own rule.
    expect(r.results[0].__typename).toBe('CallOffSaved');
    expect(r.results[0].node.decisionReference).toBeNull();
    expect(['RowInvalid', 'CallOffConflict']).toContain(r.results[1].__typename);
    expect(await callOffRow(registry, row.id)).toMatchObject({ decision_reference: null, status: row.status });
    const fresh = (await callOffRow(registry, row.id))!;
    const s = ok(
      await registry.gql(updateCallOffs, { input: { rows: [{ id: gid('CallOff', row.id), version: fresh.version, status: null }] } }, admin),
    ).updateCallOffs;
    expect(s.results[0].__typename).toBe('RowInvalid');
    expect(s.results[0].violations).toContainEqual(expect.objectContaining({ field: 'status', code: 'required' }));
    expect(await callOffRow(registry, row.id)).toEqual(fresh);
  });
});

describe('the same row twice in one batch', () => {
  const updateAgreements = `mutation($input: UpdateAgreementsInput!) { updateAgreements(input: $input) { ${RESULT_FIELDS} results { ... on AgreementConflict { yourVersion current { version reference } } ... on AgreementSaved { node { version reference } } } } }`;
  function agreement() {
    return sqlRow<SqlRow>(registry, `select * from agreements where kind = 'cooperation' order by id limit 1`).then((row) => row!);
  }
  function input(row: SqlRow, allowPartial: boolean) {
    return {
      allowPartial,
      rows: [
        { id: gid('Agreement', row.id), version: row.version, reference: 'twice A' },
        { id: gid('Agreement', row.id), version: row.version, reference: 'twice B' },
      ],
    };
  }

  it('writes nothing when one batch updates the same agreement twice with the same version', async () => {
    const row = await agreement();
    const before = await changeCount(registry);
    await registry.gql(updateAgreements, { input: input(row, false) }, admin);
    await registry.gql(updateAgreements, { input: input(row, true) }, admin);
    // Whatever the answer, the two rows cannot both be applied: at most one write.
    const now = (await sqlRow<SqlRow>(registry, 'select * from agreements where id = ?', row.id))!;
    expect(now.version - row.version).toBeLessThanOrEqual(1);
    expect((await changeCount(registry)) - before).toBe(now.version - row.version);
  });

  // Two changes to one row in one batch: the first is applied, the second is refused per row
  // (batch.duplicate_row), and with allowPartial the valid first row still commits.
  it('answers the second update of the same row per row, and commits the first with allowPartial', async () => {
    const row = await agreement();
    const r = await registry.gql(updateAgreements, { input: input(row, true) }, admin);
    expect(r.errors).toBeUndefined();
    const payload = r.data!.updateAgreements;
    expect(payload.results[0].__typename).toBe('AgreementSaved');
    expect(payload.results[1]).toMatchObject({ __typename: 'RowInvalid', violations: [expect.objectContaining({ field: 'id', code: 'batch.duplicate_row' })] });
  });
});

describe('change history', () => {
  it('records before and after, the actor’s role and organisation, on the node and in the root list', async () => {
    const row = await callOffOf('1480', `operations_agreement_signed is false or operations_agreement_signed is true`);
    const id = gid('CallOff', row.id);
    const changesBefore = await changeCount(registry);
    const r = ok(
      await registry.gql(
        updateCallOffs,
        { input: { rows: [{ id, version: row.version, decisionReference: 'KS 2020/history', operationsAgreementSigned: !row.operations_agreement_signed }] } },
        goteborgAdmin,
      ),
    );
    expect(r.updateCallOffs.results[0].__typename, JSON.stringify(r.updateCallOffs.results[0])).toBe('CallOffSaved');
    expect(await changeCount(registry)).toBe(changesBefore + 1);

    const CHANGE = `id at entity entityId subjectId operation actorRole actorOrganisation { name } before after`;
    const node = ok(
      await registry.gql(
        `{ node(id: "${id}") { ... on CallOff { version history(first: 10) { totalCount nodes { ${CHANGE} } } } } }`,
        undefined,
        goteborgAnalyst,
      ),
    ).node;
    const expectedCount = await sqlNumber(registry, `select count(*) from changes where entity = 'CallOff' and entity_id = ?`, row.id);
    expect(node.history.totalCount).toBe(expectedCount);
    const latest = node.history.nodes[0];
    expect(latest).toMatchObject({
      entity: 'CallOff',
      entityId: row.id,
      subjectId: id,
      operation: 'UPDATE',
      actorRole: 'ORG_ADMIN',
      actorOrganisation: { name: 'Göteborg' },
    });
    expect(latest.before).toMatchObject({
      id: row.id,
      version: row.version,
      decisionReference: row.decision_reference,
      operationsAgreementSigned: !!row.operations_agreement_signed,
    });
    expect(latest.after).toMatchObject({
      id: row.id,
      version: row.version + 1,
      decisionReference: 'KS 2020/history',
      operationsAgreementSigned: !row.operations_agreement_signed,
    });
    expect(Date.parse(latest.at)).toBeGreaterThan(Date.now() - 60_000);

    const root = ok(
      await registry.gql(
        `query($id: Int!) { changes(first: 5, filter: { entity: { eq: "CallOff" }, entityId: { eq: $id } }) { totalCount nodes { ${CHANGE} } } newest: changes(first: 1) { nodes { id } } }`,
        { id: row.id },
        admin,
      ),
    );
    expect(root.changes.totalCount).toBe(expectedCount);
    expect(root.changes.nodes[0]).toEqual(latest);
    expect(root.newest.nodes[0].id).toBe(latest.id);
  });

  it('records the regional admin as actor with VGR as organisation', async () => {
    const row = await callOffOf('1490');
    ok(await registry.gql(updateCallOffs, { input: { rows: [{ id: gid('CallOff', row.id), version: row.version, decisionReference: 'by VGR' }] } }, admin));
    const last = (await sqlRow<SqlRow<{ before: string; after: string }>>(registry, 'select * from changes order by id desc limit 1'))!;
    expect(last).toMatchObject({
      entity: 'CallOff',
      entity_id: row.id,
      operation: 'update',
      actor_role: 'regional_admin',
      actor_org_id: ids.vgr,
      owner_org_id: ids.boras,
    });
    expect(JSON.parse(last.before).decisionReference).toBe(row.decision_reference);
    expect(JSON.parse(last.after).decisionReference).toBe('by VGR');
  });
});

describe('creates and their rules', () => {
  const create = (mutation: string, rows: unknown[], token = admin) => registry.gql(mutation, { input: { rows } }, token).then(ok);

  it('refuses a second call-off for a municipality and option already called off', async () => {
    const existing = await callOffOf('1490', `status != 'withdrawn'`);
    // Demo call-offs count only among demo ones: the rule is about a real one already there.
    await registry.sql('update call_offs set is_demo = false where id = ?', existing.id);
    const rowsBefore = await sqlNumber(registry, 'select count(*) from call_offs');
    const r = (
      await create(createCallOffs, [
        { municipalityId: gid('Municipality', ids.boras), optionId: gid('Option', existing.option_id), status: 'SUBMITTED', submittedOn: '2020-05-12' },
      ])
    ).createCallOffs;
    expect(r.committed).toBe(false);
    expect(r.results[0].__typename).toBe('RowInvalid');
    expect(r.results[0].violations.map((v: Violation) => v.code)).toContain('call_off.duplicate');
    expect(await sqlNumber(registry, 'select count(*) from call_offs')).toBe(rowsBefore);
  });

  it('refuses a call-off for an option whose earlier call-off was withdrawn (one per municipality and option)', async () => {
    const withdrawn = (await sqlRows<CallOffRow>(registry, `select * from call_offs where status = 'withdrawn' limit 1`))[0]!;
    await registry.sql('update call_offs set is_demo = false where id = ?', withdrawn.id);
    const r = (
      await create(createCallOffs, [
        {
          municipalityId: gid('Municipality', withdrawn.municipality_id),
          optionId: gid('Option', withdrawn.option_id),
          status: 'SUBMITTED',
          submittedOn: '2020-05-12',
        },
      ])
    ).createCallOffs;
    expect(r.results[0].__typename).toBe('RowInvalid');
    expect(r.results[0].violations.map((v: Violation) => v.code).some((c: string) => c === 'call_off.duplicate' || c === 'unique')).toBe(true);
  });

  it('refuses two new call-offs for the same municipality and option in one batch', async () => {
    const m = (
      await sqlRows<{ id: number }>(
        registry,
        `select o.id from organisations o where o.kind = 'municipality' and not exists (select 1 from call_offs c where c.municipality_id = o.id and c.option_id = ?) order by o.id limit 1`,
        await optionId(registry, 2),
      )
    )[0]!;
    const row = {
      municipalityId: gid('Municipality', m.id),
      optionId: gid('Option', await optionId(registry, 2)),
      status: 'SUBMITTED',
      submittedOn: '2020-05-12',
    };
    const r = (await registry.gql(createCallOffs, { input: { rows: [row, row], allowPartial: true } }, admin).then(ok)).createCallOffs;
    expect(r.succeeded).toBe(1);
    expect(r.results[1].__typename).toBe('RowInvalid');
    expect(r.results[1].violations.map((v: Violation) => v.code).some((c: string) => c === 'call_off.duplicate' || c === 'unique')).toBe(true);
  });

  it('refuses a new call-off today: the call-off window closed on 2020-05-31; backfilling a May 2020 one works', async () => {
    const option = await optionId(registry, 2);
    const free = await sqlRows<{ id: number }>(
      registry,
      `select o.id from organisations o where o.kind = 'municipality' and not exists (select 1 from call_offs c where c.municipality_id = o.id and c.option_id = ?) order by o.id desc limit 2`,
      option,
    );
    expect(free).toHaveLength(2);
    const today = (await create(createCallOffs, [{ municipalityId: gid('Municipality', free[0]!.id), optionId: gid('Option', option), status: 'DRAFT' }]))
      .createCallOffs;
    expect(today.committed).toBe(false);
    expect(today.results[0].__typename).toBe('RowInvalid');
    expect(today.results[0].violations).toContainEqual(expect.objectContaining({ field: 'optionId', code: 'call_off.window_closed', severity: 'ERROR' }));

    const june = (
      await create(createCallOffs, [
        { municipalityId: gid('Municipality', free[0]!.id), optionId: gid('Option', option), status: 'SUBMITTED', submittedOn: '2020-06-01' },
      ])
    ).createCallOffs;
    expect(june.results[0].violations.map((v: Violation) => v.code)).toContain('call_off.window_closed');

    const may = (
      await create(createCallOffs, [
        { municipalityId: gid('Municipality', free[1]!.id), optionId: gid('Option', option), status: 'SUBMITTED', submittedOn: '2020-05-31' },
      ])
    ).createCallOffs;
    expect(may.committed).toBe(true);
    expect(may.results[0].__typename).toBe('CallOffSaved');
    expect(may.results[0].node).toMatchObject({ status: 'SUBMITTED', submittedOn: '2020-05-31', version: 1 });
    const stored = (await sqlRows<SqlRow>(registry, 'select * from call_offs where municipality_id = ? and option_id = ?', free[1]!.id, option))[0]!;
    // The call-off is the municipality's, whoever typed it in, and it is not demo data.
    expect(stored).toMatchObject({ owner_org_id: free[1]!.id, is_demo: 0, procurement_id: expect.any(Number) });
    const created = await sqlRow(registry, `select * from changes where entity = 'CallOff' and entity_id = ?`, stored.id);
    expect(created).toMatchObject({ operation: 'create', before: null, actor_role: 'regional_admin' });
  });

  it('warns, but saves, when a linked option is taken alone', async () => {
    // Demo and real call-offs are counted apart: a municipality with one option among its demo ones.
    const single = (
      await sqlRows<{ municipality_id: number; option_id: number; is_demo: number }>(
        registry,
        `select municipality_id, min(option_id) option_id, is_demo from call_offs where status != 'withdrawn' group by municipality_id, is_demo having count(*) = 1 order by municipality_id limit 1`,
      )
    )[0]!;
    const row = (
      await sqlRows<SqlRow>(
        registry,
        `select * from call_offs where municipality_id = ? and option_id = ? and is_demo = ?`,
        single.municipality_id,
        single.option_id,
        single.is_demo,
      )
    )[0]!;
    const r = ok(
      await registry.gql(
        updateCallOffs,
        { input: { rows: [{ id: gid('CallOff', row.id), version: row.version, decisionReference: 'KS 2020/alone' }] } },
        admin,
      ),
    ).updateCallOffs;
    expect(r).toMatchObject({ committed: true, succeeded: 1, failed: 0 });
    expect(r.results[0].__typename).toBe('CallOffSaved');
    expect(r.results[0].warnings.length).toBeGreaterThan(0);
    for (const w of r.results[0].warnings) expect(w).toMatchObject({ code: 'call_off.linked_option_missing', severity: 'WARNING' });
    expect(await callOffRow(registry, row.id)).toMatchObject({ decision_reference: 'KS 2020/alone', version: row.version + 1 });

    // A municipality with all three options gets no such warning.
    const full = (
      await sqlRows<{ municipality_id: number; is_demo: number }>(
        registry,
        `select municipality_id, is_demo from call_offs where status != 'withdrawn' group by municipality_id, is_demo having count(*) = 3 limit 1`,
      )
    )[0]!;
    const fullRow = (
      await sqlRows<SqlRow>(registry, `select * from call_offs where municipality_id = ? and is_demo = ? limit 1`, full.municipality_id, full.is_demo)
    )[0]!;
    const f = ok(
      await registry.gql(
        updateCallOffs,
        { input: { rows: [{ id: gid('CallOff', fullRow.id), version: fullRow.version, decisionReference: 'KS 2020/all' }] } },
        admin,
      ),
    ).updateCallOffs;
    expect(f.results[0].__typename).toBe('CallOffSaved');
    expect(f.results[0].warnings).toEqual([]);
  });

  it('refuses a licence to an independent school (its own principal)', async () => {
    const school = (await sqlRows<{ id: number }>(registry, `select id from organisations where kind = 'independent_school' limit 1`))[0]!;
    const licencesBefore = await sqlNumber(registry, 'select count(*) from licences');
    const mutation = `mutation($input: CreateLicencesInput!) { createLicences(input: $input) { ${RESULT_FIELDS} } }`;
    const r = (
      await create(mutation, [
        { municipalityId: gid('Municipality', ids.boras), providerId: gid('Organisation', school.id), modules: 'Journal', validFrom: '2026-01-01' },
      ])
    ).createLicences;
    expect(r.committed).toBe(false);
    expect(r.results[0].__typename).toBe('RowInvalid');
    expect(r.results[0].violations).toContainEqual(expect.objectContaining({ field: 'providerId', code: 'licence.own_principal_provider' }));
    expect(await sqlNumber(registry, 'select count(*) from licences')).toBe(licencesBefore);

    // A private provider that is not its own principal can be licensed, by its municipality.
    const provider = (
      await sqlRows<{ id: number; licensing_municipality_id: number }>(
        registry,
        `select id, licensing_municipality_id from organisations where kind = 'private_care_provider' and own_principal is false limit 1`,
      )
    )[0]!;
    const municipalityCode = (
      await sqlRows<{ municipality_code: string }>(registry, 'select municipality_code from organisations where id = ?', provider.licensing_municipality_id)
    )[0]!.municipality_code;
    const okLicence = (
      await create(
        mutation,
        [
          {
            municipalityId: gid('Municipality', provider.licensing_municipality_id),
            providerId: gid('Organisation', provider.id),
            modules: 'Journal',
            validFrom: '2026-01-01',
          },
        ],
        await registry.newToken(municipalityCode, 'org_admin'),
      )
    ).createLicences;
    expect(okLicence.results[0].__typename).toBe('LicenceSaved');
  });

  const ART_28 = [
    'subjectMatter',
    'duration',
    'nature',
    'purpose',
    'dataTypes',
    'dataSubjectCategories',
    'controllerRights',
    'documentedInstructions',
    'confidentiality',
    'security',
    'subProcessorConditions',
    'dataSubjectRightsAssistance',
    'complianceAssistance',
    'deleteOrReturn',
    'audits',
  ];
  const createAgreements = `mutation($input: CreateAgreementsInput!) { createAgreements(input: $input) { ${RESULT_FIELDS} results { ... on AgreementSaved { node { id kind status validTo missingArt28Items } } } } }`;

  it('refuses to mark a processor agreement signed while art. 28(3) items are missing: one violation per item', async () => {
    const present = ['subjectMatter', 'duration', 'nature', 'purpose'];
    const missing = ART_28.filter((k) => !present.includes(k));
    const before = await sqlNumber(registry, 'select count(*) from agreements');
    const r = (
      await create(createAgreements, [
        {
          kind: 'PROCESSOR',
          title: 'PUB test',
          status: 'SIGNED',
          signedOn: '2024-02-01',
          penalties: false,
          ...Object.fromEntries(present.map((k) => [k, true])),
          audits: false,
        },
      ])
    ).createAgreements;
    expect(r.results[0].__typename).toBe('RowInvalid');
    const art28 = r.results[0].violations.filter((v: Violation) => v.code === 'processor_agreement.art28_missing');
    expect(art28.map((v: Violation) => v.field).sort()).toEqual([...missing].sort());
    expect(art28).toHaveLength(11);
    expect(await sqlNumber(registry, 'select count(*) from agreements')).toBe(before);

    // The same agreement as a draft is fine, and reports what it lacks.
    const draft = (
      await create(createAgreements, [{ kind: 'PROCESSOR', title: 'PUB draft', status: 'DRAFT', ...Object.fromEntries(present.map((k) => [k, true])) }])
    ).createAgreements;
    expect(draft.results[0].__typename).toBe('AgreementSaved');
    expect(draft.results[0].node.missingArt28Items).toHaveLength(11);

    // And with every item it can be signed.
    const complete = (
      await create(createAgreements, [
        { kind: 'PROCESSOR', title: 'PUB complete', status: 'SIGNED', signedOn: '2024-02-01', ...Object.fromEntries(ART_28.map((k) => [k, true])) },
      ])
    ).createAgreements;
    expect(complete.results[0].__typename).toBe('AgreementSaved');
    expect(complete.results[0].node.missingArt28Items).toEqual([]);
  });

  it('refuses a typed end date on an agreement whose end follows the procurement term', async () => {
    const procurement = gid('Procurement', await sqlNumber(registry, 'select min(id) from procurements'));
    const r = (
      await create(createAgreements, [
        {
          kind: 'OPERATIONS_MANAGEMENT',
          title: 'DoF test',
          status: 'DRAFT',
          endFollowsProcurementTerm: true,
          procurementId: procurement,
          validFrom: '2020-06-01',
          validTo: '2030-12-31',
        },
      ])
    ).createAgreements;
    expect(r.results[0].__typename).toBe('RowInvalid');
    expect(r.results[0].violations).toContainEqual(expect.objectContaining({ field: 'validTo', code: 'agreement.end_date_derived' }));
    const blank = (
      await create(createAgreements, [
        {
          kind: 'OPERATIONS_MANAGEMENT',
          title: 'DoF test',
          status: 'DRAFT',
          endFollowsProcurementTerm: true,
          procurementId: procurement,
          validFrom: '2020-06-01',
        },
      ])
    ).createAgreements;
    expect(blank.results[0].__typename).toBe('AgreementSaved');
    expect(blank.results[0].node.validTo).toBeNull();
  });

  it('refuses purging patient records after 5 years (patientdatalagen: at least 10)', async () => {
    const category = await sqlNumber(registry, `select id from information_categories where code = 'school_health_record'`);
    const mutation = `mutation($input: CreateRetentionRulesInput!) { createRetentionRules(input: $input) { ${RESULT_FIELDS} } }`;
    const rule = {
      categoryId: gid('InformationCategory', category),
      action: 'PURGE',
      trigger: 'LAST_ENTRY',
      purgeDecisionBody: 'Regionstyrelsen',
      purgeDecisionReference: 'RS 2026/1',
      purgeDecisionOn: '2026-01-15',
    };
    const r = (await create(mutation, [{ ...rule, years: 5 }])).createRetentionRules;
    expect(r.results[0].__typename).toBe('RowInvalid');
    expect(r.results[0].violations).toEqual([expect.objectContaining({ field: 'years', code: 'retention.below_legal_minimum' })]);
    const noDecision = (await create(mutation, [{ categoryId: rule.categoryId, action: 'PURGE', trigger: 'LAST_ENTRY', years: 10 }])).createRetentionRules;
    expect(noDecision.results[0].violations.map((v: Violation) => v.code)).toEqual(Array(3).fill('retention.purge_decision_required'));
    const fine = (await create(mutation, [{ ...rule, years: 10 }])).createRetentionRules;
    expect(fine.results[0].__typename).toBe('RetentionRuleSaved');
  });

  it('refuses an organisation number with a wrong Luhn check digit', async () => {
    const nine = '556677889';
    const good = `${nine}${luhnDigit(nine)}`;
    const bad = `${nine}${(luhnDigit(nine) + 1) % 10}`;
    const mutation = `mutation($input: CreateOrganisationsInput!) { createOrganisations(input: $input) { ${RESULT_FIELDS} results { ... on OrganisationSaved { node { organisationNumber } } } } }`;
    const r = (await create(mutation, [{ kind: 'SUPPLIER', name: 'Luhn AB', organisationNumber: bad }])).createOrganisations;
    expect(r.results[0].__typename).toBe('RowInvalid');
    expect(r.results[0].violations).toEqual([expect.objectContaining({ field: 'organisationNumber', code: 'organisation_number.luhn' })]);
    expect(await sqlNumber(registry, 'select count(*) from organisations where organisation_number = ?', bad)).toBe(0);
    const fine = (await create(mutation, [{ kind: 'SUPPLIER', name: 'Luhn AB', organisationNumber: good }])).createOrganisations;
    expect(fine.results[0]).toMatchObject({ __typename: 'OrganisationSaved', node: { organisationNumber: good } });
  });

  // An organisation number in its printed form (NNNNNN-NNNN) is stored as bare digits, so the
  // UNIQUE index sees that 232100-0131 is VGR's 2321000131.
  it('refuses a second organisation with VGR’s number written 232100-0131', async () => {
    const mutation = `mutation($input: CreateOrganisationsInput!) { createOrganisations(input: $input) { ${RESULT_FIELDS} } }`;
    const r = (await create(mutation, [{ kind: 'SUPPLIER', name: 'Second VGR', organisationNumber: '232100-0131' }])).createOrganisations;
    expect(r.results[0].__typename).toBe('RowInvalid');
  });

  it('stores a printed organisation number as bare digits', async () => {
    const nine = '556611223';
    const digits = `${nine}${luhnDigit(nine)}`;
    const mutation = `mutation($input: CreateOrganisationsInput!) { createOrganisations(input: $input) { ${RESULT_FIELDS} results { ... on OrganisationSaved { node { organisationNumber } } } } }`;
    const r = (await create(mutation, [{ kind: 'SUPPLIER', name: 'Printed AB', organisationNumber: `${digits.slice(0, 6)}-${digits.slice(6)}` }]))
      .createOrganisations;
    expect(r.results[0].node.organisationNumber).toBe(digits);
  });
});

// Text that could not be stored as written (a lone surrogate becomes U+FFFD on its way into
// SQLite), control characters where a line of text is meant, and text past a field's limit.
describe('text a row cannot hold', () => {
  const updateAgreements = `mutation($input: UpdateAgreementsInput!) { updateAgreements(input: $input) { ${RESULT_FIELDS} results { ... on AgreementSaved { node { version publicSummary } } } } }`;
  const createOrganisations = `mutation($input: CreateOrganisationsInput!) { createOrganisations(input: $input) { ${RESULT_FIELDS} } }`;
  const agreement = async () => (await sqlRows<SqlRow>(registry, 'select * from agreements order by id limit 1'))[0]!;
  const violations = (r: { results: RowAnswer[] }) =>
    r.results.flatMap((x: RowAnswer) => (x.violations ?? []).map((v: Violation) => [x.index, v.field, v.code]));

  it('refuses a lone surrogate, a control character and a text past its limit as RowInvalid naming the field, and changes nothing', async () => {
    const before = await agreement();
    const changes = await changeCount(registry);
    const rows = [
      { title: 'Avtal \uD800 2020' },
      { reference: 'KS\u00002020/1' },
      { title: `Avtal\nrad två` },
      { title: 'x'.repeat(201) },
      { reference: 'x'.repeat(101) },
      { publicSummary: 'x'.repeat(2001) },
      { publicSummary: 'bad \uDC00 text' },
    ];
    const got = [];
    for (const values of rows) {
      const r = ok(
        await registry.gql(updateAgreements, { input: { rows: [{ id: gid('Agreement', before.id), version: before.version, ...values }] } }, admin),
      ).updateAgreements;
      expect(r.committed).toBe(false);
      got.push(...violations(r).map((v: unknown[]) => v.slice(1)));
    }
    expect(got).toEqual([
      ['title', 'text.malformed'],
      ['reference', 'text.control_character'],
      ['title', 'text.control_character'],
      ['title', 'text.too_long'],
      ['reference', 'text.too_long'],
      ['publicSummary', 'text.too_long'],
      ['publicSummary', 'text.malformed'],
    ]);
    expect(await agreement()).toEqual(before);
    expect(await changeCount(registry)).toBe(changes);
    const created = ok(
      await registry.gql(
        createOrganisations,
        {
          input: {
            allowPartial: true,
            rows: [
              { kind: 'SUPPLIER', name: 'Nul\u0000 AB' },
              { kind: 'SUPPLIER', name: 'y'.repeat(201) },
            ],
          },
        },
        admin,
      ),
    ).createOrganisations;
    expect(violations(created)).toEqual([
      [0, 'name', 'text.control_character'],
      [1, 'name', 'text.too_long'],
    ]);
    expect(await sqlNumber(registry, "select count(*) from organisations where name like 'Nul%' or length(name) > 200")).toBe(0);
  });

  it('keeps free text with line breaks, emoji and combining marks, up to the limit, exactly as written', async () => {
    const before = await agreement();
    const text = `Rad ett\r\nrad två\ttab 😀 e\u0301 \u200Fעברית\u200E ${'ö'.repeat(1900)}`.slice(0, 2000);
    const r = ok(
      await registry.gql(updateAgreements, { input: { rows: [{ id: gid('Agreement', before.id), version: before.version, publicSummary: text }] } }, admin),
    ).updateAgreements;
    expect(r.results[0]).toMatchObject({ __typename: 'AgreementSaved', node: { publicSummary: text } });
    expect((await agreement()).public_summary).toBe(text);
  });
});

describe('deletes', () => {
  it('deletes with the right version and records it; a stale version conflicts', async () => {
    const rows = await sqlRows<SqlRow>(registry, `select * from call_offs where status = 'withdrawn' order by id limit 2`);
    expect(rows).toHaveLength(2);
    const [gone, kept] = rows as [SqlRow, SqlRow];
    const before = await changeCount(registry);

    const stale = ok(
      await registry.gql(deleteCallOffs, { input: { rows: [{ id: gid('CallOff', kept.id), version: kept.version - 1 }] } }, admin),
    ).deleteCallOffs;
    expect(stale.committed).toBe(false);
    expect(stale.results[0]).toMatchObject({ __typename: 'CallOffConflict', yourVersion: kept.version - 1, current: { version: kept.version } });
    expect(await callOffRow(registry, kept.id)).toEqual(kept);
    expect(await changeCount(registry)).toBe(before);

    const r = ok(await registry.gql(deleteCallOffs, { input: { rows: [{ id: gid('CallOff', gone.id), version: gone.version }] } }, admin)).deleteCallOffs;
    expect(r).toMatchObject({ committed: true, succeeded: 1, failed: 0 });
    expect(r.results[0]).toEqual({ __typename: 'RowDeleted', index: 0, deleted: true });
    expect(await callOffRow(registry, gone.id)).toBeUndefined();
    expect(await changeCount(registry)).toBe(before + 1);

    const change = ok(
      await registry.gql(
        `query($id: Int!) { changes(first: 1, filter: { entity: { eq: "CallOff" }, entityId: { eq: $id }, operation: { eq: DELETE } }) { nodes { operation actorRole before after actorOrganisation { name } } } }`,
        { id: gone.id },
        admin,
      ),
    ).changes.nodes[0];
    expect(change).toMatchObject({ operation: 'DELETE', actorRole: 'REGIONAL_ADMIN', after: null, actorOrganisation: { name: 'Västra Götalandsregionen' } });
    expect(change.before).toMatchObject({ id: gone.id, version: gone.version, status: 'withdrawn' });

    const again = ok(await registry.gql(deleteCallOffs, { input: { rows: [{ id: gid('CallOff', gone.id), version: gone.version }] } }, admin)).deleteCallOffs;
    expect(again.results[0].__typename).toBe('RowNotFound');
  });

  it('refuses to delete an organisation other rows still refer to', async () => {
    const row = (await sqlRow<SqlRow>(registry, 'select * from organisations where id = ?', ids.boras))!;
    const mutation = `mutation($input: DeleteOrganisationsInput!) { deleteOrganisations(input: $input) { ${RESULT_FIELDS} } }`;
    const r = ok(await registry.gql(mutation, { input: { rows: [{ id: gid('Organisation', ids.boras), version: row.version }] } }, admin)).deleteOrganisations;
    expect(r.committed).toBe(false);
    expect(r.results[0]).toMatchObject({ __typename: 'RowInvalid', violations: [expect.objectContaining({ code: 'reference.in_use' })] });
    expect(await sqlRow(registry, 'select * from organisations where id = ?', ids.boras)).toEqual(row);
  });
});

// An organisation's roll-out stage is a foreign key, though a stage has an owner (the two tables
// name each other): the API answers a missing stage on its field, the database itself refuses one
// written behind the API's back, and a stage that organisations still name is not deleted.
describe('roll-out stage references', () => {
  const updateOrganisations = `mutation($input: UpdateOrganisationsInput!) { updateOrganisations(input: $input) { ${RESULT_FIELDS} } }`;
  const createOrganisations = `mutation($input: CreateOrganisationsInput!) { createOrganisations(input: $input) { ${RESULT_FIELDS} } }`;
  const deleteRolloutStages = `mutation($input: DeleteRolloutStagesInput!) { deleteRolloutStages(input: $input) { ${RESULT_FIELDS} } }`;
  const missingStage = () => sqlNumber(registry, 'select coalesce(max(id), 0) + 1000 from rollout_stages');
  const stageMissing = { __typename: 'RowInvalid', violations: [expect.objectContaining({ field: 'rolloutStageId', code: 'reference.missing' })] };

  it('answers a stage that does not exist as RowInvalid on rolloutStageId, creating or updating, and writes nothing', async () => {
    const missing = await missingStage();
    const row = (await sqlRow<SqlRow>(registry, 'select * from organisations where id = ?', ids.boras))!;
    const before = await changeCount(registry);
    const updated = ok(
      await registry.gql(
        updateOrganisations,
        { input: { rows: [{ id: gid('Organisation', ids.boras), version: row.version, rolloutStageId: gid('RolloutStage', missing) }] } },
        admin,
      ),
    ).updateOrganisations;
    expect(updated).toMatchObject({ committed: false, failed: 1 });
    expect(updated.results[0]).toMatchObject(stageMissing);
    const created = ok(
      await registry.gql(
        createOrganisations,
        { input: { rows: [{ kind: 'SUPPLIER', name: 'Etapplös AB', rolloutStageId: gid('RolloutStage', missing) }] } },
        admin,
      ),
    ).createOrganisations;
    expect(created.results[0]).toMatchObject(stageMissing);
    expect(await sqlRow(registry, 'select * from organisations where id = ?', ids.boras)).toEqual(row);
    expect(await sqlNumber(registry, `select count(*) from organisations where name = 'Etapplös AB'`)).toBe(0);
    expect(await changeCount(registry)).toBe(before);
  });

  it('is refused by the database itself when written behind the API’s back', async () => {
    const missing = await missingStage();
    const refused = async (text: string, ...params: unknown[]) => {
      const error = await registry.sql(text, ...params).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isConstraintViolation(error), `${text}: ${String(error)}`).toBe(true);
    };
    await refused('update organisations set rollout_stage_id = ? where id = ?', missing, ids.boras);
    await refused(`insert into organisations (kind, name, owner_org_id, rollout_stage_id) values ('supplier', 'Bakvägen AB', ?, ?)`, ids.vgr, missing);
    expect(await sqlNumber(registry, 'select count(*) from organisations where rollout_stage_id = ?', missing)).toBe(0);
  });

  it('refuses to delete a stage that organisations still name, and deletes one they do not', async () => {
    const stage = (await sqlRow<SqlRow>(
      registry,
      'select * from rollout_stages where id in (select rollout_stage_id from organisations) order by id limit 1',
    ))!;
    expect(stage).toBeDefined();
    const named = ok(
      await registry.gql(deleteRolloutStages, { input: { rows: [{ id: gid('RolloutStage', stage.id), version: stage.version }] } }, admin),
    ).deleteRolloutStages;
    expect(named.committed).toBe(false);
    expect(named.results[0]).toMatchObject({ __typename: 'RowInvalid', violations: [expect.objectContaining({ code: 'reference.in_use' })] });
    expect(await sqlRow(registry, 'select * from rollout_stages where id = ?', stage.id)).toEqual(stage);

    const [spare] = await registry.sql<{ id: number }>(
      `insert into rollout_stages (number, area, owner_org_id) values (9001, 'Reserv', ?) returning id`,
      ids.vgr,
    );
    const gone = ok(
      await registry.gql(deleteRolloutStages, { input: { rows: [{ id: gid('RolloutStage', spare!.id), version: 1 }] } }, admin),
    ).deleteRolloutStages;
    expect(gone).toMatchObject({ committed: true, succeeded: 1 });
  });
});

describe('derived end dates', () => {
  it('fills in the end of every agreement that follows the procurement term once implementation is completed, and records it', async () => {
    const procurement = (await sqlRow<SqlRow>(registry, 'select * from procurements order by id limit 1'))!;
    const following = await sqlRows<{ id: number; valid_to: string | null; version: number }>(
      registry,
      'select id, valid_to, version from agreements where end_follows_procurement_term is true and procurement_id = ?',
      procurement.id,
    );
    expect(following.length).toBeGreaterThan(0);
    expect(following.every((a) => a.valid_to === null)).toBe(true);
    const mutation = `mutation($input: UpdateProcurementsInput!) { updateProcurements(input: $input) { ${RESULT_FIELDS} results { ... on ProcurementSaved { node { agreementEndsOn } } } } }`;
    const r = ok(
      await registry.gql(
        mutation,
        { input: { rows: [{ id: gid('Procurement', procurement.id), version: procurement.version, implementationCompletedOn: '2025-11-08' }] } },
        admin,
      ),
    ).updateProcurements;
    expect(r.committed).toBe(true);
    // 10 years after completed implementation, no extension decided.
    expect(r.results[0].node.agreementEndsOn).toBe('2035-11-08');
    const now = await sqlRows<{ id: number; valid_to: string | null; version: number }>(
      registry,
      'select id, valid_to, version from agreements where end_follows_procurement_term is true and procurement_id = ?',
      procurement.id,
    );
    expect(now.every((a) => a.valid_to === '2035-11-08')).toBe(true);
    for (const a of following) {
      const change = await sqlRow<SqlRow<{ after: string }>>(
        registry,
        `select * from changes where entity = 'Agreement' and entity_id = ? order by id desc limit 1`,
        a.id,
      );
      expect(change, `history of agreement ${a.id}`).toBeDefined();
      expect(JSON.parse(change!.after).validTo).toBe('2035-11-08');
    }
    // From now on the derived date is the only accepted one, and it need not be typed.
    const createAgreements = `mutation($input: CreateAgreementsInput!) { createAgreements(input: $input) { ${RESULT_FIELDS} results { ... on AgreementSaved { node { validTo } } } } }`;
    const created = ok(
      await registry.gql(
        createAgreements,
        {
          input: {
            rows: [
              {
                kind: 'OPERATIONS_MANAGEMENT',
                title: 'DoF efter implementering',
                status: 'DRAFT',
                endFollowsProcurementTerm: true,
                procurementId: gid('Procurement', procurement.id),
              },
            ],
          },
        },
        admin,
      ),
    ).createAgreements;
    expect(created.results[0]).toMatchObject({ __typename: 'AgreementSaved', node: { validTo: '2035-11-08' } });
    const typed = ok(
      await registry.gql(
        createAgreements,
        {
          input: {
            rows: [
              {
                kind: 'OPERATIONS_MANAGEMENT',
                title: 'DoF fel slut',
                status: 'DRAFT',
                endFollowsProcurementTerm: true,
                procurementId: gid('Procurement', procurement.id),
                validTo: '2036-01-01',
              },
            ],
          },
        },
        admin,
      ),
    ).createAgreements;
    expect(typed.results[0].__typename).toBe('RowInvalid');
    expect(typed.results[0].violations).toContainEqual(expect.objectContaining({ field: 'validTo', code: 'agreement.end_date_derived' }));
  });
});
