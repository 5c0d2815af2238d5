import type { Viewer } from '@fvm/domain';
import { reviewStatisticsOf, reviewStatisticsSql, type ReviewStatistics, type ReviewStatisticsFilter } from '../logReview/facts';
import {
  groupIntoItems,
  ITEM_COLUMNS,
  itemValues,
  previewOf,
  previewRead,
  previewRefused,
  ROUTINE_BY_ID,
  routineOfRaw,
  RUN_INSERT,
  runRead,
  runRefused,
  runValues,
  selectedRowsIo,
  settleRun,
  visibleRoutine,
  type PreviewResult,
  type StartRunInput,
  type StartRunResult,
} from '../logReview/runs';
import { POSTGRES_SELECTION, selectionIo, type SelectionIo } from '../logReview/selection';
import { logReviewItems, logReviewRoutines, logReviewRuns } from '../schema';
import { DEMO_OWNERS, DEMO_ROUTINE_INSERT, demoLogReviewPlan, demoRoutines } from '../seed/demoLogReview';
import type { UserLogRow } from '../userLogs/read';
import { POSTGRES_TRUTH } from '../userLogs/read';
import type { LogKeys } from '../userLogs/keys';
import { codecFor } from '../writes/codec';
import type { Row } from '../writes/types';
import { catchUpDigestOn } from './logs/digest';
import { openLedger, recordReadOn } from './logs/proof';
import { entryRow, storeHead } from './logs/rows';
import { holdUserLog, inTransaction, numbered, type PgClient, type PgPool } from './pool';
import { PendingChanges } from './writes';

// Log review on PostgreSQL (the whole registry there): the selection, the run and its items, the
// same statements and rules as on SQLite (logReview/*). What SQLite's one write transaction gives,
// one transaction and advisory locks give here, always taken in this order: the chains' (nothing
// is appended, purged or removed while the selection reads), the digest's (caught up first, in the
// same transaction), the change history's, then the reads'.

/** Answers a selection's statements on one connection, inside its transaction. */
async function runSelectionPg<T>(client: PgClient, io: SelectionIo<T>): Promise<T> {
  let step = io.next();
  while (!step.done) {
    const { rows } = await client.query({ text: numbered(step.value.sql), values: step.value.params, rowMode: 'array' });
    step = io.next(rows as unknown[][]);
  }
  return step.value;
}

async function routineFor(pool: PgPool | PgClient, viewer: Viewer | null, routineId: number): Promise<Row | null> {
  return visibleRoutine(viewer, routineOfRaw((await pool.query(numbered(ROUTINE_BY_ID), [routineId])).rows[0], 'postgresql'));
}

/** The entries frozen and the digest caught up, inside `client`'s transaction: what a selection stands on. */
async function selectionGround(client: PgClient): Promise<void> {
  await holdUserLog(client);
  await catchUpDigestOn(client);
}

export async function previewLogReviewSelectionPg(
  pool: PgPool,
  keys: LogKeys,
  viewer: Viewer | null,
  input: StartRunInput,
  clock: { now: string; today: string },
): Promise<PreviewResult> {
  const routine = await routineFor(pool, viewer, input.routineId);
  const refused = previewRefused(viewer, routine);
  if (refused) return refused;
  const settled = settleRun(routine!, input, clock);
  if (settled.kind === 'invalid') return settled;
  const { seed, criteria, scope } = settled;
  const preview = await inTransaction(pool, async (client) => {
    await selectionGround(client);
    const selected = await runSelectionPg(client, selectionIo(scope, criteria, POSTGRES_SELECTION));
    await recordReadOn(client, keys, previewRead(viewer, routine!, input, clock, selected.length));
    return previewOf(seed, selected);
  });
  return { kind: 'previewed', preview };
}

export async function startLogReviewRunPg(
  pool: PgPool,
  keys: LogKeys,
  viewer: Viewer | null,
  input: StartRunInput,
  clock: { now: string; today: string },
): Promise<StartRunResult> {
  const routine = await routineFor(pool, viewer, input.routineId);
  return runRefused(viewer, routine) ?? makeRunPg(pool, keys, viewer, routine!, input, clock);
}

/** Rows per multi-row INSERT of items: 12 parameters each, far below PostgreSQL's 65,535. */
const ITEM_SLICE = 1_000;

/**
 * The run itself, for a caller whose right is settled (the API, or the demo seed with no viewer),
 * as makeRun does on SQLite: the selection, the run, an item per user × patient with its
 * selections, a change record per run and item linked into the change history, and the read
 * recorded in the chain of reads, all in one transaction.
 */
export async function makeRunPg(
  pool: PgPool,
  keys: LogKeys,
  viewer: Viewer | null,
  routine: Row,
  input: StartRunInput,
  clock: { now: string; today: string },
): Promise<StartRunResult> {
  const settled = settleRun(routine, input, clock);
  if (settled.kind === 'invalid') return settled;
  const { seed, criteria, scope } = settled;
  const runId = await inTransaction(pool, async (client) => {
    await selectionGround(client);
    const history = await openLedger(client, keys, 'changes', clock.now);
    const changes = new PendingChanges(client, history);
    const picked = await runSelectionPg(client, selectionIo(scope, criteria, POSTGRES_SELECTION));
    const selected = await runSelectionPg(client, selectedRowsIo(scope, picked));
    const groups = groupIntoItems(selected);
    const runRaw = (await client.query(numbered(RUN_INSERT), runValues(viewer, routine, input, seed, criteria, selected.length, groups.length, clock))).rows[0];
    const runAfter = codecFor(logReviewRuns, 'postgresql').decode(runRaw);
    await changes.add({
      entity: 'LogReviewRun',
      entityId: runAfter.id,
      operation: 'create',
      before: null,
      after: runAfter,
      ownerOrgId: runAfter.ownerOrgId,
      viewer,
      now: clock.now,
    });

    // Items in slices of one multi-row INSERT each, their ids taken first so that each is known
    // whatever order the rows come back in; ids in the order the items were met, as SQLite's.
    const itemCodec = codecFor(logReviewItems, 'postgresql');
    const ids = groups.length
      ? (await client.query(`SELECT nextval(pg_get_serial_sequence('log_review_items', 'id')) AS id FROM generate_series(1, $1)`, [groups.length])).rows.map(
          (r) => Number(r.id),
        )
      : [];
    const items: Row[] = [];
    for (let i = 0; i < groups.length; i += ITEM_SLICE) {
      const slice = groups.slice(i, i + ITEM_SLICE);
      const values = slice.flatMap((group, j) => [ids[i + j], ...itemValues(runAfter.id, routine, group, clock.now)]);
      const tuples = slice.map(() => `(${Array.from({ length: 13 }, () => '?').join(', ')})`).join(', ');
      const { rows } = await client.query(numbered(`INSERT INTO log_review_items (id, ${ITEM_COLUMNS}) VALUES ${tuples} RETURNING *`), values);
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      for (let j = 0; j < slice.length; j++) items.push(itemCodec.decode(byId.get(ids[i + j]!)!));
    }
    const entryIds: number[] = [];
    const itemIds: number[] = [];
    const masks: number[] = [];
    groups.forEach((group, k) => {
      for (const r of group.rows) {
        entryIds.push(r.id);
        itemIds.push(ids[k]!);
        masks.push(r.mask);
      }
    });
    await client.query(
      'INSERT INTO log_review_selections (run_id, entry_id, item_id, rule_mask) SELECT $1, * FROM unnest($2::bigint[], $3::int[], $4::int[])',
      [runAfter.id, entryIds, itemIds, masks],
    );
    for (const item of items) {
      await changes.add({
        entity: 'LogReviewItem',
        entityId: item.id,
        operation: 'create',
        before: null,
        after: item,
        ownerOrgId: item.ownerOrgId,
        viewer,
        now: clock.now,
      });
    }
    await changes.flush();
    await storeHead(client, 'changes', history.sealedRow());
    // The selection read the owner's entries for review: that read is itself recorded.
    await recordReadOn(client, keys, runRead(viewer, routine, runAfter.id, input, clock, selected.length));
    return runAfter.id as number;
  });
  return { kind: 'started', runId };
}

/** The entries of one review item, oldest first, each with the rules that chose it. */
export async function reviewItemEntriesPg(pool: PgPool, itemId: number): Promise<(UserLogRow & { rule_mask: number })[]> {
  const { rows } = await pool.query(
    `SELECT e.*, s.rule_mask FROM log_review_selections s JOIN user_log_entries e ON e.id = s.entry_id
     WHERE s.item_id = $1 ORDER BY e.occurred_at, e.id`,
    [itemId],
  );
  return rows.map((r) => ({ ...entryRow(r), rule_mask: Number(r.rule_mask) }));
}

export async function logReviewStatisticsPg(pool: PgPool, filter: ReviewStatisticsFilter): Promise<ReviewStatistics> {
  const q = reviewStatisticsSql(filter, POSTGRES_TRUTH);
  const one = async (text: string) => (await pool.query(numbered(text), q.params)).rows[0] as Record<string, unknown>;
  return reviewStatisticsOf(await one(q.runs), await one(q.items), await one(q.selections));
}

/**
 * The demo log review, as loadDemoLogReview makes it on SQLite: routines for Göteborg and Borås,
 * and an open run of Göteborg's over last month's demo entries.
 */
export async function loadDemoLogReviewPg(pool: PgPool, keys: LogKeys, now = new Date()): Promise<{ routines: number; runs: number }> {
  const plan = demoLogReviewPlan(now);
  const routines = await inTransaction(pool, async (client) => {
    if ((await client.query('SELECT 1 FROM log_review_routines WHERE is_demo LIMIT 1')).rows.length) return null;
    const orgId = async (code: string) =>
      (await client.query('SELECT id FROM organisations WHERE municipality_code = $1 AND NOT is_demo', [code])).rows[0]?.id as number | undefined;
    const goteborg = await orgId(DEMO_OWNERS.goteborg);
    const boras = await orgId(DEMO_OWNERS.boras);
    if (!goteborg || !boras) return null;
    const made: Row[] = [];
    for (const routine of demoRoutines(goteborg, boras))
      made.push(codecFor(logReviewRoutines, 'postgresql').decode((await client.query(numbered(DEMO_ROUTINE_INSERT), routine)).rows[0]));
    return made;
  });
  if (!routines) return { routines: 0, runs: 0 };
  const gbg = routines[0]!;
  const run = await makeRunPg(pool, keys, null, gbg, { routineId: gbg.id, ...plan.period, seed: plan.seed }, plan.clock);
  return { routines: routines.length, runs: run.kind === 'started' ? 1 : 0 };
}
