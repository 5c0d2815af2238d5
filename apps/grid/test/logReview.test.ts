import { describe, expect, it } from 'vitest';
import { cellChange, editsByRow, entityReducer, viewRow, type CellEdit, type EntityRow, type EntityStaging, type Viewer } from '../src/editing/entity';
import { columnFilter, toApiFilter } from '../src/editing/filters';
import { NO_LOOKUPS } from '../src/editing/lookups';
import { emptyStaging } from '../src/editing/staging';
import { logReviewItems } from '../src/entities/logReviewItems';
import { logReviewRoutines } from '../src/entities/logReviewRoutines';
import { defaultPeriod, runProgress, swedishToday } from '../src/logReview/period';
import { ruleChips, ruleText } from '../src/logReview/rules';

const GOTEBORG = 'T3JnYW5pc2F0aW9uOjE0';
const reviewer: Viewer = { role: 'LOG_REVIEWER', organisationId: GOTEBORG };
const otherReviewer: Viewer = { role: 'LOG_REVIEWER', organisationId: 'T3JnYW5pc2F0aW9uOjk5' };
const orgAdmin: Viewer = { role: 'ORG_ADMIN', organisationId: GOTEBORG };
const regionalAdmin: Viewer = { role: 'REGIONAL_ADMIN', organisationId: 'T3JnYW5pc2F0aW9uOjE=' };

describe('the default review period', () => {
  it('is the previous calendar month, across a year and in February', () => {
    expect(defaultPeriod('2026-12-03')).toEqual({ periodStart: '2026-11-01', periodEnd: '2026-11-30' });
    expect(defaultPeriod('2027-01-31')).toEqual({ periodStart: '2026-12-01', periodEnd: '2026-12-31' });
    expect(defaultPeriod('2028-03-01')).toEqual({ periodStart: '2028-02-01', periodEnd: '2028-02-29' });
    expect(defaultPeriod('2027-03-15')).toEqual({ periodStart: '2027-02-01', periodEnd: '2027-02-28' });
  });

  it('counts today in Swedish time, as the server counts periods', () => {
    // 23:30 UTC on New Year's Eve is already New Year's Day in Stockholm.
    expect(swedishToday(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(defaultPeriod(swedishToday(new Date('2026-12-31T23:30:00Z')))).toEqual({ periodStart: '2026-12-01', periodEnd: '2026-12-31' });
  });
});

describe('a run’s progress', () => {
  it('is the decided items of all; a run with none is done', () => {
    expect(runProgress(12, 3)).toEqual({ decided: 9, percent: 75 });
    expect(runProgress(3, 1)).toEqual({ decided: 2, percent: 66 });
    expect(runProgress(0, 0)).toEqual({ decided: 0, percent: 100 });
  });
});

describe('rule chips', () => {
  it('name the API’s rules in the domain’s order and language, with the description for hover', () => {
    const chips = ruleChips(['RANDOM_SAMPLE', 'EMERGENCY_ACCESS'], 'sv');
    expect(chips.map((c) => c.rule)).toEqual(['emergency_access', 'random_sample']);
    expect(chips[0]!.label).toBe('Nödåtkomst (granskas alltid)');
    expect(chips[1]!.description).toMatch(/frö/);
    expect(ruleChips(['EMERGENCY_ACCESS'], 'en')[0]!.label).toBe('Emergency access (always reviewed)');
    expect(ruleText(['OUTPUT_ACTION', 'EMERGENCY_ACCESS'], 'en')).toBe('Emergency access (always reviewed); Print, copy, export or disclosure');
  });

  it('keep a rule the grid does not know, as the server spells it, rather than hide a reason', () => {
    expect(ruleChips(['EMERGENCY_ACCESS', 'SOMETHING_NEW'], 'sv').map((c) => c.label)).toEqual(['Nödåtkomst (granskas alltid)', 'SOMETHING_NEW']);
  });
});

describe('filtering review items by rule and status', () => {
  const rules = logReviewItems.columns.find((c) => c.field === 'rules')!.filter!;
  const status = logReviewItems.columns.find((c) => c.field === 'status')!.filter!;

  it('a rule is the API’s `rule` argument itself; several rules any of them', () => {
    expect(columnFilter(rules, { filterType: 'choice', values: ['emergency_access'] })).toEqual({ rule: 'EMERGENCY_ACCESS' });
    expect(columnFilter(rules, { filterType: 'choice', values: ['emergency_access', 'rare_pair'] })).toEqual({
      OR: [{ rule: 'EMERGENCY_ACCESS' }, { rule: 'RARE_PAIR' }],
    });
  });

  it('with the status and the run, one API filter', () => {
    expect(
      toApiFilter(
        { rules: { filterType: 'choice', values: ['rare_pair'] }, status: { filterType: 'choice', values: ['open'] } },
        { rules, status },
        { runId: { eq: 'R1' } },
      ),
    ).toEqual({
      AND: [{ runId: { eq: 'R1' } }, { rule: 'RARE_PAIR' }, { status: { in: ['OPEN'] } }],
    });
  });
});

const item = (over: Partial<EntityRow> = {}): EntityRow => ({
  id: 'I1',
  version: 1,
  ownerId: GOTEBORG,
  ownerName: 'Göteborg',
  values: {
    userName: 'Demo: Anna',
    userHsaId: 'SE-1',
    entryCount: 2,
    status: 'open',
    reasoning: null,
    decidedBy: null,
    finding: null,
    caseAction: null,
    caseOutcome: null,
    caseClosedOn: null,
  },
  labels: {},
  ...over,
});

function stage(row: EntityRow, viewer: Viewer, cells: Record<string, string>) {
  const ctx = (staging: EntityStaging) => ({
    config: logReviewItems,
    viewer,
    staging,
    byRow: editsByRow(staging),
    lookups: NO_LOOKUPS,
    today: '2026-12-03',
    editing: true,
  });
  const before = viewRow(row, ctx(emptyStaging()));
  const changes = Object.entries(cells).map(([field, raw]) =>
    cellChange(
      before,
      logReviewItems.columns.find((c) => c.field === field)!,
      raw,
      NO_LOOKUPS,
    ),
  );
  const staging = entityReducer(emptyStaging(), { type: 'stage', changes: changes.filter((c): c is CellEdit => !!c) });
  return { before, after: viewRow(row, ctx(staging)), changes };
}

describe('findings in the grid', () => {
  it('only the data owner’s log reviewer may set them (no admin, no other owner’s reviewer)', () => {
    expect(stage(item(), reviewer, {}).before.editable).toBe(true);
    expect(stage(item(), otherReviewer, {}).before.editable).toBe(false);
    expect(stage(item(), regionalAdmin, {}).before.editable).toBe(false);
    expect(stage(item(), orgAdmin, { status: 'Befogad' }).changes).toEqual([null]);
  });

  it('a finding without reasoning and who decided is marked on those cells, by validateReviewItem', () => {
    const { after } = stage(item(), reviewer, { status: 'Befogad' });
    expect(after.values.status).toBe('justified');
    expect(after.cells.reasoning?.[0]?.code).toBe('log_review.reasoning_required');
    expect(after.cells.decidedBy?.[0]?.code).toBe('log_review.decided_by_required');
    expect(stage(item(), reviewer, { status: 'Befogad', reasoning: 'Vårdrelation i journalen', decidedBy: 'Demo: Granskare' }).after.invalidCells).toBe(0);
  });

  it('a decided item is not made open again, and only an unjustified access opens a case', () => {
    const decided = item({ values: { ...item().values, status: 'justified', reasoning: 'Ok', decidedBy: 'G' } });
    expect(stage(decided, reviewer, { status: 'Ej granskad' }).after.cells.status?.[0]?.code).toBe('log_review.decision_not_reopened');
    expect(stage(decided, reviewer, { caseAction: 'Samtal med användaren' }).after.cells.caseAction?.[0]?.code).toBe('log_review.case_needs_unjustified');
    expect(stage(decided, reviewer, { status: 'Obefogad', caseAction: 'Samtal med användaren' }).after.invalidCells).toBe(0);
  });
});

describe('routines in the grid', () => {
  it('are the general rule’s: the owner’s org admin edits them, checked by validateReviewRoutine', () => {
    const routine: EntityRow = {
      id: 'R1',
      version: 1,
      ownerId: GOTEBORG,
      ownerName: 'Göteborg',
      values: {
        name: 'Månadsvis',
        intervalDays: 30,
        sampleSize: 20,
        emergencyReviewDays: 14,
        usualHoursStart: 7,
        usualHoursEnd: 18,
        volumeFactor: 3,
        volumeMinimum: 30,
      },
      labels: {},
    };
    const ctx = (viewer: Viewer, staging: EntityStaging) => ({
      config: logReviewRoutines,
      viewer,
      staging,
      byRow: editsByRow(staging),
      lookups: NO_LOOKUPS,
      today: '2026-12-03',
      editing: true,
    });
    expect(viewRow(routine, ctx(reviewer, emptyStaging())).editable).toBe(false);
    const before = viewRow(routine, ctx(orgAdmin, emptyStaging()));
    expect(before.editable).toBe(true);
    const edit = cellChange(
      before,
      logReviewRoutines.columns.find((c) => c.field === 'usualHoursEnd')!,
      '6',
      NO_LOOKUPS,
    )!;
    const after = viewRow(routine, ctx(orgAdmin, entityReducer(emptyStaging(), { type: 'stage', changes: [edit] })));
    expect(after.cells.usualHoursEnd?.map((v) => v.code)).toEqual(['log_review.usual_hours_empty']);
  });
});
