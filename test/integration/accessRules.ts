import type { Registry } from '../support/server';
import { isConstraintViolation, sqlNumber, sqlRow, sqlRows } from './helpers';

// The access matrix's half that is not tests (accessMatrix.test.ts): the rules, written out here
// from the README ("Access", "User logs") and not taken from the product's own rule functions, so
// that the product cannot agree with itself by mistake; the entities with bulk mutations; and the
// fixture of rows of every owner, real and demo, that the matrix runs over.

// ---------------------------------------------------------------------------------------------
// The rules, stated on their own.

export type Role = 'regional_admin' | 'org_admin' | 'analyst' | 'log_reviewer' | 'integrator';
export const ROLES: readonly Role[] = ['regional_admin', 'org_admin', 'analyst', 'log_reviewer', 'integrator'];
/** A: the caller's municipality; B: another municipality; R: the region (VGR). */
export type Org = 'A' | 'B' | 'R';

export interface Caller {
  label: string;
  org: Org | null;
  role: Role | null;
  demo: boolean;
  token?: string;
}

export interface Facts {
  owner: Org;
  isDemo: boolean;
  /** Organisations only. */
  kind: string | null;
}

type RowRule = (row: Facts) => boolean;
const real: RowRule = (r) => !r.isDemo;
/** Readable without a token: municipalities, their associations and the options. */
const PUBLIC: Readonly<Record<string, RowRule>> = {
  organisations: (r) => real(r) && (r.kind === 'municipality' || r.kind === 'municipal_association'),
  options: real,
  optionLinks: real,
};
/** Readable (not changeable) with a demo token besides the public data and demo rows. */
const DEMO_REFERENCE: Readonly<Record<string, RowRule>> = {
  organisations: (r) => real(r) && (r.kind === 'region' || r.kind === 'collaboration_body'),
  procurements: real,
  powersOfAttorney: real,
  services: real,
  informationCategories: real,
  followUpGoals: real,
  followUpStatusReports: real,
};

/**
 * Any real token reads the whole registry (its rows are not personal data); without a token, the
 * public data; a demo token, that, the reference data demo rows stand on, and demo rows. The change
 * history (`changes`) is a table like the others here: a demo token reads demo changes only.
 */
export function mayRead(caller: Caller, table: string, row: Facts): boolean {
  if (caller.role && !caller.demo) return true;
  if (PUBLIC[table]?.(row)) return true;
  return caller.demo && (row.isDemo || DEMO_REFERENCE[table]?.(row) === true);
}

export type Expected = { kind: 'missing' } | { kind: 'forbidden'; code: string } | { kind: 'allowed' } | { kind: 'unknownReference'; field: string };

/**
 * A new row given to an organisation by `ownerId`: decided as any new row, then the owner is a
 * reference, which must exist and, like any reference, be visible to the caller (README: a demo
 * token "cannot point a row at one it cannot see"); a hidden one is answered as a missing one.
 */
export function expectedOwnerReference(caller: Caller, table: string, owner: Facts | null): Expected {
  const decided = expectedWrite(caller, table, null, 'B');
  if (decided.kind !== 'allowed') return decided;
  return owner && mayRead(caller, 'organisations', owner) ? decided : { kind: 'unknownReference', field: 'ownerId' };
}

/** `before` is null for a new row; `owner` is the owner the row has (or would get). */
export function expectedWrite(caller: Caller, table: string, before: Facts | null, owner: Org): Expected {
  if (before && !mayRead(caller, table, before)) return { kind: 'missing' };
  if (!caller.role) return { kind: 'forbidden', code: 'auth.unauthenticated' };
  if (caller.role !== 'regional_admin') {
    if (caller.role !== 'org_admin') return { kind: 'forbidden', code: 'auth.role_cannot_write' };
    if (owner !== caller.org || (before && before.owner !== caller.org)) return { kind: 'forbidden', code: 'auth.not_owner' };
  }
  if (caller.demo && before && !before.isDemo) return { kind: 'forbidden', code: 'auth.demo_only' };
  return { kind: 'allowed' };
}

/**
 * User logs (README "User logs"): a log reviewer or organisation admin (a regional admin too, for
 * its own organisation) reads entries about its organisation's data or by its users, in full; an
 * analyst every entry, users pseudonymised; an integrator what its organisation sent; without a
 * token nothing; a demo token only demo entries.
 */
export interface LogFacts {
  careProvider: Org;
  dataOwner: Org;
  sentBy: Org;
  isDemo: boolean;
}
export function mayReadLogEntry(caller: Caller, e: LogFacts): boolean {
  if (!caller.role || (caller.demo && !e.isDemo)) return false;
  if (caller.role === 'analyst') return true;
  if (caller.role === 'integrator') return e.sentBy === caller.org;
  return e.dataOwner === caller.org || e.careProvider === caller.org;
}
export const seesUsersAsPseudonyms = (caller: Caller) => caller.role === 'analyst';

// ---------------------------------------------------------------------------------------------
// The entities with bulk mutations (schema.graphql: create*/update*/delete*).

export interface Refs {
  org: (o: Org) => string;
  demoAgreement: string;
  service: string;
  options: [string, string];
  procurement: string;
  category: string;
}

export interface Entity {
  type: string;
  plural: string;
  /** The registry table's name in the schema, as the visibility rule names it. */
  table: string;
  sql: string;
  /** The owner follows this column (a municipality's call-offs, licences, powers of attorney). */
  ownerColumn?: string;
  /** Columns that must stay unique when the fixture adds rows. */
  unique?: (n: number) => Record<string, unknown>;
  create: (refs: Refs, owner: Org, n: number) => Record<string, unknown>;
  /** SQL that makes a first row, for a table the demo data leaves empty (the fixture copies rows). */
  first?: string;
}

/** Professions for access-policy rows the fixture adds (a profession per row keeps them unique per owner and category). */
const MATRIX_PROFESSIONS = ['psychologist', 'dietitian', 'speech_therapist', 'medical_secretary', 'pharmacist', 'school_doctor', 'other'] as const;

export const ENTITIES: readonly Entity[] = [
  {
    type: 'Agreement',
    plural: 'Agreements',
    table: 'agreements',
    sql: 'agreements',
    create: (r, o, n) => ({ kind: 'COOPERATION', title: `Matrix ${n}`, status: 'DRAFT', ownerId: r.org(o) }),
  },
  {
    type: 'AgreementParty',
    plural: 'AgreementParties',
    table: 'agreementParties',
    sql: 'agreement_parties',
    create: (r, o) => ({ agreementId: r.demoAgreement, organisationId: r.org('A'), role: 'SUB_PROCESSOR', ownerId: r.org(o) }),
  },
  {
    type: 'AgreementService',
    plural: 'AgreementServices',
    table: 'agreementServices',
    sql: 'agreement_services',
    create: (r, o) => ({ agreementId: r.demoAgreement, serviceId: r.service, ownerId: r.org(o) }),
  },
  {
    type: 'CallOff',
    plural: 'CallOffs',
    table: 'callOffs',
    sql: 'call_offs',
    ownerColumn: 'municipality_id',
    create: (r, o) => ({ municipalityId: r.org(o), optionId: r.options[0], procurementId: r.procurement, status: 'DRAFT' }),
  },
  {
    type: 'InformationAsset',
    plural: 'InformationAssets',
    table: 'informationAssets',
    sql: 'information_assets',
    create: (r, o, n) => ({ categoryId: r.category, description: `Matrix ${n}`, ownerId: r.org(o) }),
  },
  {
    type: 'InformationCategory',
    plural: 'InformationCategories',
    table: 'informationCategories',
    sql: 'information_categories',
    unique: (n) => ({ code: `MATRIX-${n}` }),
    create: (r, o, n) => ({ code: `MX-${n}`, name: `Matris ${n}`, nameEn: `Matrix ${n}`, recordKind: 'OTHER', ownerId: r.org(o) }),
  },
  {
    type: 'JointControllerResponsibility',
    plural: 'JointControllerResponsibilities',
    table: 'jointControllerResponsibilities',
    sql: 'joint_controller_responsibilities',
    create: (r, o, n) => ({ agreementId: r.demoAgreement, area: 'DPIA', organisationId: r.org('A'), description: `Matrix ${n}`, ownerId: r.org(o) }),
  },
  {
    type: 'Licence',
    plural: 'Licences',
    table: 'licences',
    sql: 'licences',
    ownerColumn: 'municipality_id',
    create: (r, o, n) => ({ municipalityId: r.org(o), providerId: r.org('R'), modules: `Matrix ${n}` }),
  },
  {
    type: 'OptionLink',
    plural: 'OptionLinks',
    table: 'optionLinks',
    sql: 'option_links',
    create: (r, o, n) => ({ optionId: r.options[1], linkedOptionId: r.options[0], note: `Matrix ${n}`, ownerId: r.org(o) }),
  },
  {
    type: 'Option',
    plural: 'Options',
    table: 'options',
    sql: 'options',
    unique: (n) => ({ number: 900 + n }),
    create: (r, o, n) => ({ number: 800 + n, name: `Matris ${n}`, nameEn: `Matrix ${n}`, ownerId: r.org(o) }),
  },
  {
    type: 'Organisation',
    plural: 'Organisations',
    table: 'organisations',
    sql: 'organisations',
    create: (r, o, n) => ({ kind: 'SUPPLIER', name: `Matrix ${n} AB`, ownerId: r.org(o) }),
  },
  {
    type: 'PowerOfAttorney',
    plural: 'PowersOfAttorney',
    table: 'powersOfAttorney',
    sql: 'powers_of_attorney',
    ownerColumn: 'municipality_id',
    create: (r, o, n) => ({ municipalityId: r.org(o), grantedToId: r.org('R'), scope: `Matrix ${n}` }),
  },
  {
    type: 'ProcessingInstruction',
    plural: 'ProcessingInstructions',
    table: 'processingInstructions',
    sql: 'processing_instructions',
    create: (r, o, n) => ({ agreementId: r.demoAgreement, serviceId: r.service, processing: `Matrix ${n}`, ownerId: r.org(o) }),
  },
  {
    type: 'Procurement',
    plural: 'Procurements',
    table: 'procurements',
    sql: 'procurements',
    create: (r, o, n) => ({ name: `Matrix ${n}`, year: 2026, method: 'open', termYears: 4, maxExtensionYears: 2, ownerId: r.org(o) }),
  },
  {
    type: 'RetentionRule',
    plural: 'RetentionRules',
    table: 'retentionRules',
    sql: 'retention_rules',
    create: (r, o) => ({ categoryId: r.category, action: 'PRESERVE', trigger: 'CREATION', ownerId: r.org(o) }),
  },
  {
    type: 'RolloutStage',
    plural: 'RolloutStages',
    table: 'rolloutStages',
    sql: 'rollout_stages',
    unique: (n) => ({ number: 900 + n }),
    create: (r, o, n) => ({ number: 800 + n, area: `Matrix ${n}`, ownerId: r.org(o) }),
  },
  {
    type: 'Service',
    plural: 'Services',
    table: 'services',
    sql: 'services',
    unique: (n) => ({ name: `Matrix fixture ${n}` }),
    create: (r, o, n) => ({ name: `Matrix ${n}`, ownerId: r.org(o) }),
  },
  {
    type: 'LogReviewRoutine',
    plural: 'LogReviewRoutines',
    table: 'logReviewRoutines',
    sql: 'log_review_routines',
    unique: (n) => ({ name: `Matrix routine ${n}` }),
    first: `insert into log_review_routines (name, owner_org_id) select 'Matrix routine 0', min(id) from organisations`,
    create: (r, o, n) => ({ name: `Matrix ${n}`, intervalDays: 30, ownerId: r.org(o) }),
  },
  {
    type: 'FollowUpGoal',
    plural: 'FollowUpGoals',
    table: 'followUpGoals',
    sql: 'follow_up_goals',
    create: (r, o, n) => ({ year: 2026, position: n, section: `Matrix ${n}`, goal: `Matrix ${n}`, ownerId: r.org(o) }),
  },
  {
    type: 'FollowUpStatusReport',
    plural: 'FollowUpStatusReports',
    table: 'followUpStatusReports',
    sql: 'follow_up_status_reports',
    unique: (n) => ({ month: `2031-${String(n).padStart(2, '0')}` }),
    create: (r, o, n) => ({ month: `2032-${String(n).padStart(2, '0')}`, summary: `Matrix ${n}`, ownerId: r.org(o) }),
  },
  {
    type: 'AccessPolicy',
    plural: 'AccessPolicies',
    table: 'accessPolicies',
    sql: 'access_policies',
    unique: (n) => ({ profession: MATRIX_PROFESSIONS[n % MATRIX_PROFESSIONS.length] }),
    create: (r, o, n) => ({
      profession: MATRIX_PROFESSIONS[n % MATRIX_PROFESSIONS.length]!.toUpperCase(),
      categoryId: r.category,
      mayRead: true,
      ownerId: r.org(o),
    }),
  },
];

export const connectionField = (e: Entity) => e.plural[0]!.toLowerCase() + e.plural.slice(1);

/** Every Node type's table: the entities, and the types that are a kind of one of their rows. */
export interface TypeTable {
  sql: string;
  table: string;
  /** The type is the rows of this kind only. */
  kind?: string;
}
export const TYPE_TABLES: ReadonlyMap<string, TypeTable> = new Map<string, TypeTable>([
  ...ENTITIES.map((e): [string, TypeTable] => [e.type, { sql: e.sql, table: e.table }]),
  ['Municipality', { sql: 'organisations', table: 'organisations', kind: 'municipality' }],
  ['ProcessorAgreement', { sql: 'agreements', table: 'agreements', kind: 'processor' }],
  ['JointControllership', { sql: 'agreements', table: 'agreements', kind: 'joint_controllership' }],
  ['Change', { sql: 'changes', table: 'changes' }],
]);
/** The root connection of each Node type. */
export const ROOTS: ReadonlyMap<string, string> = new Map([
  ...ENTITIES.map((e) => [e.type, connectionField(e)] as const),
  ['Municipality', 'municipalities'],
  ['ProcessorAgreement', 'processorAgreements'],
  ['JointControllership', 'jointControllerships'],
]);

// ---------------------------------------------------------------------------------------------
// The fixture: for every entity, rows owned by A, B and R, real and demo (organisations also of
// each kind), made from the demo data by SQL before the server answers anything.

export const A = '1490'; // Borås
export const B = '1491'; // Ulricehamn
export const R = '2321000131'; // VGR
export const OWNERS: readonly Org[] = ['A', 'B', 'R'];
const ORG_KINDS = ['municipality', 'municipal_association', 'region', 'collaboration_body', 'supplier', 'private_care_provider'];

export interface FixtureRow {
  id: number;
  version: number;
  facts: Facts;
}

/** A copy of a row with new values for its unique columns: tables with few rows get enough. */
async function cloneRow(registry: Registry, table: string, id: number, overrides: Record<string, unknown>): Promise<number> {
  const row = await sqlRow(registry, `select * from "${table}" where id = ?`, id);
  if (!row) throw new Error(`no ${table} #${id} to copy`);
  const values = Object.entries({ ...row, ...overrides }).filter(([column]) => column !== 'id');
  const inserted = await sqlRow<{ id: number }>(
    registry,
    `insert into "${table}" (${values.map(([c]) => `"${c}"`).join(', ')}) values (${values.map(() => '?').join(', ')}) returning id`,
    ...values.map(([, value]) => value),
  );
  return inserted!.id;
}

export async function buildFixture(registry: Registry, orgIds: Record<Org, number>): Promise<Map<string, FixtureRow[]>> {
  const reserved = new Set(Object.values(orgIds));
  const fixture = new Map<string, FixtureRow[]>();
  for (const entity of ENTITIES) {
    const wanted: Facts[] = [];
    for (const owner of OWNERS) {
      for (const isDemo of [false, true]) {
        if (entity.sql === 'organisations') for (const kind of ORG_KINDS) wanted.push({ owner, isDemo, kind });
        else wanted.push({ owner, isDemo, kind: null });
      }
    }
    const candidates = async () =>
      (await sqlRows<{ id: number }>(registry, `select id from "${entity.sql}" order by id`))
        .map((r) => r.id)
        .filter((id) => !(entity.sql === 'organisations' && reserved.has(id)));
    let n = 0;
    if ((await candidates()).length === 0 && entity.first) await registry.sql(entity.first);
    if ((await candidates()).length === 0) throw new Error(`no ${entity.type} row to copy: give the entity a first row`);
    while ((await candidates()).length < wanted.length + 4) {
      const first = (await candidates())[0]!;
      n += 1;
      if (entity.sql === 'option_links') {
        // A link is a pair of options; new options make new pairs.
        const option = await cloneRow(registry, 'options', await sqlNumber(registry, 'select min(id) from options'), { number: 700 + n });
        await cloneRow(registry, entity.sql, first, { option_id: option });
      } else {
        await cloneRow(registry, entity.sql, first, entity.unique?.(n) ?? {});
      }
    }
    const used = new Set<number>();
    const rows: FixtureRow[] = [];
    for (const facts of wanted) {
      const sets = ['owner_org_id = ?', 'is_demo = ?', ...(entity.ownerColumn ? [`${entity.ownerColumn} = ?`] : []), ...(facts.kind ? ['kind = ?'] : [])];
      const params = [orgIds[facts.owner], facts.isDemo ? 1 : 0, ...(entity.ownerColumn ? [orgIds[facts.owner]] : []), ...(facts.kind ? [facts.kind] : [])];
      let id: number | undefined;
      for (const candidate of await candidates()) {
        if (used.has(candidate)) continue;
        try {
          await registry.sql(`update "${entity.sql}" set ${sets.join(', ')} where id = ?`, ...params, candidate);
          id = candidate;
          break;
        } catch (error) {
          if (!isConstraintViolation(error)) throw error;
        }
      }
      if (id === undefined) throw new Error(`no ${entity.type} row can be made ${JSON.stringify(facts)}`);
      used.add(id);
      rows.push({ id, version: await sqlNumber(registry, `select version from "${entity.sql}" where id = ?`, id), facts });
    }
    fixture.set(entity.type, rows);
  }
  return fixture;
}

/** Visibility facts of every row of a table, to count what a caller must see. */
export async function allFacts(registry: Registry, entity: Entity, orgIds: Record<Org, number>): Promise<Facts[]> {
  const byId = new Map<number, Org>(Object.entries(orgIds).map(([k, v]) => [v, k as Org]));
  const kind = entity.sql === 'organisations' ? 'kind' : 'null as kind';
  return (
    await sqlRows<{ owner_org_id: number; is_demo: number; kind: string | null }>(registry, `select owner_org_id, is_demo, ${kind} from "${entity.sql}"`)
  ).map((r) => ({
    // Owner does not decide visibility; rows of other organisations count as B's.
    owner: byId.get(r.owner_org_id) ?? 'B',
    isDemo: r.is_demo === 1,
    kind: r.kind,
  }));
}
