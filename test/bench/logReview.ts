// Figure 13: a log review's selection (issue 9) over one owner's month of 10,000,000 entries,
// asked over HTTP by the owner's log reviewer (previewLogReviewSelection: the rules and the seeded
// sample, counted per rule), against the raw SQL of the same rules written out by hand over the
// same tables and indexes (the user log's digest included). 13b: the whole run (startLogReviewRun:
// the selection, one review item per user × patient, the change records and the record of the
// read) against that raw SQL plus plain INSERTs of the same items. Each must select the same
// entries with the same rules as the raw SQL before anything is timed.
//
// The month is generated straight into the table (BENCH_REVIEW_ENTRIES, default 10,000,000; the
// file is kept under BENCH_REVIEW_DIR, default the system temp dir, and reused by later runs):
// a large owner's care units, their patients and users, mostly in the daytime, with the rare
// events the rules look for at plausible rates. Its chains are not real (the selection does not
// read them): the import's speed is figure 4's business.

import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFileFor, rebuildUserLogDigest, REVIEW_INDEX_CONDITION, VGR_ORGANISATION_NUMBER, type Sqlite } from '@fvm/db';
import { LOG_REVIEW_RULES, outsideHoursSpans, ruleBit, sampleRanks, stockholmDayNumber, stockholmDayStartMs, stockholmMidnightMs } from '@fvm/domain';
import { startRegistry } from '../support/server';
import { check, log, median, RUNS, spread, type ResultRow } from './lib';
import { fmtInt } from './logData';

const ENTRIES = Number(process.env.BENCH_REVIEW_ENTRIES ?? 10_000_000);
const MONTH = { start: '2026-10-01', end: '2026-10-31', next: '2026-11-01' };
const UNITS = 100;
const USERS = 3000;
const PATIENTS = 300_000;
const BURST_USERS = 20;
const BURST_SIZE = 800;
const ROUTINE = { usualHoursStart: 6, usualHoursEnd: 22, volumeFactor: 3, volumeMinimum: 30, sampleSize: 200 };

/** mulberry32, inline: the bench's data must not change when the product's helpers do. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The month's entries of one owner, inserted directly (see the header). */
function fill(sqlite: Sqlite, owner: number, others: number[], category: number) {
  const random = rng(1309);
  const from = stockholmMidnightMs(MONTH.start);
  const to = stockholmMidnightMs(MONTH.next);
  const span = to - from;
  const userUnit = Array.from({ length: USERS }, (_, u) => u % UNITS);
  const unitUsers = Array.from({ length: UNITS }, (_, unit) => userUnit.flatMap((x, u) => (x === unit ? [u] : [])));
  const patientKey = (p: number) => {
    const b = Buffer.alloc(16);
    b.writeUInt32BE(p, 0);
    b.writeUInt32BE(Math.imul(p, 2654435761) >>> 0, 4);
    return b;
  };
  const insert = sqlite.prepare(
    `INSERT INTO user_log_entries (occurred_at, user_hsa_id, user_name, user_profession, care_provider_id, care_unit, action, patient_pseudonym, category_id, data_owner_id, basis, device, source_system, source_entry_id, outcome, submitted_by_org_id, is_demo, chain_id, hash, key_id)
     VALUES (?, ?, ?, 'nurse', ?, ?, ?, ?, ?, ?, ?, 'desktop', 'Bench', ?, 'success', ?, 0, 0, zeroblob(32), 0)`,
  );
  const bursts = new Map<number, number>();
  for (let b = 0; b < BURST_USERS; b++) bursts.set(b * 97, from + Math.floor(random() * 28) * 86_400_000 + 9 * 3_600_000);
  const burstTotal = BURST_USERS * BURST_SIZE;
  const t0 = performance.now();
  const batch = 100_000;
  for (let start = 0; start < ENTRIES; start += batch) {
    sqlite.transaction(() => {
      for (let n = start; n < Math.min(ENTRIES, start + batch); n++) {
        let user: number;
        let at: number;
        let patient: number;
        if (n < burstTotal) {
          // A burst: one user, one day, many patients of the unit.
          user = [...bursts.keys()][Math.floor(n / BURST_SIZE)]!;
          at = bursts.get(user)! + Math.floor(random() * 8 * 3_600_000);
          patient = userUnit[user]! + UNITS * Math.floor(random() * (PATIENTS / UNITS));
        } else {
          patient = Math.floor(random() * PATIENTS);
          const home = patient % UNITS;
          // Almost always a user of the patient's own unit; rarely someone from elsewhere.
          const unit = random() < 0.001 ? Math.floor(random() * UNITS) : home;
          const users = unitUsers[unit]!;
          user = users[Math.floor(random() * users.length)]!;
          // Mostly in the daytime; a few at night.
          const day = Math.floor(random() * (span / 86_400_000));
          const hour = random() < 0.002 ? Math.floor(random() * 5) : 7 + Math.floor(random() * 13);
          at = from + day * 86_400_000 + hour * 3_600_000 + Math.floor(random() * 3_600_000);
        }
        const roll = random();
        const basis = roll < 0.0005 ? 'emergency_access' : roll < 0.0008 ? 'none' : roll < 0.1 ? 'consent' : 'care_relationship';
        const action = random() < 0.001 ? ['print', 'copy', 'export', 'disclose'][Math.floor(random() * 4)]! : random() < 0.9 ? 'read' : 'update';
        const provider = random() < 0.001 ? others[Math.floor(random() * others.length)]! : owner;
        insert.run(
          at,
          `SE2321000131-B${user}`,
          `Bench user ${user}`,
          provider,
          `Bench unit ${userUnit[user]}`,
          action,
          patientKey(patient),
          category,
          owner,
          basis,
          `b-${n}`,
          owner,
        );
      }
    })();
    if ((start / batch) % 10 === 0) log(`figure 13: ${fmtInt(start + batch)} entries generated (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
}

/**
 * The hand-written SQL of the same rules over the same tables and indexes (the user log's digest
 * included), with the routine's numbers in it: what a DBA would type. The period's days, the
 * hours outside the usual ones and the sample's ranks are constants a DBA works out once (here
 * with the domain's calendar and the documented generator); the sample's ranks are located in the
 * per-user-and-day counts by a running sum and read with one OFFSET query each.
 */
export function rawSelection(sqlite: Sqlite, owner: number, seed: number): [number, number][] {
  const from = stockholmMidnightMs(MONTH.start);
  const to = stockholmMidnightMs(MONTH.next);
  const firstDay = stockholmDayNumber(from);
  const endDay = stockholmDayNumber(to);
  const days = Array.from({ length: endDay - firstDay }, (_, i) => firstDay + i);
  const dayBounds = days.map((d) => `(${d}, ${stockholmDayStartMs(d)}, ${stockholmDayStartMs(d + 1)})`).join(', ');
  const night = outsideHoursSpans(from, to, ROUTINE.usualHoursStart, ROUTINE.usualHoursEnd)
    .map((s) => `(${s.fromMs}, ${s.toMs})`)
    .join(', ');
  const month = 2026 * 12 + 9;
  const own = `data_owner_id = ${owner} AND is_demo = 0`;
  const hits = sqlite
    .prepare(
      // CROSS JOIN keeps the few spans and days outside, the entries' index inside.
      `WITH days(day, a, b) AS (VALUES ${dayBounds}),
       night(a, b) AS (VALUES ${night}),
       ud AS MATERIALIZED (SELECT u.day, u.user_hsa_id AS u, u.entries AS n, days.a, days.b FROM user_log_user_days u JOIN days ON days.day = u.day WHERE u.data_owner_id = ${owner} AND u.is_demo = 0),
       med AS (SELECT u, n AS median FROM (SELECT u, n, row_number() OVER (PARTITION BY u ORDER BY n) AS k, count(*) OVER (PARTITION BY u) AS c FROM ud) WHERE k = (c + 1) / 2),
       hot AS MATERIALIZED (SELECT ud.u, ud.a, ud.b FROM ud JOIN med ON med.u = ud.u WHERE ud.n >= ${ROUTINE.volumeMinimum} AND ud.n > ${ROUTINE.volumeFactor} * med.median),
       pu AS MATERIALIZED (SELECT patient_pseudonym AS p, care_unit AS unit, several_users AS several FROM user_log_patient_units WHERE ${own} AND month = ${month}),
       rare AS MATERIALIZED (SELECT p, unit FROM pu WHERE several = 0 AND p IN (SELECT p FROM pu GROUP BY p HAVING count(*) > 1)),
       ep AS MATERIALIZED (SELECT p.* FROM access_policies p WHERE p.is_demo = 0 AND (p.owner_org_id = ${owner} OR (p.owner_org_id = (SELECT min(id) FROM organisations WHERE kind = 'region' AND is_demo = 0)
                           AND NOT EXISTS (SELECT 1 FROM access_policies o WHERE o.owner_org_id = ${owner} AND o.is_demo = 0 AND o.profession = p.profession AND o.category_id = p.category_id)))),
       permission AS (SELECT e.*, CASE WHEN e.action IN ('read', 'print', 'copy', 'export', 'disclose') THEN ep.may_read WHEN e.action IN ('create', 'update') THEN ep.may_write
                                       WHEN e.action = 'sign' AND e.device = 'mobile' THEN ep.may_sign_mobile WHEN e.action = 'sign' THEN ep.may_sign END AS allowed
                      FROM user_log_action_days e JOIN ep ON ep.profession = e.profession AND ep.category_id = e.category_id
                      WHERE e.data_owner_id = ${owner} AND e.is_demo = 0 AND e.day >= ${firstDay} AND e.day < ${endDay}),
       bad_days AS (SELECT DISTINCT days.a, days.b FROM permission JOIN days ON days.day = permission.day WHERE allowed = 0),
       hits(id, bit) AS (
         SELECT id, (CASE WHEN basis = 'emergency_access' THEN 1 ELSE 0 END) | (CASE WHEN basis = 'none' THEN 2 ELSE 0 END) | (CASE WHEN care_provider_id <> data_owner_id THEN 4 ELSE 0 END)
                  | (CASE WHEN action IN ('print', 'copy', 'export', 'disclose') THEN 64 ELSE 0 END)
                  | (CASE WHEN action = 'disclose' AND category_id IN (SELECT id FROM information_categories WHERE harm_assessment_required = 1)
                          AND NOT EXISTS (SELECT 1 FROM disclosure_requests d WHERE d.user_log_entry_id = user_log_entries.id AND d.outcome IS NOT NULL) THEN 256 ELSE 0 END)
         FROM user_log_entries WHERE ${own} AND occurred_at >= ${from} AND occurred_at < ${to} AND (${REVIEW_INDEX_CONDITION})
         UNION ALL SELECT e.id, 8 FROM night CROSS JOIN user_log_entries e WHERE e.data_owner_id = ${owner} AND e.occurred_at >= night.a AND e.occurred_at < night.b AND e.is_demo = 0
         UNION ALL SELECT e.id, 16 FROM hot JOIN user_log_entries e INDEXED BY user_log_entries_user_time_idx ON e.user_hsa_id = hot.u AND e.occurred_at >= hot.a AND e.occurred_at < hot.b
                   WHERE e.data_owner_id = ${owner} AND e.is_demo = 0
         UNION ALL SELECT e.id, 32 FROM rare JOIN user_log_entries e INDEXED BY user_log_entries_patient_time_idx ON e.patient_pseudonym = rare.p AND e.occurred_at >= ${from} AND e.occurred_at < ${to}
                   WHERE e.care_unit = rare.unit AND e.data_owner_id = ${owner} AND e.is_demo = 0
         UNION ALL SELECT e.id, 128 FROM bad_days CROSS JOIN user_log_entries e ON e.data_owner_id = ${owner} AND e.occurred_at >= bad_days.a AND e.occurred_at < bad_days.b
                   JOIN ep ON ep.profession = e.user_profession AND ep.category_id = e.category_id
                   WHERE e.is_demo = 0 AND (CASE WHEN e.action IN ('read', 'print', 'copy', 'export', 'disclose') THEN ep.may_read WHEN e.action IN ('create', 'update') THEN ep.may_write
                                                 WHEN e.action = 'sign' AND e.device = 'mobile' THEN ep.may_sign_mobile WHEN e.action = 'sign' THEN ep.may_sign END) = 0
       )
       SELECT id, bit FROM hits`,
    )
    .raw()
    .all() as [number, number][];
  const masks = new Map<number, number>();
  for (const [id, bit] of hits) if (bit) masks.set(id, (masks.get(id) ?? 0) | bit);
  // The sample: ranks in (day, user, time, id) order, located by a running sum over the day × user counts.
  const buckets = sqlite
    .prepare(
      `SELECT day, user_hsa_id, entries, sum(entries) OVER (ORDER BY day, user_hsa_id) - entries FROM user_log_user_days WHERE ${own} AND day >= ${firstDay} AND day < ${endDay} ORDER BY day, user_hsa_id`,
    )
    .raw()
    .all() as [number, string, number, number][];
  const total = buckets.reduce((n, b) => n + b[2], 0);
  const at = sqlite.prepare(
    `SELECT id FROM user_log_entries INDEXED BY user_log_entries_user_time_idx WHERE user_hsa_id = ? AND occurred_at >= ? AND occurred_at < ? AND ${own} ORDER BY occurred_at, id LIMIT 1 OFFSET ?`,
  );
  let b = 0;
  for (const rank of sampleRanks(seed, total, ROUTINE.sampleSize)) {
    while (rank >= buckets[b]![3] + buckets[b]![2]) b++;
    const [day, user, , before] = buckets[b]!;
    const id = at.pluck().get(user, stockholmDayStartMs(day), stockholmDayStartMs(day + 1), rank - before) as number;
    masks.set(id, (masks.get(id) ?? 0) | 512);
  }
  return [...masks].sort((x, y) => x[0] - y[0]);
}

const START = `mutation($input: StartLogReviewRunInput!) { startLogReviewRun(input: $input) { run { id selectedEntries itemCount } violations { field code message } } }`;
const PREVIEW = `mutation($input: PreviewLogReviewSelectionInput!) { previewLogReviewSelection(input: $input) { preview { selectedEntries byRule { rule entries } } violations { field code message } } }`;

/**
 * The raw SQL of the same rules, then the same review items and selections stored with plain
 * INSERTs in one transaction (a copy of the product's run row first, for the items to belong to),
 * rolled back once timed (review items are never deleted). Answers the milliseconds to the last INSERT.
 */
function rawSelectionStored(sqlite: Sqlite, owner: number, seed: number, runId: number): number {
  const t0 = performance.now();
  const selected = rawSelection(sqlite, owner, seed);
  const detail = sqlite.prepare('SELECT user_hsa_id, user_name, patient_pseudonym, occurred_at FROM user_log_entries WHERE id = ?').raw();
  const groups = new Map<string, { user: string; name: string; patient: Buffer; rows: [number, number, number][] }>();
  for (const [id, mask] of selected) {
    const [user, name, patient, at] = detail.get(id) as [string, string, Buffer, number];
    const key = `${user}\u0000${patient.toString('hex')}`;
    const group = groups.get(key) ?? groups.set(key, { user, name, patient, rows: [] }).get(key)!;
    group.rows.push([id, mask, at]);
  }
  let ms: number;
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const item = sqlite.prepare(
      `INSERT INTO log_review_items (run_id, user_hsa_id, user_name, patient_pseudonym, entry_count, first_occurred_at, last_occurred_at, rule_mask, owner_org_id, is_demo, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'now', 'now')`,
    );
    const selection = sqlite.prepare('INSERT INTO log_review_selections (run_id, entry_id, item_id, rule_mask) VALUES (?, ?, ?, ?)');
    const rawRunId = sqlite
      .prepare(
        `INSERT INTO log_review_runs (routine_id, period_start, period_end, seed, criteria, started_by, selected_entries, item_count, open_items, owner_org_id, is_demo, created_at, updated_at)
         SELECT routine_id, period_start, period_end, seed, criteria, started_by, selected_entries, item_count, open_items, owner_org_id, is_demo, created_at, updated_at FROM log_review_runs WHERE id = ?`,
      )
      .run(runId).lastInsertRowid;
    for (const g of groups.values()) {
      const at = g.rows.map((r) => r[2]);
      const itemId = item.run(
        rawRunId,
        g.user,
        g.name,
        g.patient,
        g.rows.length,
        Math.min(...at),
        Math.max(...at),
        g.rows.reduce((m, r) => m | r[1], 0),
        owner,
      ).lastInsertRowid;
      for (const [id, mask] of g.rows) selection.run(rawRunId, id, itemId, mask);
    }
    ms = performance.now() - t0;
  } finally {
    sqlite.exec('ROLLBACK');
  }
  return ms;
}

export async function benchLogReview(): Promise<ResultRow[]> {
  const dir = process.env.BENCH_REVIEW_DIR ?? join(tmpdir(), 'fvm-bench-review');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `review-${ENTRIES}.sqlite`);
  if (!existsSync(file)) {
    const partial = join(dir, `review-${ENTRIES}-partial.sqlite`);
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`, keyFileFor(partial)]) rmSync(f, { force: true });
    const registry = await startRegistry({ file: partial, demo: false, responseCache: false });
    const owner = registry.sqlite.prepare('SELECT id FROM organisations WHERE organisation_number = ?').pluck().get(VGR_ORGANISATION_NUMBER) as number;
    const others = registry.sqlite.prepare(`SELECT id FROM organisations WHERE kind = 'municipality' LIMIT 20`).pluck().all() as number[];
    const category = registry.sqlite.prepare(`SELECT id FROM information_categories WHERE record_kind = 'patient_record' LIMIT 1`).pluck().get() as number;
    log(`figure 13: generating ${fmtInt(ENTRIES)} entries of one owner in ${MONTH.start.slice(0, 7)} into ${file}`);
    fill(registry.sqlite, owner, others, category);
    // Generated straight into the table, so the digest an append keeps is computed once here.
    const t0 = performance.now();
    rebuildUserLogDigest(registry.sqlite);
    log(`figure 13: the user log's digest computed in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    registry.sqlite.exec('ANALYZE');
    await registry.close();
    renameSync(keyFileFor(partial), keyFileFor(file));
    renameSync(partial, file);
  }

  const registry = await startRegistry({ file, demo: false, responseCache: false });
  try {
    const { sqlite } = registry;
    const owner = sqlite.prepare('SELECT id FROM organisations WHERE organisation_number = ?').pluck().get(VGR_ORGANISATION_NUMBER) as number;
    const inMonth = sqlite.prepare('SELECT count(*) FROM user_log_entries WHERE data_owner_id = ?').pluck().get(owner) as number;
    check(inMonth === ENTRIES, `figure 13: expected ${ENTRIES} entries, found ${inMonth}`);
    const admin = registry.token(VGR_ORGANISATION_NUMBER, 'org_admin');
    const reviewer = registry.token(VGR_ORGANISATION_NUMBER, 'log_reviewer');
    const created = await registry.gql(
      `mutation($rows: [LogReviewRoutineCreateInput!]!) { createLogReviewRoutines(input: { rows: $rows }) { results { __typename ... on LogReviewRoutineSaved { node { id } } } } }`,
      { rows: [{ name: `Bench ${Date.now()}`, intervalDays: 30, ...ROUTINE }] },
      admin,
    );
    const routineId = created.data?.createLogReviewRoutines.results[0].node?.id as string;
    check(routineId, `figure 13: could not create the routine: ${JSON.stringify(created)}`);

    // 13: the selection alone, over the API (previewLogReviewSelection counts it per rule and
    // makes no run), against the raw SQL of the same rules: both must agree rule by rule.
    const preview: number[] = [];
    const rawTimes: number[] = [];
    // 13b: the whole run (the selection, one review item per user × patient, the selections,
    // a change record per item and the record of the read), against the raw SQL of the same rules
    // and plain INSERTs of the same items and selections in one transaction (rolled back after).
    const run: number[] = [];
    const rawRun: number[] = [];
    let selected = 0;
    let items = 0;
    for (let n = 0; n <= RUNS; n++) {
      const seed = 1000 + n;
      const input = { routineId, periodStart: MONTH.start, periodEnd: MONTH.end, seed };
      const t0 = performance.now();
      const counted = await registry.gql(PREVIEW, { input }, reviewer);
      const previewMs = performance.now() - t0;
      const counts = counted.data?.previewLogReviewSelection.preview;
      check(counts, `figure 13: no preview: ${JSON.stringify(counted).slice(0, 500)}`);
      const t1 = performance.now();
      const raw = rawSelection(sqlite, owner, seed);
      const rawMs = performance.now() - t1;
      const rawCounts = LOG_REVIEW_RULES.map((rule) => ({ rule: rule.toUpperCase(), entries: raw.filter(([, m]) => m & ruleBit(rule)).length }));
      check(
        counts.selectedEntries === raw.length && JSON.stringify(counts.byRule) === JSON.stringify(rawCounts),
        `figure 13: the preview counted ${JSON.stringify(counts)}, the raw SQL ${raw.length} ${JSON.stringify(rawCounts)}`,
      );

      const t2 = performance.now();
      const answer = await registry.gql(START, { input }, reviewer);
      const runMs = performance.now() - t2;
      const started = answer.data?.startLogReviewRun.run;
      check(started, `figure 13b: no run: ${JSON.stringify(answer).slice(0, 500)}`);
      const runId = Number(Buffer.from(started.id, 'base64').toString().split(':')[1]);
      const stored = sqlite.prepare('SELECT entry_id, rule_mask FROM log_review_selections WHERE run_id = ? ORDER BY entry_id').raw().all(runId) as [
        number,
        number,
      ][];
      check(
        stored.length === raw.length && stored.every(([id, m], i) => raw[i]![0] === id && raw[i]![1] === m),
        `figure 13b: the run selected ${stored.length} entries, the raw SQL ${raw.length}, or other rules`,
      );
      const rawRunMs = rawSelectionStored(sqlite, owner, seed, runId);
      selected = started.selectedEntries;
      items = started.itemCount;
      log(
        `figure 13 run ${n}: preview ${(previewMs / 1000).toFixed(2)} s, raw SQL ${(rawMs / 1000).toFixed(2)} s; whole run ${(runMs / 1000).toFixed(2)} s, raw SQL + INSERTs ${(rawRunMs / 1000).toFixed(2)} s (${fmtInt(selected)} entries, ${fmtInt(items)} items)`,
      );
      if (n === 0) continue; // warm-up
      preview.push(previewMs);
      rawTimes.push(rawMs);
      run.push(runMs);
      rawRun.push(rawRunMs);
    }
    const p = median(preview);
    const b = median(rawTimes);
    const w = median(run);
    const wb = median(rawRun);
    return [
      {
        figure: `13. Log review selection: one owner’s month of ${fmtInt(ENTRIES)} entries, every rule and a sample of ${ROUTINE.sampleSize}, over HTTP (previewLogReviewSelection, counts per rule) vs the raw SQL of the same rules on the same tables and indexes`,
        fvm: `${(p / 1000).toFixed(2)} s`,
        baseline: `${(b / 1000).toFixed(2)} s`,
        ratio: `${(p / b).toFixed(2)}×`,
        target: '≤ 2× and < 10 s',
        met: p / b <= 2 && p < 10_000,
        details: `preview ${spread(
          preview.map((x) => x / 1000),
          2,
        )} s, raw SQL ${spread(
          rawTimes.map((x) => x / 1000),
          2,
        )} s; ${fmtInt(selected)} entries selected per run, the same entries and rules both ways`,
      },
      {
        figure: `13b. A whole log review run over HTTP (startLogReviewRun: the same selection, ${fmtInt(items)} review items, their selections, a change record per item, the record of the read) vs the raw SQL of the same rules + plain INSERTs of the same items and selections`,
        fvm: `${(w / 1000).toFixed(2)} s`,
        baseline: `${(wb / 1000).toFixed(2)} s`,
        ratio: `${(w / wb).toFixed(2)}×`,
        target: '< 10 s',
        met: w < 10_000,
        details: `run ${spread(
          run.map((x) => x / 1000),
          2,
        )} s, raw ${spread(
          rawRun.map((x) => x / 1000),
          2,
        )} s`,
      },
    ];
  } finally {
    await registry.close();
  }
}
