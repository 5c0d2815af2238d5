import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { gid, ok, orgId, sqlNumber } from './helpers';

// The reference data as DOMAIN.md lists it, typed out here (not imported from the seed), so a
// mistake in the seed cannot hide behind the test.
const EXPECTED: Record<string, Record<string, string>> = {
  Fyrbodal: {
    Bengtsfors: '1460',
    'Dals-Ed': '1438',
    Färgelanda: '1439',
    Lysekil: '1484',
    Mellerud: '1461',
    Munkedal: '1430',
    Orust: '1421',
    Sotenäs: '1427',
    Strömstad: '1486',
    Tanum: '1435',
    Trollhättan: '1488',
    Uddevalla: '1485',
    Vänersborg: '1487',
    Åmål: '1492',
  },
  Göteborgsregionen: {
    Ale: '1440',
    Alingsås: '1489',
    Göteborg: '1480',
    Härryda: '1401',
    Kungälv: '1482',
    Lerum: '1441',
    'Lilla Edet': '1462',
    Mölndal: '1481',
    Partille: '1402',
    Stenungsund: '1415',
    Tjörn: '1419',
    Öckerö: '1407',
  },
  Sjuhärad: { Bollebygd: '1443', Borås: '1490', Herrljunga: '1466', Mark: '1463', Svenljunga: '1465', Tranemo: '1452', Ulricehamn: '1491', Vårgårda: '1442' },
  Skaraborg: {
    Essunga: '1445',
    Falköping: '1499',
    Grästorp: '1444',
    Gullspång: '1447',
    Götene: '1471',
    Hjo: '1497',
    Karlsborg: '1446',
    Lidköping: '1494',
    Mariestad: '1493',
    Skara: '1495',
    Skövde: '1496',
    Tibro: '1472',
    Tidaholm: '1498',
    Töreboda: '1473',
    Vara: '1470',
  },
};

let registry: Registry;
let analyst: string;
let admin: string;
let callOffGid: string;

beforeAll(async () => {
  registry = await startRegistry();
  analyst = await registry.newToken('1480', 'analyst');
  admin = await registry.newToken('2321000131', 'regional_admin');
  callOffGid = gid('CallOff', await sqlNumber(registry, 'select min(id) from call_offs'));
});
afterAll(() => registry?.close());

describe('reference data, read anonymously', () => {
  it('lists exactly the 49 municipalities of DOMAIN.md with their codes and associations', async () => {
    const data = ok(await registry.gql('{ municipalities(first: 100) { totalCount edges { node { code name association { name } } } } }'));
    expect(data.municipalities.totalCount).toBe(49);
    const got: { code: string; name: string; association: { name: string } | null }[] = data.municipalities.edges.map((e: { node: unknown }) => e.node);
    expect(got).toHaveLength(49);

    const expected = Object.entries(EXPECTED).flatMap(([association, members]) => Object.entries(members).map(([name, code]) => ({ association, name, code })));
    expect(expected).toHaveLength(49);
    expect(new Set(got.map((m) => m.code)).size).toBe(49);
    for (const e of expected) {
      const m = got.find((x) => x.code === e.code);
      expect(m, `municipality ${e.name} ${e.code}`).toBeDefined();
      expect(m!.name).toBe(e.name);
      // Stored as the association's full name ("Fyrbodals kommunalförbund", "Göteborgsregionen (GR)").
      expect(m!.association?.name ?? '', `${e.name}'s association`).toContain(e.association);
    }
    // Nothing else: the codes are exactly the 49 of the list.
    expect(got.map((m) => m.code).sort()).toEqual(expected.map((e) => e.code).sort());
  });

  it('counts the members of each association', async () => {
    const data = ok(
      await registry.gql(`{ organisations(first: 20, filter: { kind: { eq: MUNICIPAL_ASSOCIATION } }) {
        nodes { name members { totalCount } } } }`),
    );
    const counts = Object.fromEntries(
      data.organisations.nodes.map((a: { name: string; members: { totalCount: number } }) => [
        Object.keys(EXPECTED).find((k) => a.name.includes(k)),
        a.members.totalCount,
      ]),
    );
    expect(counts).toEqual({ Fyrbodal: 14, Göteborgsregionen: 12, Sjuhärad: 8, Skaraborg: 15 });
  });

  it('shows options 1–3 without a token', async () => {
    const data = ok(await registry.gql('{ options(first: 10) { totalCount nodes { number name nameEn } } }'));
    expect(data.options.totalCount).toBe(3);
    expect(data.options.nodes.map((o: { number: number }) => o.number)).toEqual([1, 2, 3]);
    expect(data.options.nodes.every((o: { name: string; nameEn: string }) => o.name.length > 0 && o.nameEn.length > 0)).toBe(true);
  });

  it('shows only municipalities and associations among organisations, and no demo rows', async () => {
    const data = ok(await registry.gql('{ organisations(first: 200) { totalCount nodes { name kind isDemo } } }'));
    expect(data.organisations.totalCount).toBe(53);
    expect(new Set(data.organisations.nodes.map((o: { kind: string }) => o.kind))).toEqual(new Set(['MUNICIPALITY', 'MUNICIPAL_ASSOCIATION']));
    expect(data.organisations.nodes.some((o: { isDemo: boolean }) => o.isDemo)).toBe(false);
    // The registry itself has more: VGR, VästKom, Cerner, demo providers and schools.
    expect(await sqlNumber(registry, 'select count(*) from organisations')).toBeGreaterThan(53);
  });
});

describe('what anonymous callers cannot see', () => {
  it('sees no call-offs, agreements or changes, while they exist', async () => {
    // Make sure there is at least one change to hide.
    const co = ok(await registry.gql(`{ node(id: "${callOffGid}") { ... on CallOff { version } } }`, undefined, admin)).node;
    const upd = ok(
      await registry.gql(
        `mutation($input: UpdateCallOffsInput!) { updateCallOffs(input: $input) { committed } }`,
        { input: { rows: [{ id: callOffGid, version: co.version, decisionReference: 'KS 2020/reference-test' }] } },
        admin,
      ),
    );
    expect(upd.updateCallOffs.committed).toBe(true);
    expect(await sqlNumber(registry, 'select count(*) from call_offs')).toBeGreaterThan(0);
    expect(await sqlNumber(registry, 'select count(*) from agreements')).toBeGreaterThan(0);
    expect(await sqlNumber(registry, 'select count(*) from changes')).toBeGreaterThan(0);

    const q = `{
      callOffs(first: 10) { totalCount edges { node { id } } pageInfo { hasNextPage } }
      agreements(first: 10) { totalCount edges { node { id } } }
      changes(first: 10) { totalCount edges { node { id } } }
      retentionRules(first: 10) { totalCount }
      licences(first: 10) { totalCount }
    }`;
    const anon = ok(await registry.gql(q));
    expect(anon.callOffs).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
    expect(anon.agreements).toEqual({ totalCount: 0, edges: [] });
    expect(anon.changes).toEqual({ totalCount: 0, edges: [] });
    expect(anon.retentionRules.totalCount).toBe(0);
    expect(anon.licences.totalCount).toBe(0);

    const signedIn = ok(await registry.gql(q, undefined, analyst));
    expect(signedIn.callOffs.totalCount).toBe(await sqlNumber(registry, 'select count(*) from call_offs'));
    expect(signedIn.agreements.totalCount).toBe(await sqlNumber(registry, 'select count(*) from agreements'));
    expect(signedIn.changes.totalCount).toBe(await sqlNumber(registry, 'select count(*) from changes'));
  });

  it('does not leak call-offs through a public municipality', async () => {
    const q = `{ municipalities(filter: { code: { eq: "1490" } }) { nodes { name callOffs { totalCount nodes { id } } powersOfAttorney { totalCount } } } }`;
    const anon = ok(await registry.gql(q)).municipalities.nodes[0];
    expect(anon.name).toBe('Borås');
    expect(anon.callOffs).toEqual({ totalCount: 0, nodes: [] });
    expect(anon.powersOfAttorney.totalCount).toBe(0);
    const signedIn = ok(await registry.gql(q, undefined, analyst)).municipalities.nodes[0];
    expect(signedIn.callOffs.totalCount).toBe(
      await sqlNumber(registry, 'select count(*) from call_offs where municipality_id = ?', await orgId(registry, '1490')),
    );
    expect(signedIn.callOffs.totalCount).toBeGreaterThan(0);
  });

  const signedOption2 = `{ municipalities(first: 100, filter: { callOffs: { some: { option: { number: { eq: 2 } }, status: { eq: SIGNED } } } }) { totalCount } }`;
  const licensing = `{ municipalities(first: 100, filter: { licencesGranted: { some: {} } }) { totalCount } }`;

  it('answers relation filters on call-offs and licences for a signed-in reader', async () => {
    const truth = await sqlNumber(
      registry,
      `select count(distinct c.municipality_id) from call_offs c join options o on o.id = c.option_id where o.number = 2 and c.status = 'signed'`,
    );
    expect(truth).toBeGreaterThan(0);
    expect(truth).toBeLessThan(49);
    expect(ok(await registry.gql(signedOption2, undefined, analyst)).municipalities.totalCount).toBe(truth);
    const licensors = await sqlNumber(registry, 'select count(distinct municipality_id) from licences');
    expect(licensors).toBeGreaterThan(0);
    expect(ok(await registry.gql(licensing, undefined, analyst)).municipalities.totalCount).toBe(licensors);
  });

  // A relation filter sees only the related rows the viewer may see: otherwise an anonymous caller
  // could ask "which municipalities signed option 2" through the public municipalities list.
  it('does not let a filter on hidden call-offs reveal who called off what', async () => {
    expect(ok(await registry.gql(signedOption2)).municipalities.totalCount).toBe(0);
  });

  it('does not let a filter on hidden licences reveal which municipalities license providers', async () => {
    expect(ok(await registry.gql(licensing)).municipalities.totalCount).toBe(0);
  });

  it('answers node(id:) for a call-off with null, exactly as for an id that does not exist', async () => {
    const q = `query($id: ID!) { node(id: $id) { id __typename ... on CallOff { status municipality { name } } } }`;
    const missingId = gid('CallOff', 99_999_999);
    expect(await sqlNumber(registry, 'select count(*) from call_offs where id = 99999999')).toBe(0);

    const hidden = await registry.gql(q, { id: callOffGid });
    const missing = await registry.gql(q, { id: missingId });
    expect(hidden).toEqual({ status: 200, data: { node: null } });
    expect(missing).toEqual(hidden);

    const nodes = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    const hiddenMany = await registry.gql(nodes, { ids: [callOffGid, missingId] });
    expect(hiddenMany).toEqual({ status: 200, data: { nodes: [null, null] } });
  });

  it('answers node(id:) for a call-off when signed in', async () => {
    const q = `query($id: ID!) { node(id: $id) { id __typename ... on CallOff { status municipality { name } option { number } } } }`;
    const data = ok(await registry.gql(q, { id: callOffGid }, analyst));
    expect(data.node.id).toBe(callOffGid);
    expect(data.node.__typename).toBe('CallOff');
    expect(data.node.municipality.name.length).toBeGreaterThan(0);
    expect([1, 2, 3]).toContain(data.node.option.number);
    const missing = await registry.gql(q, { id: gid('CallOff', 99_999_999) }, analyst);
    expect(missing).toEqual({ status: 200, data: { node: null } });
  });

  it('answers nodes(ids:) in the order asked, duplicates included, with null in place of each hidden row', async () => {
    const c1 = gid('CallOff', await sqlNumber(registry, 'select min(id) from call_offs'));
    const c2 = gid('CallOff', await sqlNumber(registry, 'select max(id) from call_offs'));
    const m = gid('Municipality', await orgId(registry, '1480'));
    const o = gid('Option', await sqlNumber(registry, 'select id from options where number = 2'));
    const ids = [c2, m, c1, c2, o, c1];
    const q = `query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`;
    const signedIn = ok(await registry.gql(q, { ids }, analyst)).nodes;
    expect(signedIn.map((n: { id: string } | null) => n?.id)).toEqual(ids);
    const anon = ok(await registry.gql(q, { ids })).nodes;
    expect(anon.map((n: { id: string } | null) => n?.id ?? null)).toEqual([null, m, null, null, o, null]);
  });

  it('answers null for an ID of the wrong variant or a malformed ID', async () => {
    const vgr = await orgId(registry, '2321000131');
    const q = `query($a: ID!, $b: ID!, $c: ID!, $d: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } c: node(id: $c) { id } d: node(id: $d) { id } }`;
    const data = ok(
      await registry.gql(
        q,
        {
          a: gid('Municipality', vgr), // VGR is an organisation, not a municipality
          b: gid('ProcessorAgreement', await sqlNumber(registry, `select min(id) from agreements where kind != 'processor'`)),
          c: 'not base64 at all!',
          d: gid('NoSuchType', 1),
        },
        admin,
      ),
    );
    expect(data).toEqual({ a: null, b: null, c: null, d: null });
    expect(ok(await registry.gql(`{ node(id: "${gid('Organisation', vgr)}") { __typename ... on Organisation { name } } }`, undefined, admin)).node).toEqual({
      __typename: 'Organisation',
      name: 'Västra Götalandsregionen',
    });
  });

  it('answers node(id:) for a municipality anonymously (it is public)', async () => {
    const id = gid('Municipality', await orgId(registry, '1490'));
    const data = ok(await registry.gql(`{ node(id: "${id}") { __typename ... on Municipality { name code } } }`));
    expect(data.node).toEqual({ __typename: 'Municipality', name: 'Borås', code: '1490' });
  });
});
