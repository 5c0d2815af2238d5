// Figures 10 and 11 (issue 4, "Speed"): the grid's Save of 1,000 edited rows in headless Chromium
// against the real server, and the gzipped size of the grid's JavaScript.
//
// Figure 10: a registry with the demo data and 1,000 more roll-out stages (owned by the region,
// marked as demo rows) is opened in Debian's chromium (playwright-core, as the grid's e2e tests) as
// the demo regional admin. Each run loads the first 1,000 rows of the roll-out stages view (the
// grid reads them block by block as it is scrolled), pastes a 1,000-line block into the Area column
// from the top cell (the grid's own paste: one staged edit per row), then times from the click on
// Save to the toolbar reporting "1000 rader sparade." with every row in view marked saved. The
// clock runs in the page. After each run the database must hold exactly 1,000 stages with that
// run's area, each one version further on. Median of 3 runs (BENCH_SAVE_RUNS), fresh edits each.
// The issue sets no number for it: it is reported.
//
// Figure 11: the sum of gzip -9 of apps/grid/dist/assets/*.js (node:zlib), target under 600 kB.
// Both use the production build of the grid, built first if missing or stale.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { gridBuildIsStale } from '../../apps/grid/scripts/freshness.mjs';
import { startRegistry, type Registry } from '../support/server';
import { check, log, median, ms, spread, type ResultRow } from './lib';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../apps/grid/test/e2e/chromium';

type Playwright = typeof import('../../apps/grid/node_modules/playwright-core');

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const gridDir = join(root, 'apps', 'grid');
const ROWS = 1000;
const SAVE_RUNS = Number(process.env.BENCH_SAVE_RUNS ?? 3);
const SIZE_TARGET_KB = 600;
const TIMEOUT_MS = Number(process.env.BENCH_SAVE_TIMEOUT_MS ?? 120_000);
const ROUTE = 'rollout-stages';
const SCOPE = `[data-testid="${ROUTE}-view"]`;

/** Builds the grid when its build is missing or stale (as the e2e tests do); returns the directory to serve. */
function ensureGridBuild(): string {
  if (gridBuildIsStale(root)) {
    const pnpm = `pnpm@${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]}`;
    const built = spawnSync('npx', ['--yes', pnpm, '--filter', '@fvm/grid', 'run', 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (built.status !== 0) throw new Error('building the grid failed');
  }
  return join(gridDir, 'dist');
}

/** Figure 11: gzip -9 of every JavaScript file the build ships. */
export function benchGridJsSize(dist = ensureGridBuild()): ResultRow {
  const assets = join(dist, 'assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const sizes = files.map((f) => {
    const raw = readFileSync(join(assets, f));
    return { f, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
  });
  const gz = sizes.reduce((n, s) => n + s.gz, 0);
  const raw = sizes.reduce((n, s) => n + s.raw, 0);
  const kb = (b: number) => `${(b / 1024).toFixed(1)} kB`;
  return {
    figure: "11. The grid's JavaScript, gzipped (gzip -9 of apps/grid/dist/assets/*.js)",
    fvm: kb(gz),
    baseline: '–',
    ratio: '–',
    target: `< ${SIZE_TARGET_KB} kB`,
    met: gz < SIZE_TARGET_KB * 1024,
    details: `${files.length} file${files.length === 1 ? '' : 's'}, ${kb(raw)} before gzip: ${sizes
      .sort((a, b) => b.gz - a.gz)
      .map((s) => `${s.f} ${kb(s.gz)}`)
      .join(', ')}`,
  };
}

/**
 * In the page: scroll the view through its first `count` rows so that the grid holds their data,
 * then back to the top. A scroll set while the grid is still rendering rows (after a Save it reads
 * them again) can be lost to it: the viewport stands at the new place, the grid still draws the
 * old rows and asks for no block. A row that has not come within a second is therefore scrolled to
 * again, one pixel off and back, which the grid sees as a fresh scroll.
 */
async function loadRowsInPage(args: { scope: string; count: number; timeoutMs: number }): Promise<{ height: number; nudges: number }> {
  const grid = document.querySelector(`${args.scope} [data-testid$="-view-grid"]`)!;
  const viewport = (grid.querySelector<HTMLElement>('.ag-grid-viewport') ?? grid.querySelector<HTMLElement>('.ag-body-viewport'))!;
  const first = grid.querySelector<HTMLElement>('.ag-row[row-index="0"]')!;
  const height = first.getBoundingClientRect().height;
  const deadline = performance.now() + args.timeoutMs;
  let nudges = 0;
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const loaded = (k: number) => (grid.querySelector(`.ag-row[row-index="${k}"] .ag-cell[col-id="area"]`)?.textContent ?? '').trim() !== '';
  const scrollTo = async (k: number) => {
    const top = k * height;
    viewport.scrollTop = top;
    for (let since = performance.now(); !loaded(k);) {
      if (performance.now() > deadline) {
        const rendered = [...grid.querySelectorAll('.ag-row[row-index]')].map((r) => Number(r.getAttribute('row-index')));
        throw new Error(
          `row ${k} was not loaded (the viewport at ${viewport.scrollTop} px of ${top}, rows ${Math.min(...rendered)}–${Math.max(...rendered)} drawn, ${nudges} nudges)`,
        );
      }
      if (performance.now() - since > 1000) {
        viewport.scrollTop = top > 0 ? top - 1 : top + 1;
        await frame();
        viewport.scrollTop = top;
        nudges++;
        since = performance.now();
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  for (let k = 0; k < args.count; k += 25) await scrollTo(k);
  await scrollTo(args.count - 1);
  await scrollTo(0);
  return { height, nudges };
}

/** In the page: paste a block of text onto the focused cell, as a spreadsheet's Ctrl+V does. */
function pasteInPage(text: string) {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const target = (document.activeElement as HTMLElement | null) ?? document.body;
  target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}

/** In the page: click Save and wait until the toolbar reports every row saved and the rows in view show it. */
function saveInPage(args: { scope: string; expected: string; timeoutMs: number }): Promise<{ ms: number; request: number; rowsSaved: number }> {
  return new Promise((resolve, reject) => {
    const scope = document.querySelector(args.scope)!;
    const button = scope.querySelector<HTMLButtonElement>('[data-testid="save"]')!;
    const t0 = performance.now();
    const done = () => {
      if (scope.querySelector('[data-testid="message"]')?.textContent !== args.expected) return false;
      const states = [...scope.querySelectorAll('.ag-row [data-testid="row-state"]')].map((s) => s.getAttribute('data-state'));
      const saved = states.filter((s) => s === 'saved').length;
      if (saved === 0 || states.some((s) => s !== 'saved')) return false;
      const t1 = performance.now();
      const graphql = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('/graphql') && e.startTime >= t0 && e.startTime <= t1) as PerformanceResourceTiming[];
      resolve({ ms: t1 - t0, request: graphql.length ? Math.max(...graphql.map((e) => e.duration)) : 0, rowsSaved: saved });
      return true;
    };
    const observer = new MutationObserver(() => {
      if (done()) observer.disconnect();
    });
    observer.observe(scope, { subtree: true, childList: true, attributes: true, characterData: true });
    button.click();
    setTimeout(() => {
      observer.disconnect();
      const states = [...scope.querySelectorAll('.ag-row [data-testid="row-state"]')].map((s) => s.getAttribute('data-state'));
      reject(
        new Error(
          `Save did not report "${args.expected}": the toolbar says "${scope.querySelector('[data-testid="message"]')?.textContent ?? ''}", the rows in view ${states.join(' ')}`,
        ),
      );
    }, args.timeoutMs);
  });
}

/** Figure 10. */
export async function benchGridSave(options: { gridDist?: string; runs?: number } = {}): Promise<ResultRow> {
  const dist = options.gridDist ?? ensureGridBuild();
  const figure = `10. Save of ${ROWS.toLocaleString('en')} edited rows in headless Chromium (roll-out stages, regional admin): Save clicked to every row saved`;
  if (!existsSync(CHROMIUM)) return { figure, fvm: 'skipped', baseline: '–', ratio: '–', target: '– (reported)', met: null, details: `${CHROMIUM} not found` };
  const runs = options.runs ?? SAVE_RUNS;
  const { chromium } = createRequire(join(gridDir, 'package.json'))('playwright-core') as Playwright;
  const registry: Registry = await startRegistry({ grid: dist, demoSignIn: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    // 1,000 more stages, owned by the region, valid under the domain rules (a unique number, an area, real or no dates).
    const region = registry.sqlite.prepare("SELECT id FROM organisations WHERE organisation_number = '2321000131'").get() as { id: number } | undefined;
    check(region, 'the demo data has no Västra Götalandsregionen (2321000131)');
    const top = (registry.sqlite.prepare('SELECT coalesce(max(number), 0) AS n FROM rollout_stages').get() as { n: number }).n;
    const insert = registry.sqlite.prepare('INSERT INTO rollout_stages (number, area, planned_go_live, owner_org_id, is_demo) VALUES (?, ?, ?, ?, 1)');
    registry.sqlite.transaction(() => {
      for (let i = 1; i <= ROWS; i++) insert.run(top + i, `Bänketapp ${top + i}`, `2030-${String((i % 12) + 1).padStart(2, '0')}-01`, region.id);
    })();
    const total = (registry.sqlite.prepare('SELECT count(*) AS n FROM rollout_stages').get() as { n: number }).n;

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'sv-SE' });
    // tsx compiles functions with esbuild's keepNames, which calls __name; the functions run in the page.
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${registry.origin}/`);
    await page.click('[data-testid="demo-REGIONAL_ADMIN"]');
    await page.waitForSelector('[data-testid="viewer"]');
    await page.click(`[data-testid="nav-${ROUTE}"]`);
    await page.waitForSelector(`${SCOPE} .ag-row[row-id]`);
    await page.waitForFunction((t) => document.querySelector(`${t.scope} [data-testid="row-count"]`)?.textContent === `${t.total} rader`, {
      scope: SCOPE,
      total,
    });

    log(`figure 10: ${ROWS} roll-out stages saved from the grid, ${runs} runs after a warm-up (${total} stages in all)`);
    const measures: { ms: number; request: number; rowsSaved: number }[] = [];
    for (let run = 0; run <= runs; run++) {
      const label = `Bänkkörning ${run}`;
      const { nudges } = await page.evaluate(loadRowsInPage, { scope: SCOPE, count: ROWS, timeoutMs: TIMEOUT_MS });
      if (nudges) log(`figure 10 run ${run}: the rows were scrolled to again ${nudges} time${nudges === 1 ? '' : 's'} (a scroll the grid missed)`);
      await page.locator(`${SCOPE} .ag-row[row-index="0"] .ag-cell[col-id="area"]`).click();
      const block = Array.from({ length: ROWS }, (_, i) => `${label}: rad ${i + 1}`).join('\n');
      await page.evaluate(pasteInPage, block);
      await page.waitForFunction((s) => document.querySelector(`${s} [data-testid="pending-count"]`)?.textContent === '1000 rader ändrade', SCOPE);
      const message = await page.locator(`${SCOPE} [data-testid="message"]`).textContent();
      check(message === `${ROWS} celler inklistrade.`, `the paste staged: ${message}`);
      const before = registry.sqlite.prepare('SELECT sum(version) AS v FROM rollout_stages').get() as { v: number };
      const m = await page.evaluate(saveInPage, { scope: SCOPE, expected: `${ROWS} rader sparade.`, timeoutMs: TIMEOUT_MS });
      const after = registry.sqlite.prepare('SELECT count(*) AS n, sum(version) AS v FROM rollout_stages WHERE area LIKE ?').get(`${label}: rad %`) as {
        n: number;
        v: number;
      };
      const versions = (registry.sqlite.prepare('SELECT sum(version) AS v FROM rollout_stages').get() as { v: number }).v;
      check(after.n === ROWS, `run ${run}: ${after.n} stages hold the pasted area, not ${ROWS}`);
      check(versions - before.v === ROWS, `run ${run}: the versions rose by ${versions - before.v}, not ${ROWS}`);
      log(
        `figure 10 run ${run}${run === 0 ? ' (warm-up)' : ''}: ${m.ms.toFixed(0)} ms (the request ${m.request.toFixed(0)} ms; ${m.rowsSaved} rows in view marked saved)`,
      );
      if (run > 0) measures.push(m);
      // The saved marks fade and the grid reads the rows again before the next run's edits.
      await page.waitForFunction((s) => !document.querySelector(`${s} [data-testid="row-state"][data-state="saved"]`), SCOPE);
      await page.waitForFunction(
        (s) => !!document.querySelector(`${s} .ag-row[row-index="0"] .ag-cell[col-id="area"]`)?.textContent?.includes('Bänkkörning'),
        SCOPE,
      );
    }
    // Over GraphQL as well: the last run's areas, as the regional admin reads them.
    const last = `Bänkkörning ${runs}: rad `;
    const seen = await registry.gql<{ rolloutStages: { totalCount: number } }>(
      'query($s: String!) { rolloutStages(first: 1, filter: { area: { contains: $s } }) { totalCount } }',
      { s: last },
      registry.token('2321000131', 'regional_admin'),
    );
    const gqlCount = seen.data?.rolloutStages.totalCount;
    await context.close();
    check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
    const value = median(measures.map((x) => x.ms));
    return {
      figure,
      fvm: ms(value),
      baseline: '–',
      ratio: '–',
      target: '– (reported)',
      met: null,
      details: `${spread(
        measures.map((x) => x.ms),
        0,
      )} ms over ${measures.length} runs after a warm-up: ${measures.map((x) => `${x.ms.toFixed(0)} ms (the mutation's request ${x.request.toFixed(0)} ms)`).join('; ')}; each run ${ROWS} rows pasted into Area (one block), one SaveRolloutStages mutation, ${ROWS} rows changed in the database (versions checked)${gqlCount === undefined ? '' : `, ${gqlCount} over GraphQL after the last`}; ${total} stages in the view`,
    };
  } finally {
    await browser.close();
    await registry.close();
  }
}
