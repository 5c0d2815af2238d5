import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { gid, ok, orgId, RESULT_FIELDS, sqlNumber, sqlRows, type SqlRow } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'fvm-restart-'));
const file = join(dir, 'registry.sqlite');
const open: Registry[] = [];
afterAll(async () => {
  for (const r of open) await r.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: { demo?: boolean } = {}) {
  const r = await startRegistry({ file, ...options });
  open.push(r);
  return r;
}
async function stop(r: Registry) {
  open.splice(open.indexOf(r), 1);
  await r.close();
}

async function tableCounts(r: Registry): Promise<Record<string, number>> {
  const tables = await sqlRows<{ name: string }>(
    r,
    `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%migrations%' order by name`,
  );
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t.name, await sqlNumber(r, `select count(*) from "${t.name}"`)] as const)));
}

describe('the registry survives a restart on the same file', () => {
  it('keeps every written row and loads neither reference nor demo data twice', async () => {
    const first = await start();
    const admin = first.token('2321000131', 'regional_admin');
    const borasAdmin = first.token('1490', 'org_admin');
    const afterLoad = await tableCounts(first);
    expect(afterLoad.organisations).toBeGreaterThan(49);
    expect(afterLoad.call_offs).toBeGreaterThan(0);
    expect(afterLoad.changes).toBe(0);

    // Write through the API: an update by Borås, a new organisation and a new retention rule by VGR.
    const callOff = first.sqlite.prepare('select * from call_offs where municipality_id = ? order by id limit 1').get(await orgId(first, '1490')) as SqlRow;
    const update = ok(
      await first.gql(
        `mutation($input: UpdateCallOffsInput!) { updateCallOffs(input: $input) { ${RESULT_FIELDS} } }`,
        { input: { rows: [{ id: gid('CallOff', callOff.id), version: callOff.version, decisionReference: 'KS 2020/restart' }] } },
        borasAdmin,
      ),
    );
    expect(update.updateCallOffs.committed).toBe(true);
    const org = ok(
      await first.gql(
        `mutation($input: CreateOrganisationsInput!) { createOrganisations(input: $input) { ${RESULT_FIELDS} results { ... on OrganisationSaved { node { id } } } } }`,
        { input: { rows: [{ kind: 'SUPPLIER', name: 'Omstart AB', organisationNumber: '5560360793' }] } },
        admin,
      ),
    );
    expect(org.createOrganisations.committed).toBe(true);
    const orgGid = org.createOrganisations.results[0].node.id;
    const category = await sqlNumber(first, `select id from information_categories where code = 'school_health_record'`);
    const rule = ok(
      await first.gql(
        `mutation($input: CreateRetentionRulesInput!) { createRetentionRules(input: $input) { ${RESULT_FIELDS} } }`,
        { input: { rows: [{ categoryId: gid('InformationCategory', category), action: 'PRESERVE', trigger: 'LAST_ENTRY', years: 10 }] } },
        admin,
      ),
    );
    expect(rule.createRetentionRules.committed).toBe(true);
    const afterWrites = await tableCounts(first);
    expect(afterWrites.changes).toBe(3);
    expect(afterWrites.organisations).toBe(afterLoad.organisations! + 1);
    expect(afterWrites.retention_rules).toBe(afterLoad.retention_rules! + 1);
    await stop(first);

    // Start again on the same file: loadReferenceData and loadDemoData run again.
    const second = await start();
    expect(await tableCounts(second)).toEqual({ ...afterWrites, api_tokens: afterWrites.api_tokens });
    expect(await sqlNumber(second, `select count(*) from organisations where organisation_number = '2321000131'`)).toBe(1);
    expect(await sqlNumber(second, `select count(*) from organisations where kind = 'municipality'`)).toBe(49);
    expect(await sqlNumber(second, 'select count(*) from options')).toBe(3);
    expect(await sqlNumber(second, 'select count(*) from procurements')).toBe(1);
    expect(await sqlNumber(second, 'select count(*) from (select municipality_id, option_id from call_offs group by 1, 2 having count(*) > 1)')).toBe(0);

    // The written values, their versions and their history are there, and old tokens still work.
    const read = ok(
      await second.gql(
        `query($id: ID!, $org: ID!) {
          callOff: node(id: $id) { ... on CallOff { version decisionReference history { totalCount nodes { actorRole after } } } }
          org: node(id: $org) { ... on Organisation { name organisationNumber version } }
        }`,
        { id: gid('CallOff', callOff.id), org: orgGid },
        borasAdmin,
      ),
    );
    expect(read.callOff).toMatchObject({ version: callOff.version + 1, decisionReference: 'KS 2020/restart', history: { totalCount: 1 } });
    expect(read.callOff.history.nodes[0]).toMatchObject({ actorRole: 'ORG_ADMIN', after: { decisionReference: 'KS 2020/restart' } });
    expect(read.org).toEqual({ name: 'Omstart AB', organisationNumber: '5560360793', version: 1 });

    // And the registry still takes writes after the restart.
    const again = ok(
      await second.gql(
        `mutation($input: UpdateCallOffsInput!) { updateCallOffs(input: $input) { ${RESULT_FIELDS} } }`,
        { input: { rows: [{ id: gid('CallOff', callOff.id), version: callOff.version + 1, decisionReference: 'KS 2020/after restart' }] } },
        borasAdmin,
      ),
    );
    expect(again.updateCallOffs.committed).toBe(true);
    const afterSecond = await tableCounts(second);
    await stop(second);

    // A third start without the demo loader changes nothing either.
    const third = await start({ demo: false });
    expect(await tableCounts(third)).toEqual(afterSecond);
    expect(third.sqlite.prepare('select decision_reference, version from call_offs where id = ?').get(callOff.id)).toEqual({
      decision_reference: 'KS 2020/after restart',
      version: callOff.version + 2,
    });
    await stop(third);
  });
});
