// End to end: the user-log browser, in Debian's headless Chromium (driven by playwright-core)
// against the real registry server over real HTTP, on a log of 200,000 demo entries loaded through
// the real append path before the browser opens. Positions are checked against the database itself
// (SQLite, or PostgreSQL under FVM_TEST_ENGINE).
// The db package through its path: the grid does not depend on it, only this test's set-up does.
import { generateDemoLogEntries } from '../../../../packages/db/src';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, pollWithin, reportMissingChromium, screenshot } from './harness';

const ENTRIES = 200_000;
const GOTEBORG = '1480';
/** Spaces as Intl writes them in Swedish numbers (200 000), made plain for comparing. */
const plain = (s: string | null) => (s ?? '').replace(/\s/g, ' ');

reportMissingChromium('browser tests of the log browser');

describe.runIf(hasChromium)('the user-log browser in Chromium against the real server', () => {
  let goteborgId: number;
  /** A patient with entries Göteborg's log reviewer may see, and how many. */
  let patient: { number: string; visible: number };
  const env = browserSuite({
    prepare: async (registry) => {
      // The demo log as `npm start` loads it (90 days up to now), at a fixed "now" so that the same
      // entries can be generated again here to find a patient.
      const now = new Date(Date.now() - 3_600_000);
      expect((await registry.stores.seed.loadDemoLogs({ count: ENTRIES, now })).stored).toBe(ENTRIES);
      goteborgId = (await registry.sql<{ id: number }>('SELECT id FROM organisations WHERE municipality_code = ?', GOTEBORG))[0]!.id;
      const endMs = now.getTime() - 60_000;
      const byPatient = new Map<string, number>();
      for (const e of generateDemoLogEntries(await registry.stores.logs.demoWorld(), ENTRIES, { startMs: endMs - 90 * 86_400_000, endMs })) {
        if (e.careProvider === GOTEBORG || e.dataOwner === GOTEBORG) byPatient.set(e.patient, (byPatient.get(e.patient) ?? 0) + 1);
      }
      const [number, visible] = [...byPatient].sort((a, b) => b[1] - a[1])[0]!;
      patient = { number, visible };
    },
  });

  /** Swedish number and date formats; over 200,000 entries, 15 s for what the page waits for. */
  const PAGE = { locale: 'sv-SE', timeout: 15_000 };
  const poll = pollWithin(15_000);
  const count = (page: Page) => page.locator('[data-testid="row-count"]').textContent().then(plain);
  /** The times shown in the rows in view, by row index. */
  const shownRows = (page: Page) =>
    page.evaluate(() => {
      const grid = document.querySelector('[data-testid="logs-grid"]')!;
      const box = grid.querySelector('.ag-grid-viewport')!.getBoundingClientRect();
      return [...grid.querySelectorAll('.ag-row[row-index]')]
        .filter((r) => {
          const b = r.getBoundingClientRect();
          return r.querySelector('.ag-cell[col-id="occurredAt"]') && b.bottom > box.top + 33 && b.top < box.bottom - 1;
        })
        .map((r) => ({ index: Number(r.getAttribute('row-index')), time: r.querySelector('[data-time]')?.getAttribute('data-time') ?? null }))
        .sort((a, b) => a.index - b.index);
    });
  /** The n-th entry newest first (the order the view shows), as the database has it. */
  const nth = async (n: number, where = 'true', ...params: unknown[]) => {
    const [row] = await env.registry.sql<{ occurred_at: number }>(
      `SELECT occurred_at FROM user_log_entries WHERE ${where} ORDER BY occurred_at DESC, id DESC LIMIT 1 OFFSET ?`,
      ...params,
      n,
    );
    return new Date(row!.occurred_at).toISOString();
  };

  async function openLogs(page: Page, role: string) {
    await env.signIn(page, role);
    await page.click('[data-testid="nav-user-logs"]');
    await page.waitForSelector('[data-testid="logs-grid"] .ag-row[row-index="0"] [data-time]');
  }

  it('analyst: the first rows and the count, then a jump to the middle shows the rows there, each at its true position', async () => {
    const { context, page } = await env.newPage(PAGE);
    await openLogs(page, 'ANALYST');
    await poll(() => count(page)).toBe('200 000 poster');
    const first = await shownRows(page);
    expect(first[0]).toEqual({ index: 0, time: await nth(0) });
    expect(first.slice(0, 5).map((r) => r.time)).toEqual(await Promise.all([0, 1, 2, 3, 4].map((n) => nth(n))));
    // At 1280×800 a screen shows at least 14 whole rows.
    const whole = await page.evaluate(() => {
      const grid = document.querySelector('[data-testid="logs-grid"]')!;
      const top = grid.querySelector('.ag-header')!.getBoundingClientRect().bottom;
      const bottom = Math.min(
        grid.querySelector('.ag-grid-viewport')!.getBoundingClientRect().bottom,
        grid.querySelector('.ag-body-horizontal-scroll')?.getBoundingClientRect().top ?? Infinity,
      );
      return [...grid.querySelectorAll('.ag-row[row-index]')].filter(
        (r) => r.querySelector('.ag-cell[col-id="occurredAt"]') && r.getBoundingClientRect().top >= top - 1 && r.getBoundingClientRect().bottom <= bottom + 1,
      ).length;
    });
    expect(whole).toBeGreaterThanOrEqual(14);
    // Swedish dates; demo entries marked; user and patient as pseudonyms, and no filters by them.
    expect(await page.locator('.ag-row[row-index="0"] .ag-cell[col-id="occurredAt"]').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Demo$/);
    expect(await page.locator('.ag-row[row-index="0"] .ag-cell[col-id="userHsaId"]').textContent()).toMatch(/^user-[0-9a-f]+$/);
    expect(await page.locator('[data-testid="logs-patient"]').count()).toBe(0);
    expect(await page.locator('[data-testid="logs-user"]').count()).toBe(0);

    // The scrollbar to the middle, as a drag there ends.
    await page.evaluate(() => {
      const v = document.querySelector<HTMLElement>('[data-testid="logs-grid"] .ag-grid-viewport')!;
      v.scrollTop = (v.scrollHeight - v.clientHeight) / 2;
    });
    await poll(async () => {
      const rows = await shownRows(page);
      return rows.length > 5 && rows.every((r) => r.time) && rows[0]!.index > 90_000;
    }).toBe(true);
    const middle = await shownRows(page);
    const last = await nth(ENTRIES - 1);
    for (const r of middle) {
      expect(r.index).toBeGreaterThan(90_000);
      expect(r.index).toBeLessThan(110_000);
      expect(r.time! < first[0]!.time! && r.time! > last).toBe(true);
      expect(r.time).toBe(await nth(r.index));
    }
    await screenshot(page, '7-user-logs-middle.png');

    // Newest first is the default; the time column's header turns it around, from the top.
    await page.click('.ag-header-cell[col-id="occurredAt"] .ag-header-cell-label');
    await poll(async () => (await shownRows(page))[0]).toEqual({ index: 0, time: last });
    expect(await page.locator('.ag-header-cell[col-id="occurredAt"]').getAttribute('aria-sort')).toBe('ascending');
    await context.close();
  }, 120_000);

  it('log reviewer (Göteborg): the organisation’s entries; the patient filter narrows them, the number checked first and kept nowhere', async () => {
    const [{ visible }] = (await env.registry.sql<{ visible: number }>(
      'SELECT count(*) AS visible FROM user_log_entries WHERE data_owner_id = ? OR care_provider_id = ?',
      goteborgId,
      goteborgId,
    )) as [{ visible: number }];
    const { context, page, posts } = await env.newPage(PAGE);
    await openLogs(page, 'LOG_REVIEWER');
    await poll(() => count(page)).toBe(`${visible.toLocaleString('sv-SE').replace(/\s/g, ' ')} poster`);
    const first = await shownRows(page);
    expect(first[0]!.time).toBe(await nth(0, 'data_owner_id = ? OR care_provider_id = ?', goteborgId, goteborgId));
    await page.mouse.move(0, 0);
    await screenshot(page, '7-user-logs.png');

    // In English: the words, the number and the dates; the rows stay.
    await page.click('[data-testid="lang-en"]');
    await poll(() => count(page)).toBe(`${visible.toLocaleString('en-GB')} entries`);
    expect(await page.locator('#view-title').textContent()).toContain('User logs');
    await poll(() => page.locator('.ag-row[row-index="0"] .ag-cell[col-id="occurredAt"]').textContent()).toMatch(
      /^\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2}Demo$/,
    );
    await page.click('[data-testid="lang-sv"]');

    // Nothing before the log began: the empty state.
    await page.fill('[data-testid="logs-to"]', '2001-01-01T00:00');
    await page.click('[data-testid="logs-apply"]');
    await poll(() => page.locator('[data-testid="logs-empty"]').textContent()).toBe('Inga loggposter matchar filtret.');
    expect(await count(page)).toBe('0 poster');
    await page.click('[data-testid="logs-clear"]');
    await poll(() => count(page)).toBe(`${visible.toLocaleString('sv-SE').replace(/\s/g, ' ')} poster`);

    // A mistyped number is caught before anything is sent.
    const sent = posts.length;
    const typo = patient.number.slice(0, -1) + String((Number(patient.number.slice(-1)) + 1) % 10);
    await page.fill('[data-testid="logs-patient"]', typo);
    await page.press('[data-testid="logs-patient"]', 'Enter');
    await poll(() => page.locator('[data-testid="logs-error-patient"]').textContent()).toContain('kontrollsiffra');
    await page.waitForTimeout(300);
    expect(posts.length).toBe(sent);

    // The right one narrows the list to that patient's entries: one pseudonym throughout.
    await page.fill('[data-testid="logs-patient"]', `${patient.number.slice(0, 8)}-${patient.number.slice(8)}`);
    await page.click('[data-testid="logs-apply"]');
    await poll(() => count(page)).toBe(`${patient.visible} ${patient.visible === 1 ? 'post' : 'poster'}`);
    await poll(async () => (await shownRows(page)).filter((r) => r.time).length).toBe(Math.min(patient.visible, (await shownRows(page)).length));
    const pseudonyms = await page.locator('.ag-cell[col-id="patient"]').allTextContents();
    expect(new Set(pseudonyms.filter(Boolean)).size).toBe(1);
    expect(posts.slice(sent).some((p) => p.includes(patient.number.slice(8)))).toBe(true);
    await screenshot(page, '7-user-logs-patient.png');

    // The number is in no URL, no storage; sign-out takes the field and the session away.
    expect(page.url()).not.toContain(patient.number.slice(8));
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    expect(stored).not.toContain(patient.number.slice(8));
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="demo-LOG_REVIEWER"]');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.click('[data-testid="demo-LOG_REVIEWER"]');
    await page.waitForSelector('[data-testid="logs-grid"] .ag-row[row-index="0"] [data-time]');
    expect(await page.inputValue('[data-testid="logs-patient"]')).toBe('');
    await context.close();
  }, 120_000);

  it('logged no errors in the browser', () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
