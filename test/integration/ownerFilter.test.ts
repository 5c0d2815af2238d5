import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { gid, ok, sqlNumber } from './helpers';

// Every registry row's filter takes `owner`, an OrganisationFilter: "my organisation's rows" is
// `owner: { id: { eq: <my organisation> } }`, and an owner's name can be searched like any
// relation's. Over HTTP, on whichever engine the run uses.

const VGR = '2321000131';

/** Entities with a root connection over a table with owner_org_id, and that table. */
const OWNED = [
  { field: 'agreements', table: 'agreements' },
  { field: 'licences', table: 'licences' },
  { field: 'informationAssets', table: 'information_assets' },
  { field: 'procurements', table: 'procurements' },
] as const;

const list = (field: string) => `query($filter: ${filterType(field)}) { ${field}(filter: $filter, first: 1000) { totalCount nodes { id owner { id name } } } }`;
function filterType(field: string): string {
  const singular: Record<string, string> = { agreements: 'Agreement', licences: 'Licence', informationAssets: 'InformationAsset', procurements: 'Procurement' };
  return `${singular[field]}Filter`;
}

interface Answer {
  totalCount: number;
  nodes: { id: string; owner: { id: string; name: string } | null }[];
}

describe('the owner filter', () => {
  let registry: Registry;
  let orgAdmin: string;
  let regionalAdmin: string;
  /** The organisation that owns the fewest agreements (one or two among the demo's many), and its global ID. */
  let owner: { id: number; code: string };
  let mineId: string;
  const read = async (field: string, filter: unknown, token: string): Promise<Answer> => ok(await registry.gql(list(field), { filter }, token))[field];

  beforeAll(async () => {
    registry = await startRegistry();
    const [fewest] = await registry.sql<{ id: number; code: string }>(
      'select o.id, coalesce(o.municipality_code, o.organisation_number) code from agreements a join organisations o on o.id = a.owner_org_id group by o.id, o.municipality_code, o.organisation_number order by count(*), o.id limit 1',
    );
    owner = { id: Number(fewest!.id), code: fewest!.code };
    orgAdmin = await registry.newToken(owner.code, 'org_admin');
    regionalAdmin = await registry.newToken(VGR, 'regional_admin');
    mineId = gid('Organisation', owner.id);
  });
  afterAll(() => registry.close());

  it('answers exactly the rows the organisation owns, for every owned entity', async () => {
    const ownerRow = owner.id;
    for (const { field, table } of OWNED) {
      const owned = await sqlNumber(registry, `select count(*) n from ${table} where owner_org_id = ?`, ownerRow);
      const mine = await read(field, { owner: { id: { eq: mineId } } }, regionalAdmin);
      expect(mine.totalCount, field).toBe(owned);
      expect(mine.nodes.length, field).toBe(owned);
      expect(
        mine.nodes.every((n) => n.owner?.id === mineId),
        field,
      ).toBe(true);
      // And its complement: together they are every row, none twice.
      const others = await read(field, { NOT: { owner: { id: { eq: mineId } } } }, regionalAdmin);
      const all = await read(field, undefined, regionalAdmin);
      expect(others.totalCount + mine.totalCount, field).toBe(all.totalCount);
      expect(new Set([...mine.nodes, ...others.nodes].map((n) => n.id)).size, field).toBe(all.totalCount);
    }
    // A few among many: the test would prove nothing with none or all.
    const agreements = await read('agreements', { owner: { id: { eq: mineId } } }, regionalAdmin);
    const all = await read('agreements', undefined, regionalAdmin);
    expect(agreements.totalCount).toBeGreaterThan(0);
    expect(agreements.totalCount).toBeLessThan(all.totalCount);
  });

  it('gives an org admin their own rows among everyone’s, and takes conditions on the owner’s name', async () => {
    const all = await read('agreements', undefined, orgAdmin);
    const mine = await read('agreements', { owner: { id: { eq: mineId } } }, orgAdmin);
    expect(mine.nodes.map((n) => n.id).sort()).toEqual(
      all.nodes
        .filter((n) => n.owner?.id === mineId)
        .map((n) => n.id)
        .sort(),
    );
    const name = mine.nodes[0]!.owner!.name;
    const byName = await read('agreements', { owner: { name: { eq: name } } }, orgAdmin);
    expect(byName.nodes.map((n) => n.id).sort()).toEqual(mine.nodes.map((n) => n.id).sort());
    // Combined with the free-text search, both hold.
    const title = await registry.sql<{ title: string }>('select title from agreements where owner_org_id = ? order by id', owner.id);
    const word = title[0]!.title.split(' ')[0]!;
    const searched = await read('agreements', { search: word, owner: { id: { eq: mineId } } }, orgAdmin);
    expect(searched.totalCount).toBeGreaterThan(0);
    expect(searched.nodes.every((n) => n.owner?.id === mineId)).toBe(true);
  });

  it('names a reference that is not an organisation as a user error', async () => {
    const r = await registry.gql(list('agreements'), { filter: { owner: { id: { eq: gid('Agreement', 1) } } } }, orgAdmin);
    expect(r.errors?.[0]?.message).toContain('filter.id');
    expect((r.errors?.[0] as { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
  });
});
