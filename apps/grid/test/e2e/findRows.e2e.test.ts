// End to end: finding one's rows and arranging the columns, in Debian's headless Chromium against
// the real server: the search box narrows the rows on the server (through the API's search where
// the entity has one, its text columns where not); an org admin's "my organisation's rows" switch
// shows only their organisation's few rows among hundreds, and is still on after a reload; a column
// dragged elsewhere stays there after a reload; the header checkbox selects every loaded row; an
// unsortable column's header says why. Screenshots go to docs/screenshots/.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, poll, type Gql } from './harness';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'docs', 'screenshots');

describe.runIf(hasChromium)('finding one’s rows and arranging the columns', () => {
  const env = browserSuite();

  async function open(role: 'REGIONAL_ADMIN' | 'ORG_ADMIN') {
    const { context, page, requests } = await env.newPage();
    await env.signIn(page, role);
    return { context, page, requests };
  }
  const scope = (route: string) => `[data-testid="${route}-view"]`;
  async function view(page: Page, route: string) {
    await page.click(`[data-testid="nav-${route}"]`);
    await settled(page, route);
  }
  async function settled(page: Page, route: string) {
    await page.waitForSelector(`[data-testid="${route}-view-grid"] .ag-row[row-id]`);
    await poll(() =>
      page
        .locator(`${scope(route)} [data-testid="row-count"]`)
        .first()
        .count(),
    ).toBe(1);
  }
  /** The count the view shows, as a number. */
  const count = async (page: Page, route: string) =>
    Number(
      (
        (await page
          .locator(`${scope(route)} [data-testid="row-count"]`)
          .first()
          .textContent()) ?? ''
      ).replace(/\D/g, ''),
    );
  const headers = (page: Page, route: string) =>
    page.locator(`${scope(route)} .ag-header-cell[col-id]`).evaluateAll((cells) => cells.map((c) => c.getAttribute('col-id')));
  async function api<T>(role: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await env.registry.gql<T>(query, variables, await env.demoToken(role));
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data!;
  }
  async function shot(page: Page, name: string) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(docs, name) });
  }
  const lastFilter = (requests: Gql[], operation: string) => [...requests].reverse().find((q) => q.operationName === operation)?.variables?.filter;

  it('narrows the rows on the server as you type, with the API’s search or over the text columns', async () => {
    const { context, page, requests } = await open('REGIONAL_ADMIN');
    await view(page, 'agreements');
    const all = await count(page, 'agreements');
    await page.fill(`${scope('agreements')} [data-testid="search"]`, 'Bengtsfors');
    await poll(() => count(page, 'agreements')).toBeLessThan(all);
    const found = await count(page, 'agreements');
    expect(found).toBeGreaterThan(0);
    const titles = await page.locator(`${scope('agreements')} .ag-row[row-id] .ag-cell[col-id="title"]`).allTextContents();
    expect(titles.length).toBe(found);
    for (const title of titles) expect(title).toContain('Bengtsfors');
    expect(lastFilter(requests, 'Agreements')).toEqual({ search: 'Bengtsfors' });
    // The municipality at the end is where the demo titles differ: a narrow column cuts the middle, not the end.
    const cell = page.locator(`${scope('agreements')} .ag-cell[col-id="title"]`).first();
    expect(await cell.locator('.value-tail').textContent()).toBe(' – Bengtsfors');
    const [cellBox, tailBox] = [(await cell.boundingBox())!, (await cell.locator('.value-tail').boundingBox())!];
    expect(tailBox.x + tailBox.width).toBeLessThanOrEqual(cellBox.x + cellBox.width);
    await shot(page, '68-find-rows.png');

    // Retention rules have no search in the API: the box asks whether any text column, or the owner's name, contains the text.
    await view(page, 'retention-rules');
    const rules = await count(page, 'retention-rules');
    await page.fill(`${scope('retention-rules')} [data-testid="search"]`, 'Borås');
    await poll(() => count(page, 'retention-rules')).toBeLessThan(rules);
    const filter = lastFilter(requests, 'RetentionRules') as { OR: unknown[] };
    expect(filter.OR).toContainEqual({ owner: { name: { contains: 'Borås' } } });
    const expected = await api<{ retentionRules: { totalCount: number } }>(
      'REGIONAL_ADMIN',
      'query($f: RetentionRuleFilter) { retentionRules(filter: $f, first: 1) { totalCount } }',
      { f: filter },
    );
    expect(await count(page, 'retention-rules')).toBe(expected.retentionRules.totalCount);
    expect(expected.retentionRules.totalCount).toBeGreaterThan(0);
    await context.close();
  }, 120_000);

  it('shows an org admin only their organisation’s rows at the flick of a switch, still on after a reload', async () => {
    const { context, page, requests } = await open('ORG_ADMIN');
    const route = 'information-assets';
    await view(page, route);
    const me = await api<{ viewer: { organisation: { id: string; name: string } } }>('ORG_ADMIN', '{ viewer { organisation { id name } } }');
    const { organisation } = me.viewer;
    const all = await count(page, route);
    const owned = (
      await api<{ informationAssets: { totalCount: number } }>(
        'ORG_ADMIN',
        'query($id: ID!) { informationAssets(filter: { owner: { id: { eq: $id } } }, first: 1) { totalCount } }',
        { id: organisation.id },
      )
    ).informationAssets.totalCount;
    // A few among hundreds: otherwise the switch would prove nothing.
    expect(owned).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(owned * 10);

    const toggle = page.locator(`${scope(route)} [data-testid="only-mine"]`);
    expect(await toggle.isChecked()).toBe(false);
    expect(await page.locator(`${scope(route)} [data-testid="only-mine-label"]`).textContent()).toBe('Min organisations rader');
    await toggle.check();
    await poll(() => count(page, route)).toBe(owned);
    expect(lastFilter(requests, 'InformationAssets')).toEqual({ owner: { id: { eq: organisation.id } } });
    await poll(async () => new Set(await page.locator(`${scope(route)} .ag-row[row-id] .ag-cell[col-id="owner"]`).allTextContents())).toEqual(
      new Set([organisation.name]),
    );
    await shot(page, '69-my-organisations-rows.png');

    await page.reload();
    await settled(page, route);
    expect(await page.locator(`${scope(route)} [data-testid="only-mine"]`).isChecked()).toBe(true);
    await poll(() => count(page, route)).toBe(owned);
    await page.locator(`${scope(route)} [data-testid="only-mine"]`).uncheck();
    await poll(() => count(page, route)).toBe(all);
    await context.close();
  }, 120_000);

  it('keeps a column where it was dragged after a reload, and says why a column does not sort', async () => {
    const { context, page } = await open('ORG_ADMIN');
    const route = 'retention-rules';
    await view(page, route);
    // The columns that scroll (the pinned ones on the left do not move).
    const movable = await page
      .locator(`${scope(route)} .ag-header-cell[col-id]`)
      .evaluateAll((cells) => cells.filter((c) => !c.closest('[class*="pinned-left"]')).map((c) => c.getAttribute('col-id')!));
    const [first, second] = [movable[1]!, movable[2]!];
    // Drag the second of them by its heading to before the first, as a user does.
    const from = (await page.locator(`${scope(route)} .ag-header-cell[col-id="${second}"] .ag-header-cell-label`).boundingBox())!;
    const to = (await page.locator(`${scope(route)} .ag-header-cell[col-id="${first}"]`).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    for (let x = from.x + from.width / 2; x > to.x + 4; x -= 12) await page.mouse.move(x, from.y + from.height / 2);
    await page.mouse.move(to.x + 4, to.y + to.height / 2);
    await page.mouse.up();
    await poll(async () => {
      const now = await headers(page, route);
      return now.indexOf(second) < now.indexOf(first);
    }).toBe(true);
    const moved = await headers(page, route);
    // Remembered as the view is left (after a short pause), then read back on a fresh load.
    await page.waitForTimeout(700);
    await page.reload();
    await settled(page, route);
    await poll(() => headers(page, route)).toEqual(moved);

    // The owner column does not sort: its header's tooltip says so, and why.
    await page.hover(`${scope(route)} .ag-header-cell[col-id="owner"] .ag-header-cell-label`);
    await poll(async () => (await page.locator('.ag-tooltip').allTextContents()).join(' ')).toContain('Går inte att sortera');
    await shot(page, '70-column-why-not-sortable.png');
    await page.mouse.move(0, 0);
    // Put the columns back for the other tests.
    await page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith('fvm.views.')) localStorage.removeItem(k);
    });
    await context.close();
  }, 120_000);

  it('selects every loaded row from the header checkbox, and none again', async () => {
    const { context, page } = await open('ORG_ADMIN');
    const route = 'information-assets';
    await view(page, route);
    const box = page.locator(`${scope(route)} [data-testid="select-all"]`);
    const loaded = Math.min(await count(page, route), 100);
    await poll(() => box.getAttribute('aria-label')).toBe(`Markera alla ${loaded} inlästa rader`);
    await box.click();
    await poll(() => page.locator(`${scope(route)} [data-testid="bulk-set"] .btn-count`).textContent()).toBe(String(loaded));
    expect(await box.getAttribute('aria-label')).toBe('Avmarkera alla rader');
    await shot(page, '71-select-all.png');
    await box.click();
    await poll(() => page.locator(`${scope(route)} [data-testid="bulk-set"] .btn-count`).count()).toBe(0);
    // One row chosen by hand: the header shows some, not all.
    await page
      .locator(`${scope(route)} .ag-row[row-id] .ag-selection-checkbox input`)
      .first()
      .check();
    await poll(() => box.evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(true);
    await context.close();
  }, 120_000);
});
