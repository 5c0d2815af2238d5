// The follow-up reference rows against the seeds they come from (copies of shared/seeds 002 and
// 004 under fixtures/seeds): every line of the 2019 table is in a row, every row's text is the
// seed's, section by section, and loading is idempotent.
import { validateRegistryText } from '@fvm/domain';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatch, loadDemoData, loadReferenceData, openDatabase, removeDemoData } from '../src';
import { followUpGoalSpec } from '../src/entities/followUp';
import { loadLogKeys } from '../src/userLogs/keys';
import { FOLLOW_UP_SECTIONS } from '../src/seed/followUp';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'seeds');
const table2019 = readFileSync(join(fixtures, '002_657bf12490c70bc7.txt'), 'utf8');
const statusPage = readFileSync(join(fixtures, '004_cef102f79a00ec1d.txt'), 'utf8');

type Row = Record<string, unknown>;
const TEXT_COLUMNS = ['section', 'heading', 'goal', 'activity', 'budget_text', 'time_note', 'comment'] as const;

/** Runs of white space as one space: the web page's line breaks and non-breaking spaces are layout, not wording. */
const squash = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

/** The table's own lines: from the first section heading to the page's footer. */
function tableLines(): string[] {
  const start = table2019.indexOf(FOLLOW_UP_SECTIONS[0]);
  const end = table2019.indexOf('Senast publicerad');
  return table2019
    .slice(start, end)
    .split('\n')
    .map((l) => squash(l.replace(/^\s*•\s*/, '')))
    .filter((l) => l !== '');
}

let dir: string;
let handle: ReturnType<typeof openDatabase>;
let rows: Row[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fvm-follow-up-'));
  handle = openDatabase(join(dir, 'r.sqlite'));
  loadReferenceData(handle.db);
  rows = handle.sqlite.prepare('select * from follow_up_goals order by year, position').all() as Row[];
});

afterAll(() => {
  handle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the 2019 follow-up table (seed 002)', () => {
  it('has every row, section by section in the seed’s order, owned by VästKom, real data', () => {
    expect(FOLLOW_UP_SECTIONS.map((s) => table2019.indexOf(s))).toEqual([...FOLLOW_UP_SECTIONS.map((s) => table2019.indexOf(s))].sort((a, b) => a - b));
    const bySection = FOLLOW_UP_SECTIONS.map((s) => rows.filter((r) => r.section === s).length);
    expect(bySection).toEqual([3, 10, 2]);
    expect(rows.map((r) => r.position)).toEqual(rows.map((_r, i) => i + 1));
    expect(rows.map((r) => r.section)).toEqual(
      [...rows.map((r) => r.section)].sort((a, b) => FOLLOW_UP_SECTIONS.indexOf(a as never) - FOLLOW_UP_SECTIONS.indexOf(b as never)),
    );
    const vastkom = handle.sqlite.prepare(`select id from organisations where kind = 'collaboration_body' and name = 'VästKom'`).get() as { id: number };
    for (const r of rows) expect([r.year, r.owner_org_id, r.is_demo, r.version]).toEqual([2019, vastkom.id, 0, 1]);
  });

  it('holds every line of the seed’s table, and nothing the seed does not say', () => {
    const texts = rows.flatMap((r) => TEXT_COLUMNS.map((c) => r[c]).filter((v): v is string => typeof v === 'string'));
    const stored = squash(texts.join(' \u0000 '));
    // The column headings repeat per section; the time column is the assessment and percentage, checked below.
    const layout = new Set(['Mål / aktiviteter 2019', 'Uppskattad genomförd tid / planerad tid i HP', 'Kommentar', 'Mer än', 'enligt handlingsplan']);
    const missing = tableLines().filter((l) => !layout.has(l) && !/^\d+ ?%$/.test(l) && !stored.includes(l) && !(l === 'delreg.' || l === 'satsning'));
    expect(missing).toEqual([]);
    // Each stored paragraph or line is the seed's, word for word.
    const seed = squash(table2019);
    for (const t of texts)
      for (const part of t
        .split('\n')
        .map((p) => squash(p.replace(/^•\s*/, '')))
        .filter(Boolean))
        expect(seed, part).toContain(part);
  });

  it('keeps the seed’s wording, its spelling included', () => {
    const find = (column: string, text: string) => rows.filter((r) => typeof r[column] === 'string' && (r[column] as string).includes(text));
    expect(find('goal', 'Västra Götalands kommuner erbjuds nationella tjänster som motsvarar kommunernas behov')).toHaveLength(1);
    expect(find('comment', 'Deltagande har skett i en rad nationella aktivitete, primärt via Ineras programråd.')).toHaveLength(1);
    expect(find('comment', 'Men huvudmännnen har inte tydligt stöttat utförarorganisationen med tydlig målbild.')).toHaveLength(1);
    expect(find('heading', 'Nationell patientöverskikt')).toHaveLength(1);
    expect(find('comment', 'Upphandligsfas avslutad.')).toHaveLength(1);
    expect(find('heading', 'GITS – Förvaltning och fortsatt utveckling')).toHaveLength(3);
    expect(find('goal', '• Samtliga seminarium/utbildningar är webbsända med god kvalitet')).toHaveLength(1);
  });

  it('keeps both budgets as numbers and in the seed’s words', () => {
    const budgets = rows.filter((r) => r.budget !== null).map((r) => [r.heading, r.budget, r.budget_text]);
    expect(budgets).toEqual([
      ['GITS – Förvaltning och fortsatt utveckling', 4_030_000, 'Budget: 4 030 000 kronor'],
      ['Kommunikation och kompetenshöjande aktiviteter', 100_000, 'Budget: 100 000 kr'],
    ]);
    for (const [heading, , text] of budgets) expect(squash(table2019)).toContain(`${heading} ${text}`);
  });

  it('has the time column as the seed gives it: five times "Mer än" with its percentage, once "delreg. satsning"', () => {
    const percents = [...table2019.matchAll(/Mer än\s+(\d+)\s?%/g)].map((m) => Number(m[1]));
    expect(percents).toEqual([30, 0, 0, 30, 500]);
    expect(rows.filter((r) => r.time_assessment !== null).map((r) => [r.time_assessment, r.time_percent])).toEqual(percents.map((p) => ['more', p]));
    expect(rows.filter((r) => r.time_percent !== null && r.time_assessment === null)).toEqual([]);
    expect(rows.filter((r) => r.time_note !== null).map((r) => [r.heading, r.time_note])).toEqual([
      ['Drift- och utförarorganisation av välfärdsteknik', 'delreg. satsning'],
    ]);
  });

  it('leaves goal status and trend unknown: the seed’s text lost the legend icons', () => {
    expect(rows.filter((r) => r.goal_status !== null || r.trend !== null)).toEqual([]);
  });

  it('passes the registry’s text rules', () => {
    for (const r of rows) expect(validateRegistryText(Object.fromEntries(TEXT_COLUMNS.map((c) => [c, r[c]])))).toEqual([]);
  });
});

describe('the status report (seed 004)', () => {
  it('is May’s summary and June’s plan, word for word', () => {
    const reports = handle.sqlite.prepare('select * from follow_up_status_reports').all() as Row[];
    expect(reports).toHaveLength(1);
    const between = (from: string, to: string) => squash(statusPage.slice(statusPage.indexOf(from) + from.length, statusPage.indexOf(to)));
    expect(reports[0]).toMatchObject({ month: '2020-05', is_demo: 0, version: 1 });
    expect(reports[0]!.summary).toBe(between('Summering maj', 'Planering juni'));
    expect(reports[0]!.plan).toBe(between('Planering juni', 'Senast publicerad'));
    expect(validateRegistryText({ summary: reports[0]!.summary, plan: reports[0]!.plan })).toEqual([]);
  });
});

describe('loading', () => {
  const dump = (h: ReturnType<typeof openDatabase>) => [
    h.sqlite.prepare('select * from follow_up_goals order by id').all(),
    h.sqlite.prepare('select * from follow_up_status_reports order by id').all(),
  ];

  it('is idempotent, and the demo data neither adds nor removes follow-up rows', () => {
    const before = dump(handle);
    expect(loadReferenceData(handle.db)).toEqual({ inserted: false });
    loadDemoData(handle.db);
    removeDemoData(handle.db);
    expect(dump(handle)).toEqual(before);
  });

  it('reaches a registry whose reference data came before the follow-up', () => {
    const h = openDatabase(join(dir, 'older.sqlite'));
    loadReferenceData(h.db);
    h.sqlite.exec('delete from follow_up_goals; delete from follow_up_status_reports;');
    expect(loadReferenceData(h.db)).toEqual({ inserted: false });
    expect(dump(h).map((rows) => rows.length)).toEqual([15, 1]);
    h.close();
  });

  it('does not bring back rows deleted through the API', () => {
    const h = openDatabase(join(dir, 'deleted.sqlite'));
    loadReferenceData(h.db);
    const vgr = h.sqlite.prepare(`select id from organisations where organisation_number = '2321000131'`).get() as { id: number };
    const all = h.sqlite.prepare('select id, version from follow_up_goals').all() as { id: number; version: number }[];
    const now = '2026-12-03T00:00:00.000Z';
    const env = { viewer: { tokenId: 0, organisationId: vgr.id, role: 'regional_admin' as const }, today: now.slice(0, 10), now };
    expect(applyBatch(h.sqlite, loadLogKeys(join(dir, 'deleted.key'), {}), followUpGoalSpec, 'delete', all, env).committed).toBe(true);
    loadReferenceData(h.db);
    expect(dump(h)[0]).toEqual([]);
    h.close();
  });
});
