import {
  judgeLoggedAction,
  luhnCheckDigit,
  ruleBit,
  rulesOfMask,
  selectForReview,
  stockholmOffsetMs,
  summerTimeSpans,
  type SelectableEntry,
  type SelectionCriteria,
  type UserLogEntryInput,
  type Viewer,
} from '@fvm/domain';
import type Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  appendUserLogEntries,
  catchUpUserLogDigest,
  demoLogWorld,
  DigestMismatchError,
  digestFromEntriesSql,
  migrationsFolder,
  loadDemoLogs,
  loadLogKeys,
  loadLogReviewFacts,
  loadReferenceData,
  openDatabase,
  periodBounds,
  rebuildUserLogDigest,
  removeDemoLogs,
  runSelection,
  startLogReviewRun,
  stockholmLocalMsSql,
  verifyUserLogDigest,
  type LogKeys,
} from '../src';
import { Rng } from '../src/seed/random';

let sqlite: Database.Database;
let keys: LogKeys;
const NOW = Date.parse('2026-04-20T09:00:00Z');
const clock = { now: new Date(NOW).toISOString(), today: '2026-04-20' };

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-review-'));
  const opened = openDatabase(join(dir, 'r.sqlite'));
  loadReferenceData(opened.db);
  sqlite = opened.sqlite;
  keys = loadLogKeys(join(dir, 'k.key'), {});
});

function personNumber(rng: Rng): string {
  const nine = `${rng.int(30, 99)}0${rng.int(1, 9)}1${rng.int(0, 9)}${String(rng.int(0, 999)).padStart(3, '0')}`;
  return `19${nine}${luhnCheckDigit(nine)}`;
}

/**
 * Entries from small pools (few users, units and patients), over a period that crosses the switch
 * to summer time, with one user's burst day: every rule has something to find and to miss.
 */
function world(seed: number, count: number) {
  const rng = new Rng(seed);
  const w = demoLogWorld(sqlite);
  const orgs = w.organisations.filter((o) => o.kind === 'municipality').slice(0, 3);
  const units = ['Hemsjukvård 1', 'Hemsjukvård 2', 'Vårdcentral', 'Rehab'];
  const users = Array.from({ length: 10 }, (_, i) => ({ hsa: `${orgs[i % 3]!.hsaBase}-U${i}`, org: orgs[i % 3]!, unit: units[i % units.length]! }));
  const patients = Array.from({ length: 25 }, () => personNumber(rng));
  const start = Date.parse('2026-03-20T00:00:00Z');
  const entries: UserLogEntryInput[] = [];
  for (let n = 0; n < count; n++) {
    const burst = n % 7 === 0;
    const user = burst ? users[0]! : users[rng.int(0, users.length - 1)]!;
    const at = burst ? Date.parse('2026-04-02T08:00:00Z') + n * 1000 : start + rng.int(0, 18 * 24) * 3_600_000 + rng.int(0, 3_599_999);
    entries.push({
      occurredAt: new Date(at).toISOString(),
      userHsaId: user.hsa,
      userName: `Test ${user.hsa}`,
      userProfession: rng.pick(['nurse', 'nursing_assistant', 'nursing_assistant', 'physician']),
      careProvider: user.org.ref,
      careUnit: user.unit,
      action: rng.pick(['read', 'read', 'read', 'update', 'print', 'export', 'sign', 'disclose']),
      patient: patients[rng.int(0, patients.length - 1)]!,
      category: rng.chance(0.3) ? 'school_health_record' : rng.pick(['medication_order', 'delegated_task', w.categories[rng.int(0, w.categories.length - 1)]!]),
      dataOwner: rng.chance(0.7) ? orgs[0]!.ref : user.org.ref,
      basis: rng.pick(['care_relationship', 'care_relationship', 'consent', 'emergency_access', 'none']),
      device: rng.chance(0.5) ? 'desktop' : 'mobile',
      sourceSystem: 'Test',
      sourceEntryId: `t-${seed}-${n}`,
      outcome: 'success',
    });
  }
  const result = appendUserLogEntries(sqlite, entries, { keys, submittedByOrgId: 1, today: clock.today, nowMs: NOW }, {});
  expect(result.stored).toBe(count);
  const owner = sqlite.prepare('SELECT data_owner_id FROM user_log_entries GROUP BY data_owner_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as number;
  // The owner's own policy for nurses' medication orders (read only), beside the region's default
  // for nursing assistants; and one disclosure with its harm assessment recorded.
  const category = (code: string) => sqlite.prepare('SELECT id FROM information_categories WHERE code = ?').pluck().get(code) as number;
  sqlite
    .prepare(`INSERT INTO access_policies (profession, category_id, may_read, owner_org_id) VALUES ('nurse', ?, 1, ?)`)
    .run(category('medication_order'), owner);
  const disclosed = sqlite
    .prepare(`SELECT id FROM user_log_entries WHERE data_owner_id = ? AND action = 'disclose' AND category_id = ? LIMIT 1`)
    .pluck()
    .get(owner, category('school_health_record')) as number | undefined;
  if (disclosed) {
    const asset = Number(
      sqlite.prepare('INSERT INTO information_assets (category_id, owner_org_id) VALUES (?, ?)').run(category('school_health_record'), owner).lastInsertRowid,
    );
    sqlite
      .prepare(
        `INSERT INTO disclosure_requests (asset_id, requester, requested_on, outcome, reasoning, decided_by, decided_on, user_log_entry_id, owner_org_id)
                    VALUES (?, 'Försäkringskassan', '2026-03-01', 'partial', 'Menprövad', 'Jurist', '2026-03-02', ?, ?)`,
      )
      .run(asset, disclosed, owner);
  }
  return { owner };
}

/** The owner's entries, judged by the domain's own policy and disclosure rules for the reference selection. */
function stored(owner: number, fromMs: number, toMs: number): SelectableEntry[] {
  const rows = sqlite
    .prepare(
      `SELECT id, occurred_at AS occurredAt, user_hsa_id AS userHsaId, care_unit AS careUnit, hex(patient_pseudonym) AS patient, care_provider_id AS careProviderId,
              data_owner_id AS dataOwnerId, action, basis, user_profession AS profession, category_id AS categoryId, device
       FROM user_log_entries WHERE data_owner_id = ? AND occurred_at >= ? AND occurred_at < ?`,
    )
    .all(owner, fromMs, toMs) as (SelectableEntry & { profession: string | null; categoryId: number; device: string })[];
  const policies = (sqlite.prepare('SELECT * FROM access_policies WHERE is_demo = 0').all() as Record<string, number | string>[]).map((p) => ({
    id: p.id as number,
    ownerOrgId: p.owner_org_id as number,
    profession: p.profession as string,
    categoryId: p.category_id as number,
    mayRead: p.may_read === 1,
    mayWrite: p.may_write === 1,
    maySign: p.may_sign === 1,
    maySignMobile: p.may_sign_mobile === 1,
  }));
  const region = sqlite.prepare(`SELECT id FROM organisations WHERE kind = 'region'`).pluck().get() as number;
  const harm = new Set(sqlite.prepare('SELECT id FROM information_categories WHERE harm_assessment_required = 1').pluck().all() as number[]);
  const assessed = new Set(sqlite.prepare('SELECT user_log_entry_id FROM disclosure_requests WHERE outcome IS NOT NULL').pluck().all() as number[]);
  return rows.map((e) => ({
    ...e,
    notPermitted: judgeLoggedAction(policies, region, e).kind === 'not_permitted',
    disclosureUnassessed: e.action === 'disclose' && harm.has(e.categoryId) && !assessed.has(e.id),
  }));
}

const ALL_RULES = (1 << 10) - 1;

describe('the selection in SQL', () => {
  for (const [label, criteria, period] of [
    ['every rule', { rules: ALL_RULES, usualHoursStart: 7, usualHoursEnd: 17, volumeFactor: 2, volumeMinimum: 5, sampleSize: 15, seed: 12345 }],
    [
      'a narrow routine',
      {
        rules: ruleBit('emergency_access') | ruleBit('rare_pair') | ruleBit('random_sample'),
        usualHoursStart: 0,
        usualHoursEnd: 24,
        volumeFactor: 3,
        volumeMinimum: 30,
        sampleSize: 40,
        seed: 2_000_000_000,
      },
    ],
    [
      'volume and hours only',
      {
        rules: ruleBit('unusual_volume') | ruleBit('outside_usual_hours'),
        usualHoursStart: 8,
        usualHoursEnd: 16,
        volumeFactor: 3,
        volumeMinimum: 10,
        sampleSize: 0,
        seed: 1,
      },
    ],
    [
      'whole months, from the digest',
      { rules: ALL_RULES, usualHoursStart: 8, usualHoursEnd: 16, volumeFactor: 2, volumeMinimum: 5, sampleSize: 25, seed: 77 },
      ['2026-03-01', '2026-04-30'],
    ],
    [
      'a month and a part',
      { rules: ALL_RULES, usualHoursStart: 6, usualHoursEnd: 20, volumeFactor: 2, volumeMinimum: 5, sampleSize: 30, seed: 5 },
      ['2026-03-01', '2026-04-03'],
    ],
  ] as [string, SelectionCriteria, [string, string]?][]) {
    it(`selects exactly what the domain's definition selects (${label})`, () => {
      const { owner } = world(label.length, 700);
      const [periodStart, periodEnd] = period ?? ['2026-03-22', '2026-04-05'];
      const { fromMs, toMs } = periodBounds(periodStart, periodEnd);
      const expected = selectForReview(stored(owner, fromMs, toMs), criteria);
      const actual = new Map(runSelection(sqlite, { dataOwnerId: owner, isDemo: false, fromMs, toMs }, criteria).map((s) => [s.id, s.ruleMask]));
      expect(actual.size).toBeGreaterThan(0);
      expect([...actual.entries()].sort((a, b) => a[0] - b[0])).toEqual([...expected.entries()].sort((a, b) => a[0] - b[0]));
      // Every rule that is on found something in this world, so the comparison is not vacuous.
      const found = new Set([...actual.values()].flatMap((m) => rulesOfMask(m)));
      for (const rule of rulesOfMask(criteria.rules)) {
        if (rule === 'random_sample' && criteria.sampleSize === 0) continue;
        expect(found, rule).toContain(rule);
      }
    });
  }

  it('is reproducible from the stored seed and differs with another', () => {
    const { owner } = world(3, 400);
    const { fromMs, toMs } = periodBounds('2026-03-20', '2026-04-10');
    const c: SelectionCriteria = {
      rules: ruleBit('random_sample'),
      usualHoursStart: 0,
      usualHoursEnd: 24,
      volumeFactor: 3,
      volumeMinimum: 30,
      sampleSize: 20,
      seed: 99,
    };
    const scope = { dataOwnerId: owner, isDemo: false, fromMs, toMs };
    const sample = (seed: number) =>
      runSelection(sqlite, scope, { ...c, seed })
        .filter((s) => s.ruleMask & ruleBit('random_sample'))
        .map((s) => s.id);
    const a = sample(99);
    expect(a).toHaveLength(20);
    expect(sample(99)).toEqual(a);
    expect(sample(100)).not.toEqual(a);
  });
});

describe('the user log digest', () => {
  it('shifts instants to Stockholm time in SQL exactly as the domain does, every hour of 2024–2027 and every switch to 2099', () => {
    const local = sqlite.prepare(`SELECT ${stockholmLocalMsSql('@t')}`).pluck();
    const check = (at: number) => {
      const expected = at + stockholmOffsetMs(at);
      if (local.get({ t: at }) !== expected) expect(local.get({ t: at }), new Date(at).toISOString()).toBe(expected);
    };
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 3_600_000) for (const at of [t, t + 1, t - 1]) check(at);
    // Every switch and every New Year from 1971 to 2099, to the millisecond.
    for (let year = 1971; year < 2100; year++) {
      for (const span of summerTimeSpans(Date.UTC(year, 0, 1), Date.UTC(year, 11, 31)))
        for (const at of [span.fromMs, span.toMs]) for (const d of [-1, 0, 1]) check(at + d);
      for (const d of [-3_600_001, -1, 0, 1, 3_600_000]) check(Date.UTC(year, 0, 1) + d);
    }
  });

  it('was computed for the entries already stored by the migration that introduced it, with the same SELECTs', () => {
    const migration = readFileSync(join(migrationsFolder, '20261203115107_user_log_digest', 'migration.sql'), 'utf8').replace(/\s+/g, ' ');
    const from = digestFromEntriesSql('1');
    for (const select of [from.userDays, from.patientUnits, from.actionDays]) expect(migration).toContain(select.replace(/\s+/g, ' '));
  });

  it('counts every entry once caught up, in slices or at once, survives the removal of demo entries, and a digest altered behind the API is found', () => {
    world(8, 500);
    loadDemoLogs(sqlite, keys, { count: 300, now: new Date(NOW) });
    const counted = () => sqlite.prepare('SELECT coalesce(sum(entries), 0) FROM user_log_user_days').pluck().get();
    expect(counted()).toBe(0);
    expect(catchUpUserLogDigest(sqlite, { limit: 200 })).toBe(200);
    expect(counted()).toBe(200);
    expect(verifyUserLogDigest(sqlite).ok).toBe(true);
    expect(catchUpUserLogDigest(sqlite)).toBe(600);
    expect(catchUpUserLogDigest(sqlite)).toBe(0);
    expect(verifyUserLogDigest(sqlite)).toEqual({ ok: true, mismatches: { userDays: 0, patientUnits: 0, actionDays: 0 } });
    expect(counted()).toBe(sqlite.prepare('SELECT count(*) FROM user_log_entries').pluck().get());
    // Counted in slices or at once, the same digest.
    const slices = sqlite.prepare('SELECT * FROM user_log_patient_units ORDER BY 1, 2, 3, 4, 5').raw().all();
    rebuildUserLogDigest(sqlite);
    expect(
      sqlite
        .prepare('SELECT * FROM user_log_patient_units ORDER BY 1, 2, 3, 4, 5')
        .raw()
        .all()
        .map((r) => (r as unknown[]).slice(0, 5).concat((r as unknown[])[6])),
    ).toEqual(slices.map((r) => (r as unknown[]).slice(0, 5).concat((r as unknown[])[6])));
    removeDemoLogs(sqlite, keys);
    expect(verifyUserLogDigest(sqlite).ok).toBe(true);
    expect(sqlite.prepare('SELECT count(*) FROM user_log_user_days WHERE is_demo = 1').pluck().get()).toBe(0);

    // Tampering: one user's day made to look quieter, and a pair made to look shared.
    const day = sqlite.prepare('SELECT data_owner_id, day, user_hsa_id FROM user_log_user_days ORDER BY day DESC LIMIT 1').raw().get() as unknown[];
    sqlite.prepare('UPDATE user_log_user_days SET entries = entries - 1 WHERE data_owner_id = ? AND day = ? AND user_hsa_id = ?').run(...day);
    const pair = sqlite
      .prepare('SELECT data_owner_id, month, patient_pseudonym, care_unit FROM user_log_patient_units WHERE several_users = 0 LIMIT 1')
      .raw()
      .get() as unknown[];
    sqlite
      .prepare('UPDATE user_log_patient_units SET several_users = 1 WHERE data_owner_id = ? AND month = ? AND patient_pseudonym = ? AND care_unit = ?')
      .run(...pair);
    expect(verifyUserLogDigest(sqlite)).toMatchObject({ ok: false, mismatches: { userDays: 2, patientUnits: 2, actionDays: 0 } });
    rebuildUserLogDigest(sqlite);
    expect(verifyUserLogDigest(sqlite).ok).toBe(true);
  });

  it('refuses to draw a sample from counts that disagree with the entries', () => {
    const { owner } = world(9, 200);
    const { fromMs, toMs } = periodBounds('2026-03-01', '2026-04-30');
    catchUpUserLogDigest(sqlite);
    sqlite.prepare('UPDATE user_log_user_days SET entries = entries + 5').run();
    const c: SelectionCriteria = { rules: 0, usualHoursStart: 0, usualHoursEnd: 24, volumeFactor: 3, volumeMinimum: 30, sampleSize: 200, seed: 1 };
    expect(() => runSelection(sqlite, { dataOwnerId: owner, isDemo: false, fromMs, toMs }, c)).toThrow(DigestMismatchError);
  });
});

describe('a review run', () => {
  function routine(owner: number, values: Record<string, unknown> = {}) {
    const columns = { name: 'Månadskontroll', interval_days: 30, sample_size: 10, owner_org_id: owner, ...values };
    return Number(
      sqlite
        .prepare(
          `INSERT INTO log_review_routines (${Object.keys(columns).join(',')}) VALUES (${Object.keys(columns)
            .map(() => '?')
            .join(',')})`,
        )
        .run(...Object.values(columns)).lastInsertRowid,
    );
  }

  it('groups the selection per user and patient, records the read and the changes, and only the owner’s reviewer may start it', () => {
    const { owner } = world(5, 600);
    const id = routine(owner);
    const reviewer: Viewer = { tokenId: 1, organisationId: owner, role: 'log_reviewer' };
    const input = { routineId: id, periodStart: '2026-03-20', periodEnd: '2026-04-10', seed: 7 };
    expect(startLogReviewRun(sqlite, keys, { ...reviewer, organisationId: owner + 1 }, input, clock).kind).toBe('forbidden');
    expect(startLogReviewRun(sqlite, keys, { ...reviewer, role: 'org_admin' }, input, clock).kind).toBe('forbidden');
    expect(startLogReviewRun(sqlite, keys, reviewer, { ...input, periodEnd: '2026-05-01' }, clock)).toMatchObject({
      kind: 'invalid',
      violations: [{ field: 'periodEnd', code: 'log_review.period_in_future' }],
    });
    expect(startLogReviewRun(sqlite, keys, reviewer, { ...input, routineId: id + 100 }, clock)).toMatchObject({
      kind: 'invalid',
      violations: [{ field: 'routineId', code: 'reference.missing' }],
    });

    const started = startLogReviewRun(sqlite, keys, reviewer, input, clock);
    expect(started.kind).toBe('started');
    const runId = (started as { runId: number }).runId;
    const run = sqlite.prepare('SELECT * FROM log_review_runs WHERE id = ?').get(runId) as Record<string, number | string | null>;
    const items = sqlite.prepare('SELECT * FROM log_review_items WHERE run_id = ?').all(runId) as Record<string, number>[];
    const selections = sqlite.prepare('SELECT * FROM log_review_selections WHERE run_id = ?').all(runId) as Record<string, number>[];
    expect(run.selected_entries).toBe(selections.length);
    expect(run.item_count).toBe(items.length);
    expect(run.open_items).toBe(items.length);
    expect(items.reduce((n, i) => n + i.entry_count!, 0)).toBe(selections.length);
    // Every emergency access of the period is in the run, whatever the sample.
    const { fromMs, toMs } = periodBounds('2026-03-20', '2026-04-10');
    const emergencies = sqlite
      .prepare(`SELECT id FROM user_log_entries WHERE data_owner_id = ? AND basis = 'emergency_access' AND occurred_at >= ? AND occurred_at < ?`)
      .pluck()
      .all(owner, fromMs, toMs);
    const selectedIds = new Set(selections.map((s) => s.entry_id));
    expect(emergencies.length).toBeGreaterThan(0);
    for (const e of emergencies) expect(selectedIds.has(e as number)).toBe(true);
    // Re-running with the stored seed selects the same entries.
    const again = startLogReviewRun(sqlite, keys, reviewer, input, clock) as { runId: number };
    expect(sqlite.prepare('SELECT entry_id, rule_mask FROM log_review_selections WHERE run_id = ? ORDER BY entry_id').all(again.runId)).toEqual(
      sqlite.prepare('SELECT entry_id, rule_mask FROM log_review_selections WHERE run_id = ? ORDER BY entry_id').all(runId),
    );
    const read = sqlite.prepare(`SELECT * FROM user_log_reads WHERE purpose = 'log_review_selection' ORDER BY id LIMIT 1`).get() as Record<string, unknown>;
    expect(read).toMatchObject({ organisation_id: owner, role: 'log_reviewer', entry_count: selections.length });
    expect(sqlite.prepare(`SELECT count(*) FROM changes WHERE entity = 'LogReviewItem' AND operation = 'create'`).pluck().get()).toBe(items.length * 2);
    // Review items are documentation: the database refuses to delete one.
    expect(() => sqlite.prepare('DELETE FROM log_review_items WHERE id = ?').run(items[0]!.id)).toThrow(/never deleted/);
  });

  it('makes the emergency backlog and the overdue routine facts', () => {
    const { owner } = world(6, 300);
    const facts = loadLogReviewFacts(sqlite, NOW);
    expect(facts.emergencyBacklog.find((b) => b.ownerOrgId === owner)?.count).toBeGreaterThan(0);
    expect(facts.ownersWithLogs.map((o) => o.ownerOrgId)).toContain(owner);
    const id = routine(owner, { emergency_review_days: 1 });
    expect(loadLogReviewFacts(sqlite, NOW).routines.map((r) => r.id)).toContain(id);
  });
});
