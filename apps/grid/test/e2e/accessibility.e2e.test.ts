// End to end: axe-core (Deque's accessibility engine, the rules behind most audits) on every view
// of the grid in Debian's headless Chromium against the real server: the sign-in page, then each
// view a regional admin reaches from the navigation, with its rows loaded. A serious or critical
// violation on any of them fails the test and is named with its view, rule and elements; the
// lesser ones (moderate, minor) are printed, not failed. One browser, one server, one page.
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/views/Nav';
import { browserSuite, hasChromium, reportMissingChromium, screenshot } from './harness';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const FAILING: readonly ImpactValue[] = ['serious', 'critical'];

interface Finding {
  view: string;
  rule: string;
  impact: ImpactValue | undefined;
  help: string;
  targets: string[];
}

/** axe on the page as it is now; each violation with the view it was found on. */
async function audit(page: Page, view: string): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeSource });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe.run(document, {
      resultTypes: ['violations'],
      // WCAG 2.1 A and AA, as the accessibility directive (EN 301 549) asks of public bodies.
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }),
  );
  return results.violations.map((v) => ({
    view,
    rule: v.id,
    impact: v.impact ?? undefined,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
}

/** Until the view shows its content: its rows, an empty message, or (not a grid) its heading. */
async function settled(page: Page): Promise<void> {
  await page.waitForSelector('main h1, main h2', { timeout: 15_000 });
  await page
    .waitForFunction(
      () => !document.querySelector('main .logs-skeleton, main .cell-stub') && !/Laddar|Läser/.test(document.querySelector('main .count')?.textContent ?? ''),
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => undefined);
  // Fades and tooltips come to rest (axe reads the colours as drawn).
  await page.waitForTimeout(400);
}

reportMissingChromium('accessibility (axe) on every view', { warn: true });

describe.runIf(hasChromium)('accessibility (axe) on every view', () => {
  const env = browserSuite();

  it('finds no serious or critical violation on the sign-in page or on any view', async () => {
    const { context, page } = await env.newPage({ locale: 'sv-SE', timeout: 15_000 });
    const findings: Finding[] = [];

    await page.goto(`${env.registry.origin}/`);
    await page.waitForSelector('[data-testid="demo-REGIONAL_ADMIN"]');
    findings.push(...(await audit(page, 'sign-in')));

    await page.click('[data-testid="demo-REGIONAL_ADMIN"]');
    await page.waitForSelector('[data-testid="viewer"]');
    for (const route of ROUTES) {
      await page.click(`[data-testid="nav-${route}"]`);
      await settled(page);
      findings.push(...(await audit(page, route)));
      if (route === 'changes') {
        // With a change open: its before-and-after table.
        const first = page.locator('[data-testid="changes-view"] .ag-row[row-index="0"] .ag-cell[col-id="entity"]');
        if (await first.count()) {
          await first.click();
          await page.waitForSelector('[data-testid="change-table"]');
          findings.push(...(await audit(page, 'changes (a change open)')));
        }
      }
    }

    const failing = findings.filter((f) => FAILING.includes(f.impact ?? 'minor'));
    const lesser = findings.filter((f) => !FAILING.includes(f.impact ?? 'minor'));
    if (lesser.length)
      console.info(`axe, moderate and minor (not failed):\n${lesser.map((f) => `  ${f.view}: ${f.rule} (${f.impact}) ${f.targets[0] ?? ''}`).join('\n')}`);
    if (failing.length) await screenshot(page, 'accessibility-failure.png');
    expect(failing.map((f) => `${f.view}: ${f.rule} (${f.impact}): ${f.help} at ${f.targets.join(', ')}`)).toEqual([]);
    await context.close();
  }, 480_000);

  it('logged no errors in the browser', () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
