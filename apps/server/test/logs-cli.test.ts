import { openDatabase } from '@fvm/db';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, type PostgresDatabase } from '../../../test/support/postgres';
import { postgresStoredBytes } from '../../../test/support/postgresFiles';
import { postgresSql, testEngine, type EngineSql } from '../../../test/support/server';
import { CsvParser, csvLine } from '../src/logs/csv';
import { runFvm, type FvmRun } from './support/fvm';

// The real command line, as an operator runs it: a child process on a database file of its own,
// with the pseudonym key file created beside it; under FVM_TEST_ENGINE=postgresql on a fresh
// PostgreSQL database of its own, with its key file (FVM_KEY_FILE) in the same place.

const dir = mkdtempSync(join(tmpdir(), 'fvm-logs-cli-'));
const engine = testEngine();

/** A registry the command line runs on: its environment, its key file, and SQL on it behind the command line's back. */
interface Db {
  env: NodeJS.ProcessEnv;
  keyFile: string;
  /** The SQLite file. */
  file?: string;
  postgres?: PostgresDatabase;
  sql: EngineSql;
}
const databases: PostgresDatabase[] = [];

function sqliteDb(file: string): Db {
  const sql: EngineSql = async <T>(text: string, ...params: unknown[]) => {
    const { sqlite, close } = openDatabase(file, { migrate: false });
    try {
      const statement = sqlite.prepare(text);
      if (statement.reader) return statement.all(...params) as T[];
      statement.run(...params);
      return [];
    } finally {
      close();
    }
  };
  return { env: { FVM_DATABASE: file }, keyFile: `${file.replace(/\.sqlite$/, '')}.pseudonym.key`, file, sql };
}

function postgresDb(postgres: PostgresDatabase, keyFile: string): Db {
  databases.push(postgres);
  const sql = postgresSql(postgres.url);
  return { env: { FVM_DATABASE: postgres.url, FVM_KEY_FILE: keyFile }, keyFile, postgres, sql };
}

/** A new, empty registry named `name` (registry.sqlite and registry.pseudonym.key, or a PostgreSQL database and that key file). */
async function registry(name: string): Promise<Db> {
  if (engine === 'sqlite') return sqliteDb(join(dir, `${name}.sqlite`));
  return postgresDb(await freshPostgresDatabase(), join(dir, `${name}.pseudonym.key`));
}

/** A copy of a registry, with its key. */
async function copyOf(db: Db, name: string): Promise<Db> {
  const copy =
    engine === 'sqlite'
      ? sqliteDb(join(dir, `${name}.sqlite`))
      : postgresDb(await freshPostgresDatabase({ template: db.postgres!.name }), join(dir, `${name}.pseudonym.key`));
  if (copy.file) copyFileSync(db.file!, copy.file);
  copyFileSync(db.keyFile, copy.keyFile);
  return copy;
}

/** Drops a trigger of user_log_entries behind the command line's back. */
const dropEntryTrigger = (db: Db, name: string) => db.sql(engine === 'sqlite' ? `DROP TRIGGER ${name}` : `DROP TRIGGER ${name} ON user_log_entries`);

function cli(db: Db, args: string[], killWhen?: (stderr: string) => boolean): Promise<FvmRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FVM_PSEUDONYM_KEY;
  delete env.FVM_KEY_FILE;
  delete env.FVM_LOG_DATABASE;
  delete env.INIT_CWD;
  return runFvm(args, { ...env, ...db.env }, killWhen);
}

async function ok(db: Db, args: string[]): Promise<FvmRun> {
  const r = await cli(db, args);
  expect(r.code, `fvm ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

async function count(db: Db, where = 'true'): Promise<number> {
  return Number((await db.sql<{ n: number }>(`SELECT count(*) AS n FROM user_log_entries WHERE ${where}`))[0]!.n);
}
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const ndjsonPatients = (file: string) => lines(file).map((l) => JSON.parse(l).patient as string);

const WEIRD_UNIT = 'Demo: "Hemsjukvård", Norr\nvåning 2';

let mainDb: Db;

beforeAll(async () => {
  mainDb = await registry('registry');
  // Entries from 2019 on, so that some are past five years when the purge runs "in 2030".
  await ok(mainDb, ['logs', 'demo', '4000', '--out', join(dir, 'a.ndjson'), '--from', '2019-01-01', '--to', '2026-01-01']);
  await ok(mainDb, ['logs', 'demo', '1000', '--seed', '2', '--out', join(dir, 'b.csv')]);
  await ok(mainDb, ['logs', 'demo', '3000', '--seed', '3', '--out', join(dir, 'c.ndjson')]);
  // The first record's care unit becomes a quoted field with a comma, a quote and a line break.
  const csv = readFileSync(join(dir, 'b.csv'), 'utf8').split('\r\n');
  const fields = csv[1]!.split(',');
  fields[5] = `"${WEIRD_UNIT.replaceAll('"', '""')}"`;
  csv[1] = fields.join(',');
  writeFileSync(join(dir, 'b.csv'), csv.join('\r\n'));
  // Batch 2 (of 1000) gets one patient number with a wrong check digit.
  const c = lines(join(dir, 'c.ndjson'));
  const bad = JSON.parse(c[1500]!);
  bad.patient = `${bad.patient.slice(0, 11)}${(Number(bad.patient[11]) + 1) % 10}`;
  c[1500] = JSON.stringify(bad);
  writeFileSync(join(dir, 'c.ndjson'), `${c.join('\n')}\n`);
}, 90_000);

afterAll(async () => {
  for (const database of databases) await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the CSV reader', () => {
  it('reads the same records however the text is split into chunks', () => {
    const rows = [
      ['a', 'b,c', 'say "hi"', ''],
      ['line\r\nbreak', '""', 'x', 'ä,ö'],
      ['', '', '', ''],
      ['end"', '"', 'new\nline', 'z'],
    ];
    const text = `${rows.map((r) => csvLine(r)).join('')}\r\n`;
    for (let size = 1; size <= text.length; size++) {
      const parser = new CsvParser();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...parser.feed(text.slice(i, i + size)));
      out.push(...parser.end());
      expect(
        out.map((r) => r.fields),
        `chunks of ${size}`,
      ).toEqual(rows);
      expect(out.map((r) => r.line)).toEqual([1, 2, 4, 5]);
    }
    const last = new CsvParser();
    expect([...last.feed('a,"b'), ...last.feed('""c",d'), ...last.end()].map((r) => r.fields)).toEqual([['a', 'b"c', 'd']]);
    expect(() => new CsvParser().end()).not.toThrow();
    const open = new CsvParser();
    open.feed('a,"b\n');
    expect(() => open.end()).toThrow(/ends inside a quoted field/);
  });
});

// Each test starts several processes; leave room for a machine busy with the other test files.
describe('fvm logs', { timeout: 90_000 }, () => {
  it('imports NDJSON and CSV; a re-run stores nothing twice; no identity number reaches the file', async () => {
    expect((await ok(mainDb, ['logs', 'import', join(dir, 'a.ndjson')])).stdout).toContain('stored 4000, duplicates 0');
    expect((await ok(mainDb, ['logs', 'import', join(dir, 'b.csv')])).stdout).toContain('stored 1000, duplicates 0');
    expect(await count(mainDb)).toBe(5000);
    expect((await mainDb.sql<{ care_unit: string }>(`SELECT care_unit FROM user_log_entries WHERE source_entry_id = 'demo-2-0'`))[0]!.care_unit).toBe(
      WEIRD_UNIT,
    );
    expect(existsSync(mainDb.keyFile)).toBe(true);

    expect((await ok(mainDb, ['logs', 'import', join(dir, 'a.ndjson')])).stdout).toContain('stored 0, duplicates 4000');
    expect((await ok(mainDb, ['logs', 'import', join(dir, 'b.csv')])).stdout).toContain('stored 0, duplicates 1000');
    expect(await count(mainDb)).toBe(5000);

    // Every run of 10 or more digits in the database's files (SQLite's file and WAL; every file of
    // the PostgreSQL database after a checkpoint), as 10- and 12-digit windows.
    const files = mainDb.file
      ? readdirSync(dir)
          .filter((f) => f.startsWith('registry.sqlite'))
          .map((f) => readFileSync(join(dir, f)))
      : (await postgresStoredBytes(mainDb.sql, { first: 'user_log_entries' })).map((f) => f.bytes);
    expect(files.length).toBeGreaterThan(0);
    const windows = new Set<string>();
    for (const bytes of files) {
      for (const [run] of bytes.toString('latin1').matchAll(/\d{10,}/g)) {
        for (const w of [10, 12]) for (let i = 0; i + w <= run.length; i++) windows.add(run.slice(i, i + w));
      }
    }
    const patients = [
      ...ndjsonPatients(join(dir, 'a.ndjson')),
      ...lines(join(dir, 'b.csv'))
        .slice(1)
        .map((l) => l.split(',')[7]!)
        .filter((p) => /^\d{12}$/.test(p)),
    ];
    expect(patients.length).toBeGreaterThan(4900);
    expect(patients.filter((p) => windows.has(p) || windows.has(p.slice(2)))).toEqual([]);
  });

  it('stops at a batch with an invalid entry, after storing the batches before it, and reports it', async () => {
    const file = join(dir, 'c.ndjson');
    const stopped = await cli(mainDb, ['logs', 'import', file, '--batch-size', '1000']);
    expect(stopped.code).toBe(1);
    expect(await count(mainDb, `source_entry_id LIKE 'demo-3-%'`)).toBe(1000);
    const report = lines(`${file}.rejected.ndjson`).map((l) => JSON.parse(l));
    expect(report).toHaveLength(1);
    expect(report[0]).toMatchObject({
      line: 1501,
      batch: 2,
      entry: { sourceEntryId: 'demo-3-1500' },
      violations: [{ field: 'patient', code: 'personal_identity_number.luhn' }],
    });
    expect(stopped.stderr).toContain('line 1501: patient personal_identity_number.luhn');

    const onward = await cli(mainDb, ['logs', 'import', file, '--batch-size', '1000', '--continue-on-error']);
    expect(onward.code).toBe(1);
    expect(onward.stdout).toContain('stored 1000, duplicates 1000, rejected 1 in 1 batch, withheld 999');
    expect(await count(mainDb, `source_entry_id LIKE 'demo-3-%'`)).toBe(2000);
    expect(await count(mainDb, `source_entry_id = 'demo-3-1500'`)).toBe(0);
    expect(lines(`${file}.rejected.ndjson`)).toHaveLength(1);
  });

  // The file is read and checked in a second thread; what it finds must still reach the operator.
  it('refuses a CSV without the required columns, and reports an entry stored before with other content', async () => {
    const headerless = join(dir, 'short.csv');
    writeFileSync(headerless, 'occurredAt,userHsaId\n2026-01-01T00:00:00Z,SE2321000131-U1\n');
    const refused = await cli(mainDb, ['logs', 'import', headerless]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/lacks the columns userName, careProvider/);

    const changed = join(dir, 'changed.ndjson');
    const first = JSON.parse(lines(join(dir, 'a.ndjson'))[0]!);
    writeFileSync(changed, `${JSON.stringify({ ...first, userName: `${first.userName} (corrected)` })}\n`);
    const before = await count(mainDb);
    const conflict = await cli(mainDb, ['logs', 'import', changed]);
    expect(conflict.code).toBe(1);
    expect(await count(mainDb)).toBe(before);
    const report = lines(`${changed}.rejected.ndjson`).map((l) => JSON.parse(l));
    expect(report).toMatchObject([
      { line: 1, batch: 1, entry: { sourceEntryId: first.sourceEntryId }, violations: [{ field: 'sourceEntryId', code: 'log.source_id_conflict' }] },
    ]);
    // The report names the patient only by pseudonym, as stored.
    expect(JSON.stringify(report)).not.toContain(first.patient);
  });

  // Bytes that are not UTF-8 would be stored as U+FFFD, a lone surrogate (\ud800 in JSON) would
  // break its chain for good: each is refused by its line, as is a source id repeated with other
  // content in the same batch, and what is stored verifies.
  it('refuses lines that are not UTF-8, text it could not store as written and a repeated source id, by line; the rest verifies', async () => {
    const db = await registry('refused');
    const file = join(dir, 'odd.ndjson');
    const base = lines(join(dir, 'a.ndjson'))
      .slice(0, 10)
      .map((l) => JSON.parse(l));
    const json = (i: number, change: Record<string, string>) => `${JSON.stringify({ ...base[i], ...change })}\n`;
    const [before, after] = json(1, { careUnit: 'Hemsjukv@rd' }).split('@');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(json(0, {})),
        // Line 2: "Hemsjukvård" written in Latin-1 (å = 0xE5).
        Buffer.from(before!),
        Buffer.from([0xe5]),
        Buffer.from(after!),
        Buffer.from(json(2, {})),
        Buffer.from(json(3, { userName: 'X\uD800Y' })),
        Buffer.from(json(4, { sourceSystem: 'Demo\u0000Millennium' })),
        Buffer.from(json(5, { userName: 'x'.repeat(20 * 1024 * 1024) })),
        Buffer.from(json(6, { occurredAt: '1899-06-01T10:00:00Z' })),
        Buffer.from(json(7, { sourceEntryId: base[0].sourceEntryId })),
        Buffer.from(json(0, {})),
        Buffer.from(json(9, {})),
      ]),
    );
    const refused = await cli(db, ['logs', 'import', file]);
    expect(refused.code).toBe(1);
    expect(await count(db)).toBe(0);
    const report = () =>
      lines(`${file}.rejected.ndjson`).map((l) => JSON.parse(l) as { line: number; violations: { field: string; code: string; message: string }[] });
    const codes = () => report().map((r) => [r.line, ...r.violations.map((v) => `${v.field}:${v.code}`)]);
    expect(codes()).toEqual([
      [2, ':import.invalid_utf8'],
      [4, 'userName:text.malformed'],
      [5, 'sourceSystem:text.control_character'],
      [6, 'userName:text.too_long'],
      [7, 'occurredAt:log.time_too_early'],
      [8, 'sourceEntryId:log.source_id_conflict'],
    ]);
    expect(report()[0]!.violations[0]!.message).toMatch(/^Line 2 is not valid UTF-8/);

    // One entry per batch: the valid ones are stored, line 9 is line 1 again, and line 8 now
    // conflicts with the stored line 1.
    const onward = await cli(db, ['logs', 'import', file, '--batch-size', '1', '--continue-on-error']);
    expect(onward.stdout).toContain('stored 3, duplicates 1, rejected 6 in 6 batches');
    expect(codes().map((c) => c[0])).toEqual([2, 4, 5, 6, 7, 8]);
    expect((await db.sql<{ care_unit: string }>('SELECT care_unit FROM user_log_entries')).map((r) => r.care_unit)).not.toContainEqual(
      expect.stringContaining('\uFFFD'),
    );
    expect((await ok(db, ['logs', 'verify'])).stdout).toMatch(/All \d+ chains verify/);

    // In CSV, a record with a line break inside quotes, bad on its second line: the record's first
    // line is reported, the bad line named.
    const csv = join(dir, 'odd.csv');
    // Records 2 and 3 of b.csv (its first spans two lines).
    const [header, first, second] = lines(join(dir, 'b.csv'))
      .filter((_, i) => i === 0 || i === 3 || i === 4)
      .map((l) => l.replace(/\r$/, ''));
    const fields = second!.split(',');
    fields[5] = '"Hemsjukvård\nv@ning 2"';
    const [a, b] = fields.join(',').split('@');
    writeFileSync(csv, Buffer.concat([Buffer.from(`${header}\r\n${first}\r\n${a}`), Buffer.from([0xe5]), Buffer.from(`${b}\r\n`)]));
    const csvRefused = await cli(db, ['logs', 'import', csv]);
    expect(csvRefused.code).toBe(1);
    const csvReport = lines(`${csv}.rejected.ndjson`).map((l) => JSON.parse(l));
    expect(csvReport).toMatchObject([{ line: 3, violations: [{ code: 'import.invalid_utf8', message: expect.stringMatching(/^Line 4 is not valid UTF-8/) }] }]);
  });

  it('verifies the chains and names the entry changed behind its back', async () => {
    await ok(mainDb, ['logs', 'checkpoint', '--out', join(dir, 'checkpoints.json')]);
    expect((await ok(mainDb, ['logs', 'verify', '--checkpoint', join(dir, 'checkpoints.json')])).stdout).toMatch(
      /All \d+ chains verify[\s\S]*All \d+ checkpoints hold/,
    );

    // On a copy (with its key), so the other tests keep an intact chain.
    const tampered = await copyOf(mainDb, 'tampered');
    await dropEntryTrigger(tampered, 'user_log_entries_no_update');
    const victim = (await tampered.sql<{ id: number }>(`SELECT id FROM user_log_entries WHERE source_entry_id = 'demo-20260101-1234'`))[0]!.id;
    await tampered.sql(`UPDATE user_log_entries SET user_name = 'Demo Someone Else' WHERE id = ?`, victim);
    const r = await cli(tampered, ['logs', 'verify', '--checkpoint', join(dir, 'checkpoints.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`user log entry ${victim}: the entry does not follow from entry`);
    expect(r.stdout).toMatch(/1 of \d+ chains broken/);
    expect(r.stdout).toContain(`entry ${victim} does not follow from the one before it`);
  });

  it('purges only past both five years and an owner’s purge rule, and the rest still verifies', async () => {
    expect((await ok(mainDb, ['logs', 'purge', '--today', '2030-06-01'])).stdout).toContain('Nothing to purge');
    const before = await count(mainDb);
    const cutoff = Date.parse('2025-06-01T00:00:00Z');
    // Ties broken by id: the same owner on either engine.
    const owner = (
      await mainDb.sql<{ id: number }>(
        `SELECT data_owner_id AS id FROM user_log_entries e JOIN organisations o ON o.id = e.data_owner_id WHERE o.kind = 'municipality' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
      )
    )[0]!.id;
    const category = (await mainDb.sql<{ id: number }>(`SELECT id FROM information_categories WHERE record_kind = 'access_log' ORDER BY id LIMIT 1`))[0]!.id;
    await mainDb.sql(
      `INSERT INTO retention_rules (category_id, action, years, trigger, purge_decision_body, purge_decision_reference, purge_decision_on, owner_org_id)
        VALUES (?, 'purge', 5, 'creation', 'Demo: Socialnämnden', 'SN 2024/17', '2024-03-01', ?)`,
      category,
      owner,
    );
    // A chain is purged from its start up to its first entry that is not yet old enough.
    const times = (await mainDb.sql<{ occurred_at: number }>('SELECT occurred_at FROM user_log_entries WHERE data_owner_id = ? ORDER BY id', owner)).map(
      (r) => r.occurred_at,
    );
    const expected = times.findIndex((t) => t >= cutoff);
    expect(expected).toBeGreaterThan(0);
    const others = await count(mainDb, `data_owner_id <> ${owner}`);

    expect((await ok(mainDb, ['logs', 'purge', '--today', '2030-06-01', '--dry-run'])).stdout).toContain(`${expected} entries before 2025-06-01`);
    expect(await count(mainDb)).toBe(before);
    expect((await ok(mainDb, ['logs', 'purge', '--today', '2030-06-01'])).stdout).toContain(`${expected} entries purged from 1 chain`);
    expect(await count(mainDb)).toBe(before - expected);
    expect(await count(mainDb, `data_owner_id <> ${owner}`)).toBe(others);
    expect(await count(mainDb, `data_owner_id = ${owner}`)).toBe(times.length - expected);
    expect(await count(mainDb, `data_owner_id = ${owner} AND occurred_at >= ${cutoff}`)).toBe(times.filter((t) => t >= cutoff).length);

    expect((await ok(mainDb, ['logs', 'verify', '--checkpoint', join(dir, 'checkpoints.json')])).stdout).toMatch(
      /All \d+ chains verify[\s\S]*All \d+ checkpoints hold/,
    );
    expect((await ok(mainDb, ['logs', 'purge', '--today', '2030-06-01'])).stdout).toContain('Nothing to purge');
  });

  it('killed mid-import, leaves whole batches and an intact chain, and a re-run completes', async () => {
    const db = await registry('killed');
    const file = join(dir, 'k.ndjson');
    await ok(db, ['logs', 'demo', '20000', '--seed', '5', '--out', file]);
    const killed = await cli(db, ['logs', 'import', file, '--batch-size', '1000'], (stderr) => /stored [1-9]/.test(stderr));
    expect(killed.signal).toBe('SIGKILL');
    const stored = await count(db);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(20000);
    expect(stored % 1000).toBe(0);
    await ok(db, ['logs', 'verify']);

    const rerun = await ok(db, ['logs', 'import', file, '--batch-size', '1000']);
    expect(rerun.stdout).toContain(`stored ${20000 - stored}, duplicates ${stored}`);
    expect(await count(db)).toBe(20000);
    await ok(db, ['logs', 'verify']);
  });

  it('rotates the chain key: new entries link under it, everything still verifies, and a later alteration is named', async () => {
    const db = await registry('rotated');
    await ok(db, ['logs', 'import', join(dir, 'a.ndjson')]);
    const rotated = await ok(db, ['logs', 'rotate-key']);
    expect(rotated.stdout).toContain('chain key 2');
    expect(readFileSync(join(dir, 'rotated.chain-keys'), 'utf8')).toMatch(/^2 [0-9a-f]{64}\n$/);
    await ok(db, ['logs', 'import', join(dir, 'b.csv')]);
    expect(
      (await db.sql<{ key_id: number; n: number }>('SELECT key_id, count(*) AS n FROM user_log_entries GROUP BY 1 ORDER BY 1')).map((r) => [r.key_id, r.n]),
    ).toEqual([
      [1, 4000],
      [2, 1000],
    ]);
    expect((await ok(db, ['logs', 'verify'])).stdout).toMatch(/All \d+ chains verify[\s\S]*OK {6}the change history[\s\S]*OK {6}the record of log reads/);
    await dropEntryTrigger(db, 'user_log_entries_no_update');
    const victim = (await db.sql<{ id: number }>('SELECT max(id) AS id FROM user_log_entries WHERE key_id = 2'))[0]!.id;
    await db.sql(`UPDATE user_log_entries SET outcome = 'denied' WHERE id = ?`, victim);
    const r = await cli(db, ['logs', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`user log entry ${victim}: the entry does not follow`);
  });

  it('verify finds a log review digest altered behind the API, and rebuild-digest recomputes it', async () => {
    const db = await registry('digest');
    await ok(db, ['logs', 'import', join(dir, 'a.ndjson')]);
    expect((await ok(db, ['logs', 'verify'])).stdout).toContain('OK      the log review’s digest matches the entries');
    await db.sql(
      'UPDATE user_log_user_days SET entries = entries + 1 WHERE (data_owner_id, is_demo, day, user_hsa_id) IN (SELECT data_owner_id, is_demo, day, user_hsa_id FROM user_log_user_days LIMIT 1)',
    );
    const r = await cli(db, ['logs', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/BROKEN {2}the log review’s digest: 2 user × day, 0 patient × unit and 0 action × day rows differ/);
    expect((await ok(db, ['logs', 'rebuild-digest'])).stdout).toMatch(/digest recomputed from 4,000 entries/);
    expect((await ok(db, ['logs', 'verify'])).stdout).toContain('OK      the log review’s digest matches the entries');
  });
});
