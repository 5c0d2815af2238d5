import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvParser } from '../src/logs/csv';
import { cli, countEntries } from './support/cli';
import type { FvmRun } from './support/fvm';
import { seededRandom, type SeededRandom } from '../../../test/support/random';

// Issue 8 ("Trust"): an outsider fuzzes import files and kills the import mid-write, and no entry
// may ever make a chain fail verification. Files made by `fvm logs demo` are mutated by a seeded
// generator (FUZZ_SEED to replay another run), imported with the real command line, and then:
// the import never crashes, every line it refuses is in the report with its line number, the
// counts add up, and `fvm logs verify` passes on everything stored.
//
// Each mutated line carries what must happen to it: `today` (a rule older than the input
// validation refuses it), `input` (one of the input-validation rules refuses it: text that cannot
// be stored as written, bytes that are not UTF-8, a time before 1900, a source id twice in one batch
// with other content; before those rules such lines were stored, and a lone surrogate broke its
// chain), or `any` (whatever it becomes, e.g. a flipped byte, the whole must stay sound). Untouched
// lines must never be reported.

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const dir = mkdtempSync(join(tmpdir(), 'fvm-import-fuzz-'));

const prng = seededRandom;
type Rng = SeededRandom;

type Expect = 'today' | 'input' | 'any';
/** Which input-validation rule refuses an `input` line. */
type InputRule = 'invalid UTF-8' | 'lone surrogate' | 'control character' | 'length limit' | 'time before 1900' | 'source id twice in a batch';

interface Line {
  bytes: Buffer;
  eol: string;
  expect: Expect | 'clean';
  mutation?: string;
  rule?: InputRule;
}

interface FuzzFile {
  name: string;
  format: 'csv' | 'ndjson';
  lines: Line[];
  batchSize: number;
  continueOnError: boolean;
  /** The exit code the file must give, when it is certain. */
  exit?: number;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const MIB = 1 << 20;
const INVALID_UTF8 = [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf0, 0x9f, 0x98], [0xe2, 0x82], [0x80], [0xfe, 0xfe]];
const LONE = ['\\ud800', '\\udfff', '\\ud83d', 'x\\udc00y'];
const LOG_FIELDS = [
  'occurredAt',
  'userHsaId',
  'userName',
  'userProfession',
  'careProvider',
  'careUnit',
  'action',
  'patient',
  'category',
  'dataOwner',
  'basis',
  'device',
  'sourceSystem',
  'sourceEntryId',
  'outcome',
];
const REQUIRED = LOG_FIELDS.filter((f) => f !== 'userProfession');
const CSV_COL = Object.fromEntries(LOG_FIELDS.map((f, i) => [f, i])) as Record<string, number>;

/** Inserts bytes into the value of one field of an NDJSON line (a string value: after its opening quote). */
function intoJsonValue(line: string, field: string, insert: Buffer): Buffer {
  const at = line.indexOf(`"${field}":"`) + field.length + 4;
  return Buffer.concat([utf8(line.slice(0, at)), insert, utf8(line.slice(at))]);
}
function intoCsvField(line: string, field: string, insert: Buffer): Buffer {
  const fields = line.split(',');
  const before = fields.slice(0, CSV_COL[field]).join(',');
  return Buffer.concat([utf8(`${before},`), insert, utf8(line.slice(before.length + 1))]);
}

type Mutator = (rng: Rng, text: string, lane: 'a' | 'b') => Pick<Line, 'bytes' | 'expect' | 'rule'> | null;

// Every mutator is given an untouched line; null when it does not apply.
const NDJSON_MUTATORS: Record<string, Mutator> = {
  byteFlip: (rng, text) => {
    const bytes = utf8(text);
    const i = rng.int(bytes.length);
    const flipped = bytes[i]! ^ (1 << rng.int(8));
    // A line feed would split the line and shift every line number after it.
    if (flipped === 0x0a || flipped === 0x0d) return null;
    bytes[i] = flipped;
    return { bytes, expect: 'any' };
  },
  truncated: (rng, text) => ({ bytes: utf8(text.slice(0, 1 + rng.int(text.length - 2))), expect: 'today' }),
  missingField: (rng, text) => {
    const o = JSON.parse(text);
    delete o[rng.pick(REQUIRED)];
    return { bytes: utf8(JSON.stringify(o)), expect: 'today' };
  },
  extraField: (rng, text) => ({
    bytes: utf8(JSON.stringify({ ...JSON.parse(text), [rng.pick(['extra', 'comment', '__proto__'])]: rng.pick([1, 'x', null, [1]]) })),
    expect: 'any',
  }),
  unbalancedQuote: (rng, text) => {
    const quotes = [...text.matchAll(/"/g)].map((m) => m.index);
    const i = rng.pick(quotes);
    return { bytes: utf8(text.slice(0, i) + text.slice(i + 1)), expect: 'today' };
  },
  bomMidFile: (_rng, text) => ({ bytes: utf8(`\uFEFF${text}`), expect: 'today' }),
  invalidUtf8: (rng, text) => ({
    bytes: intoJsonValue(text, rng.pick(['userName', 'careUnit', 'sourceSystem']), Buffer.from(rng.pick(INVALID_UTF8))),
    expect: 'input',
    rule: 'invalid UTF-8',
  }),
  loneSurrogate: (rng, text, lane) =>
    lane === 'b'
      ? { bytes: intoJsonValue(text, rng.pick(['userName', 'careUnit', 'sourceEntryId']), utf8(rng.pick(LONE))), expect: 'input', rule: 'lone surrogate' }
      : null,
  nulEscape: (rng, text) => ({
    bytes: intoJsonValue(text, rng.pick(['userName', 'careUnit', 'userHsaId']), utf8(rng.pick(['\\u0000', '\\u0007', '\\u001b[31m', '\\u009b']))),
    expect: 'input',
    rule: 'control character',
  }),
  // JSON has no raw control characters inside strings: the line is not JSON.
  nulByte: (rng, text) => ({ bytes: intoJsonValue(text, rng.pick(['userName', 'careUnit']), Buffer.from([0])), expect: 'today' }),
  hugeField: (rng, text) => ({
    bytes: utf8(JSON.stringify({ ...JSON.parse(text), [rng.pick(['userName', 'careUnit'])]: 'å'.repeat(MIB) })),
    expect: 'input',
    rule: 'length limit',
  }),
  deepNesting: (rng, text) => {
    const depth = rng.pick([64, 5_000, 100_000]);
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    return rng.chance(0.5)
      ? { bytes: utf8(deep), expect: 'today' }
      : { bytes: utf8(text.replace(/"userName":"[^"]*"/, `"userName":${deep}`)), expect: 'today' };
  },
  wrongType: (rng, text) => {
    const o = JSON.parse(text);
    const field = rng.pick(REQUIRED);
    o[field] = rng.pick([[o[field]], { value: o[field] }, true, false]);
    return { bytes: utf8(JSON.stringify(o)), expect: 'today' };
  },
  // A number is read as its text: it may even be valid (a municipality code); never a crash.
  numberForText: (rng, text) => ({
    bytes: utf8(JSON.stringify({ ...JSON.parse(text), [rng.pick(LOG_FIELDS)]: rng.pick([0, -1, 1e308, 1480, 3.14]) })),
    expect: 'any',
  }),
  notAnObject: (rng) => ({ bytes: utf8(rng.pick(['[]', '"text"', '42', 'null', 'true', '[{"occurredAt":"2025-01-01T00:00:00Z"}]'])), expect: 'today' }),
  timeFarPast: (rng, text) => ({
    bytes: utf8(JSON.stringify({ ...JSON.parse(text), occurredAt: rng.pick(['1066-10-14T09:00:00Z', '0001-01-01T00:00:00Z', '1899-12-31T23:59:59Z']) })),
    expect: 'input',
    rule: 'time before 1900',
  }),
  timeFuture: (rng, text) => ({
    bytes: utf8(
      JSON.stringify({
        ...JSON.parse(text),
        occurredAt: rng.pick(['2999-01-01T00:00:00Z', '9999-12-31T23:59:59Z', new Date(Date.now() + 3_600_000).toISOString()]),
      }),
    ),
    expect: 'today',
  }),
  timeNonsense: (rng, text) => ({
    bytes: utf8(
      JSON.stringify({
        ...JSON.parse(text),
        occurredAt: rng.pick(['2025-02-30T10:00:00Z', '2025-01-01', 'yesterday', '+275760-09-13T00:00:00Z', '2025-01-01T25:00:00Z']),
      }),
    ),
    expect: 'today',
  }),
  badPatient: (rng, text) => {
    const o = JSON.parse(text);
    const wrongCheckDigit = `${o.patient.slice(0, 11)}${(Number(o.patient[11]) + 1) % 10}`;
    return { bytes: utf8(JSON.stringify({ ...o, patient: rng.pick([wrongCheckDigit, '000000000000', '1', 'ÅÄÖ', '']) })), expect: 'today' };
  },
};

const CSV_MUTATORS: Record<string, Mutator> = {
  byteFlip: NDJSON_MUTATORS.byteFlip!,
  truncated: (rng, text) => {
    // Cut before the last comma, so the record has too few fields whatever the cut leaves.
    const last = text.lastIndexOf(',');
    return { bytes: utf8(text.slice(0, 1 + rng.int(last))), expect: 'today' };
  },
  extraColumn: (rng, text) => ({ bytes: utf8(`${text},${rng.pick(['', 'extra', '"quoted, extra"'])}`), expect: 'today' }),
  missingColumn: (rng, text) => {
    const fields = text.split(',');
    fields.splice(rng.int(fields.length), 1);
    return { bytes: utf8(fields.join(',')), expect: 'today' };
  },
  // A quote opening a field may swallow the lines after it, up to the next quote or the end of
  // the file (then the import stops with exit 2): whatever record results, it is reported.
  unbalancedQuote: (rng, text) => {
    const fields = text.split(',');
    const i = rng.int(fields.length);
    fields[i] = rng.chance(0.5) ? `"${fields[i]}` : `${fields[i]}"`;
    return { bytes: utf8(fields.join(',')), expect: 'any' };
  },
  bomMidFile: (_rng, text) => ({ bytes: utf8(`\uFEFF${text}`), expect: 'today' }),
  invalidUtf8: (rng, text) => ({
    bytes: intoCsvField(text, rng.pick(['userName', 'careUnit', 'sourceSystem']), Buffer.from(rng.pick(INVALID_UTF8))),
    expect: 'input',
    rule: 'invalid UTF-8',
  }),
  nulByte: (rng, text) => ({
    bytes: intoCsvField(text, rng.pick(['userName', 'careUnit', 'userProfession']), Buffer.from([rng.pick([0, 7, 0x1b])])),
    expect: 'input',
    rule: 'control character',
  }),
  hugeField: (rng, text) => ({ bytes: intoCsvField(text, rng.pick(['userName', 'careUnit']), utf8('x'.repeat(MIB))), expect: 'input', rule: 'length limit' }),
  timeFarPast: (rng, text) => ({
    bytes: utf8(text.replace(/^[^,]*/, rng.pick(['1066-10-14T09:00:00Z', '1899-12-31T23:59:59Z']))),
    expect: 'input',
    rule: 'time before 1900',
  }),
  timeFuture: (_rng, text) => ({ bytes: utf8(text.replace(/^[^,]*/, '2999-01-01T00:00:00Z')), expect: 'today' }),
  badEnum: (rng, text) => {
    const fields = text.split(',');
    fields[CSV_COL[rng.pick(['action', 'basis', 'device', 'outcome'])]!] = rng.pick(['READ', 'x', 'läsning', '0']);
    return { bytes: utf8(fields.join(',')), expect: 'today' };
  },
  emptyRequired: (rng, text) => {
    const fields = text.split(',');
    fields[CSV_COL[rng.pick(REQUIRED)]!] = rng.pick(['', '""']);
    return { bytes: utf8(fields.join(',')), expect: 'today' };
  },
};

const sourceIdOf = (format: 'csv' | 'ndjson', text: string) =>
  format === 'csv' ? text.split(',')[CSV_COL.sourceEntryId!]! : (JSON.parse(text).sourceEntryId as string);

/** Gives a later untouched line of the same batch the source id of an earlier one, its other content kept. */
function duplicateSourceId(rng: Rng, file: FuzzFile): void {
  const rows = file.lines.map((l, i) => ({ l, i })).filter(({ l, i }) => l.expect === 'clean' && !(file.format === 'csv' && i === 0));
  if (rows.length < 2) return;
  const a = rows[rng.int(rows.length - 1)]!;
  const row = (i: number) => (file.format === 'csv' ? i - 1 : i);
  const later = rows.filter(({ i }) => i > a.i && Math.floor(row(i) / file.batchSize) === Math.floor(row(a.i) / file.batchSize));
  if (!later.length) return;
  const b = rng.pick(later);
  const aText = a.l.bytes.toString('utf8');
  const bText = b.l.bytes.toString('utf8');
  const id = sourceIdOf(file.format, aText);
  const replaced =
    file.format === 'csv' ? bText.replace(`,${sourceIdOf('csv', bText)},`, `,${id},`) : JSON.stringify({ ...JSON.parse(bText), sourceEntryId: id });
  Object.assign(b.l, { bytes: utf8(replaced), expect: 'input', rule: 'source id twice in a batch', mutation: 'duplicateSourceId' } satisfies Partial<Line>);
}

const INPUT_ONLY = ['invalidUtf8', 'loneSurrogate', 'nulEscape', 'nulByte', 'hugeField', 'timeFarPast'];

/**
 * `input`: only mutations that the older rules let through and the input validation refuses (so
 * without it they were stored, and the chains had to verify with them in). `clean`: none, only the
 * line endings and byte order mark vary.
 */
function mutatedFile(rng: Rng, n: number, format: 'csv' | 'ndjson', base: string[], lane: 'a' | 'b', kind: 'any' | 'input' | 'clean' = 'any'): FuzzFile {
  const onlyInput = kind === 'input';
  const header = format === 'csv' ? [base[0]!] : [];
  const body = format === 'csv' ? base.slice(1) : base;
  const lines: Line[] = [...header, ...body].map((t) => ({ bytes: utf8(t), eol: format === 'csv' ? '\r\n' : '\n', expect: 'clean' as const }));
  const file: FuzzFile = {
    name: `f${String(n).padStart(2, '0')}-${lane}.${format}`,
    format,
    lines,
    batchSize: rng.pick([7, 50, 100, 1000]),
    continueOnError: rng.chance(0.85),
  };
  // Line endings: all LF, all CRLF, or a mix; a clean line stays clean whichever it has.
  const eols = rng.pick([['\n'], ['\r\n'], ['\n', '\r\n']]);
  for (const l of lines) l.eol = rng.pick(eols);
  if (rng.chance(0.3)) lines[0]!.bytes = Buffer.concat([utf8('\uFEFF'), lines[0]!.bytes]);
  const mutators = Object.entries(format === 'csv' ? CSV_MUTATORS : NDJSON_MUTATORS).filter(([name]) => !onlyInput || INPUT_ONLY.includes(name));
  const first = format === 'csv' ? 1 : 0;
  for (let k = kind === 'clean' ? 0 : 3 + rng.int(10); k > 0; k--) {
    const i = first + rng.int(lines.length - first);
    const line = lines[i]!;
    if (line.expect !== 'clean') continue;
    // A BOM on the first line is the file's byte order mark, not a mutation.
    const [name, mutate] = rng.pick(mutators);
    if (name === 'bomMidFile' && i === 0) continue;
    const text = line.bytes.toString('utf8').replace(/^\uFEFF/, '');
    const out = mutate(rng, text, lane);
    if (!out || (onlyInput && out.expect !== 'input')) continue;
    Object.assign(line, out, { mutation: name, bytes: i === 0 && line.bytes[0] === 0xef ? Buffer.concat([utf8('\uFEFF'), out.bytes]) : out.bytes });
  }
  const quotes = format === 'csv' && lines.some((l) => l.mutation === 'unbalancedQuote');
  // A swallowed line would move the batches: the pair is placed only where rows are lines.
  if (kind !== 'clean' && (onlyInput || rng.chance(0.5)) && !quotes) duplicateSourceId(rng, file);
  if (rng.chance(0.2)) lines.at(-1)!.eol = '';
  return file;
}

/** Files that are wrong as a whole, not line by line. */
function specialFiles(rng: Rng, csvHeader: string): FuzzFile[] {
  const garbage = () => Buffer.from(Array.from({ length: 4096 }, () => rng.int(256)));
  const raw = (name: string, format: 'csv' | 'ndjson', bytes: Buffer, exit?: number): FuzzFile => ({
    name,
    format,
    batchSize: 50,
    continueOnError: true,
    exit,
    lines: bytes.length ? [{ bytes, eol: '', expect: 'any' }] : [],
  });
  return [
    raw('empty.ndjson', 'ndjson', Buffer.alloc(0), 0),
    raw('empty.csv', 'csv', Buffer.alloc(0), 0),
    raw('bom-only.ndjson', 'ndjson', utf8('\uFEFF'), 0),
    raw('blank-lines.ndjson', 'ndjson', utf8('\n\r\n  \n\t\n'), 0),
    raw('header-only.csv', 'csv', utf8(`${csvHeader}\r\n`), 0),
    raw('header-only-no-eol.csv', 'csv', utf8(`\uFEFF${csvHeader}`), 0),
    raw('header-short.csv', 'csv', utf8('occurredAt,userHsaId\r\n2025-01-01T00:00:00Z,SE2321000131-U1\r\n'), 2),
    raw('header-open-quote.csv', 'csv', utf8(`${csvHeader}\r\n"2025-01-01T00:00:00Z,a,b\r\n`), 2),
    raw('garbage.csv', 'csv', garbage(), 2),
    // Every non-blank line of garbage is not JSON, and is reported.
    {
      ...raw('garbage.ndjson', 'ndjson', Buffer.alloc(0), 1),
      lines: garbage()
        .toString('latin1')
        .split('\n')
        .map((t) => {
          const bytes = Buffer.from(t, 'latin1');
          return { bytes, eol: '\n', expect: bytes.toString('utf8').replace(/\r$/, '').trim() ? ('today' as const) : ('any' as const) };
        }),
    },
  ];
}

function write(file: FuzzFile): string {
  const path = join(dir, file.name);
  writeFileSync(path, Buffer.concat(file.lines.flatMap((l) => [l.bytes, utf8(l.eol)])));
  return path;
}

interface Outcome {
  file: FuzzFile;
  run: FvmRun;
  before: number;
  after: number;
  report: { line: number; batch: number; violations: { field: string; code: string; message: string }[] }[];
  /** The line each physical line's record starts on (CSV records may span lines). */
  recordLine: (line: number) => number;
  /** The line each row (entry) starts on, in order: what the batches are cut from. */
  rowLines: number[];
}

const summary = /(\d+) rows read in (\d+) batch(?:es)?; stored (\d+), duplicates (\d+), rejected (\d+) in (\d+) batch(?:es)?, withheld (\d+)/;

async function importFile(database: string, file: FuzzFile): Promise<Outcome> {
  const path = write(file);
  const before = countEntries(database);
  const run = await cli(database, ['logs', 'import', path, '--batch-size', String(file.batchSize), ...(file.continueOnError ? ['--continue-on-error'] : [])]);
  const after = countEntries(database);
  let reportText = '';
  try {
    reportText = readFileSync(`${path}.rejected.ndjson`, 'utf8');
  } catch {
    // No report: nothing was rejected.
  }
  const report = reportText
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  // Where each record starts, read as the import reads it (bytes that are not UTF-8 as U+FFFD).
  const starts: number[] = [];
  if (file.format === 'csv') {
    const parser = new CsvParser();
    try {
      for (const r of [...parser.feed(readFileSync(path, 'utf8')), ...parser.end()]) starts.push(r.line);
    } catch {
      // A quote left open to the end: the import stops with exit 2, and no line is checked.
    }
  }
  const recordLine = (line: number) => (file.format === 'csv' ? (starts.findLast((s) => s <= line) ?? line) : line);
  const rowLines = file.format === 'csv' ? starts.slice(1) : file.lines.map((_, i) => i + 1);
  return { file, run, before, after, report, recordLine, rowLines };
}

const STACK_FRAME = /^\s+at /m;

describe('fvm logs import, fuzzed', { timeout: 240_000 }, () => {
  const rng = prng(SEED);
  const lanes = { a: join(dir, 'lane-a.sqlite'), b: join(dir, 'lane-b.sqlite') };
  const outcomes: Outcome[] = [];
  const context = (o: Outcome) =>
    `seed ${SEED}, ${o.file.name} (batch ${o.file.batchSize}${o.file.continueOnError ? ', continue' : ''}): exit ${o.run.code} ${o.run.signal ?? ''}\n${o.run.stdout}\n${o.run.stderr.slice(0, 2000)}`;

  beforeAll(async () => {
    // Lane a gets every mutation but lone surrogates; lane b gets those too. Should a lone
    // surrogate ever be stored again it breaks its chain, and lane a still proves the rest sound.
    const baseNd = join(dir, 'base.ndjson');
    const baseCsv = join(dir, 'base.csv');
    for (const [out, seed] of [
      [baseNd, '101'],
      [baseCsv, '102'],
    ] as const) {
      const r = await cli(lanes.a, ['logs', 'demo', '4800', '--seed', seed, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect((await cli(lanes.b, ['logs', 'verify'])).code).toBe(0);
    const nd = readFileSync(baseNd, 'utf8').split('\n').filter(Boolean);
    const csv = readFileSync(baseCsv, 'utf8').split('\r\n').filter(Boolean);

    const files: { lane: 'a' | 'b'; file: FuzzFile }[] = [];
    // 15 files of each format, of 60 to 300 lines, four with only what today's rules let through,
    // two untouched: disjoint slices, so untouched lines are new.
    let ndAt = 0;
    let csvAt = 1;
    for (let n = 0; n < 30; n++) {
      const format = n % 2 ? 'csv' : 'ndjson';
      const lane = n % 4 < 2 ? 'a' : 'b';
      const size = 60 + rng.int(240);
      const base = format === 'csv' ? [csv[0]!, ...csv.slice(csvAt, (csvAt += size))] : nd.slice(ndAt, (ndAt += size));
      files.push({ lane, file: mutatedFile(rng, n, format, base, lane, n >= 28 ? 'clean' : n >= 24 ? 'input' : 'any') });
    }
    specialFiles(rng, csv[0]!).forEach((file, i) => files.push({ lane: i % 2 ? 'b' : 'a', file }));
    // The first file again, as a resend: its stored lines are duplicates now.
    files.push({ lane: 'a', file: { ...files[0]!.file, name: 'f00-a-again.ndjson' } });

    // The two lanes run side by side, each on its own database, one import at a time.
    await Promise.all(
      (['a', 'b'] as const).map(async (lane) => {
        for (const f of files.filter((x) => x.lane === lane)) outcomes.push(await importFile(lanes[lane], f.file));
      }),
    );
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never crashes: exit 0, 1 or 2, no signal, no stack trace, and the exit code the file calls for', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(41);
    for (const o of outcomes) {
      expect(o.run.signal, context(o)).toBeNull();
      expect([0, 1, 2], context(o)).toContain(o.run.code);
      expect(o.run.stderr, context(o)).not.toMatch(STACK_FRAME);
      expect(o.run.stdout, context(o)).not.toMatch(STACK_FRAME);
      if (o.file.exit !== undefined) expect(o.run.code, context(o)).toBe(o.file.exit);
      if (o.run.code === 2) expect(o.run.stderr.trim(), context(o)).not.toBe('');
    }
  });

  it('counts add up, and every rejected line is in the report with its line number, batch and rule', () => {
    for (const o of outcomes) {
      const physical = o.file.lines.reduce((n, l) => n + l.bytes.filter((b) => b === 0x0a).length + (l.eol.includes('\n') ? 1 : 0), 1);
      for (const r of o.report) {
        expect(Number.isInteger(r.line) && r.line >= 1 && r.line <= physical, context(o)).toBe(true);
        expect(Number.isInteger(r.batch) && r.batch >= 1, context(o)).toBe(true);
        expect(r.violations.length, context(o)).toBeGreaterThan(0);
        for (const v of r.violations) {
          expect(['', ...LOG_FIELDS], context(o)).toContain(v.field);
          expect(v.code, context(o)).toMatch(/^[a-z_]+(\.[a-z_0-9]+)*$/);
          expect(v.message, context(o)).not.toBe('');
        }
      }
      expect(new Set(o.report.map((r) => r.line)).size, context(o)).toBe(o.report.length);
      if (o.run.code === 2) continue;
      const m = summary.exec(o.run.stdout);
      expect(m, context(o)).not.toBeNull();
      const [read, , stored, duplicates, rejected, rejectedBatches, withheld] = m!.slice(1).map(Number) as number[];
      expect(stored! + duplicates! + rejected! + withheld!, context(o)).toBe(read);
      expect(o.after - o.before, context(o)).toBe(stored);
      expect(o.report.length, context(o)).toBe(rejected);
      expect(o.run.code, context(o)).toBe(rejectedBatches ? 1 : 0);

      const reported = new Set(o.report.map((r) => r.line));
      // Without --continue-on-error the import stops after the first batch with a refused line:
      // every line up to the end of that batch is checked. (That it handles no batch after it is
      // the test below.)
      const stoppedAt = o.file.continueOnError || !o.report.length ? null : Math.min(...o.report.map((r) => r.batch));
      const checked = new Set(stoppedAt === null ? o.rowLines : o.rowLines.slice(0, stoppedAt * o.file.batchSize));
      o.file.lines.forEach((l, i) => {
        const line = o.recordLine(i + 1);
        if (l.expect === 'today' && checked.has(line)) expect(reported.has(line), `line ${i + 1} (${l.mutation}) not reported; ${context(o)}`).toBe(true);
      });
      // An untouched line is reported only if its record swallowed a mutated one, or its source id
      // now appears twice (a flipped digit can make one line's id another's).
      const text = o.file.lines.map((l) => l.bytes.toString('utf8')).join('\n');
      o.file.lines.forEach((l, i) => {
        if (l.expect !== 'clean' || (o.file.format === 'csv' && i === 0) || o.recordLine(i + 1) !== i + 1) return;
        const id = sourceIdOf(o.file.format, l.bytes.toString('utf8').replace(/^\uFEFF/, ''));
        const quoted = o.file.format === 'csv' ? `,${id},` : `"${id}"`;
        if (text.split(quoted).length > 2) return;
        expect(reported.has(i + 1), `untouched line ${i + 1} reported; ${context(o)}`).toBe(false);
      });
    }
  });

  it('covers every kind of mutation, and files that end in each exit code', () => {
    const used = new Set(outcomes.flatMap((o) => o.file.lines.map((l) => `${o.file.format} ${l.mutation}`)));
    const kinds = [
      ...Object.keys(NDJSON_MUTATORS).map((m) => `ndjson ${m}`),
      ...Object.keys(CSV_MUTATORS).map((m) => `csv ${m}`),
      'ndjson duplicateSourceId',
      'csv duplicateSourceId',
    ];
    expect(kinds.filter((k) => !used.has(k))).toEqual([]);
    expect(new Set(outcomes.map((o) => o.run.code))).toEqual(new Set([0, 1, 2]));
  });

  it('every chain, the change history and the record of reads verify after all imports (lane a: no lone surrogates)', async () => {
    const r = await cli(lanes.a, ['logs', 'verify']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/All \d+ chains verify[\s\S]*OK {6}the change history[\s\S]*OK {6}the record of log reads/);
    // Stored: the untouched lines at least.
    expect(countEntries(lanes.a)).toBeGreaterThan(100);
  });

  // Before text.malformed a lone surrogate (sent as "\ud800" in NDJSON) was stored; SQLite keeps it
  // as the bytes ED A0 80 and reads them back as U+FFFD, so the entry no longer hashed to what was
  // linked and its chain broke.
  it('every chain verifies after imports with lone surrogates too (lane b: text.malformed)', async () => {
    expect(outcomes.some((o) => o.file.name.endsWith('-b.ndjson') && o.file.lines.some((l) => l.rule === 'lone surrogate'))).toBe(true);
    const r = await cli(lanes.b, ['logs', 'verify']);
    expect(r.code, r.stdout).toBe(0);
  });

  // Invalid UTF-8 (import.invalid_utf8; once decoded to U+FFFD and stored), control characters
  // (text.control_character), 1 MiB fields (text.too_long), times before 1900 (log.time_too_early)
  // and one source id twice in a batch with other content (log.source_id_conflict; once the second
  // was silently counted as a duplicate).
  it('every line breaking an input-validation rule is reported', () => {
    const missed: string[] = [];
    for (const o of outcomes) {
      if (o.run.code === 2 || !o.file.continueOnError) continue;
      const reported = new Set(o.report.map((r) => r.line));
      // Rows are lines only where no quote swallowed a line: else the pair may straddle two batches.
      const rowsAreLines = o.file.lines.every((_, i) => o.recordLine(i + 1) === i + 1);
      o.file.lines.forEach((l, i) => {
        if (l.expect !== 'input' || (l.rule === 'source id twice in a batch' && !rowsAreLines)) return;
        if (!reported.has(o.recordLine(i + 1))) missed.push(`${o.file.name} line ${i + 1}: ${l.rule}`);
      });
    }
    expect(outcomes.flatMap((o) => o.file.lines.filter((l) => l.expect === 'input')).length).toBeGreaterThan(10);
    expect(missed).toEqual([]);
  });

  // The reading thread runs up to two batches ahead: those it had already sent when the import
  // decided to stop must be neither stored nor reported. It is a race between the two threads (the
  // reader is usually ahead; on a loaded machine not always), so the import runs four times, each
  // on a fresh database.
  it('without --continue-on-error, stores and reports nothing after the first rejected batch', async () => {
    const file = join(dir, 'stop.ndjson');
    const lines = readFileSync(join(dir, 'base.ndjson'), 'utf8').split('\n').filter(Boolean).slice(0, 200);
    lines[2] = JSON.stringify({ ...JSON.parse(lines[2]!), action: 'not an action' });
    writeFileSync(file, `${lines.join('\n')}\n`);
    // In batches of 10 the first is rejected; in batches of 1, the third, after two stored.
    const expected = (k: number) => (k % 2 ? { batchSize: 1, stored: 2, batches: 3 } : { batchSize: 10, stored: 0, batches: 1 });
    const seen: unknown[] = [];
    for (let k = 0; k < 4; k++) {
      const db = join(dir, `stop-${k}.sqlite`);
      const r = await cli(db, ['logs', 'import', file, '--batch-size', String(expected(k).batchSize)]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('Stopped at the first rejected batch');
      seen.push({ batchSize: expected(k).batchSize, stored: countEntries(db), batches: Number(summary.exec(r.stdout)?.[2]) });
      if (JSON.stringify(seen.at(-1)) !== JSON.stringify(expected(k))) break;
    }
    expect(seen).toEqual([0, 1, 2, 3].map(expected));
  });

  it('killed with SIGKILL at random points, leaves whole batches and chains that verify; a re-run completes', async () => {
    // Untouched demo lines, into a database of their own: every line is new, so a batch stored is
    // exactly batch-size entries more.
    const db = join(dir, 'killed.sqlite');
    expect((await cli(db, ['logs', 'verify'])).code).toBe(0);
    const kill = prng(SEED + 1);
    const demo = readFileSync(join(dir, 'base.ndjson'), 'utf8').split('\n').filter(Boolean);
    let total = 0;
    for (let n = 0; n < 3; n++) {
      const file = join(dir, `kill-${n}.ndjson`);
      const lines = 1000 + kill.int(600);
      writeFileSync(file, `${demo.slice(n * 1600, n * 1600 + lines).join('\n')}\n`);
      total += lines;
      const batch = kill.pick([50, 100, 250, 500]);
      const before = countEntries(db);
      // The first run is killed as soon as it reports a stored batch (while it stores the next),
      // the others at a random moment, from before the file is opened to after the last batch.
      const afterMs = n === 0 ? undefined : 300 + kill.int(4000);
      const killed = await cli(
        db,
        ['logs', 'import', file, '--batch-size', String(batch)],
        n === 0 ? { when: (stderr) => /stored [1-9]/.test(stderr) } : { afterMs },
      );
      const stored = countEntries(db) - before;
      const where = `seed ${SEED}, kill ${n} after ${afterMs} ms, batch ${batch}: ${killed.signal ?? `exit ${killed.code}`}, stored ${stored}\n${killed.stderr}`;
      if (n === 0) expect([killed.signal, stored > 0 && stored < lines], where).toEqual(['SIGKILL', true]);
      if (killed.signal === 'SIGKILL') expect(stored === lines || stored % batch === 0, where).toBe(true);
      else expect([killed.code, stored], where).toEqual([0, lines]);
      const verified = await cli(db, ['logs', 'verify']);
      expect(verified.code, `${where}\n${verified.stdout}`).toBe(0);
    }
    for (let n = 0; n < 3; n++) expect((await cli(db, ['logs', 'import', join(dir, `kill-${n}.ndjson`), '--batch-size', '500'])).code).toBe(0);
    expect(countEntries(db)).toBe(total);
    expect((await cli(db, ['logs', 'verify'])).code).toBe(0);
  });
});
