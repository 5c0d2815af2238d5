// End to end: the access-policy view (profession × category, four permissions as toggles, the
// regional default marked and read-only for an organisation's admin) and the disclosure-request
// view (menprövningar, the domain rule's message on invalid cells), in Debian's headless Chromium
// against the real server: open, see a seeded row, edit, save, and check the server has it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, poll, screenshot } from './harness';

describe.runIf(hasChromium)('access policy and disclosure requests in Chromium against the real server', () => {
  const env = browserSuite();
  const scope = (route: string) => `[data-testid="${route}-view"]`;
  const cellOf = (page: Page, route: string, rowId: string, col: string) =>
    page.locator(`${scope(route)} .ag-row[row-id="${rowId}"] .ag-cell[col-id="${col}"]`);
  const rowState = async (page: Page, route: string, rowId: string) => {
    const state = page.locator(`${scope(route)} .ag-row[row-id="${rowId}"] [data-testid="row-state"]`);
    return (await state.count()) ? state.getAttribute('data-state') : null;
  };
  async function view(page: Page, route: string) {
    await page.click(`[data-testid="nav-${route}"]`);
    await page.waitForSelector(`[data-testid="${route}-view-grid"] .ag-row[row-id]`);
  }
  async function type(page: Page, route: string, rowId: string, col: string, text: string) {
    await cellOf(page, route, rowId, col).click();
    await page.keyboard.press('Control+a').catch(() => {});
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.ag-cell-inline-editing').count()).toBe(0);
  }

  it('Behörighetspolicy: the regional default is marked and read-only for Borås’s admin, who toggles a permission of Borås’s own row and saves it', async () => {
    const { context, page, requests } = await env.newPage();
    await env.signIn(page, 'ORG_ADMIN');
    await view(page, 'access-policies');
    const token = await env.demoToken('ORG_ADMIN');
    type Node = {
      id: string;
      version: number;
      profession: string;
      maySign: boolean;
      regionalDefault: boolean;
      owner: { name: string };
      category: { code: string };
    };
    const read = async () =>
      (
        await env.registry.gql<{ accessPolicies: { totalCount: number; nodes: Node[] } }>(
          '{ accessPolicies(first: 100) { totalCount nodes { id version profession maySign regionalDefault owner { name } category { code } } } }',
          {},
          token,
        )
      ).data!.accessPolicies;
    const before = await read();
    await poll(() =>
      page
        .locator(`${scope('access-policies')} [data-testid="row-count"]`)
        .first()
        .textContent(),
    ).toBe(`${before.totalCount} rader`);
    const own = before.nodes.find((n) => n.owner.name === 'Borås' && n.profession === 'NURSING_ASSISTANT' && n.category.code === 'delegated_task')!;
    const regional = before.nodes.find((n) => n.regionalDefault && n.profession === 'NURSING_ASSISTANT' && n.category.code === 'medication_order')!;
    expect(own.maySign).toBe(true);
    await poll(() => cellOf(page, 'access-policies', regional.id, 'scope').textContent()).toBe('Regional grundinställning');
    expect(await cellOf(page, 'access-policies', own.id, 'scope').textContent()).toBe('Egen policy');
    expect(await cellOf(page, 'access-policies', regional.id, 'profession').textContent()).toBe('Undersköterska');
    expect(await rowState(page, 'access-policies', regional.id)).toBe('readonly');
    expect(await cellOf(page, 'access-policies', regional.id, 'maySign').locator('[data-testid="toggle"]').isDisabled()).toBe(true);

    const sent = requests.length;
    await cellOf(page, 'access-policies', own.id, 'maySign').locator('[data-testid="toggle"]').click();
    await poll(() => page.locator(`${scope('access-policies')} [data-testid="pending-count"]`).textContent()).toBe('1 rad ändrad');
    await screenshot(page, '30-access-policies-staged.png');
    await page.click(`${scope('access-policies')} [data-testid="save"]`);
    await poll(() => page.locator(`${scope('access-policies')} [data-testid="message"]`).textContent()).toBe('1 rad sparad.');
    const saves = requests.slice(sent).filter((q) => q.operationName === 'SaveAccessPolicies');
    expect(saves).toHaveLength(1);
    expect((saves[0]!.variables!.input as { update?: unknown }).update).toEqual([{ id: own.id, version: own.version, maySign: false }]);
    const after = (await read()).nodes.find((n) => n.id === own.id)!;
    expect(after).toMatchObject({ maySign: false, version: own.version + 1 });
    await context.close();
  }, 120_000);

  it('Menprövningar: a decision given in part is marked with the rule’s words and blocks Save; given whole, it is saved', async () => {
    const { context, page, requests } = await env.newPage();
    await env.signIn(page, 'REGIONAL_ADMIN');
    await view(page, 'disclosure-requests');
    const token = await env.demoToken('REGIONAL_ADMIN');
    type Node = {
      id: string;
      version: number;
      requester: string;
      outcome: string | null;
      reasoning: string | null;
      decidedBy: string | null;
      decidedOn: string | null;
    };
    const read = async () =>
      (
        await env.registry.gql<{ disclosureRequests: { totalCount: number; nodes: Node[] } }>(
          '{ disclosureRequests(first: 100) { totalCount nodes { id version requester outcome reasoning decidedBy decidedOn } } }',
          {},
          token,
        )
      ).data!.disclosureRequests;
    const before = await read();
    await poll(() =>
      page
        .locator(`${scope('disclosure-requests')} [data-testid="row-count"]`)
        .first()
        .textContent(),
    ).toBe(`${before.totalCount} rader`);
    const pending = before.nodes.find((n) => n.requester === 'Demo: Elevens vårdnadshavare')!;
    expect(pending.outcome).toBeNull();
    await poll(() => cellOf(page, 'disclosure-requests', pending.id, 'requester').textContent()).toBe('Demo: Elevens vårdnadshavare');
    const decided = before.nodes.find((n) => n.outcome === 'PARTIAL')!;
    expect(await cellOf(page, 'disclosure-requests', decided.id, 'outcome').textContent()).toBe('Lämnas ut delvis');

    // Who decided, without the rest of the decision: validateDisclosureRequest marks what is missing.
    const sent = requests.length;
    await type(page, 'disclosure-requests', pending.id, 'decidedBy', 'Demo: Verksamhetschef');
    const outcome = cellOf(page, 'disclosure-requests', pending.id, 'outcome');
    await poll(() => outcome.getAttribute('class')).toContain('cell-invalid');
    expect(await outcome.locator('[data-message]').getAttribute('data-message')).toBe(
      'En menprövning anger utfall, motivering, beslutsfattare och datum tillsammans; utfallet saknas.',
    );
    expect(await page.locator(`${scope('disclosure-requests')} [data-testid="save"]`).isDisabled()).toBe(true);
    await screenshot(page, '31-disclosure-requests-invalid.png');

    // The outcome, set for the selected row as one sets a column for many rows.
    await page
      .locator(`${scope('disclosure-requests')} .ag-row[row-id="${pending.id}"] input.ag-checkbox-input`)
      .first()
      .click();
    await page.click(`${scope('disclosure-requests')} [data-testid="bulk-set"]`);
    await page.selectOption('[data-testid="bulk-field"]', 'outcome');
    await page.selectOption('[data-testid="bulk-value"]', 'release');
    await page.click('[data-testid="bulk-apply"]');
    await poll(() => outcome.textContent()).toContain('Lämnas ut');
    await type(page, 'disclosure-requests', pending.id, 'reasoning', 'Demo: Vårdnadshavaren har rätt att ta del; inget men.');
    await type(page, 'disclosure-requests', pending.id, 'decidedOn', '2026-11-12');
    await poll(() => outcome.getAttribute('class')).not.toContain('cell-invalid');
    await page.click(`${scope('disclosure-requests')} [data-testid="save"]`);
    await poll(() => page.locator(`${scope('disclosure-requests')} [data-testid="message"]`).textContent()).toBe('1 rad sparad.');
    expect(requests.slice(sent).filter((q) => q.operationName === 'SaveDisclosureRequests')).toHaveLength(1);
    const after = (await read()).nodes.find((n) => n.id === pending.id)!;
    expect(after).toMatchObject({
      outcome: 'RELEASE',
      reasoning: 'Demo: Vårdnadshavaren har rätt att ta del; inget men.',
      decidedBy: 'Demo: Verksamhetschef',
      decidedOn: '2026-11-12',
      version: pending.version + 1,
    });
    await context.close();
  }, 120_000);

  it('logs no browser errors', () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
