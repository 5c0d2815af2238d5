// The registry's layout over several nodes (Citus): not run here (Citus is not packaged), but held
// against the migrated PostgreSQL schema, so that the plan in the README stays true as the schema
// changes: every user log table placed, the distribution column present in each co-located table,
// no foreign key Citus would refuse, exactly the unique constraints the plan says change, and an
// append's statements always carrying the chain they touch.
import { generateDemoLogEntries, loadLogKeys, openStores, type Stores } from '@fvm/db';
import type { UserLogEntryInput } from '@fvm/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  CHAIN_COLOCATED,
  CITUS_CHANGES,
  CITUS_FOREIGN_KEY_CHANGES,
  citusStatements,
  OWN_DISTRIBUTION,
  placementOf,
} from '../../packages/db/src/postgres/distribution';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';

const KEY = { FVM_PSEUDONYM_KEY: '7d'.repeat(32) };
const NOW = new Date('2026-06-15T12:00:00Z');
const SPAN = { startMs: Date.parse('2026-04-01T00:00:00Z'), endMs: Date.parse('2026-06-10T00:00:00Z') };
const distributed = (table: string) => CHAIN_COLOCATED[table] ?? OWN_DISTRIBUTION[table];

describeOnPostgres('the layout over several nodes (Citus), held against the schema', () => {
  let database: PostgresDatabase;
  let dir: string;
  let stores: Stores;
  let client: pg.Client;

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    dir = mkdtempSync(join(tmpdir(), 'fvm-citus-'));
    stores = await openStores(database.url, loadLogKeys(join(dir, 'k'), KEY), { logLanes: 2 });
    await stores.seed.loadReferenceData();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  }, 60_000);

  afterAll(async () => {
    await client?.end();
    await stores?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The schema's tables, a partitioned table once (not its monthly partitions). */
  async function tables(): Promise<string[]> {
    const { rows } = await client.query(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname NOT LIKE '__drizzle%' ORDER BY 1`);
    return rows.map((r) => r.name as string).filter((t) => t !== 'fvm_migrations');
  }

  it('places every user log table explicitly, and co-locates entries, heads and checkpoints by one integer chain id', async () => {
    const all = await tables();
    for (const t of all.filter((t) => t.startsWith('user_log_'))) expect(placementOf(t).kind, `${t} is placed`).not.toBe('reference');
    for (const [table, column] of Object.entries({ ...CHAIN_COLOCATED, ...OWN_DISTRIBUTION })) {
      const { rows } = await client.query(
        'SELECT data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = $3',
        ['public', table, column],
      );
      expect(rows, `${table}.${column}`).toHaveLength(1);
      expect(rows[0].is_nullable, `${table}.${column} is never null`).toBe('NO');
      if (CHAIN_COLOCATED[table]) expect(rows[0].data_type, `${table}.${column}`).toBe('integer');
    }
  });

  it('has no foreign key Citus would refuse: from a distributed table only to a reference table, and none into a distributed one', async () => {
    const { rows } = await client.query(`SELECT c.conrelid::regclass::text AS "from", c.confrelid::regclass::text AS "to" FROM pg_constraint c
      JOIN pg_class r ON r.oid = c.conrelid WHERE c.contype = 'f' AND NOT r.relispartition`);
    const into: string[] = [];
    for (const fk of rows as { from: string; to: string }[]) {
      if (distributed(fk.from)) expect(placementOf(fk.to).kind, `${fk.from} → ${fk.to}`).toBe('reference');
      if (distributed(fk.to)) into.push(`${fk.from} → ${fk.to}`);
    }
    // Only those the plan names, each with what keeps it instead.
    expect(into.sort()).toEqual(CITUS_FOREIGN_KEY_CHANGES.map((c) => `${c.from} → ${c.to}`).sort());
  });

  it('lacks the distribution column in exactly the unique constraints the plan says change', async () => {
    const { rows } = await client.query(
      `SELECT t.relname AS "table", i.relname AS name, array_agg(a.attname::text) AS columns
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey)
      WHERE x.indisunique AND NOT t.relispartition AND t.relname = ANY($1) GROUP BY 1, 2`,
      [Object.keys({ ...CHAIN_COLOCATED, ...OWN_DISTRIBUTION })],
    );
    const lacking = (rows as { table: string; name: string; columns: string[] }[])
      .filter((r) => !r.columns.includes(distributed(r.table)!))
      .map((r) => `${r.table}.${r.name}`);
    expect(lacking.sort()).toEqual(CITUS_CHANGES.map((c) => `${c.table}.${c.constraint}`).sort());
    const statements = citusStatements(await tables());
    expect(statements).toContain(`SELECT create_distributed_table('user_log_entries', 'chain_id', colocate_with => 'user_log_chains');`);
    expect(statements).toContain(`SELECT create_reference_table('organisations');`);
  });

  it('carries the chain in every statement an append makes on the chains, entries and checkpoints', async () => {
    const vgr = (await stores.organisations.findByCodeOrNumber('2321000131'))!;
    const entries = [...generateDemoLogEntries(await stores.logs.demoWorld(), 400, { seed: 3, ...SPAN })];
    const append = (batch: UserLogEntryInput[]) =>
      stores.logs.append(batch, { submittedByOrgId: vgr.id, isDemo: false, today: NOW.toISOString().slice(0, 10), nowMs: NOW.getTime() });
    // The first append of each owner creates its lanes (under the sealed head's lock): not the path that must stay on one node.
    expect((await append(entries.slice(0, 200))).stored).toBe(200);
    const owners = new Set(entries.slice(0, 200).map((e) => e.dataOwner));
    const later = entries.slice(200).filter((e) => owners.has(e.dataOwner));
    const seen: string[] = [];
    const query = pg.Client.prototype.query;
    // Instruments the driver (not our code): every statement text any connection sends, while the append runs.
    pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<typeof query>) {
      const first = args[0] as unknown;
      seen.push(typeof first === 'string' ? first : String((first as { text?: string }).text ?? ''));
      return query.apply(this, args);
    } as typeof query;
    try {
      expect((await append(later)).stored).toBe(later.length);
    } finally {
      pg.Client.prototype.query = query;
    }
    // A sequence named after its table is not the table.
    const touching = seen
      .map((s) => s.replace(/pg_get_serial_sequence\('[a-z_]+', '[a-z_]+'\)/g, 'sequence'))
      .filter((s) => /\buser_log_(chains|entries|checkpoints)\b/.test(s));
    expect(touching.length).toBeGreaterThanOrEqual(3);
    for (const statement of touching) {
      const carries = /\buser_log_(entries|checkpoints)\b/.test(statement) ? /\bchain_id\b/.test(statement) : /\bid = (ANY\(|u\.id\b)/.test(statement);
      expect(carries, statement).toBe(true);
    }
  });
});
