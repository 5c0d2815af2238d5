// End to end: the log review workspace in Debian's headless Chromium against the real server, over
// a demo log loaded through the real append path. Göteborg's org admin sets up a routine in the
// grid (a value the domain refuses is marked first); Göteborg's log reviewer starts a run (a
// period the server refuses is explained next to the field), sees the items with their rule chips
// and why each entry was chosen, decides every item in bulk in one Save, and sees the run completed
// and Göteborg leave the overdue list; an analyst sees the runs and the statistics, and is told
// plainly that the items are not theirs to see.
import { LOG_REVIEW_RULE_LABELS } from '@fvm/domain';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { defaultPeriod, swedishToday } from '../../src/logReview/period';
import { browserSuite, hasChromium, pollWithin, reportMissingChromium, screenshot } from './harness';

const ENTRIES = 8_000;
const DAYS = 40;
const GOTEBORG = '1480';
const ROUTINE = 'Demo: Månadskontroll';
const poll = pollWithin(15_000);

reportMissingChromium('browser tests of log review');

describe.runIf(hasChromium)('the log review workspace in Chromium against the real server', () => {
  let goteborgId: number;
  const env = browserSuite({
    prepare: async (registry) => {
      expect((await registry.stores.seed.loadDemoLogs({ count: ENTRIES, days: DAYS })).stored).toBe(ENTRIES);
      goteborgId = (await registry.sql<{ id: number }>('SELECT id FROM organisations WHERE municipality_code = ?', GOTEBORG))[0]!.id;
    },
  });
  /** The whole demo log, in Swedish days, as the server counts periods (and never past its today). */
  const utcToday = () => new Date().toISOString().slice(0, 10);
  const periodStart = () => new Date(Date.now() - (DAYS + 1) * 86_400_000).toISOString().slice(0, 10);

  const items = '[data-testid="review-items"]';
  const itemsGrid = '[data-testid="review-items-grid"]';
  /** The item rows shown (AG Grid draws a row once per pinned section: counted by id). */
  const rowIds = (page: Page) => page.locator(`${itemsGrid} .ag-row[row-id]`).evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('row-id')!))]);
  const overdueFor = async (page: Page, organisation: string) => {
    await page.click('[data-testid="review-tab-overdue"]');
    await page.waitForSelector('[data-testid="overdue"]');
    return page
      .locator(`[data-testid="overdue-finding"][data-organisation="${organisation}"]`)
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-check')));
  };

  it('org admin: a routine is created in the grid, a value the domain refuses marked first', async () => {
    const { page, requests } = await env.newPage();
    // Göteborg's org admin (the demo org admin is Borås's): signed in with a demo token.
    const token = await env.registry.newToken(GOTEBORG, 'org_admin', { isDemo: true, label: 'demo org_admin Göteborg' });
    await page.goto(env.registry.origin + '/');
    await page.fill('[data-testid="token-input"]', token);
    await page.click('[data-testid="token-submit"]');
    await page.waitForSelector('[data-testid="viewer"]');
    await page.click('[data-testid="nav-log-review"]');
    await page.click('[data-testid="review-tab-routines"]');
    await page.waitForSelector('[data-testid="review-routines"] [data-testid="add-row"]');
    await page.click('[data-testid="review-routines"] [data-testid="add-row"]');
    const fresh = page.locator('[data-testid="review-routines"] .ag-row-pinned').first();
    await fresh.waitFor();
    const id = (await fresh.getAttribute('row-id'))!;
    const cell = (col: string) => page.locator(`[data-testid="review-routines"] .ag-row[row-id="${id}"] .ag-cell[col-id="${col}"]`);
    const type = async (col: string, text: string) => {
      await cell(col).click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
      await poll(() => page.locator('.ag-cell-inline-editing').count()).toBe(0);
    };
    await type('name', ROUTINE);
    await type('intervalDays', '30');
    await type('sampleSize', '4');
    // Usual hours that end before they start: validateReviewRoutine marks the cell and Save waits.
    await type('usualHoursEnd', '5');
    await poll(() => cell('usualHoursEnd').getAttribute('class')).toContain('cell-invalid');
    expect(await cell('usualHoursEnd').locator('[data-testid="cell"]').getAttribute('data-message')).toContain(
      'Ordinarie arbetstid måste sluta efter att den börjar',
    );
    expect(await page.locator('[data-testid="review-routines"] [data-testid="save"]').isDisabled()).toBe(true);
    await type('usualHoursEnd', '18');
    // Only emergency access and the sample: every rule switch off, by its own column.
    for (const col of [
      'ruleNoCareRelationship',
      'ruleOtherCareProvider',
      'ruleOutsideUsualHours',
      'ruleUnusualVolume',
      'ruleRarePair',
      'ruleOutputAction',
      'ruleActionNotPermitted',
      'ruleDisclosureWithoutAssessment',
    ]) {
      await cell(col).locator('[data-testid="toggle"]').click();
      await poll(() => cell(col).locator('[data-testid="cell"]').getAttribute('data-value')).toBe('false');
    }
    await page.click('[data-testid="review-routines"] [data-testid="save"]');
    await poll(() => page.locator('[data-testid="review-routines"] [data-testid="row-count"]').first().textContent()).toBe('1 rad');
    expect(requests.filter((q) => q.operationName === 'SaveLogReviewRoutines').map((q) => 'create' in (q.variables!.input as object))).toEqual([true]);
    const saved = await env.registry.gql<{
      logReviewRoutines: { nodes: { name: string; intervalDays: number; sampleSize: number; ruleRarePair: boolean; owner: { name: string } }[] };
    }>('{ logReviewRoutines(first: 5) { nodes { name intervalDays sampleSize ruleRarePair owner { name } } } }', {}, token);
    expect(saved.data!.logReviewRoutines.nodes).toEqual([{ name: ROUTINE, intervalDays: 30, sampleSize: 4, ruleRarePair: false, owner: { name: 'Göteborg' } }]);
    await page.context().close();
  });

  it('log reviewer: starts a run, sees why each entry was chosen, decides every item in bulk, and the owner leaves the overdue list', async () => {
    const { page, requests } = await env.newPage({ timeout: 15_000 });
    await page.setViewportSize({ width: 1400, height: 1000 });
    await env.signIn(page, 'LOG_REVIEWER');
    await page.click('[data-testid="nav-log-review"]');
    await poll(() => overdueFor(page, 'Göteborg')).toContain('LOG_REVIEW_OVERDUE');
    // Overdue in the current language: the routine, never completed.
    expect(
      await page.locator('[data-testid="overdue-finding"][data-check="LOG_REVIEW_OVERDUE"][data-organisation="Göteborg"]').first().textContent(),
    ).toContain(`loggkontroll "${ROUTINE}" har aldrig slutförts`);

    // A new review starts with the previous calendar month; a period past today is refused, in words, by its field.
    await page.click('[data-testid="review-tab-runs"]');
    await page.waitForSelector('[data-testid="new-run-routine"] option', { state: 'attached' });
    const preset = defaultPeriod(swedishToday());
    expect(await page.inputValue('[data-testid="new-run-start"]')).toBe(preset.periodStart);
    expect(await page.inputValue('[data-testid="new-run-end"]')).toBe(preset.periodEnd);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('[data-testid="new-run-end"]', tomorrow);
    await page.click('[data-testid="new-run-submit"]');
    await poll(() => page.locator('[data-testid="new-run-error-periodEnd"]').textContent()).toContain('Perioden får inte sluta efter i dag');

    await page.fill('[data-testid="new-run-start"]', periodStart());
    await page.fill('[data-testid="new-run-end"]', utcToday());
    // A preview counts the selection per rule, makes no run, and fills in the seed it used.
    await page.click('[data-testid="new-run-preview"]');
    await page.waitForSelector('[data-testid="new-run-counts"]');
    const previewText = (await page.locator('[data-testid="new-run-counts"] p').textContent())!;
    const [, previewed, previewSeed] = /^(\d+) poster skulle väljas ut\. Fröet (\d+) är ifyllt/.exec(
      previewText.replace(/\s/g, ' ').replace(/(\d) (\d)/g, '$1$2'),
    )!;
    expect(await page.inputValue('[data-testid="new-run-seed"]')).toBe(previewSeed);
    expect(await page.locator('[data-testid="preview-rule"][data-rule="emergency_access"]').count()).toBe(1);
    expect(await page.locator('[data-testid="run-workspace"]').count()).toBe(0);
    await page.click('[data-testid="new-run-submit"]');
    await page.waitForSelector('[data-testid="run-workspace"]');
    await page.waitForSelector(`${itemsGrid} .ag-row[row-id]`);
    const run = await env.registry.gql<{ logReviewRuns: { nodes: { id: string; itemCount: number; selectedEntries: number }[] } }>(
      '{ logReviewRuns(first: 1) { nodes { id itemCount selectedEntries } } }',
      {},
      await env.demoToken('LOG_REVIEWER'),
    );
    const { itemCount, selectedEntries } = run.data!.logReviewRuns.nodes[0]!;
    expect(selectedEntries).toBe(Number(previewed));
    const [{ emergencies }] = (await env.registry.sql<{ emergencies: number }>(
      "SELECT count(*) AS emergencies FROM user_log_entries WHERE data_owner_id = ? AND basis = 'emergency_access'",
      goteborgId,
    )) as [{ emergencies: number }];
    // Every emergency access, and the sample of 4 besides (one may be both).
    expect(selectedEntries).toBeGreaterThanOrEqual(Math.max(emergencies, 4));
    expect(selectedEntries).toBeLessThanOrEqual(emergencies + 4);
    expect(itemCount).toBeGreaterThan(0);
    expect(itemCount).toBeLessThanOrEqual(20);
    await poll(() => rowIds(page).then((ids) => ids.length)).toBe(itemCount);
    await poll(() => page.locator('[data-testid="run-progress"]').first().getAttribute('data-decided')).toBe('0');

    // The rules of each item as chips, the rule's description on hover.
    const chips = page.locator(`${itemsGrid} .ag-cell[col-id="rules"] [data-testid="rule-chip"]`);
    await poll(() => chips.count()).toBeGreaterThanOrEqual(itemCount);
    const labels = new Set(await chips.allTextContents());
    expect([...labels].every((l) => [LOG_REVIEW_RULE_LABELS.emergency_access.sv, LOG_REVIEW_RULE_LABELS.random_sample.sv].includes(l))).toBe(true);
    expect(await page.locator(`${itemsGrid} [data-rule="random_sample"]`).first().getAttribute('title')).toContain('sparade frö');
    // Per-rule statistics of the run: the entries each rule selected.
    await poll(() => page.locator('[data-testid="rule-stat"][data-rule="random_sample"] [data-testid="stat-selected"]').textContent()).toBe('4');

    // An item opened: its entries, each with why it was chosen.
    const firstId = (await rowIds(page))[0]!;
    const cellOf = (rowId: string, col: string) => page.locator(`${itemsGrid} .ag-row[row-id="${rowId}"] .ag-cell[col-id="${col}"]`);
    const entryCount = Number(await cellOf(firstId, 'entryCount').textContent());
    await cellOf(firstId, 'userName').click();
    await poll(() => page.locator('[data-testid="item-entry"]').count()).toBe(entryCount);
    const why = await page.locator('[data-testid="item-entry"] [data-testid="entry-why"]').allTextContents();
    expect(why.every((w) => w.length > 0)).toBe(true);
    expect(await page.locator('[data-testid="item-entries"] th').allTextContents()).toEqual([
      'Tid',
      'Användare',
      'Vårdenhet',
      'Händelse',
      'Grund',
      'Informationsmängd',
      'Informationsägare',
      'Varför vald',
    ]);
    expect((await page.locator('[data-testid="item-entry"] td').nth(6).textContent())?.trim()).toBe('Göteborg');

    // Filtering by rule: the column filter becomes the API's `rule` argument, the count follows.
    const sampled = await page.locator(`${itemsGrid} .ag-row[row-id]:has([data-rule="random_sample"])`).count();
    const before = requests.length;
    await page.locator(`${items} .ag-header-cell[col-id="rules"] .ag-header-cell-filter-button`).click();
    await page.locator('[data-testid="choice-filter"] input[data-value="random_sample"]').check();
    await poll(
      () =>
        requests
          .slice(before)
          .filter((q) => q.operationName === 'LogReviewItems')
          .at(-1)?.variables?.filter,
    ).toEqual({ AND: [{ runId: { eq: run.data!.logReviewRuns.nodes[0]!.id } }, { rule: 'RANDOM_SAMPLE' }] });
    await poll(() => page.locator(`${items} [data-testid="row-count"]`).textContent()).toBe(`${sampled} ${sampled === 1 ? 'rad' : 'rader'}`);
    await page.locator('[data-testid="choice-filter"] input[data-value="random_sample"]').uncheck();
    await page.keyboard.press('Escape');
    await poll(() => page.locator(`${items} [data-testid="row-count"]`).textContent()).toBe(`${itemCount} ${itemCount === 1 ? 'rad' : 'rader'}`);

    // Every item decided at once: status, reasoning and who decided set for the selected rows.
    for (const id of await rowIds(page)) await page.locator(`${itemsGrid} .ag-row[row-id="${id}"] input.ag-checkbox-input`).first().click();
    const bulk = async (field: string, value: string, choose = false) => {
      await page.click(`${items} [data-testid="bulk-set"]`);
      await page.selectOption('[data-testid="bulk-field"]', field);
      if (choose) await page.selectOption('[data-testid="bulk-value"]', value);
      else await page.fill('[data-testid="bulk-value"]', value);
      await page.click('[data-testid="bulk-apply"]');
    };
    await bulk('status', 'justified', true);
    // A finding without reasoning or who decided: validateReviewItem marks it, Save waits.
    await poll(() => page.locator(`${items} .ag-row[row-id="${firstId}"] .ag-cell[col-id="reasoning"]`).getAttribute('class')).toContain('cell-invalid');
    expect(await page.locator(`${items} [data-testid="save"]`).isDisabled()).toBe(true);
    await bulk('reasoning', 'Vårdrelation dokumenterad i journalen');
    await bulk('decidedBy', 'Demo: Loggranskare Göteborg');
    await poll(() => page.locator(`${items} [data-testid="pending-count"]`).textContent()).toBe(
      `${itemCount} ${itemCount === 1 ? 'rad ändrad' : 'rader ändrade'}`,
    );
    const sent = requests.length;
    await page.click(`${items} [data-testid="save"]`);
    await poll(() => page.locator('[data-testid="run-state"]').textContent()).toMatch(/^Slutförd \d{4}-\d{2}-\d{2}$/);
    await page.mouse.move(0, 0);
    await screenshot(page, '25-log-review-items.png');
    const saves = requests.slice(sent).filter((q) => q.operationName === 'SaveLogReviewItems');
    expect(saves).toHaveLength(1);
    expect((saves[0]!.variables!.input as { update: { status: string }[] }).update.map((u) => u.status)).toEqual(Array(itemCount).fill('JUSTIFIED'));
    await poll(() => page.locator('[data-testid="run-progress"]').first().getAttribute('data-decided')).toBe(String(itemCount));
    await poll(() => page.locator('[data-testid="rule-stat"][data-rule="random_sample"] [data-testid="stat-unjustified"]').getAttribute('data-rate')).toBe(
      '0 %',
    );

    // The overdue list follows: Göteborg's review is done, its emergency accesses reviewed.
    await poll(() => overdueFor(page, 'Göteborg')).toEqual([]);
    expect(await page.locator('[data-testid="overdue-finding"]').count()).toBeGreaterThan(0);
    // The runs list shows the run completed.
    await page.click('[data-testid="review-tab-runs"]');
    await page.click('[data-testid="back-to-runs"]');
    await poll(() => page.locator('[data-testid="run"] [data-testid="run-completed"]').first().textContent()).toBe(utcToday());
    await page.context().close();
  });

  it('analyst: sees the runs and the statistics per rule, and is told the items are not theirs to see', async () => {
    const { page, requests } = await env.newPage();
    await env.signIn(page, 'ANALYST');
    await page.click('[data-testid="nav-log-review"]');
    await page.waitForSelector('[data-testid="run"]');
    expect(await page.locator('[data-testid="new-run"]').count()).toBe(0);
    await page.locator('[data-testid="run"] [data-testid="open-run"]').first().click();
    await page.waitForSelector('[data-testid="rule-statistics"] [data-testid="rule-stat"]');
    expect(await page.locator('[data-testid="rule-stat"][data-rule="random_sample"] [data-testid="stat-selected"]').textContent()).toBe('4');
    expect(await page.locator('[data-testid="items-hidden"]').textContent()).toContain('visas bara för informationsägarens loggranskare');
    expect(await page.locator(`${items}`).count()).toBe(0);
    expect(requests.some((q) => q.operationName === 'LogReviewItems' || q.operationName === 'ReviewItemEntries')).toBe(false);
    // Routines are readable, not editable.
    await page.click('[data-testid="review-tab-routines"]');
    await page.waitForSelector('[data-testid="review-routines-grid"] .ag-row[row-id]');
    expect(await page.locator('[data-testid="review-routines"] [data-testid="add-row"]').count()).toBe(0);
    await page.context().close();
  });

  it('the browser logged no errors', () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
