// End to end: the follow-up view in Debian's headless Chromium against the real server. VGR's
// regional admin (signed in with a real token: the follow-up is real reference data, which a demo
// user may read but not change) opens the view, sees the seed table's legend in its own
// words and a row of the 2019 table word for word, edits a comment and saves it in one bulk
// mutation; the change is in the database with its history.
import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, poll, screenshot } from './harness';

const LEGEND = [
  'Målet bedöms vara uppfyllt',
  'Målet bedöms delvis vara uppfyllt',
  'Målet bedöms inte vara uppfyllt eller har utgått',
  'Positiv trend genom aktiviteten',
  'Ej bedömt aktivitetens påverkan',
  'Negativ trend för aktiviteten',
  'Tidsåtgång mer än enligt handlingsplan',
  'Tidsåtgång mindre än enligt handlingsplan',
  'Tidsåtgång ungefär lika enligt handlingsplan',
];

interface GoalRow {
  id: string;
  version: number;
  heading: string | null;
  goal: string | null;
  comment: string | null;
}

describe.runIf(hasChromium)('the follow-up view in Chromium against the real server', () => {
  const env = browserSuite();

  it('a regional admin sees the legend and the seed’s rows, edits a comment and saves it', async () => {
    const [vgr] = await env.registry.sql<{ id: number }>(`select id from organisations where organisation_number = '2321000131'`);
    const { context, page, requests } = await env.newPage();
    await page.goto(`${env.registry.origin}/`);
    await page.fill('[data-testid="token-input"]', env.regionToken);
    await page.click('[data-testid="token-submit"]');
    await page.waitForSelector('[data-testid="viewer"]');

    await page.click('[data-testid="nav-follow-up"]');
    await page.waitForSelector('[data-testid="follow-up-view-grid"] .ag-row[row-id]');
    const view = '[data-testid="follow-up-view"]';
    await poll(() => page.locator(`${view} [data-testid="row-count"]`).first().textContent()).toBe('15 rader');

    // The seed's legend, in its own words.
    const legend = await page.locator('[data-testid="follow-up-legend"]').innerText();
    for (const words of LEGEND) expect(legend).toContain(words);

    // A row of the 2019 table, word for word, in the table's order.
    const rows = (
      await env.registry.gql<{ followUpGoals: { nodes: GoalRow[] } }>(
        '{ followUpGoals(first: 20) { nodes { id version heading goal comment } } }',
        {},
        env.regionToken,
      )
    ).data!.followUpGoals.nodes;
    const cell = (id: string, col: string) => page.locator(`${view} .ag-row[row-id="${id}"] .ag-cell[col-id="${col}"]`);
    await poll(() => cell(rows[0]!.id, 'goal').textContent()).toBe('Västra Götalands kommuner erbjuds nationella tjänster som motsvarar kommunernas behov');
    expect(await cell(rows[0]!.id, 'section').textContent()).toBe('PROJEKT / ARBETEN SOM DRIVS NATIONELLT');
    expect(await page.locator(`${view} .ag-row[row-index="0"] .ag-cell[col-id="timeAssessment"]`).textContent()).toBe('Mer än planerat');

    // The status report of seed 004 below.
    await page.waitForSelector('[data-testid="status-reports-view-grid"] .ag-row[row-id]');
    expect(await page.locator('[data-testid="status-reports-view-grid"] .ag-cell[col-id="month"]').first().textContent()).toBe('2020-05');

    // Edit the SIP row's comment: the large text editor opens on Enter, Enter again ends it.
    const sip = rows.find((r) => r.heading === 'SIP')!;
    const sent = requests.length;
    await cell(sip.id, 'comment').click();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Följs upp 2020.');
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.ag-cell-inline-editing, .ag-popup-editor').count()).toBe(0);
    await poll(() => page.locator(`${view} [data-testid="pending-count"]`).textContent()).toBe('1 rad ändrad');
    // Enter moved the focus down, as in a spreadsheet; back up, the focused row shows in full below the grid.
    await page.keyboard.press('ArrowUp');
    await poll(() => page.locator('[data-testid="follow-up-focused"]').innerText()).toContain('Dokumentation av SIP sker fortsatt analogt');
    await page.mouse.move(0, 0);
    await screenshot(page, '22-follow-up.png');

    await page.click(`${view} [data-testid="save"]`);
    await poll(() => page.locator(`${view} [data-testid="message"]`).textContent()).toBe('1 rad sparad.');
    const saves = requests.slice(sent).filter((q) => q.operationName === 'SaveFollowUpGoals');
    expect(saves).toHaveLength(1);
    const expected = `${sip.comment} Följs upp 2020.`;
    expect((saves[0]!.variables?.input as { update?: unknown } | undefined)?.update).toEqual([{ id: sip.id, version: sip.version, comment: expected }]);

    const [stored] = await env.registry.sql(`select comment, version from follow_up_goals where heading = 'SIP'`);
    expect(stored).toEqual({ comment: expected, version: sip.version + 1 });
    const [history] = await env.registry.sql(`select operation, actor_org_id from changes where entity = 'FollowUpGoal' order by id desc limit 1`);
    expect(history).toEqual({ operation: 'update', actor_org_id: vgr!.id });
    expect(env.consoleErrors).toEqual([]);
    await context.close();
  }, 120_000);
});
