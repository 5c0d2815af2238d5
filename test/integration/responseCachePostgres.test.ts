// The response cache with the registry on PostgreSQL: a write made behind the server's back (psql,
// another tool) must not leave a cached answer standing, as SQLite's data_version sees any writer.
// Every table announces its commits on fvm_writes (migration write_announcements).
import { expect, it } from 'vitest';
import { startRegistry } from '../support/server';
import { describeOnPostgres } from '../support/postgres';

describeOnPostgres('the response cache on PostgreSQL', () => {
  it('sees a write made straight to the database by another connection', async () => {
    const registry = await startRegistry({ engine: 'postgresql', responseCache: true });
    try {
      const admin = await registry.newToken('2321000131', 'regional_admin');
      const QUERY = '{ callOffs(first: 1, orderBy: [{ field: ID }]) { nodes { id decisionReference } } }';
      const first = await registry.gql(QUERY, undefined, admin);
      expect(await registry.gql(QUERY, undefined, admin)).toEqual(first);
      const [row] = await registry.sql<{ id: number }>('SELECT id FROM call_offs ORDER BY id LIMIT 1');
      await registry.sql('UPDATE call_offs SET decision_reference = ? WHERE id = ?', 'KS written behind the API', row!.id);
      const deadline = Date.now() + 5_000;
      let answer = first;
      while (Date.now() < deadline && answer.data.callOffs.nodes[0].decisionReference !== 'KS written behind the API') {
        await new Promise((resolve) => setTimeout(resolve, 50));
        answer = await registry.gql(QUERY, undefined, admin);
      }
      expect(answer.data.callOffs.nodes[0].decisionReference).toBe('KS written behind the API');
    } finally {
      await registry.close();
    }
  });

  it('announces the commits of every table, so a table added later cannot be forgotten', async () => {
    const registry = await startRegistry({ engine: 'postgresql', demo: false });
    try {
      const missing = await registry.sql<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
           AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'fvm_announce_write')
         ORDER BY 1`,
      );
      expect(missing.map((r) => r.name)).toEqual([]);
    } finally {
      await registry.close();
    }
  });
});
