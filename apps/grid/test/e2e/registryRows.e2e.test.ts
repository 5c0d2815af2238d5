// End to end: the views over the registry rows that had none (options and their links, powers of
// attorney, procurements, processing instructions, joint-controller responsibilities, the
// organisations that are not municipalities) in Debian's headless Chromium against the real
// server: each opens with the server's count and its seeded rows; a power of attorney is added
// with an invalid period marked first, saved, edited, and its history shown beneath; an
// organisation is edited with the domain's rule marked first and then saved.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, poll, screenshot } from './harness';

describe.runIf(hasChromium)('the views over options, powers of attorney, procurements, instructions, responsibilities and organisations', () => {
  const env = browserSuite();

  async function open() {
    const { context, page, requests } = await env.newPage();
    await env.signIn(page, 'REGIONAL_ADMIN');
    return { context, page, requests };
  }
  const scope = (route: string) => `[data-testid="${route}-view"]`;
  async function view(page: Page, route: string) {
    await page.click(`[data-testid="nav-${route}"]`);
    await page.waitForSelector(`[data-testid="${route}-view-grid"] .ag-row[row-id]`);
    await poll(() =>
      page
        .locator(`${scope(route)} [data-testid="row-count"]`)
        .first()
        .count(),
    ).toBe(1);
  }
  const cellOf = (page: Page, route: string, rowId: string, col: string) =>
    page.locator(`${scope(route)} .ag-row[row-id="${rowId}"] .ag-cell[col-id="${col}"]`);
  const count = (page: Page, route: string) =>
    page
      .locator(`${scope(route)} [data-testid="row-count"]`)
      .first()
      .textContent();
  const rowState = async (page: Page, route: string, rowId: string) => {
    const state = page.locator(`${scope(route)} .ag-row[row-id="${rowId}"] [data-testid="row-state"]`);
    return (await state.count()) ? state.getAttribute('data-state') : null;
  };
  async function type(page: Page, route: string, rowId: string, col: string, text: string) {
    await cellOf(page, route, rowId, col).click();
    await page.keyboard.press('Control+a').catch(() => {});
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.ag-cell-inline-editing').count()).toBe(0);
  }
  /** A value as Excel puts it on the clipboard, pasted at the cell (a reference is chosen by its label). */
  async function paste(page: Page, route: string, rowId: string, col: string, text: string) {
    await cellOf(page, route, rowId, col).click();
    await page.evaluate((value) => {
      const data = new DataTransfer();
      data.setData('text/plain', value);
      (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
    await poll(() => cellOf(page, route, rowId, col).textContent()).toBe(text);
  }
  async function filterColumn(page: Page, route: string, col: string, text: string) {
    await page.locator(`${scope(route)} .ag-header-cell[col-id="${col}"] .ag-header-cell-filter-button`).click();
    await page.locator('.ag-filter-body input').first().fill(text);
    await page.keyboard.press('Escape');
  }
  async function shot(page: Page, name: string) {
    await page.mouse.move(0, 0);
    await page.waitForTimeout(250);
    await screenshot(page, name);
  }
  async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await env.registry.gql<T>(query, variables, await env.demoToken('REGIONAL_ADMIN'));
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data!;
  }

  it('opens each view with the server’s count and its seeded rows', async () => {
    const { context, page } = await open();
    const views: [route: string, query: string, seeded: (page: Page) => Promise<unknown>, file: string][] = [
      ['options', 'options(first: 1)', () => poll(() => page.locator(`${scope('options')} .ag-cell[col-id="name"]`).count()).toBe(3), '31-options.png'],
      [
        'option-links',
        'optionLinks(first: 1)',
        () => poll(() => page.locator(`${scope('option-links')} .ag-row[row-id]`).count()).toBeGreaterThan(0),
        '32-option-links.png',
      ],
      [
        'powers-of-attorney',
        'powersOfAttorney(first: 1)',
        () => poll(() => page.locator(`${scope('powers-of-attorney')} .ag-cell[col-id="grantedToId"]`).allTextContents()).toContain('Västra Götalandsregionen'),
        '33-powers-of-attorney.png',
      ],
      [
        'procurements',
        'procurements(first: 1)',
        () => poll(() => page.locator(`${scope('procurements')} .ag-cell[col-id="termYears"]`).allTextContents()).toContain('10'),
        '34-procurements.png',
      ],
      [
        'processing-instructions',
        'processingInstructions(first: 1)',
        () =>
          poll(() =>
            page
              .locator(`${scope('processing-instructions')} .ag-cell[col-id="agreementId"]`)
              .first()
              .textContent(),
          ).toMatch(/^Demo: /),
        '35-processing-instructions.png',
      ],
      [
        'responsibilities',
        'jointControllerResponsibilities(first: 1)',
        () =>
          poll(() =>
            page
              .locator(`${scope('responsibilities')} .ag-cell[col-id="agreementId"]`)
              .first()
              .textContent(),
          ).toMatch(/^Demo: /),
        '36-responsibilities.png',
      ],
      [
        'organisations',
        'organisations(first: 1, filter: { kind: { ne: MUNICIPALITY } })',
        // The region sorts last among the kinds: found by the view's search, which asks the API.
        async () => {
          const search = page.locator(`${scope('organisations')} [data-testid="search"]`);
          await search.fill('Götalandsregionen');
          await poll(() => page.locator(`${scope('organisations')} .ag-cell[col-id="name"]`).allTextContents()).toEqual(['Västra Götalandsregionen']);
          await search.fill('');
          await poll(() => count(page, 'organisations')).toMatch(/^\d+ rader$/);
        },
        '37-organisations.png',
      ],
    ];
    for (const [route, query, seeded, file] of views) {
      await view(page, route);
      const n = (await api<{ x: { totalCount: number } }>(`{ x: ${query} { totalCount } }`)).x.totalCount;
      expect(n, route).toBeGreaterThan(0);
      expect(await count(page, route)).toBe(`${n} ${n === 1 ? 'rad' : 'rader'}`);
      await seeded(page);
      await shot(page, file);
    }
    // No municipality among the other organisations: they have their own view.
    const kinds = await page.locator(`${scope('organisations')} .ag-cell[col-id="kind"]`).allTextContents();
    expect(kinds).not.toContain('Kommun');
    await context.close();
  }, 120_000);

  it('adds a power of attorney (an invalid period marked first), saves it, edits it, and shows its history beneath', async () => {
    const { context, page, requests } = await open();
    const route = 'powers-of-attorney';
    await view(page, route);
    await page.click(`${scope(route)} [data-testid="add-row"]`);
    const fresh = page.locator(`${scope(route)} .ag-row-pinned`).first();
    await fresh.waitFor();
    const freshId = (await fresh.getAttribute('row-id'))!;
    await paste(page, route, freshId, 'municipalityId', 'Ale');
    await paste(page, route, freshId, 'grantedToId', 'Västra Götalandsregionen');
    await type(page, route, freshId, 'scope', 'Test: avrop av option 3');
    await type(page, route, freshId, 'validFrom', '2026-01-01');
    await type(page, route, freshId, 'validTo', '2025-06-30');
    // validatePowerOfAttorney, the server's own rule: the end before the start.
    const end = cellOf(page, route, freshId, 'validTo');
    await poll(() => end.getAttribute('class')).toContain('cell-invalid');
    expect(await end.locator('[data-message]').getAttribute('data-message')).toContain('2025-06-30');
    expect(await page.locator(`${scope(route)} [data-testid="save"]`).isDisabled()).toBe(true);
    await type(page, route, freshId, 'validTo', '2027-12-31');
    const sent = requests.length;
    await page.click(`${scope(route)} [data-testid="save"]`);
    await poll(() => page.locator(`${scope(route)} [data-testid="message"]`).textContent()).toBe('1 rad sparad.');
    expect(requests.slice(sent).filter((q) => q.operationName === 'SavePowersOfAttorney')).toHaveLength(1);
    const created = (
      await api<{ powersOfAttorney: { nodes: { id: string; version: number; validTo: string; municipality: { name: string } }[] } }>(
        '{ powersOfAttorney(first: 5, filter: { scope: { eq: "Test: avrop av option 3" } }) { nodes { id version validTo municipality { name } } } }',
      )
    ).powersOfAttorney.nodes;
    expect(created).toEqual([expect.objectContaining({ validTo: '2027-12-31', version: 1, municipality: { name: 'Ale' } })]);
    const id = created[0]!.id;

    // Only that row, by a column filter the server applies; focused, its history shows beneath.
    await filterColumn(page, route, 'scope', 'Test: avrop');
    await poll(() => count(page, route)).toBe('1 rad');
    await cellOf(page, route, id, 'scope').click();
    await page.waitForSelector('[data-testid="history-view-grid"] .ag-row[row-id]');
    expect(await page.locator('[data-testid="history-panel"] .sub-title').textContent()).toBe('Historik: Ale → Västra Götalandsregionen');
    await poll(() => page.locator('[data-testid="history-view"] .ag-cell[col-id="operation"]').allTextContents()).toEqual(['Skapad']);

    await type(page, route, id, 'scope', 'Test: avrop av option 2 och 3');
    await page.click(`${scope(route)} [data-testid="save"]`);
    await poll(() => rowState(page, route, id)).toBe('saved');
    // The saved version reads its history again: the update beside the creation, field by field.
    await cellOf(page, route, id, 'validFrom').click();
    await poll(async () => (await page.locator('[data-testid="history-view"] .ag-cell[col-id="operation"]').allTextContents()).sort()).toEqual(
      ['Skapad', 'Ändrad'].sort(),
    );
    expect(await page.locator('[data-testid="history-view"] .ag-cell[col-id="changed"]').allTextContents()).toContain(
      'Omfattning: Test: avrop av option 3 → Test: avrop av option 2 och 3',
    );
    await shot(page, '38-power-of-attorney-history.png');
    await context.close();
  }, 120_000);

  it('edits an organisation that is not a municipality: the domain’s rule marks a bad HSA-id, a good edit is saved', async () => {
    const { context, page, requests } = await open();
    const route = 'organisations';
    const school = (
      await api<{ organisations: { nodes: { id: string; version: number; name: string; hsaId: string }[] } }>(
        '{ organisations(first: 1, filter: { kind: { eq: INDEPENDENT_SCHOOL } }, orderBy: [{ field: NAME }]) { nodes { id version name hsaId } } }',
      )
    ).organisations.nodes[0]!;
    await view(page, route);
    await filterColumn(page, route, 'name', school.name);
    await poll(() => count(page, route)).toBe('1 rad');
    await type(page, route, school.id, 'hsaId', 'inte ett HSA-id');
    const hsa = cellOf(page, route, school.id, 'hsaId');
    await poll(() => hsa.getAttribute('class')).toContain('cell-invalid');
    expect(await page.locator(`${scope(route)} [data-testid="save"]`).isDisabled()).toBe(true);
    await type(page, route, school.id, 'hsaId', school.hsaId);
    await type(page, route, school.id, 'name', `${school.name} (ändrad)`);
    const sent = requests.length;
    await page.click(`${scope(route)} [data-testid="save"]`);
    await poll(() => rowState(page, route, school.id)).toBe('saved');
    const saves = requests.slice(sent).filter((q) => q.operationName === 'SaveOrganisations');
    expect(saves).toHaveLength(1);
    expect((saves[0]!.variables!.input as { update?: unknown }).update).toEqual([{ id: school.id, version: school.version, name: `${school.name} (ändrad)` }]);
    const saved = await api<{ node: { name: string; version: number } }>(`{ node(id: "${school.id}") { ... on Organisation { name version } } }`);
    expect(saved.node).toEqual({ name: `${school.name} (ändrad)`, version: school.version + 1 });
    await shot(page, '39-organisation-saved.png');
    await context.close();
  }, 120_000);

  it('logged no errors in the browser', () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
