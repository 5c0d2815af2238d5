import { buildSchema, getNamedType, isInputObjectType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { luhnCheckDigit } from '@fvm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import {
  A,
  allFacts,
  B,
  buildFixture,
  connectionField,
  ENTITIES,
  expectedOwnerReference,
  expectedWrite,
  mayRead,
  mayReadLogEntry,
  OWNERS,
  R,
  ROLES,
  ROOTS,
  seesUsersAsPseudonyms,
  TYPE_TABLES,
  type Caller,
  type Entity,
  type Expected,
  type Facts,
  type FixtureRow,
  type LogFacts,
  type Org,
  type Refs,
  type Role,
} from './accessRules';
import { gid, ok, orgId, rawId, RESULT_FIELDS, sqlNumber, sqlRows } from './helpers';

// The authorization matrix (issue 8, "Trust"): every entity with bulk mutations × read (node,
// nodes, its connection), create, update and delete × every kind of caller × rows of the caller's
// own and of another organisation, real and demo, over HTTP on a real database (SQLite, and PostgreSQL too). What each case
// must answer comes from the rules in accessRules.ts, written out from the README ("Access", "User
// logs") and not taken from the product's own rule functions, so that the product cannot agree
// with itself by mistake.
//
// Writes are sent all-or-nothing with one row that must fail (a missing id, or an incomplete new
// row), so nothing commits and every caller meets the same rows: a row the caller may change
// answers RowNotApplied (or RowInvalid, on its own merits), never RowForbidden or RowNotFound.
// A later pass commits updates for real, to show that RowNotApplied meant "would be written".

const MISSING_ID = 987_654_321;
/** Rows of a relation read at once: with the parents, within the server's cost limit. */
const RELATION_PAGE = 50;
const DEMO_ROLES: readonly Role[] = ROLES;

describe('access matrix: role × entity × operation × own/other organisation', () => {
  let registry: Registry;
  let orgIds: Record<Org, number>;
  let fixture: Map<string, FixtureRow[]>;
  let refs: Refs;
  let callers: Caller[];
  let cases = 0;

  beforeAll(async () => {
    registry = await startRegistry({ demoSignIn: true });
    orgIds = { A: await orgId(registry, A), B: await orgId(registry, B), R: await orgId(registry, R) };
    fixture = await buildFixture(registry, orgIds);
    // References of the new rows: all visible to a demo token, so a demo caller's create is
    // decided on ownership alone (pointing at a hidden row is demoAccess.test.ts's case).
    const pick = (text: string) => sqlNumber(registry, text);
    refs = {
      org: (o) => gid('Organisation', orgIds[o]),
      demoAgreement: gid('Agreement', await pick("select min(id) from agreements where is_demo is true and kind = 'cooperation'")),
      service: gid('Service', await pick('select min(id) from services where is_demo is false')),
      options: [
        gid('Option', await pick('select min(id) from options where is_demo is false')),
        gid('Option', await pick('select max(id) from options where is_demo is false')),
      ],
      procurement: gid('Procurement', await pick('select min(id) from procurements where is_demo is false')),
      category: gid('InformationCategory', await pick('select min(id) from information_categories where is_demo is false')),
    };
    const token = (org: Org, role: Role, demo: boolean) => registry.newToken(org === 'A' ? A : org === 'B' ? B : R, role, { isDemo: demo });
    callers = [
      { label: 'anonymous', org: null, role: null, demo: false },
      ...ROLES.map((role) => ({ label: `${role} of A`, org: 'A' as const, role, demo: false })),
      ...DEMO_ROLES.map((role) => ({ label: `demo ${role} of A`, org: 'A' as const, role, demo: true })),
      { label: 'regional_admin of R', org: 'R', role: 'regional_admin', demo: false },
      { label: 'org_admin of R', org: 'R', role: 'org_admin', demo: false },
      { label: 'demo regional_admin of R', org: 'R', role: 'regional_admin', demo: true },
      { label: 'demo org_admin of R', org: 'R', role: 'org_admin', demo: true },
    ];
    for (const caller of callers) if (caller.role && caller.org) caller.token = await token(caller.org, caller.role, caller.demo);
    // The tokens demo sign-in hands out (its regional admin is at VGR, its organisation admin at Borås).
    for (const [role, org] of [
      ['regional_admin', 'R'],
      ['org_admin', 'A'],
    ] as const) {
      const signedIn = ok(await registry.gql(`mutation { signInAsDemoUser(role: ${role.toUpperCase()}) }`)).signInAsDemoUser as string;
      callers.push({ label: `signed-in demo ${role} of ${org}`, org, role, demo: true, token: signedIn });
    }
  });
  afterAll(async () => {
    console.log(`access matrix: ${cases} cases`);
    await registry?.close();
  });

  const describeRow = (caller: Caller, entity: Entity, row: FixtureRow) =>
    `${entity.type} #${row.id}: ${caller.org === row.facts.owner ? 'own' : 'other'} organisation's (${row.facts.owner}) ${row.facts.isDemo ? 'demo' : 'real'} row${row.facts.kind ? ` of kind ${row.facts.kind}` : ''}`;
  const name = (caller: Caller, op: string, what: string) => `[${caller.label}] ${op} ${what}`;
  const show = (e: Expected) =>
    e.kind === 'forbidden'
      ? `RowForbidden ${e.code}`
      : e.kind === 'missing'
        ? 'RowNotFound'
        : e.kind === 'unknownReference'
          ? `RowInvalid reference.missing on ${e.field}`
          : 'allowed (RowNotApplied or RowInvalid)';

  /** Whether one bulk-mutation answer is the expected one; a message naming the case when not. */
  function judge(
    label: string,
    expected: Expected,
    result: { __typename: string; code?: string; violations?: { field: string; code: string }[] } | undefined,
  ): string | null {
    cases += 1;
    const got = result
      ? `${result.__typename}${result.code ? ` ${result.code}` : ''}${result.violations ? ` ${result.violations.map((v) => v.code).join(',')}` : ''}`
      : 'no result';
    const fine =
      expected.kind === 'missing'
        ? result?.__typename === 'RowNotFound'
        : expected.kind === 'forbidden'
          ? result?.__typename === 'RowForbidden' && result.code === expected.code
          : expected.kind === 'unknownReference'
            ? result?.__typename === 'RowInvalid' && result.violations!.some((v) => v.field === expected.field && v.code === 'reference.missing')
            : result?.__typename === 'RowNotApplied' ||
              (result?.__typename === 'RowInvalid' && !result.violations!.some((v) => v.code.startsWith('auth.') || v.code === 'reference.missing'));
    return fine ? null : `${label}: expected ${show(expected)}, got ${got}`;
  }

  async function mutate(caller: Caller, entity: Entity, op: 'create' | 'update' | 'delete', rows: Record<string, unknown>[], allowPartial = false) {
    const field = `${op}${entity.plural}`;
    const input = `${op[0]!.toUpperCase()}${op.slice(1)}${entity.plural}Input`;
    const data = ok(
      await registry.gql(`mutation($input: ${input}!) { ${field}(input: $input) { ${RESULT_FIELDS} } }`, { input: { rows, allowPartial } }, caller.token),
    );
    return data[field] as { committed: boolean; results: { __typename: string; code?: string; violations?: { field: string; code: string }[] }[] };
  }

  for (const entity of ENTITIES) {
    it(`${entity.type}: read (node, nodes, ${connectionField(entity)}), create, update and delete by every caller`, async () => {
      const rows = fixture.get(entity.type)!;
      const failures: string[] = [];
      const ids = rows.map((r) => gid(entity.type, r.id));
      await Promise.all(
        callers.map(async (caller) => {
          // Reads: node(id) (at most 12 to a request: documents allow 15 aliases), nodes(ids), the connection.
          for (let i = 0; i < rows.length; i += 12) {
            const chunk = rows.slice(i, i + 12);
            const query = `{ ${chunk.map((r, j) => `n${j}: node(id: "${gid(entity.type, r.id)}") { id }`).join(' ')} }`;
            const data = ok(await registry.gql(query, undefined, caller.token));
            chunk.forEach((row, j) => {
              cases += 1;
              const visible = mayRead(caller, entity.table, row.facts);
              const got = data[`n${j}`];
              if (visible ? got?.id !== ids[i + j] : got !== null)
                failures.push(
                  `${name(caller, 'node(id)', describeRow(caller, entity, row))}: expected ${visible ? 'the row' : 'null'}, got ${JSON.stringify(got)}`,
                );
            });
          }
          const field = connectionField(entity);
          const data = ok(
            await registry.gql(
              `query($ids: [ID!]!) { nodes(ids: $ids) { id } list: ${field}(filter: { id: { in: $ids } }, first: 500) { totalCount nodes { id } } }`,
              { ids },
              caller.token,
            ),
          );
          const listed = new Set((data.list.nodes as { id: string }[]).map((n) => n.id));
          let visibleCount = 0;
          rows.forEach((row, j) => {
            const visible = mayRead(caller, entity.table, row.facts);
            if (visible) visibleCount += 1;
            cases += 2;
            const got = data.nodes[j];
            if (visible ? got?.id !== ids[j] : got !== null)
              failures.push(
                `${name(caller, 'nodes(ids)', describeRow(caller, entity, row))}: expected ${visible ? 'the row' : 'null'}, got ${JSON.stringify(got)}`,
              );
            if (listed.has(ids[j]!) !== visible)
              failures.push(`${name(caller, field, describeRow(caller, entity, row))}: expected ${visible ? 'listed' : 'not listed'}`);
          });
          if (data.list.totalCount !== visibleCount)
            failures.push(`${name(caller, `${field}.totalCount`, `${entity.type} fixture rows`)}: expected ${visibleCount}, got ${data.list.totalCount}`);

          // Create: one new row for each owner, then one incomplete row so that nothing commits.
          const creates = OWNERS.map((owner, n) => ({ owner, values: entity.create(refs, owner, n + 1) }));
          const created = await mutate(caller, entity, 'create', [...creates.map((c) => c.values), {}]);
          creates.forEach((c, j) => {
            const failure = judge(
              name(caller, 'create', `${entity.type} for ${caller.org === c.owner ? 'own' : 'other'} organisation (${c.owner})`),
              expectedWrite(caller, entity.table, null, c.owner),
              created.results[j],
            );
            if (failure) failures.push(failure);
          });
          if (created.committed || created.results[creates.length]?.__typename.endsWith('Saved'))
            failures.push(`${name(caller, 'create', entity.type)}: the incomplete row was saved`);

          // Update (no change of value) and delete of every fixture row, then a missing one.
          for (const op of ['update', 'delete'] as const) {
            const answer = await mutate(caller, entity, op, [
              ...rows.map((r) => ({ id: gid(entity.type, r.id), version: r.version })),
              { id: gid(entity.type, MISSING_ID), version: 1 },
            ]);
            rows.forEach((row, j) => {
              const failure = judge(
                name(caller, op, describeRow(caller, entity, row)),
                expectedWrite(caller, entity.table, row.facts, row.facts.owner),
                answer.results[j],
              );
              if (failure) failures.push(failure);
            });
            const last = answer.results[rows.length];
            cases += 1;
            if (answer.committed || last?.__typename !== 'RowNotFound')
              failures.push(`${name(caller, op, `${entity.type} that does not exist`)}: expected RowNotFound, nothing committed; got ${last?.__typename}`);
          }
        }),
      );
      expect(failures, failures.join('\n')).toEqual([]);
    });
  }

  /** What the rule says about any row, by type and id, read from SQL. */
  async function factsOf(type: string, id: number): Promise<Facts | null> {
    const target = TYPE_TABLES.get(type);
    if (!target) throw new Error(`no table for ${type}`);
    const row = (await sqlRows<{ owner_org_id: number; is_demo: number; kind?: string }>(registry, `select * from "${target.sql}" where id = ?`, id))[0];
    if (!row) return null;
    const owner = (Object.entries(orgIds).find(([, v]) => v === row.owner_org_id)?.[0] ?? 'B') as Org;
    return { owner, isDemo: row.is_demo === 1, kind: target.sql === 'organisations' ? row.kind! : null };
  }
  const visibleByRule = async (caller: Caller, globalId: string) => {
    const [type] = Buffer.from(globalId, 'base64').toString('utf8').split(':');
    const facts = await factsOf(type!, rawId(globalId));
    return facts !== null && mayRead(caller, TYPE_TABLES.get(type!)!.table, facts);
  };
  /** Callers who do not see everything: anonymous and every demo token. */
  const restricted = () => callers.filter((c) => !c.role || c.demo);
  /**
   * For the costlier walks (every relation, every relation filter, findings by organisation):
   * anonymous and demo tokens of a reading role, a writing role and from demo sign-in. What a
   * caller sees should not depend on its role; the per-entity matrix above checks that for every one.
   */
  const sampled = () =>
    callers.filter((c) => ['anonymous', 'demo analyst of A', 'demo org_admin of A', 'signed-in demo regional_admin of R'].includes(c.label));

  it('a new row given to an organisation the caller may not see is refused as one given to a missing organisation', async () => {
    const failures: string[] = [];
    const organisations = fixture.get('Organisation')!;
    const hiddenOrg = organisations.find((r) => r.facts.kind === 'supplier' && !r.facts.isDemo)!;
    const owned = ENTITIES.filter((e) => !e.ownerColumn);
    await Promise.all(
      callers.map(async (caller) => {
        for (const entity of owned) {
          const values = (ownerId: string, n: number) => ({ ...entity.create(refs, 'B', n), ownerId });
          const answer = await mutate(caller, entity, 'create', [values(gid('Organisation', hiddenOrg.id), 1), values(gid('Organisation', MISSING_ID), 2), {}]);
          const owners: [string, Facts | null][] = [
            [`organisation #${hiddenOrg.id} (real supplier)`, hiddenOrg.facts],
            ['an organisation that does not exist', null],
          ];
          owners.forEach(([what, facts], j) => {
            const failure = judge(
              name(caller, 'create', `${entity.type} owned by ${what}`),
              expectedOwnerReference(caller, entity.table, facts),
              answer.results[j],
            );
            if (failure) failures.push(failure);
          });
          if (answer.committed) failures.push(`${name(caller, 'create', entity.type)}: committed a batch with an incomplete row`);
          if (!sampled().includes(caller) || mayRead(caller, 'organisations', hiddenOrg.facts)) continue;
          const alone = (id: number) =>
            raw(
              `mutation($input: Create${entity.plural}Input!) { create${entity.plural}(input: $input) { ${RESULT_FIELDS} } }`,
              { input: { rows: [values(gid('Organisation', id), 1)] } },
              caller.token,
            );
          cases += 1;
          const [x, y] = [await alone(hiddenOrg.id), await alone(MISSING_ID)];
          if (x !== y)
            failures.push(
              `${name(caller, 'create', `${entity.type} owned by hidden organisation #${hiddenOrg.id}`)}: ${x} differs from the answer for a missing organisation: ${y}`,
            );
        }
      }),
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('updates that commit: a caller who may change a row changes it, and no other caller changes anything', async () => {
    const failures: string[] = [];
    for (const entity of ENTITIES) {
      const rows = fixture.get(entity.type)!;
      for (const caller of callers) {
        const before = await Promise.all(rows.map((r) => sqlNumber(registry, `select version from "${entity.sql}" where id = ?`, r.id)));
        const answer = await mutate(
          caller,
          entity,
          'update',
          rows.map((r, j) => ({ id: gid(entity.type, r.id), version: before[j] })),
          true,
        );
        for (const [j, row] of rows.entries()) {
          cases += 1;
          const label = name(caller, 'update (committed)', describeRow(caller, entity, row));
          const expected = expectedWrite(caller, entity.table, row.facts, row.facts.owner);
          const result = answer.results[j]!;
          const after = await sqlNumber(registry, `select version from "${entity.sql}" where id = ?`, row.id);
          const saved = result.__typename === `${entity.type}Saved`;
          if (expected.kind === 'allowed') {
            if (!saved && result.__typename !== 'RowInvalid')
              failures.push(`${label}: expected ${entity.type}Saved, got ${result.__typename} ${result.code ?? ''}`);
          } else {
            const failure = judge(label, expected, result);
            if (failure) failures.push(failure);
          }
          if (after !== before[j]! + (saved ? 1 : 0))
            failures.push(`${label}: version went from ${before[j]} to ${after} though the answer was ${result.__typename}`);
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('every connection counts, and every aggregate sums, only the rows the caller may see', async () => {
    const failures: string[] = [];
    const expectedCount = async (caller: Caller, entity: Entity, where: (f: Facts) => boolean = () => true) =>
      (await allFacts(registry, entity, orgIds)).filter((f) => where(f) && mayRead(caller, entity.table, f)).length;
    const byKind = (kind: string) => (f: Facts) => f.kind === kind;
    const entity = (type: string) => ENTITIES.find((e) => e.type === type)!;
    await Promise.all(
      callers.map(async (caller) => {
        for (let i = 0; i < ENTITIES.length; i += 12) {
          const chunk = ENTITIES.slice(i, i + 12);
          const data = ok(await registry.gql(`{ ${chunk.map((e) => `${connectionField(e)}(first: 1) { totalCount }`).join(' ')} }`, undefined, caller.token));
          for (const e of chunk) {
            cases += 1;
            const want = await expectedCount(caller, e);
            if (data[connectionField(e)].totalCount !== want)
              failures.push(`${name(caller, `${connectionField(e)}.totalCount`, 'all rows')}: expected ${want}, got ${data[connectionField(e)].totalCount}`);
          }
        }
        const sum = (groups: { count: number }[]) => groups.reduce((n, g) => n + g.count, 0);
        const data = ok(
          await registry.gql(
            `{ agreementCounts(groupBy: [STATUS]) { count } callOffCounts(groupBy: [STATUS]) { count } organisationCounts(groupBy: [KIND]) { count }
               retentionRuleCounts(groupBy: [ACTION]) { count } municipalities(first: 1) { totalCount }
               processorAgreements(first: 1) { totalCount } jointControllerships(first: 1) { totalCount } }`,
            undefined,
            caller.token,
          ),
        );
        const checks: [string, number, number][] = [
          ['agreementCounts', sum(data.agreementCounts), await expectedCount(caller, entity('Agreement'))],
          ['callOffCounts', sum(data.callOffCounts), await expectedCount(caller, entity('CallOff'))],
          ['organisationCounts', sum(data.organisationCounts), await expectedCount(caller, entity('Organisation'))],
          ['retentionRuleCounts', sum(data.retentionRuleCounts), await expectedCount(caller, entity('RetentionRule'))],
          ['municipalities.totalCount', data.municipalities.totalCount, await expectedCount(caller, entity('Organisation'), byKind('municipality'))],
        ];
        const agreementsOfKind = async (kind: string) =>
          (await sqlRows<{ is_demo: number }>(registry, 'select is_demo from agreements where kind = ?', kind)).filter((r) =>
            mayRead(caller, 'agreements', { owner: 'B', isDemo: r.is_demo === 1, kind: null }),
          ).length;
        checks.push(['processorAgreements.totalCount', data.processorAgreements.totalCount, await agreementsOfKind('processor')]);
        checks.push(['jointControllerships.totalCount', data.jointControllerships.totalCount, await agreementsOfKind('joint_controllership')]);
        for (const [what, got, want] of checks) {
          cases += 1;
          if (got !== want) failures.push(`${name(caller, what, 'all rows')}: expected ${want}, got ${got}`);
        }
      }),
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('registryFindings name only rows, and organisations, the caller may see', async () => {
    const failures: string[] = [];
    await Promise.all(
      callers.map(async (caller) => {
        const findings = ok(
          await registry.gql('{ registryFindings { check subjectId subjectType message messageSv organisation { id } } }', undefined, caller.token),
        ).registryFindings as {
          check: string;
          subjectId: string;
          subjectType: string;
          message: string;
          messageSv: string;
          organisation: { id: string } | null;
        }[];
        for (const f of findings) {
          cases += 1;
          if (/#\d/.test(`${f.message} ${f.messageSv}`))
            failures.push(
              `${name(caller, 'registryFindings', `${f.check} about ${f.subjectType} #${rawId(f.subjectId)}`)}: the message names a row by number: ${f.message}`,
            );
          if (!(await visibleByRule(caller, f.subjectId)))
            failures.push(
              `${name(caller, 'registryFindings', `${f.check} about ${f.subjectType} #${rawId(f.subjectId)}`)}: names a row the caller may not see`,
            );
          if (f.organisation && !(await visibleByRule(caller, f.organisation.id)))
            failures.push(
              `${name(caller, 'registryFindings', `${f.check} about ${f.subjectType} #${rawId(f.subjectId)}`)}: names organisation #${rawId(f.organisation.id)}, which the caller may not see`,
            );
        }
        // Findings about a hidden organisation are findings about a missing one: none.
        if (!['demo analyst of A', 'signed-in demo regional_admin of R'].includes(caller.label)) return;
        for (const row of fixture.get('Organisation')!.filter((r) => !mayRead(caller, 'organisations', r.facts))) {
          const about = (id: number) =>
            raw(
              'query($id: ID!) { registryFindings(organisation: $id) { check subjectId message organisation { id } } }',
              { id: gid('Organisation', id) },
              caller.token,
            );
          cases += 1;
          const [a, b] = [await about(row.id), await about(MISSING_ID)];
          if (a !== b)
            failures.push(
              `${name(
                caller,
                'registryFindings(organisation)',
                describeRow(
                  caller,
                  ENTITIES.find((e) => e.type === 'Organisation')!,
                  row,
                ),
              )}: ${a} differs from the answer for a missing organisation: ${b}`,
            );
        }
      }),
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });

  const raw = (query: string, variables: unknown, bearer?: string) => registry.raw(query, variables, bearer);

  it('a hidden row and a row that does not exist answer byte for byte alike: node, update and delete', async () => {
    const failures: string[] = [];
    await Promise.all(
      restricted().map(async (caller) => {
        for (const entity of ENTITIES) {
          const hidden = fixture.get(entity.type)!.filter((r) => !mayRead(caller, entity.table, r.facts));
          for (const row of hidden.slice(0, 1)) {
            const node = (id: number) => raw('query($id: ID!) { node(id: $id) { id } }', { id: gid(entity.type, id) }, caller.token);
            cases += 1;
            const [a, b] = [await node(row.id), await node(MISSING_ID)];
            if (a !== b) failures.push(`${name(caller, 'node(id)', describeRow(caller, entity, row))}: ${a} differs from the answer for a missing row: ${b}`);
            for (const op of ['update', 'delete'] as const) {
              const mutation = `mutation($input: ${op === 'update' ? 'Update' : 'Delete'}${entity.plural}Input!) { ${op}${entity.plural}(input: $input) { ${RESULT_FIELDS} } }`;
              const attempt = (id: number) => raw(mutation, { input: { rows: [{ id: gid(entity.type, id), version: row.version }] } }, caller.token);
              cases += 1;
              const [x, y] = [await attempt(row.id), await attempt(MISSING_ID)];
              if (x !== y || !x.includes('RowNotFound'))
                failures.push(`${name(caller, op, describeRow(caller, entity, row))}: ${x} differs from the answer for a missing row: ${y}`);
            }
          }
        }
      }),
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });

  const schema: GraphQLSchema = buildSchema(readFileSync(new URL('../../packages/graphql/schema.graphql', import.meta.url), 'utf8'));
  const isNodeType = (t: unknown): t is GraphQLObjectType => isObjectType(t) && t.getInterfaces().some((i) => i.name === 'Node');

  /** A selection of every relation of a type: objects and lists of rows by id, connections with their count. */
  function relationSelection(type: GraphQLObjectType): string {
    const parts: string[] = [];
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (field.args.some((a) => a.type.toString().endsWith('!'))) continue;
      if (isNodeType(target)) parts.push(`${field.name} { id }`);
      else if (isObjectType(target) && target.name.endsWith('Connection') && 'nodes' in target.getFields()) {
        const first = field.args.some((a) => a.name === 'first') ? `(first: ${RELATION_PAGE})` : '';
        parts.push(`${field.name}${first} { totalCount nodes { id } }`);
      }
    }
    return parts.join(' ');
  }

  it('every relation of every row the caller sees lists and counts only rows the caller may see', async () => {
    const failures: string[] = [];
    await Promise.all(
      sampled().map(async (caller) => {
        for (const [typeName, root] of ROOTS) {
          const type = schema.getType(typeName);
          if (!isNodeType(type)) throw new Error(`${typeName} is not a Node type`);
          const selection = relationSelection(type);
          const data = ok(await registry.gql(`{ ${root}(first: 8) { nodes { id ${selection} } } }`, undefined, caller.token));
          for (const parent of data[root].nodes as Record<string, unknown>[]) {
            const where = `${typeName} #${rawId(parent.id as string)}`;
            for (const [field, value] of Object.entries(parent)) {
              if (field === 'id' || value === null) continue;
              const connection = value as { totalCount?: number; nodes?: { id: string }[]; id?: string };
              const ids = Array.isArray(value)
                ? (value as { id: string }[]).map((v) => v.id)
                : connection.nodes
                  ? connection.nodes.map((n) => n.id)
                  : [connection.id!];
              for (const id of ids) {
                cases += 1;
                if (!(await visibleByRule(caller, id)))
                  failures.push(
                    `${name(caller, `${where}.${field}`, 'relation')}: lists ${Buffer.from(id, 'base64').toString('utf8')}, which the caller may not see`,
                  );
              }
              if (connection.nodes && connection.totalCount !== connection.nodes.length && connection.nodes.length < RELATION_PAGE) {
                failures.push(
                  `${name(caller, `${where}.${field}.totalCount`, 'relation')}: counts ${connection.totalCount} but lists ${connection.nodes.length}`,
                );
              }
            }
          }
        }
      }),
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('no filter through a relation matches on rows the caller may not see', async () => {
    const failures: string[] = [];
    const hiddenIds = async (caller: Caller, typeName: string) => {
      const target = TYPE_TABLES.get(typeName)!;
      return (
        await sqlRows<{ id: number; owner_org_id: number; is_demo: number; kind?: string }>(
          registry,
          `select * from "${target.sql}"${target.kind ? ` where kind = '${target.kind}'` : ''}`,
        )
      )
        .filter((r) => !mayRead(caller, target.table, { owner: 'B', isDemo: r.is_demo === 1, kind: r.kind ?? null }))
        .map((r) => gid(typeName, r.id));
    };
    await Promise.all(
      sampled().map(async (caller) => {
        for (const root of ROOTS.values()) {
          const rootField = schema.getQueryType()!.getFields()[root]!;
          const filterType = rootField.args.find((a) => a.name === 'filter')!.type;
          const filter = getNamedType(filterType);
          if (!isInputObjectType(filter)) throw new Error(`${root}'s filter is not an input object`);
          const relations: { field: string; target: string; many: boolean }[] = [];
          for (const f of Object.values(filter.getFields())) {
            const inputName = getNamedType(f.type).name;
            const many = inputName.endsWith('ListFilter');
            const target = inputName.replace(/(List)?Filter$/, '');
            if (TYPE_TABLES.has(target) && f.name !== 'AND' && f.name !== 'OR' && f.name !== 'NOT') relations.push({ field: f.name, target, many });
          }
          for (const rel of relations) {
            const ids = await hiddenIds(caller, rel.target);
            if (ids.length === 0) continue;
            const condition = { id: { in: ids } };
            const data = ok(
              await registry.gql(
                `query($filter: ${filter.name}) { ${root}(filter: $filter, first: 5) { totalCount nodes { id } } }`,
                { filter: { [rel.field]: rel.many ? { some: condition } : condition } },
                caller.token,
              ),
            );
            cases += 1;
            if (data[root].totalCount !== 0) {
              failures.push(
                `${name(caller, `${root}(filter: { ${rel.field}: ${rel.many ? '{ some: ' : ''}hidden ${rel.target} rows })`, 'relation filter')}: matches ${data[root].totalCount} rows, e.g. ${JSON.stringify(data[root].nodes.map((n: { id: string }) => Buffer.from(n.id, 'base64').toString('utf8')))}`,
              );
            }
          }
        }
      }),
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('user log entries: each caller reads exactly the entries its role allows, users pseudonymised for analysts', async () => {
    const code = (o: Org) => (o === 'A' ? A : o === 'B' ? B : R);
    const hsa = (o: Org) => {
      const nine = `212000${code(o).slice(1)}`;
      return `SE${o === 'R' ? R : `${nine}${luhnCheckDigit(nine)}`}-U0001`;
    };
    const patient = `19850412234${luhnCheckDigit('850412234')}`;
    const sent = new Map<string, LogFacts>();
    const append =
      'mutation($entries: [UserLogEntryInput!]!) { appendUserLogEntries(entries: $entries) { stored rejected { index violations { field code } } } }';
    // Each organisation's integrator (real and demo) sends its users' entries about its own and the others' data.
    for (const sender of OWNERS) {
      for (const isDemo of [false, true]) {
        const entries = OWNERS.map((owner) => {
          const id = `matrix-${sender}-${owner}-${isDemo ? 'demo' : 'real'}`;
          sent.set(id, { careProvider: sender, dataOwner: owner, sentBy: sender, isDemo });
          return {
            occurredAt: '2026-10-15T09:30:00Z',
            userHsaId: hsa(sender),
            userName: `Matrix user of ${sender}`,
            careProvider: code(sender),
            careUnit: 'Test: Matrix',
            action: 'read',
            patient,
            category: 'journal_note',
            dataOwner: code(owner),
            basis: 'care_relationship',
            device: 'desktop',
            sourceSystem: 'Matrix',
            sourceEntryId: id,
            outcome: 'success',
          };
        });
        const integrator = await registry.newToken(code(sender), 'integrator', { isDemo });
        expect(ok(await registry.gql(append, { entries }, integrator)).appendUserLogEntries).toEqual({ stored: entries.length, rejected: [] });
      }
    }
    const failures: string[] = [];
    await Promise.all(
      callers.map(async (caller) => {
        const r = await registry.gql('{ userLogs(first: 500) { edges { node { sourceEntryId userHsaId userName } } } }', undefined, caller.token);
        const seen = new Map<string, { userHsaId: string; userName: string }>(
          ((r.data?.userLogs?.edges ?? []) as { node: { sourceEntryId: string; userHsaId: string; userName: string } }[]).map((e) => [
            e.node.sourceEntryId,
            e.node,
          ]),
        );
        for (const [id, facts] of sent) {
          cases += 1;
          const label = name(
            caller,
            'userLogs',
            `entry ${id} (by a user of ${facts.careProvider === caller.org ? 'own' : 'other'} organisation ${facts.careProvider}, about ${facts.dataOwner === caller.org ? 'own' : 'other'} organisation ${facts.dataOwner}'s data, ${facts.isDemo ? 'demo' : 'real'})`,
          );
          const expected = mayReadLogEntry(caller, facts);
          const got = seen.get(id);
          if (!!got !== expected) failures.push(`${label}: expected ${expected ? 'listed' : 'not listed'}`);
          if (got) {
            const real = hsa(facts.careProvider);
            const pseudonymised = got.userHsaId !== real && !got.userName.includes('Matrix user');
            if (pseudonymised !== seesUsersAsPseudonyms(caller))
              failures.push(`${label}: the user is ${pseudonymised ? '' : 'not '}pseudonymised (${got.userHsaId}, ${got.userName})`);
          }
        }
      }),
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });

  // After the committed updates there is history of every kind of row, by every kind of writer.
  it('the change history lists and counts only changes of rows the caller may see, and actors it may see', async () => {
    const failures: string[] = [];
    const total = await sqlNumber(registry, 'select count(*) from changes');
    expect(total).toBeGreaterThan(100);
    await Promise.all(
      callers.map(async (caller) => {
        const data = ok(
          await registry.gql('{ changes(first: 1000) { totalCount nodes { entity subjectId actorOrganisation { id } } } }', undefined, caller.token),
        ).changes as {
          totalCount: number;
          nodes: { entity: string; subjectId: string; actorOrganisation: { id: string } | null }[];
        };
        cases += 1;
        if (data.totalCount !== data.nodes.length)
          failures.push(`${name(caller, 'changes.totalCount', 'history')}: counts ${data.totalCount} but lists ${data.nodes.length}`);
        if (caller.role && !caller.demo && data.totalCount !== total)
          failures.push(`${name(caller, 'changes.totalCount', 'history')}: expected all ${total} changes, got ${data.totalCount}`);
        for (const change of data.nodes) {
          cases += 1;
          const what = `change of ${Buffer.from(change.subjectId, 'base64').toString('utf8')}`;
          if (!(await visibleByRule(caller, change.subjectId))) failures.push(`${name(caller, 'changes', what)}: the caller may not see the row`);
          if (change.actorOrganisation && !(await visibleByRule(caller, change.actorOrganisation.id)))
            failures.push(`${name(caller, 'changes', what)}: names an actor organisation the caller may not see`);
        }
      }),
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
