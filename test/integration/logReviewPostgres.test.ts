// Log review with the whole registry on PostgreSQL: the same entries and seed give the same preview,
// the same run (items, masks, selections) and the same statistics as on SQLite; the chains verify
// afterwards; the review digest is kept true on PostgreSQL (caught up, verified, rebuilt, after
// purge and demo removal), and a tampered digest row is found.
import { generateDemoLogEntries, loadLogKeys, openStores, type LogKeys, type Stores } from '@fvm/db';
import type { UserLogEntryInput, Viewer } from '@fvm/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Sqlite } from '../../packages/db/src/client';
import { openPgPool, type PgPool } from '../../packages/db/src/postgres/pool';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';

const KEY = { FVM_PSEUDONYM_KEY: '3c'.repeat(32) };
const NOW = new Date();
const firstOfMonth = Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), 1);
// Demo entries from ten days before last month to the start of this one: the demo run's month and a bit.
const SPAN = { startMs: firstOfMonth - 41 * 86_400_000, endMs: Math.min(firstOfMonth + 2 * 86_400_000, NOW.getTime() - 60_000) };

describeOnPostgres('log review on PostgreSQL, beside SQLite', () => {
  let dir: string;
  let keys: LogKeys;
  let database: PostgresDatabase;
  let lite: Stores & { handles?: { sqlite: Sqlite } };
  let post: Stores;
  let pool: PgPool;
  let entries: UserLogEntryInput[];

  const both = () => [lite, post] as const;
  const append = async (stores: Stores, batch: UserLogEntryInput[], isDemo = true) => {
    const vgr = (await stores.organisations.findByCodeOrNumber('2321000131'))!;
    for (let i = 0; i < batch.length; i += 1000) {
      const r = await stores.logs.append(batch.slice(i, i + 1000), {
        submittedByOrgId: vgr.id,
        isDemo,
        today: NOW.toISOString().slice(0, 10),
        nowMs: NOW.getTime(),
      });
      expect(r.rejected).toEqual([]);
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fvm-review-pg-'));
    keys = loadLogKeys(join(dir, 'r.pseudonym.key'), KEY);
    database = await freshPostgresDatabase();
    lite = await openStores(join(dir, 'r.sqlite'), keys);
    post = await openStores(database.url, keys);
    pool = openPgPool(database.url, { max: 2 });
    for (const stores of both()) await stores.seed.loadReferenceData();
    entries = [...generateDemoLogEntries(await lite.logs.demoWorld(), 3000, { seed: 11, ...SPAN })];
    for (const stores of both()) await append(stores, entries);
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await post?.close();
    await lite?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const sqliteRows = (sql: string) => (lite.handles!.sqlite.prepare(sql).raw().all() as unknown[][]).map(text);
  const pgRows = async (sql: string) => ((await pool.query({ text: sql, rowMode: 'array' })).rows as unknown[][]).map(text);
  const text = (row: unknown[]) => JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'boolean' ? Number(v) : v)));

  it('keeps the same digest as SQLite, caught up in slices, and verifies it', async () => {
    expect(await post.logs.catchUpDigest({ limit: 1000 })).toBe(1000);
    expect(await post.logs.catchUpDigest()).toBe(2000);
    expect(await post.logs.catchUpDigest()).toBe(0);
    await lite.logs.catchUpDigest();
    for (const table of ['user_log_user_days ORDER BY 1, 2, 3, 4', 'user_log_action_days ORDER BY 1, 2, 3, 4, 5, 6, 7']) {
      expect(await pgRows(`SELECT * FROM ${table}`)).toEqual(sqliteRows(`SELECT * FROM ${table}`));
    }
    const pairs = 'SELECT data_owner_id, is_demo, month, patient_pseudonym, care_unit, several_users FROM user_log_patient_units ORDER BY 1, 2, 3, 4, 5';
    expect(await pgRows(pairs)).toEqual(sqliteRows(pairs));
    expect(await post.logs.verifyDigest()).toEqual({ ok: true, mismatches: { userDays: 0, patientUnits: 0, actionDays: 0 } });
  });

  it('makes the same demo review, preview and run on both engines, and the chains verify', async () => {
    for (const stores of both()) expect(await stores.seed.loadDemoLogReview()).toEqual({ routines: 2, runs: 1 });
    const routine = sqliteRows('SELECT id, owner_org_id FROM log_review_routines WHERE is_demo = 1 ORDER BY id LIMIT 1')[0]!;
    const [routineId, ownerOrgId] = JSON.parse(routine) as [number, number];
    // Every rule of the routine on, with a low volume floor, so that each has something to find.
    const widen =
      'UPDATE log_review_routines SET rule_other_care_provider = ?, rule_outside_usual_hours = ?, rule_output_action = ?, volume_minimum = 2 WHERE id = ?';
    lite.handles!.sqlite.prepare(widen).run(1, 1, 1, routineId);
    await pool.query(
      widen.replace(/\?/g, (_, i: number) => `$${widen.slice(0, i).split('?').length}`),
      [1, 1, 1, routineId],
    );
    const viewer: Viewer = { tokenId: 1, organisationId: ownerOrgId, role: 'log_reviewer', demoOnly: true };
    const last = new Date(firstOfMonth - 86_400_000).toISOString().slice(0, 10);
    const input = { routineId, periodStart: `${last.slice(0, 8)}01`, periodEnd: last, seed: 424_242 };
    const clock = { now: NOW.toISOString(), today: NOW.toISOString().slice(0, 10) };
    const previews = await Promise.all(both().map((s) => s.reviews.preview(viewer, input, clock)));
    expect(previews[0]).toMatchObject({ kind: 'previewed' });
    expect(previews[1]).toEqual(previews[0]);
    // Several rules have something to find in this month, not only the sample.
    const byRule = previews[0]!.kind === 'previewed' ? previews[0]!.preview.byRule.filter((r) => r.entries > 0).map((r) => r.rule) : [];
    expect(byRule.length, byRule.join(', ')).toBeGreaterThan(2);
    const runs = await Promise.all(both().map((s) => s.reviews.startRun(viewer, input, clock)));
    expect(runs[0]).toMatchObject({ kind: 'started' });
    expect(runs[1]).toEqual(runs[0]);
    // Refusals alike: another organisation's reviewer.
    const stranger: Viewer = { ...viewer, organisationId: ownerOrgId + 1 };
    expect(await post.reviews.startRun(stranger, input, clock)).toEqual(await lite.reviews.startRun(stranger, input, clock));

    const runsSql =
      'SELECT id, routine_id, period_start, period_end, seed, criteria, selected_entries, item_count, open_items, completed_on, owner_org_id, is_demo FROM log_review_runs ORDER BY id';
    const itemsSql =
      'SELECT id, run_id, user_hsa_id, user_name, patient_pseudonym, entry_count, first_occurred_at, last_occurred_at, rule_mask, status, owner_org_id, is_demo FROM log_review_items ORDER BY id';
    const selectionsSql = 'SELECT run_id, entry_id, item_id, rule_mask FROM log_review_selections ORDER BY run_id, entry_id';
    for (const sql of [runsSql, itemsSql, selectionsSql]) expect(await pgRows(sql)).toEqual(sqliteRows(sql));
    expect(sqliteRows('SELECT count(*) FROM log_review_items')[0]).not.toBe('[0]');
    const firstItem = (JSON.parse(sqliteRows('SELECT min(id) FROM log_review_items')[0]!) as number[])[0]!;
    expect(await post.reviews.itemEntries(firstItem)).toEqual(await lite.reviews.itemEntries(firstItem));
    expect(await post.reviews.statistics({ demoOnly: true })).toEqual(await lite.reviews.statistics({ demoOnly: true }));
    expect(await post.reviews.statistics({ demoOnly: false, from: input.periodStart, dataOwnerIds: [ownerOrgId] })).toEqual(
      await lite.reviews.statistics({ demoOnly: false, from: input.periodStart, dataOwnerIds: [ownerOrgId] }),
    );

    // A change record per run and item, and a read per preview and run, each in its chain.
    const changes = "SELECT entity, entity_id, operation FROM changes WHERE entity LIKE 'LogReview%' ORDER BY id";
    expect(await pgRows(changes)).toEqual(sqliteRows(changes));
    const reads = "SELECT purpose, entry_count FROM user_log_reads WHERE purpose LIKE 'log_review%' ORDER BY id";
    expect(await pgRows(reads)).toEqual(sqliteRows(reads));
    const verdict = await post.logs.verifyRecords({});
    expect(verdict.ok).toBe(true);
  }, 60_000);

  it('finds a tampered digest row on PostgreSQL, and a rebuild mends it', async () => {
    await pool.query(
      'UPDATE user_log_user_days SET entries = entries + 1 WHERE (data_owner_id, day, user_hsa_id) IN (SELECT data_owner_id, day, user_hsa_id FROM user_log_user_days LIMIT 1)',
    );
    expect(await post.logs.verifyDigest()).toMatchObject({ ok: false, mismatches: { userDays: 2, patientUnits: 0, actionDays: 0 } });
    await post.logs.rebuildDigest();
    expect((await post.logs.verifyDigest()).ok).toBe(true);
  });

  it('keeps the digest true after a purge and after the demo log is removed', async () => {
    // Real entries, not yet counted, then purged: a purge catches up before it recomputes.
    await append(post, [...generateDemoLogEntries(await post.logs.demoWorld(), 300, { seed: 12, ...SPAN })], false);
    const realBefore = Number((await pool.query('SELECT count(*) AS n FROM user_log_entries WHERE NOT is_demo')).rows[0].n);
    const category = (await pool.query("SELECT id FROM information_categories WHERE code = 'access_log'")).rows[0].id;
    const owners = (await pool.query('SELECT DISTINCT data_owner_id FROM user_log_entries')).rows.map((r) => r.data_owner_id);
    for (const owner of owners) {
      await pool.query(
        `INSERT INTO retention_rules (category_id, action, years, trigger, purge_decision_body, purge_decision_reference, purge_decision_on, owner_org_id)
         VALUES ($1, 'purge', 5, 'creation', 'Socialnämnden', 'SN 2024/17', '2024-03-01', $2)`,
        [category, owner],
      );
    }
    const future = new Date(Date.UTC(NOW.getUTCFullYear() + 6, 0, 1)).toISOString().slice(0, 10);
    const purged = await post.logs.purge(future, NOW);
    expect(purged.plans.length).toBeGreaterThan(0);
    expect((await post.logs.verifyDigest()).ok).toBe(true);
    expect(purged.plans.reduce((n, p) => n + p.entries, 0)).toBe(realBefore);
    expect(Number((await pool.query('SELECT count(*) AS n FROM user_log_user_days WHERE NOT is_demo')).rows[0].n)).toBe(0);
    // Demo entries appended after it are counted, then taken away with the demo log.
    await append(post, [...generateDemoLogEntries(await post.logs.demoWorld(), 200, { seed: 13, ...SPAN })]);
    expect(await post.logs.catchUpDigest()).toBeGreaterThan(0);
    expect((await post.logs.verifyDigest()).ok).toBe(true);
    expect((await post.seed.removeDemoLogs()).removed).toBe(3200);
    expect((await post.logs.verifyDigest()).ok).toBe(true);
    expect(Number((await pool.query('SELECT count(*) AS n FROM user_log_user_days')).rows[0].n)).toBe(0);
    expect((await post.logs.verifyRecords({})).ok).toBe(true);
  }, 60_000);
});
