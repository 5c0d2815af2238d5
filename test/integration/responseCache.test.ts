import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';

let registry: Registry;
let admin: string;
let executions = 0;

beforeAll(async () => {
  registry = await startRegistry();
  admin = registry.token('2321000131', 'regional_admin');
  const orig = registry.sqlite.prepare.bind(registry.sqlite);
  registry.sqlite.prepare = (source: string) => {
    const stmt = orig(source) as unknown as Record<string, (...args: unknown[]) => unknown>;
    const all = stmt.all!.bind(stmt);
    stmt.all = (...args) => ((executions += source.includes('"call_offs"') ? 1 : 0), all(...args));
    return stmt as never;
  };
});
afterAll(() => registry.close());

const QUERY = '{ callOffs(first: 1, orderBy: [{ field: ID }]) { nodes { id version decisionReference } } }';

describe('the response cache', () => {
  it('answers a repeated query without touching the database, and a write makes the next answer fresh', async () => {
    const first = await registry.gql(QUERY, undefined, admin);
    const before = executions;
    const again = await registry.gql(QUERY, undefined, admin);
    expect(again).toEqual(first);
    expect(executions).toBe(before);

    const node = first.data.callOffs.nodes[0];
    const update = `mutation($input: UpdateCallOffsInput!) { updateCallOffs(input: $input) { committed } }`;
    const saved = await registry.gql(update, { input: { rows: [{ id: node.id, version: node.version, decisionReference: 'KS cache test' }] } }, admin);
    expect(saved.data.updateCallOffs.committed).toBe(true);
    const after = await registry.gql(QUERY, undefined, admin);
    expect(after.data.callOffs.nodes[0]).toMatchObject({ version: node.version + 1, decisionReference: 'KS cache test' });
  });

  it('sees a write made by another connection to the same file (the CLI, another server)', async () => {
    const first = (await registry.gql(QUERY, undefined, admin)).data.callOffs.nodes[0];
    const other = new Database(registry.file);
    other.prepare('UPDATE call_offs SET decision_reference = ? WHERE id = (SELECT min(id) FROM call_offs)').run('KS from elsewhere');
    other.close();
    const after = (await registry.gql(QUERY, undefined, admin)).data.callOffs.nodes[0];
    expect(first.decisionReference).not.toBe('KS from elsewhere');
    expect(after.decisionReference).toBe('KS from elsewhere');
  });

  it('never serves one viewer’s answer to another', async () => {
    const signedIn = await registry.gql(QUERY, undefined, admin);
    const anonymous = await registry.gql(QUERY);
    expect(signedIn.data.callOffs.nodes).toHaveLength(1);
    expect(anonymous.data.callOffs.nodes).toHaveLength(0);
  });
});
