import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv, toCsv } from '../src/editing/csv';
import type { EntityRow, Viewer } from '../src/editing/entity';
import { matchHeader, planImport } from '../src/editing/importPlan';
import { NO_LOOKUPS, type Lookups } from '../src/editing/lookups';
import { KeysetPager, type Page } from '../src/editing/pager';
import { loadViews, storeViews, viewsKey } from '../src/editing/savedViews';
import { retentionRules } from '../src/entities/retentionRules';
import { DICTIONARIES } from '../src/i18n/dictionary';

describe('CSV', () => {
  it('writes what Excel reads (semicolons, quotes where needed, a BOM) and reads it back', () => {
    const table = [
      ['Namn', 'Anteckning'],
      ['Borås', 'a; b'],
      ['Ale', 'säger "hej"\nny rad'],
    ];
    const text = toCsv(table);
    expect(text.startsWith('\ufeffNamn;Anteckning\r\n')).toBe(true);
    expect(text).toContain('"a; b"');
    expect(parseCsv(text)).toEqual(table);
  });

  it('reads commas, semicolons or tabs, whichever the header uses; blank lines carry nothing', () => {
    expect(detectDelimiter('a,b,c\n1;2')).toBe(',');
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(parseCsv('a,b\n"1,5",2\n\n')).toEqual([
      ['a', 'b'],
      ['1,5', '2'],
    ]);
    expect(parseCsv('a\tb\r\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('CSV import preview', () => {
  const viewer: Viewer = { role: 'ORG_ADMIN', organisationId: 'O-boras' };
  const lookups: Lookups = {
    ...NO_LOOKUPS,
    ready: true,
    categories: [{ id: 'C-journal', code: 'journal_note', name: 'Journalanteckning', recordKind: 'PATIENT_RECORD' }],
  };
  const existing: EntityRow = {
    id: 'R1',
    version: 2,
    ownerId: 'O-boras',
    ownerName: 'Borås',
    values: {
      categoryId: 'C-journal',
      action: 'preserve',
      years: 10,
      trigger: 'last_entry',
      legalBasis: null,
      purgeDecisionBody: null,
      purgeDecisionReference: null,
      purgeDecisionOn: null,
    },
    labels: {},
  };
  let n = 0;
  const newRow = (): EntityRow => ({
    id: `new:${++n}`,
    version: 0,
    ownerId: 'O-boras',
    ownerName: 'Borås',
    values: {
      categoryId: null,
      action: 'preserve',
      years: null,
      trigger: 'last_entry',
      legalBasis: null,
      purgeDecisionBody: null,
      purgeDecisionReference: null,
      purgeDecisionOn: null,
    },
    labels: {},
    isNew: true,
  });

  it('matches headings in Swedish or English (or field names), passes over read-only columns and names unknown ones', () => {
    const h = matchHeader(['Informationsmängd', 'Action', 'years', 'Ägare', 'Färg', 'id'], retentionRules.columns);
    expect(h.columns.map((c) => [c.index, c.spec.field])).toEqual([
      [0, 'categoryId'],
      [1, 'action'],
      [2, 'years'],
    ]);
    expect(h.idIndex).toBe(5);
    expect(h.unknown).toEqual(['Färg']);
  });

  it('marks each invalid cell by the domain’s rules before anything is sent; updates only what differs', () => {
    const data = parseCsv(
      'Informationsmängd;Åtgärd;År;Gallringsbeslut av;id\nJournalanteckning;Gallra;3;;\nJournalanteckning;Bevara;12;;R1\nOkänd;Banan;x;;\n;;;;R9\n',
    );
    const header = matchHeader(data[0]!, retentionRules.columns);
    const plan = planImport(data.slice(1), header, {
      config: retentionRules,
      viewer,
      lookups,
      today: '2026-01-15',
      lang: 'sv',
      t: DICTIONARIES.sv,
      existing: new Map([['R1', existing]]),
      newRow,
    });
    const [purge, update, nonsense, unknown] = plan.rows;
    expect(purge!.isNew).toBe(true);
    expect(purge!.cells.find((c) => c.field === 'years')!.invalid).toContain('minst 10 år');
    expect(purge!.cells.find((c) => c.field === 'purgeDecisionBody')!.invalid).toContain('gallringsbeslut');
    // The reference and date of the decision are not in the file: said on the row.
    expect(purge!.error).toContain('gallringsbeslut');
    expect(update!.isNew).toBe(false);
    expect(update!.edits.map((e) => [e.field, e.value])).toEqual([['years', 12]]);
    expect(update!.cells.every((c) => !c.invalid)).toBe(true);
    expect(nonsense!.cells.find((c) => c.field === 'categoryId')!.invalid).toContain('Okänd');
    expect(nonsense!.cells.find((c) => c.field === 'action')!.invalid).toContain('"Banan" är inte ett tillåtet värde');
    expect(nonsense!.cells.find((c) => c.field === 'years')!.invalid).toContain('x');
    expect(unknown!.error).toBe(DICTIONARIES.sv.importUnknownId);
    expect([plan.created, plan.updated]).toEqual([2, 1]);
    expect(plan.invalidCells).toBeGreaterThanOrEqual(6);
  });

  it('another organisation’s row is not imported', () => {
    const theirs = { ...existing, ownerId: 'O-ale' };
    const data = [
      ['År', 'id'],
      ['12', 'R1'],
    ];
    const plan = planImport(data.slice(1), matchHeader(data[0]!, retentionRules.columns), {
      config: retentionRules,
      viewer,
      lookups,
      today: '2026-01-15',
      lang: 'en',
      t: DICTIONARIES.en,
      existing: new Map([['R1', theirs]]),
      newRow,
    });
    expect(plan.rows[0]!.error).toBe(DICTIONARIES.en.importReadOnly);
    expect(plan.rows[0]!.edits).toEqual([]);
  });
});

describe('KeysetPager: blocks over keyset cursors', () => {
  const ROWS = Array.from({ length: 250 }, (_, i) => i);
  const calls: (string | null)[] = [];
  const fetchPage = async (first: number, after: string | null): Promise<Page<number>> => {
    calls.push(after);
    const start = after === null ? 0 : Number(after) + 1;
    const nodes = ROWS.slice(start, start + first);
    return {
      nodes,
      totalCount: ROWS.length,
      pageInfo: { endCursor: nodes.length ? String(nodes[nodes.length - 1]) : null, hasNextPage: start + first < ROWS.length },
    };
  };

  it('reaches a later block through the cursors of the blocks before it, reading each once', async () => {
    calls.length = 0;
    const pager = new KeysetPager(fetchPage, 100);
    const third = await pager.block(200);
    expect(third.nodes).toEqual(ROWS.slice(200));
    expect(calls).toEqual([null, '99', '199']);
    await pager.block(100);
    expect(calls).toHaveLength(3);
    await expect(pager.block(50)).rejects.toThrow();
  });

  it('reads everything for an export', async () => {
    const all = await new KeysetPager(fetchPage, 100).all();
    expect(all).toEqual(ROWS);
  });
});

describe('saved views', () => {
  it('are kept per organisation, role and view, by name, and survive bad storage', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const key = viewsKey({ organisationId: 'O1', role: 'ORG_ADMIN' }, 'licences');
    expect(key).toBe('fvm.views.v1:O1:ORG_ADMIN:licences');
    expect(loadViews(key, storage)).toEqual({ last: undefined, named: {} });
    const view = { columns: [{ colId: 'validTo', sort: 'desc' as const }], filter: { modules: { filterType: 'text', type: 'contains', filter: 'Journal' } } };
    storeViews(key, { last: view, named: { 'Mina journaler': view } }, storage);
    expect(loadViews(key, storage)).toEqual({ last: view, named: { 'Mina journaler': view } });
    expect(loadViews(viewsKey({ organisationId: 'O2', role: 'ORG_ADMIN' }, 'licences'), storage).named).toEqual({});
    store.set(key, '{not json');
    expect(loadViews(key, storage)).toEqual({ named: {} });
  });
});
