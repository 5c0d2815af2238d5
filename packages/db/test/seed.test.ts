import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { luhnValid } from '@fvm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/client';
import { loadDemoData, removeDemoData } from '../src/seed/demo';
import { MUNICIPALITIES, VGR_ORGANISATION_NUMBER, loadReferenceData } from '../src/seed/reference';

// Transcribed again from DOMAIN.md rather than imported, so a typo in the seed's list is caught.
const DOMAIN_LIST = `
Fyrbodal: Bengtsfors 1460, Dals-Ed 1438, Färgelanda 1439, Lysekil 1484, Mellerud 1461,
Munkedal 1430, Orust 1421, Sotenäs 1427, Strömstad 1486, Tanum 1435, Trollhättan 1488,
Uddevalla 1485, Vänersborg 1487, Åmål 1492.
Göteborgsregionen: Ale 1440, Alingsås 1489, Göteborg 1480, Härryda 1401,
Kungälv 1482, Lerum 1441, Lilla Edet 1462, Mölndal 1481, Partille 1402, Stenungsund 1415,
Tjörn 1419, Öckerö 1407.
Sjuhärad: Bollebygd 1443, Borås 1490, Herrljunga 1466, Mark 1463,
Svenljunga 1465, Tranemo 1452, Ulricehamn 1491, Vårgårda 1442.
Skaraborg: Essunga 1445, Falköping 1499, Grästorp 1444, Gullspång 1447, Götene 1471,
Hjo 1497, Karlsborg 1446, Lidköping 1494, Mariestad 1493, Skara 1495, Skövde 1496, Tibro 1472,
Tidaholm 1498, Töreboda 1473, Vara 1470.`;

const ASSOCIATION_NAMES: Record<string, string> = {
  Fyrbodal: 'Fyrbodals kommunalförbund',
  Göteborgsregionen: 'Göteborgsregionen (GR)',
  Sjuhärad: 'Sjuhärads kommunalförbund (Boråsregionen)',
  Skaraborg: 'Skaraborgs kommunalförbund',
};

function expectedMunicipalities(): { name: string; code: string; association: string }[] {
  const out: { name: string; code: string; association: string }[] = [];
  for (const block of DOMAIN_LIST.trim()
    .split(/\.\s*\n?/)
    .filter((b) => b.trim() !== '')) {
    const [association, list] = block.split(':') as [string, string];
    for (const entry of list.split(',')) {
      const m = /^\s*(.+?)\s+(\d{4})\s*$/.exec(entry)!;
      out.push({ name: m[1]!, code: m[2]!, association: association.trim() });
    }
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

const TABLES = [
  'organisations',
  'rollout_stages',
  'powers_of_attorney',
  'procurements',
  'options',
  'option_links',
  'call_offs',
  'services',
  'agreements',
  'agreement_parties',
  'agreement_services',
  'processing_instructions',
  'joint_controller_responsibilities',
  'licences',
  'information_categories',
  'information_assets',
  'retention_rules',
  'api_tokens',
] as const;

const ART28_COLUMNS = [
  'art28_subject_matter',
  'art28_duration',
  'art28_nature',
  'art28_purpose',
  'art28_data_types',
  'art28_data_subject_categories',
  'art28_controller_rights',
  'art28_a_documented_instructions',
  'art28_b_confidentiality',
  'art28_c_security',
  'art28_d_sub_processor_conditions',
  'art28_e_data_subject_rights',
  'art28_f_compliance_assistance',
  'art28_g_delete_or_return',
  'art28_h_audits',
];

type Opened = ReturnType<typeof openDatabase>;
type Row = Record<string, unknown>;

let dir: string;
const opened: Opened[] = [];

function fresh(name: string): Opened {
  const handle = openDatabase(join(dir, `${name}.sqlite`));
  opened.push(handle);
  return handle;
}

function all(h: Opened, query: string, ...params: unknown[]): Row[] {
  return h.sqlite.prepare(query).all(...params) as Row[];
}

function count(h: Opened, query: string, ...params: unknown[]): number {
  return (h.sqlite.prepare(query).get(...params) as { n: number }).n;
}

/** Rows without the load-time timestamps, which differ between two databases by construction. */
function dump(h: Opened, table: string, where = '1 = 1'): Row[] {
  return all(h, `select * from ${table} where ${where} order by id`).map((row) => without(row, 'created_at', 'updated_at'));
}

/** A copy of a row without some of its columns. */
function without(row: Row, ...columns: string[]): Row {
  return Object.fromEntries(Object.entries(row).filter(([column]) => !columns.includes(column)));
}

let refOnly: Opened;
let demoA: Opened;
let demoB: Opened;
let removed: Opened;
let demoCounts: Record<string, number>;
let removedCounts: Record<string, number>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fvm-'));
  refOnly = fresh('ref');
  loadReferenceData(refOnly.db);

  demoA = fresh('demo-a');
  loadReferenceData(demoA.db);
  demoCounts = loadDemoData(demoA.db).counts;

  demoB = fresh('demo-b');
  loadReferenceData(demoB.db);
  loadDemoData(demoB.db);

  removed = fresh('removed');
  loadReferenceData(removed.db);
  loadDemoData(removed.db);
  removedCounts = removeDemoData(removed.db).removed;
});

afterAll(() => {
  for (const h of opened) h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reference data', () => {
  it('has the 49 municipalities with the codes and associations of DOMAIN.md', () => {
    const expected = expectedMunicipalities();
    expect(expected).toHaveLength(49);
    const actual = all(
      refOnly,
      `select m.name, m.municipality_code as code, a.name as association, m.own_principal as ownPrincipal
         from organisations m join organisations a on a.id = m.association_id
        where m.kind = 'municipality' order by m.municipality_code`,
    );
    expect(actual).toEqual(expected.map((m) => ({ ...m, association: ASSOCIATION_NAMES[m.association], ownPrincipal: 1 })));
    expect([...MUNICIPALITIES].sort((a, b) => a.code.localeCompare(b.code))).toEqual(expected);
    expect(count(refOnly, `select count(*) n from organisations where kind = 'municipal_association'`)).toBe(4);
  });

  it("has VGR with its organisation number, owning itself and every reference row but the municipalities' powers of attorney", () => {
    const vgr = all(refOnly, `select * from organisations where organisation_number = ?`, '2321000131');
    expect(VGR_ORGANISATION_NUMBER).toBe('2321000131');
    expect(vgr).toHaveLength(1);
    expect(vgr[0]).toMatchObject({ kind: 'region', name: 'Västra Götalandsregionen', own_principal: 1 });
    expect(vgr[0]!.owner_org_id).toBe(vgr[0]!.id);
    for (const table of TABLES.filter((t) => t !== 'powers_of_attorney')) {
      expect(
        count(refOnly, `select count(*) n from ${table} where ${table === 'api_tokens' ? 'organisation_id' : 'owner_org_id'} != ?`, vgr[0]!.id),
        table,
      ).toBe(0);
    }
    // A power of attorney is the municipality's own act, so the municipality owns it.
    expect(count(refOnly, `select count(*) n from powers_of_attorney where owner_org_id != municipality_id`)).toBe(0);
    expect(all(refOnly, `select kind, name from organisations where kind in ('collaboration_body', 'supplier') order by kind`)).toEqual([
      { kind: 'collaboration_body', name: 'VästKom' },
      { kind: 'supplier', name: 'Cerner' },
    ]);
  });

  it('leaves organisation numbers it cannot source empty', () => {
    expect(count(refOnly, `select count(*) n from organisations where organisation_number is not null`)).toBe(1);
  });

  it('has the three options, each pair linked once', () => {
    expect(all(refOnly, `select number, name, name_en as nameEn from options order by number`)).toEqual([
      { number: 1, name: 'Informationsutbyte mellan vårdgivare', nameEn: 'Information exchange between care providers' },
      { number: 2, name: 'Journalsystem för elevhälsa', nameEn: 'School health records system' },
      { number: 3, name: 'Journalsystem för kommunal hälso- och sjukvård', nameEn: 'Municipal health care records system' },
    ]);
    const links = all(
      refOnly,
      `select a.number a, b.number b, l.note from option_links l join options a on a.id = l.option_id join options b on b.id = l.linked_option_id order by a.number, b.number`,
    );
    expect(links.map((l) => [l.a, l.b])).toEqual([
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    for (const l of links) expect(l.note).toContain('Ja, avseende funktionalitet samt att arbetsflöden påverkas');
  });

  it('has one undated power of attorney to VGR per municipality', () => {
    const rows = all(refOnly, `select p.* from powers_of_attorney p join organisations g on g.id = p.granted_to_id and g.organisation_number = '2321000131'`);
    expect(rows).toHaveLength(49);
    expect(new Set(rows.map((r) => r.municipality_id)).size).toBe(49);
    for (const r of rows) expect([r.granted_on, r.valid_from, r.valid_to]).toEqual([null, null, null]);
  });

  it('has the procurement, the services, the declaration of intent and the categories as sourced', () => {
    expect(
      all(
        refOnly,
        `select year, method, call_off_window_opens_on o, call_off_window_closes_on c, implementation_completed_on i, term_years t, max_extension_years m, extension_years e from procurements`,
      ),
    ).toEqual([{ year: 2018, method: 'competitive_dialogue', o: null, c: '2020-05-31', i: null, t: 10, m: 4, e: 0 }]);
    expect(all(refOnly, `select name from services order by id`).map((r) => r.name)).toEqual(['Millennium', 'SAMSA', 'NPÖ']);
    const agreements = all(refOnly, `select * from agreements`);
    expect(agreements).toHaveLength(1);
    expect(agreements[0]).toMatchObject({
      kind: 'declaration_of_intent',
      status: 'signed',
      signed_on: '2017-02-27',
      valid_from: '2017-02-01',
      valid_to: '2018-12-31',
      penalties: 0,
    });
    expect(all(refOnly, `select o.name, p.role from agreement_parties p join organisations o on o.id = p.organisation_id order by o.id`)).toEqual([
      { name: 'Västra Götalandsregionen', role: 'party' },
      { name: 'VästKom', role: 'party' },
    ]);
    expect(all(refOnly, `select c.code, o.number from information_categories c left join options o on o.id = c.option_id order by c.id`)).toEqual([
      { code: 'journal_note', number: 3 },
      { code: 'medication_order', number: 3 },
      { code: 'delegated_task', number: 3 },
      { code: 'school_health_record', number: 2 },
      { code: 'sip', number: 1 },
      { code: 'care_plan', number: 1 },
      { code: 'access_log', number: null },
    ]);
  });

  it('inserts nothing when loaded a second time', () => {
    const before = TABLES.map((t) => dump(refOnly, t));
    expect(loadReferenceData(refOnly.db)).toEqual({ inserted: false });
    expect(TABLES.map((t) => dump(refOnly, t))).toEqual(before);
  });

  it('has no demo rows', () => {
    for (const t of TABLES) expect(count(refOnly, `select count(*) n from ${t} where is_demo = 1`), t).toBe(0);
  });
});

describe('demo data', () => {
  it('refuses to load without the reference data', () => {
    const empty = fresh('empty');
    expect(() => loadDemoData(empty.db)).toThrow(/reference data/);
    expect(count(empty, `select count(*) n from rollout_stages`)).toBe(0);
  });

  it('is deterministic: two fresh databases hold identical rows', () => {
    for (const t of TABLES) expect(dump(demoB, t), t).toEqual(dump(demoA, t));
    // Timestamps of demo rows are fixed too, not the load time.
    expect(all(demoB, `select created_at from call_offs`)).toEqual(all(demoA, `select created_at from call_offs`));
  });

  it('follows its seed', () => {
    const other = fresh('other-seed');
    loadReferenceData(other.db);
    loadDemoData(other.db, { seed: 7 });
    expect(dump(other, 'call_offs')).not.toEqual(dump(demoA, 'call_offs'));
  });

  it('reports what it inserted, and inserts nothing the second time', () => {
    for (const t of TABLES) expect(demoCounts[t] ?? 0, t).toBe(count(demoA, `select count(*) n from ${t} where is_demo = 1`));
    const before = TABLES.map((t) => dump(demoA, t));
    const again = loadDemoData(demoA.db).counts;
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
    expect(TABLES.map((t) => dump(demoA, t))).toEqual(before);
  });

  it('marks every demo row and leaves the reference rows as they were', () => {
    for (const t of TABLES) {
      const reference = dump(demoA, t, 'is_demo = 0').map((r) => (t === 'organisations' ? { ...r, rollout_stage_id: null } : r));
      expect(reference, t).toEqual(dump(refOnly, t));
    }
    expect(all(demoA, `select name from organisations where is_demo = 1 and name not like 'Demo: %'`)).toEqual([]);
    expect(all(demoA, `select title from agreements where is_demo = 1 and title not like 'Demo: %'`)).toEqual([]);
    expect(all(demoA, `select area from rollout_stages where area not like 'Demo: %'`)).toEqual([]);
  });

  it('puts every municipality in a demo roll-out stage', () => {
    expect(count(demoA, `select count(*) n from rollout_stages`)).toBeGreaterThanOrEqual(4);
    expect(count(demoA, `select count(*) n from organisations where kind = 'municipality' and rollout_stage_id is null`)).toBe(0);
    expect(count(demoA, `select count(*) n from rollout_stages where actual_go_live is not null`)).toBeGreaterThanOrEqual(1);
  });

  it('generates call-offs that the call-off rules accept', () => {
    const rows = all(demoA, `select c.*, o.number from call_offs c join options o on o.id = c.option_id`);
    for (const c of rows) {
      expect(c.owner_org_id).toBe(c.municipality_id);
      expect(c.submitted_on as string).toMatch(/^2020-05-(0[4-9]|[12]\d)$/);
      if (c.status === 'signed') {
        expect((c.signed_on as string) >= (c.submitted_on as string)).toBe(true);
        expect((c.signed_on as string) <= '2020-05-29').toBe(true);
      } else {
        expect(c.signed_on).toBeNull();
      }
      expect(c.decision_reference as string).toMatch(/^KS 2020\/\d+$/);
    }
    const byNumber = (n: number) => rows.filter((c) => c.number === n && c.status !== 'withdrawn').length;
    expect(byNumber(1)).toBeGreaterThan(byNumber(3));
    expect(byNumber(3)).toBeGreaterThan(byNumber(2));
    expect(rows.filter((c) => c.status === 'withdrawn').length).toBeGreaterThanOrEqual(2);
    expect(rows.filter((c) => c.status === 'submitted').length).toBeGreaterThan(0);
    // Every call-off has a power of attorney behind it.
    expect(
      count(demoA, `select count(*) n from call_offs c where not exists (select 1 from powers_of_attorney p where p.municipality_id = c.municipality_id)`),
    ).toBe(0);
    // A few municipalities take a single option, so the linked-option warning has hits.
    expect(
      count(demoA, `select count(*) n from (select municipality_id from call_offs where status != 'withdrawn' group by municipality_id having count(*) = 1)`),
    ).toBeGreaterThan(0);
  });

  it('never signs a processor agreement with an art. 28(3) item missing', () => {
    const processors = all(demoA, `select * from agreements where kind = 'processor'`);
    expect(processors.length).toBeGreaterThanOrEqual(25);
    const incomplete = processors.filter((a) => ART28_COLUMNS.some((c) => a[c] !== 1));
    expect(incomplete.length).toBeGreaterThanOrEqual(3);
    for (const a of incomplete) expect(a.status).not.toBe('signed');
    for (const a of processors.filter((x) => x.status === 'signed')) for (const c of ART28_COLUMNS) expect(a[c], `${a.title} ${c}`).toBe(1);
  });

  it('gives every processor agreement one processing instruction per covered service', () => {
    const mismatched = all(
      demoA,
      `select a.id from agreements a where a.kind = 'processor' and (
         (select count(*) from agreement_services s where s.agreement_id = a.id) = 0 or
         exists (select 1 from agreement_services s where s.agreement_id = a.id and not exists
           (select 1 from processing_instructions i where i.agreement_id = a.id and i.service_id = s.service_id)) or
         exists (select 1 from processing_instructions i where i.agreement_id = a.id and not exists
           (select 1 from agreement_services s where s.agreement_id = a.id and s.service_id = i.service_id)))`,
    );
    expect(mismatched).toEqual([]);
  });

  it('has operations agreements without penalties and a SAMSA joint controllership of all 50', () => {
    expect(count(demoA, `select count(*) n from agreements where kind = 'operations_management' and penalties = 1`)).toBe(0);
    expect(
      count(demoA, `select count(*) n from agreements where kind = 'operations_management' and (valid_to is not null or end_follows_procurement_term = 0)`),
    ).toBe(0);
    const samsa = all(
      demoA,
      `select a.* from agreements a join agreement_services s on s.agreement_id = a.id join services v on v.id = s.service_id
        where a.kind = 'joint_controllership' and v.name = 'SAMSA'`,
    );
    expect(samsa).toHaveLength(1);
    expect(samsa[0]).toMatchObject({ status: 'signed', governing_body: 'Ledningsrådet' });
    expect(samsa[0]!.public_summary).toBeTruthy();
    expect(samsa[0]!.contact_point).toBeTruthy();
    expect(count(demoA, `select count(*) n from agreement_parties where agreement_id = ? and role = 'joint_controller'`, samsa[0]!.id)).toBe(50);
    expect(count(demoA, `select count(*) n from agreements where kind = 'joint_controllership' and public_summary is null and status = 'draft'`)).toBe(1);
  });

  it('has agreements and licences expiring 6–18 months after the demo date', () => {
    expect(count(demoA, `select count(*) n from agreements where valid_to between '2027-05-22' and '2028-05-22'`)).toBeGreaterThan(0);
    expect(count(demoA, `select count(*) n from licences where valid_to between '2027-05-22' and '2028-05-22'`)).toBeGreaterThan(0);
  });

  it('generates Luhn-valid organisation numbers and well-formed HSA-ids', () => {
    const orgs = all(demoA, `select organisation_number, hsa_id from organisations where is_demo = 1`);
    expect(orgs.length).toBeGreaterThanOrEqual(12);
    for (const o of orgs) {
      const n = o.organisation_number as string;
      expect(n).toMatch(/^559\d{7}$/);
      expect(luhnValid(n), n).toBe(true);
      const hsa = o.hsa_id as string;
      expect(hsa).toMatch(new RegExp(`^SE${n}-[A-Za-z0-9]+$`));
      expect(hsa.length).toBeLessThanOrEqual(31);
    }
  });

  it('licenses only providers that are not their own principal, each by its licensing municipality', () => {
    expect(
      count(
        demoA,
        `select count(*) n from licences l join organisations p on p.id = l.provider_id where p.own_principal = 1 or p.kind != 'private_care_provider'`,
      ),
    ).toBe(0);
    expect(
      count(
        demoA,
        `select count(*) n from licences l join organisations p on p.id = l.provider_id where p.licensing_municipality_id != l.municipality_id or l.owner_org_id != l.municipality_id`,
      ),
    ).toBe(0);
    expect(count(demoA, `select count(*) n from organisations where kind = 'independent_school' and own_principal = 1`)).toBeGreaterThan(0);
    expect(count(demoA, `select count(*) n from organisations where kind = 'private_care_provider' and licensing_municipality_id is null`)).toBe(0);
  });

  it('generates retention rules that respect the legal minimums and purge decisions', () => {
    const rules = all(demoA, `select r.*, c.record_kind from retention_rules r join information_categories c on c.id = r.category_id`);
    for (const r of rules) {
      expect(r.years as number).toBeGreaterThanOrEqual(r.record_kind === 'access_log' ? 5 : 10);
      if (r.action === 'purge') {
        expect(r.purge_decision_body).toBeTruthy();
        expect(r.purge_decision_reference).toBeTruthy();
        expect(r.purge_decision_on).toBeTruthy();
      } else {
        expect(r.action).toBe('preserve');
      }
    }
    expect(
      count(
        demoA,
        `select count(*) n from retention_rules r where not exists (select 1 from information_assets a where a.owner_org_id = r.owner_org_id and a.category_id = r.category_id)`,
      ),
    ).toBe(0);
    const withoutRule = count(
      demoA,
      `select count(*) n from information_assets a where not exists (select 1 from retention_rules r where r.owner_org_id = a.owner_org_id and r.category_id = a.category_id)`,
    );
    expect(withoutRule).toBeGreaterThan(0);
    expect(withoutRule).toBeLessThan(10);
  });

  it('removeDemoData leaves exactly the reference data, with foreign keys intact', () => {
    for (const t of TABLES) {
      expect(count(removed, `select count(*) n from ${t}`), t).toBe(count(refOnly, `select count(*) n from ${t}`));
      expect(dump(removed, t), t).toEqual(dump(refOnly, t));
    }
    expect(all(removed, 'PRAGMA foreign_key_check')).toEqual([]);
    for (const t of TABLES) expect(removedCounts[t] ?? 0, t).toBe(demoCounts[t] ?? 0);
    // And the demo can be loaded again afterwards, identically.
    loadDemoData(removed.db);
    expect(dump(removed, 'call_offs').map((r) => without(r, 'id'))).toEqual(dump(demoA, 'call_offs').map((r) => without(r, 'id')));
  });

  it('keeps foreign keys intact with the demo loaded', () => {
    expect(all(demoA, 'PRAGMA foreign_key_check')).toEqual([]);
  });
});
