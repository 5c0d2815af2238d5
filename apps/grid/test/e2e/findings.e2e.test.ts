// End to end: registry findings in the grid, in headless Chromium against the real server. The
// findings view counts per check as the API does; its link jumps to the row, which is marked with
// the finding's text on hover (in the language shown); rows with findings are marked in the entity
// views (retention rules, licences, processor agreements, information assets) and the call-off
// matrix; "only rows with findings" asks the server for those rows; a Save that fixes a finding
// takes its mark away.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, poll, screenshot } from './harness';

interface Finding {
  check: string;
  subjectType: string;
  subjectId: string;
  message: string;
  messageSv: string;
}

const retype = (id: string, type: string) => btoa(`${type}:${atob(id).split(':')[1]}`);

describe.runIf(hasChromium)('registry findings in Chromium against the real server', () => {
  // The demo data has no licence or retention finding: made in the file, as data from before a
  // rule (or a provider that became its own principal after its licence) would leave them.
  const env = browserSuite({
    prepare: async (registry) => {
      await registry.sql(`
        UPDATE retention_rules SET purge_decision_on = NULL WHERE id = (
          SELECT r.id FROM retention_rules r WHERE r.is_demo IS TRUE AND r.action = 'purge' ORDER BY r.id LIMIT 1)`);
      await registry.sql(
        'UPDATE organisations SET own_principal = ? WHERE id = (SELECT provider_id FROM licences WHERE is_demo IS TRUE ORDER BY id LIMIT 1)',
        1,
      );
    },
  });

  async function findings(): Promise<Finding[]> {
    const r = await env.registry.gql<{ registryFindings: Finding[] }>(
      '{ registryFindings { check subjectType subjectId message messageSv } }',
      {},
      await env.demoToken('REGIONAL_ADMIN'),
    );
    return r.data!.registryFindings;
  }
  const scope = (route: string) => `[data-testid="${route}-view"]`;
  const rowOf = (page: Page, route: string, rowId: string) => page.locator(`${scope(route)} .ag-row[row-id="${rowId}"]`);
  const markOf = (page: Page, route: string, rowId: string) => rowOf(page, route, rowId).locator('[data-testid="finding-mark"]');
  async function view(page: Page, route: string) {
    await page.click(`[data-testid="nav-${route}"]`);
    await page.waitForSelector(`[data-testid="${route}-view-grid"] .ag-row[row-id]`);
  }
  async function hoverText(page: Page, route: string, rowId: string) {
    await page.mouse.move(0, 0);
    await poll(() => page.locator('.ag-tooltip').count()).toBe(0);
    await rowOf(page, route, rowId).locator('.ag-cell[col-id="findings"]').hover();
    await page.waitForSelector('.ag-tooltip');
    return page.locator('.ag-tooltip').textContent();
  }

  it('the findings view counts per check, and its link jumps to the row, marked with the text on hover', async () => {
    const all = await findings();
    const retention = all.find((f) => f.check === 'RETENTION_WITHOUT_PURGE_DECISION')!;
    expect(retention).toBeDefined();
    const { context, page } = await env.newPage();
    await env.signIn(page, 'REGIONAL_ADMIN');
    await page.click('[data-testid="nav-findings"]');
    await page.waitForSelector('[data-testid="findings-view"] [data-testid="check-chip"][data-check]:not([data-check=""])');

    // One chip per check found, with the API's count; all of them counted in the heading.
    const expected = new Map<string, number>();
    for (const f of all) expected.set(f.check, (expected.get(f.check) ?? 0) + 1);
    const chips = page.locator('[data-testid="check-chip"]:not([data-check=""])');
    const shown = new Map<string, number>();
    for (let i = 0; i < (await chips.count()); i++)
      shown.set((await chips.nth(i).getAttribute('data-check'))!, Number(await chips.nth(i).getAttribute('data-count')));
    expect(shown).toEqual(expected);
    expect(await page.locator('[data-testid="findings-view"] [data-testid="row-count"]').textContent()).toBe(`${all.length} avvikelser`);
    // Labels are words, never the check's key.
    expect(await chips.allTextContents()).not.toContainEqual(expect.stringMatching(/_/));
    await screenshot(page, '30-findings.png');

    // Filtered to one check: its rows only, each with its Swedish text.
    await page.click('[data-testid="check-chip"][data-check="RETENTION_WITHOUT_PURGE_DECISION"]');
    await poll(() => page.locator('[data-testid="findings-grid"] .ag-row .ag-cell[col-id="message"]').allTextContents()).toEqual(
      all.filter((f) => f.check === 'RETENTION_WITHOUT_PURGE_DECISION').map((f) => f.messageSv),
    );

    // The link: to the retention rules, filtered to the row, marked, the text on hover.
    await page.click(`[data-testid="jump-link"][data-subject="${retention.subjectId}"]`);
    await page.waitForSelector(`${scope('retention-rules')} [data-testid="jump-bar"]`);
    await poll(() =>
      page
        .locator(`${scope('retention-rules')} [data-testid="row-count"]`)
        .first()
        .textContent(),
    ).toBe('1 rad');
    await poll(() => markOf(page, 'retention-rules', retention.subjectId).count()).toBe(1);
    expect(await rowOf(page, 'retention-rules', retention.subjectId).getAttribute('class')).toContain('row-jumped');
    expect(await hoverText(page, 'retention-rules', retention.subjectId)).toContain(retention.messageSv);
    await screenshot(page, '31-findings-jump.png');

    // In English the same mark says it in English.
    await page.click('[data-testid="lang-en"]');
    expect(await hoverText(page, 'retention-rules', retention.subjectId)).toContain(retention.message);
    await page.click('[data-testid="lang-sv"]');

    // "Show all rows" leaves the jump: every rule again, the marked one among them.
    await page.click(`${scope('retention-rules')} [data-testid="jump-clear"]`);
    await poll(async () =>
      Number(
        (await page
          .locator(`${scope('retention-rules')} [data-testid="row-count"]`)
          .first()
          .textContent())!.split(' ')[0],
      ),
    ).toBeGreaterThan(1);
    await context.close();
  }, 120_000);

  it('rows with findings are marked in the entity views and the matrix; "only rows with findings" asks the server for them', async () => {
    const all = await findings();
    const { context, page, requests } = await env.newPage();
    await env.signIn(page, 'REGIONAL_ADMIN');

    // Licences: the licence to a provider that is its own principal, alone under the filter.
    const licence = all.filter((f) => f.subjectType === 'Licence');
    expect(licence.length).toBeGreaterThan(0);
    await view(page, 'licences');
    const before = requests.length;
    await page.check(`${scope('licences')} [data-testid="only-findings"]`);
    await poll(() =>
      page
        .locator(`${scope('licences')} [data-testid="row-count"]`)
        .first()
        .textContent(),
    ).toBe(`${licence.length} ${licence.length === 1 ? 'rad' : 'rader'}`);
    expect(
      requests
        .slice(before)
        .filter((r) => r.operationName === 'Licences')
        .at(-1)?.variables?.filter,
    ).toEqual({ id: { in: licence.map((f) => f.subjectId) } });
    await poll(() => markOf(page, 'licences', licence[0]!.subjectId).count()).toBe(1);
    expect(await hoverText(page, 'licences', licence[0]!.subjectId)).toContain(licence[0]!.messageSv);

    // Processor agreements: their rows have ProcessorAgreement IDs, the findings Agreement IDs.
    const art28 = all.filter((f) => f.check === 'PROCESSOR_AGREEMENT_MISSING_ART28');
    expect(art28.length).toBeGreaterThan(0);
    await view(page, 'processor-agreements');
    await page.check(`${scope('processor-agreements')} [data-testid="only-findings"]`);
    for (const f of art28) await poll(() => markOf(page, 'processor-agreements', retype(f.subjectId, 'ProcessorAgreement')).count()).toBe(1);
    const fixable = art28.find((f) => f.messageSv.endsWith('kräver: behandlingens ändamål.') && all.filter((g) => g.subjectId === f.subjectId).length === 1)!;
    const rowId = retype(fixable.subjectId, 'ProcessorAgreement');
    expect(await hoverText(page, 'processor-agreements', rowId)).toContain(fixable.messageSv);
    await screenshot(page, '32-processor-agreements-marked.png');

    // Information assets without a retention rule.
    const assets = all.filter((f) => f.check === 'ASSET_WITHOUT_RETENTION_RULE');
    await view(page, 'information-assets');
    await page.check(`${scope('information-assets')} [data-testid="only-findings"]`);
    await poll(() =>
      page
        .locator(`${scope('information-assets')} [data-testid="row-count"]`)
        .first()
        .textContent(),
    ).toBe(`${assets.length} rader`);
    for (const f of assets) await poll(() => markOf(page, 'information-assets', f.subjectId).count()).toBe(1);

    // The call-off matrix: a municipality's row carries findings about it and about its call-offs.
    await page.click('[data-testid="nav-call-offs"]');
    await page.waitForSelector('[data-testid="calloffs-grid"] .ag-row[row-id]');
    await page.check('[data-testid="only-findings"]');
    const municipalities = new Set(all.filter((f) => f.subjectType === 'Organisation').map((f) => retype(f.subjectId, 'Municipality')));
    const first = [...municipalities][0]!;
    await poll(() => page.locator(`[data-testid="calloffs-grid"] .ag-row[row-id="${first}"] [data-testid="finding-mark"]`).count()).toBe(1);
    await context.close();
  }, 120_000);

  it('a Save that fixes a finding takes its mark away', async () => {
    const all = await findings();
    const fixable = all.find(
      (f) =>
        f.check === 'PROCESSOR_AGREEMENT_MISSING_ART28' &&
        f.messageSv.endsWith('kräver: behandlingens ändamål.') &&
        all.filter((g) => g.subjectId === f.subjectId).length === 1,
    )!;
    const rowId = retype(fixable.subjectId, 'ProcessorAgreement');
    const { context, page, requests } = await env.newPage();
    await env.signIn(page, 'REGIONAL_ADMIN');
    await view(page, 'processor-agreements');
    await page.check(`${scope('processor-agreements')} [data-testid="only-findings"]`);
    await poll(() => markOf(page, 'processor-agreements', rowId).count()).toBe(1);
    // The art. 28 columns lie far to the right, under the pinned ones: the button is pressed in place.
    await rowOf(page, 'processor-agreements', rowId)
      .locator('.ag-cell[col-id="purpose"] [data-testid="toggle"]')
      .evaluate((b) => (b as HTMLButtonElement).click());
    await poll(() => page.locator(`${scope('processor-agreements')} [data-testid="pending-count"]`).textContent()).toBe('1 rad ändrad');
    const sent = requests.length;
    await page.click(`${scope('processor-agreements')} [data-testid="save"]`);
    await poll(() => requests.slice(sent).filter((r) => r.operationName === 'RegistryFindings').length).toBeGreaterThan(0);
    await poll(() => markOf(page, 'processor-agreements', rowId).count()).toBe(0);
    expect((await findings()).filter((f) => f.subjectId === fixable.subjectId)).toEqual([]);
    await context.close();
  }, 120_000);
});
