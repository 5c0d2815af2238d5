import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { changeCount, gid, ok, orgId, RESULT_FIELDS, sqlNumber, sqlRows } from './helpers';

// save<Plural> over HTTP on a real database (SQLite, and PostgreSQL too): one Save is one
// transaction of deletes, updates and creates, with one typed result per row.

const SAVE_RESULTS = `
  committed succeeded failed
  results {
    __typename
    ... on RowResult { operation index id }
    ... on RowSaved { node { ... on Service { name description version } } warnings { code } }
    ... on RowConflict { yourVersion current { ... on Service { name version } } }
    ... on RowInvalid { violations { field code severity } }
    ... on RowForbidden { code }
    ... on RowDeleted { deleted }
  }`;
const saveServices = `mutation($input: SaveServicesInput!) { saveServices(input: $input) { ${SAVE_RESULTS} } }`;

let registry: Registry;
let borasAdmin: string;
let goteborgAdmin: string;
let prefix = 0;

interface ServiceRow {
  id: number;
  name: string;
  version: number;
}

/** Fresh services owned by Borås, named `<tag> 1`, `<tag> 2`, … */
async function services(tag: string, count: number): Promise<ServiceRow[]> {
  const names = Array.from({ length: count }, (_, i) => `${tag} ${i + 1}`);
  const r = ok(await registry.gql(saveServices, { input: { create: names.map((name) => ({ name })) } }, borasAdmin));
  expect(r.saveServices).toMatchObject({ committed: true, succeeded: count, failed: 0 });
  return sqlRows<ServiceRow>(registry, `select id, name, version from services where name like ? order by id`, `${tag} %`);
}

const names = async (tag: string) =>
  (await sqlRows<{ name: string }>(registry, 'select name from services where name like ? order by name', `${tag}%`)).map((r) => r.name);
const tagged = (label: string) => `Save ${++prefix} ${label}`;

beforeAll(async () => {
  registry = await startRegistry();
  borasAdmin = await registry.newToken('1490', 'org_admin');
  goteborgAdmin = await registry.newToken('1480', 'org_admin');
});
afterAll(() => registry?.close());

describe('saveServices', () => {
  it('deletes, updates and creates in one request, deletes first: a new row may take the name of a row deleted in the same Save', async () => {
    const tag = tagged('mixed');
    const [a, b, c] = await services(tag, 3);
    const before = await changeCount(registry);
    const r = ok(
      await registry.gql(
        saveServices,
        {
          input: {
            create: [{ name: `${tag} 3` }, { name: `${tag} 4`, description: 'ny' }],
            update: [{ id: gid('Service', b!.id), version: b!.version, description: 'ändrad' }],
            delete: [{ id: gid('Service', c!.id), version: c!.version }],
          },
        },
        borasAdmin,
      ),
    ).saveServices;
    expect(r).toMatchObject({ committed: true, succeeded: 4, failed: 0 });
    // Results in the input's order: creates, updates, deletes, each naming its operation and index.
    expect(r.results.map((x: { __typename: string; operation: string; index: number }) => [x.__typename, x.operation, x.index])).toEqual([
      ['RowSaved', 'CREATE', 0],
      ['RowSaved', 'CREATE', 1],
      ['RowSaved', 'UPDATE', 0],
      ['RowDeleted', 'DELETE', 0],
    ]);
    expect(r.results[0].node).toEqual({ name: `${tag} 3`, description: null, version: 1 });
    expect(r.results[2]).toMatchObject({ id: gid('Service', b!.id), node: { name: `${tag} 2`, description: 'ändrad', version: b!.version + 1 } });
    expect(r.results[3]).toMatchObject({ id: gid('Service', c!.id), deleted: true });
    const created = await sqlNumber(registry, 'select id from services where name = ?', `${tag} 4`);
    expect(r.results[1].id).toBe(gid('Service', created));
    expect(await names(tag)).toEqual([`${tag} 1`, `${tag} 2`, `${tag} 3`, `${tag} 4`]);
    expect(await sqlNumber(registry, 'select count(*) from services where id = ?', c!.id)).toBe(0);
    expect(a).toBeDefined();
    // One change record per row, all written by the one transaction.
    expect(await changeCount(registry)).toBe(before + 4);
    const stamps = await sqlRows<{ at: string }>(registry, 'select distinct at from (select at from changes order by id desc limit 4) last');
    expect(stamps).toHaveLength(1);
  });

  it('is all-or-nothing by default: one failing row rolls back every row, and every failing row is named (row, field, rule)', async () => {
    const tag = tagged('rollback');
    const [a, b, c, d] = await services(tag, 4);
    const before = await changeCount(registry);
    const taken = `${tag} 1`;
    const r = ok(
      await registry.gql(
        saveServices,
        {
          input: {
            create: [{ name: `${tag} new` }, { name: taken }],
            update: [
              { id: gid('Service', b!.id), version: b!.version, description: 'fine' },
              { id: gid('Service', c!.id), version: c!.version, name: '' },
            ],
            delete: [
              { id: gid('Service', d!.id), version: d!.version + 1 },
              { id: gid('Service', a!.id), version: a!.version },
            ],
          },
        },
        borasAdmin,
      ),
    ).saveServices;
    expect(r).toMatchObject({ committed: false, succeeded: 0, failed: 6 });
    const outcome = (op: string, index: number) => r.results.find((x: { operation: string; index: number }) => x.operation === op && x.index === index);
    // The name of a row deleted in the same Save would be free, but the delete is not applied: so it is taken.
    expect(outcome('CREATE', 0)).toMatchObject({ __typename: 'RowNotApplied' });
    expect(outcome('UPDATE', 0)).toMatchObject({ __typename: 'RowNotApplied' });
    expect(outcome('UPDATE', 1)).toMatchObject({
      __typename: 'RowInvalid',
      id: gid('Service', c!.id),
      violations: [{ field: 'name', code: 'required', severity: 'ERROR' }],
    });
    expect(outcome('DELETE', 0)).toMatchObject({
      __typename: 'RowConflict',
      id: gid('Service', d!.id),
      yourVersion: d!.version + 1,
      current: { name: `${tag} 4`, version: d!.version },
    });
    expect(outcome('DELETE', 1)).toMatchObject({ __typename: 'RowNotApplied' });
    expect(['RowInvalid', 'RowNotApplied']).toContain(outcome('CREATE', 1).__typename);
    // Nothing written: rows and history as before.
    expect(await names(tag)).toEqual([`${tag} 1`, `${tag} 2`, `${tag} 3`, `${tag} 4`]);
    expect(await sqlRows(registry, 'select id, version, description from services where id in (?, ?)', b!.id, c!.id)).toEqual([
      { id: b!.id, version: b!.version, description: null },
      { id: c!.id, version: c!.version, description: null },
    ]);
    expect(await changeCount(registry)).toBe(before);
  });

  it('names a row refused by the database itself (a unique name) in a rolled-back Save', async () => {
    const tag = tagged('unique');
    await services(tag, 1);
    const before = await changeCount(registry);
    const r = ok(await registry.gql(saveServices, { input: { create: [{ name: `${tag} fresh` }, { name: `${tag} 1` }] } }, borasAdmin)).saveServices;
    expect(r.committed).toBe(false);
    expect(r.results[0]).toMatchObject({ __typename: 'RowNotApplied', operation: 'CREATE', index: 0, id: null });
    expect(r.results[1]).toMatchObject({ __typename: 'RowInvalid', operation: 'CREATE', index: 1, violations: [{ field: 'name', code: 'unique' }] });
    expect(await names(tag)).toEqual([`${tag} 1`]);
    expect(await changeCount(registry)).toBe(before);
  });

  it('with allowPartial: true writes the valid rows and reports the others', async () => {
    const tag = tagged('partial');
    const [a, b, c] = await services(tag, 3);
    const before = await changeCount(registry);
    const r = ok(
      await registry.gql(
        saveServices,
        {
          input: {
            allowPartial: true,
            create: [{ name: `${tag} 4` }, { name: `${tag} 1` }],
            update: [
              { id: gid('Service', a!.id), version: a!.version, description: 'sparad' },
              { id: gid('Service', b!.id), version: b!.version, name: '' },
            ],
            delete: [{ id: gid('Service', c!.id), version: c!.version }],
          },
        },
        borasAdmin,
      ),
    ).saveServices;
    expect(r).toMatchObject({ committed: true, succeeded: 3, failed: 2 });
    expect(r.results.map((x: { __typename: string }) => x.__typename)).toEqual(['RowSaved', 'RowInvalid', 'RowSaved', 'RowInvalid', 'RowDeleted']);
    expect(r.results[1].violations).toEqual([expect.objectContaining({ field: 'name', code: 'unique' })]);
    expect(r.results[3].violations).toEqual([expect.objectContaining({ field: 'name', code: 'required' })]);
    expect(await names(tag)).toEqual([`${tag} 1`, `${tag} 2`, `${tag} 4`]);
    expect(await sqlNumber(registry, 'select version from services where id = ?', a!.id)).toBe(a!.version + 1);
    expect(await changeCount(registry)).toBe(before + 3);
  });

  it('answers a stale version as a conflict with the row as stored, and overwrites nothing', async () => {
    const tag = tagged('conflict');
    const [a] = await services(tag, 1);
    ok(await registry.gql(saveServices, { input: { update: [{ id: gid('Service', a!.id), version: a!.version, description: 'first' }] } }, borasAdmin));
    const r = ok(
      await registry.gql(saveServices, { input: { update: [{ id: gid('Service', a!.id), version: a!.version, description: 'second' }] } }, borasAdmin),
    ).saveServices;
    expect(r.committed).toBe(false);
    expect(r.results).toEqual([
      expect.objectContaining({
        __typename: 'RowConflict',
        operation: 'UPDATE',
        index: 0,
        yourVersion: a!.version,
        current: { name: `${tag} 1`, version: a!.version + 1 },
      }),
    ]);
    expect(await sqlNumber(registry, "select count(*) from services where id = ? and description = 'first'", a!.id)).toBe(1);
  });

  it('refuses another organisation’s row as RowForbidden, and writes none of the Save', async () => {
    const tag = tagged('forbidden');
    const [a] = await services(tag, 1);
    const before = await changeCount(registry);
    const r = ok(
      await registry.gql(
        saveServices,
        {
          input: {
            create: [{ name: `${tag} Göteborg` }],
            update: [{ id: gid('Service', a!.id), version: a!.version, description: 'Göteborg was here' }],
            delete: [{ id: gid('Service', a!.id), version: a!.version }],
          },
        },
        goteborgAdmin,
      ),
    ).saveServices;
    expect(r.committed).toBe(false);
    const byOp = Object.fromEntries(r.results.map((x: { operation: string }) => [x.operation, x]));
    expect(byOp.DELETE).toMatchObject({ __typename: 'RowForbidden', code: 'auth.not_owner', id: gid('Service', a!.id) });
    // The same row also in `update`: one change per row.
    expect(byOp.UPDATE).toMatchObject({ __typename: 'RowInvalid', violations: [{ field: 'id', code: 'batch.duplicate_row' }] });
    expect(byOp.CREATE).toMatchObject({ __typename: 'RowNotApplied' });
    expect(await names(tag)).toEqual([`${tag} 1`]);
    expect(await changeCount(registry)).toBe(before);
  });

  it('answers a row the caller may not see exactly as a row that does not exist', async () => {
    const tag = tagged('hidden');
    const [a, b] = await services(tag, 2);
    const missing = await sqlNumber(registry, 'select max(id) + 1000 from services');
    // Without a token services are hidden.
    const attempt = (update: number, remove: number) =>
      registry.raw(`mutation($input: SaveServicesInput!) { saveServices(input: $input) { ${RESULT_FIELDS} } }`, {
        input: {
          update: [{ id: gid('Service', update), version: a!.version, description: 'x' }],
          delete: [{ id: gid('Service', remove), version: b!.version }],
        },
      });
    const hidden = await attempt(a!.id, b!.id);
    expect(hidden).toBe(await attempt(missing, missing + 1));
    expect(hidden.match(/RowNotFound/g)).toHaveLength(2);
  });

  it('answers an owner that does not exist as a typed violation of that row’s ownerId, not a database error', async () => {
    const tag = tagged('owner');
    const regionAdmin = await registry.newToken('2321000131', 'regional_admin');
    const missing = await sqlNumber(registry, 'select max(id) + 1000 from organisations');
    const boras = await orgId(registry, '1490');
    const save = (allowPartial: boolean) =>
      registry.gql(
        saveServices,
        {
          input: {
            create: [
              { name: `${tag} Borås`, ownerId: gid('Organisation', boras) },
              { name: `${tag} nobody`, ownerId: gid('Organisation', missing) },
              { name: `${tag} nobody's municipality`, ownerId: gid('Municipality', missing + 1) },
            ],
            allowPartial,
          },
        },
        regionAdmin,
      );
    const ownerMissing = { __typename: 'RowInvalid', violations: [{ field: 'ownerId', code: 'reference.missing', severity: 'ERROR' }] };

    // All or nothing: the two unknown owners are named by row and field; the valid row is not written.
    const all = ok(await save(false)).saveServices;
    expect(all).toMatchObject({ committed: false, succeeded: 0, failed: 3 });
    expect(all.results).toMatchObject([
      { __typename: 'RowNotApplied', operation: 'CREATE', index: 0 },
      { ...ownerMissing, operation: 'CREATE', index: 1 },
      { ...ownerMissing, operation: 'CREATE', index: 2 },
    ]);
    expect(await names(tag)).toEqual([]);

    // allowPartial: the row with a real owner is written, owned by it; the others are still reported.
    const partial = ok(await save(true)).saveServices;
    expect(partial).toMatchObject({ committed: true, succeeded: 1, failed: 2 });
    expect(partial.results.slice(1)).toMatchObject([ownerMissing, ownerMissing]);
    expect(await sqlRows(registry, 'select name, owner_org_id as "ownerOrgId" from services where name like ?', `${tag} %`)).toEqual([
      { name: `${tag} Borås`, ownerOrgId: boras },
    ]);
  });

  it('rejects more than 10,000 rows in one Save before writing anything', async () => {
    const r = await registry.gql(saveServices, { input: { create: Array.from({ length: 10_001 }, (_, i) => ({ name: `too many ${i}` })) } }, borasAdmin);
    expect(r.errors?.[0]?.message).toMatch(/At most 10000 rows/);
    expect(await sqlNumber(registry, "select count(*) from services where name like 'too many %'")).toBe(0);
  });
});

describe('the old per-operation mutations', () => {
  it('still work, and are deprecated in favour of save<Plural>', async () => {
    const tag = tagged('deprecated');
    const r = ok(
      await registry.gql(
        `mutation($input: CreateServicesInput!) { createServices(input: $input) { ${RESULT_FIELDS} } }`,
        { input: { rows: [{ name: `${tag} 1` }] } },
        borasAdmin,
      ),
    ).createServices;
    expect(r).toMatchObject({ committed: true, succeeded: 1 });
    const [row] = await sqlRows<ServiceRow>(registry, 'select id, name, version from services where name = ?', `${tag} 1`);
    const d = ok(
      await registry.gql(
        `mutation($input: DeleteServicesInput!) { deleteServices(input: $input) { ${RESULT_FIELDS} } }`,
        { input: { rows: [{ id: gid('Service', row!.id), version: row!.version }] } },
        borasAdmin,
      ),
    ).deleteServices;
    expect(d.results).toEqual([expect.objectContaining({ __typename: 'RowDeleted', index: 0, deleted: true })]);
    const fields = ok(await registry.gql('{ __schema { mutationType { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } } }')).__schema
      .mutationType.fields as {
      name: string;
      isDeprecated: boolean;
      deprecationReason: string | null;
    }[];
    const field = (name: string) => fields.find((f) => f.name === name);
    for (const op of ['create', 'update', 'delete'])
      expect(field(`${op}Services`)).toMatchObject({ isDeprecated: true, deprecationReason: expect.stringContaining('saveServices') });
    expect(field('saveServices')).toMatchObject({ isDeprecated: false });
    // Every entity with the old mutations has its save, the call-off matrix's too.
    const saves = fields.filter((f) => f.name.startsWith('save')).map((f) => f.name);
    for (const f of fields.filter((f) => /^(create|update|delete)[A-Z]/.test(f.name) && f.isDeprecated))
      expect(saves).toContain(f.name.replace(/^(create|update|delete)/, 'save'));
    expect(saves).toContain('saveCallOffs');
  });
});
