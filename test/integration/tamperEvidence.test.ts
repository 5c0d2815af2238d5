import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { dropTrigger, ok, sqlNumber } from './helpers';

// The proof, over HTTP: what an admin or reviewer sees after someone with write access to the
// database file (but not the keys) altered the change history, the record of log reads or the
// user log behind the API's back.

const VGR = '2321000131';
const BREAK = 'breaks { record recordId reason } breakCount';

function entry(n: number) {
  return {
    occurredAt: '2026-10-15T09:30:00Z',
    userHsaId: `SE${VGR}-U0001`,
    userName: 'Test Anna Andersson',
    userProfession: 'nurse',
    careProvider: VGR,
    careUnit: 'Test: Avdelning 1',
    action: 'read',
    patient: '19121212-1212',
    category: 'journal_note',
    dataOwner: VGR,
    basis: 'care_relationship',
    device: 'desktop',
    sourceSystem: 'Test Millennium',
    sourceEntryId: `tamper-${n}`,
    outcome: 'success',
  };
}

describe('tamper evidence over the API', () => {
  let registry: Registry;
  let admin: string;
  let reviewer: string;

  beforeAll(async () => {
    registry = await startRegistry({ demo: false });
    admin = await registry.newToken(VGR, 'regional_admin');
    reviewer = await registry.newToken(VGR, 'log_reviewer');
    for (const name of ['Demo: one', 'Demo: two', 'Demo: three']) {
      ok(await registry.gql('mutation($name: String!) { createServices(input: { rows: [{ name: $name }] }) { committed } }', { name }, admin));
    }
    const appended = ok(
      await registry.gql(
        'mutation($e: [UserLogEntryInput!]!) { appendUserLogEntries(entries: $e) { stored } }',
        { e: [1, 2, 3, 4].map(entry) },
        await registry.newToken(VGR, 'integrator'),
      ),
    );
    expect(appended.appendUserLogEntries.stored).toBe(4);
    for (let i = 0; i < 3; i++) ok(await registry.gql('{ userLogs(first: 2) { edges { node { entryId } } } }', undefined, reviewer));
  });
  afterAll(() => registry.close());

  const verifyChanges = async () => ok(await registry.gql(`{ verifyChangeHistory { recordsChecked ok ${BREAK} } }`, undefined, admin)).verifyChangeHistory;
  const verifyReads = async () => ok(await registry.gql(`{ verifyUserLogReads { recordsChecked ok ${BREAK} } }`, undefined, admin)).verifyUserLogReads;
  const verifyLogs = async () => ok(await registry.gql(`{ verifyUserLogs { ok firstBreak { entryId } ${BREAK} } }`, undefined, admin)).verifyUserLogs;

  it('everything verifies as written through the API', async () => {
    expect(await verifyChanges()).toEqual({ recordsChecked: 3, ok: true, breaks: [], breakCount: 0 });
    expect(await verifyReads()).toMatchObject({ recordsChecked: 3, ok: true });
    expect(await verifyLogs()).toEqual([{ ok: true, firstBreak: null, breaks: [], breakCount: 0 }]);
  });

  it('only a regional admin verifies the change history and the record of reads', async () => {
    for (const field of ['verifyChangeHistory { ok }', 'verifyUserLogReads { ok }']) {
      const r = await registry.gql(`{ ${field} }`, undefined, reviewer);
      expect(r.errors?.[0]?.message).toMatch(/Only regional admins/);
    }
  });

  it('names an altered change', async () => {
    await dropTrigger(registry, 'changes', 'changes_no_update');
    const id = await sqlNumber(registry, 'select min(id) from changes');
    await registry.sql(`update changes set actor_role = 'org_admin' where id = ?`, id);
    expect(await verifyChanges()).toMatchObject({ ok: false, breakCount: 1, breaks: [{ record: 'CHANGE', recordId: id }] });
    await registry.sql(`update changes set actor_role = 'regional_admin' where id = ?`, id);
    expect((await verifyChanges()).ok).toBe(true);
  });

  it('names an altered read record, and a new read does not paper over it', async () => {
    await dropTrigger(registry, 'user_log_reads', 'user_log_reads_no_change');
    const id = await sqlNumber(registry, 'select min(id) from user_log_reads');
    await registry.sql(`update user_log_reads set role = 'analyst' where id = ?`, id);
    expect(await verifyReads()).toMatchObject({ ok: false, breaks: [{ record: 'LOG_READ', recordId: id }] });
    // The last read record removed behind the API's back, then another read through the API.
    await dropTrigger(registry, 'user_log_reads', 'user_log_reads_no_delete');
    const last = await sqlNumber(registry, 'select max(id) from user_log_reads');
    await registry.sql('delete from user_log_reads where id = ?', last);
    ok(await registry.gql('{ userLogs(first: 1) { edges { node { entryId } } } }', undefined, reviewer));
    const after = await verifyReads();
    expect(after.ok).toBe(false);
    expect(after.breaks.map((b: { reason: string }) => b.reason).join('\n')).toMatch(/a writer found.*the last record should be/);
  });

  it('lists every altered entry of a chain, not only the first', async () => {
    await dropTrigger(registry, 'user_log_entries', 'user_log_entries_no_update');
    const ids = (await registry.sql<{ id: number }>('select id from user_log_entries order by id')).map((r) => r.id);
    for (const id of [ids[0], ids[2]]) await registry.sql(`update user_log_entries set user_name = 'Mallory' where id = ?`, id);
    const [verdict] = await verifyLogs();
    expect(verdict).toMatchObject({ ok: false, firstBreak: { entryId: ids[0] }, breakCount: 2 });
    expect(verdict.breaks.map((b: { record: string; recordId: number }) => [b.record, b.recordId])).toEqual([
      ['USER_LOG_ENTRY', ids[0]],
      ['USER_LOG_ENTRY', ids[2]],
    ]);
  });
});
