// Figure 9: the grid's user-log browser in headless Chromium (Debian's chromium driven by
// playwright-core, as the grid's e2e tests) against the real server over a big log: the time from
// opening the log view to its first rows, and from jumping to the middle of the list (the
// scrollbar set to half its range, as a drag to the middle ends) to the rows there shown.
//
// Two viewers: an analyst, who sees every entry (pseudonymised), and a log reviewer of the
// organisation with the most entries, who sees that organisation's entries only. Each run opens
// the view afresh (a new list, nothing learnt), so every jump is a first jump; the clock runs in
// the page, from the navigation (or the scroll) to the DOM holding the rows, with the requests the
// browser made in between counted from its resource timings. The grid is the production build
// served by the registry at /, as `npm start` serves it.
//
// Targets (issue 4, "Speed"): first rows under 1 s, the middle under 500 ms, on 10 million entries.
//
// Usage: `benchGridLogs({ databaseFile, entries })` with the database figures 4–8 import (run.ts's
// prepareLogWorld). Without /usr/bin/chromium the figure is reported as skipped.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gridBuildIsStale } from '../../apps/grid/scripts/freshness.mjs';
import { startRegistry, type Registry } from '../support/server';
import { log, median, ms, RUNS, spread, type ResultRow } from './lib';
import { fmtInt } from './logData';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../apps/grid/test/e2e/chromium';

type Playwright = typeof import('../../apps/grid/node_modules/playwright-core');
type Page = Awaited<ReturnType<Awaited<ReturnType<Playwright['chromium']['launch']>>['newPage']>>;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const gridDir = join(root, 'apps', 'grid');
const OPEN_TARGET_MS = 1000;
const JUMP_TARGET_MS = 500;
const TIMEOUT_MS = 60_000;

interface Measure {
  ms: number;
  requests: number;
  /** The summed durations of those requests as the browser saw them. */
  requestMs: number;
  /** When the first request started and the last answer ended, from the clock's start. */
  firstRequestAt: number;
  lastAnswerAt: number;
  firstRow: number;
}

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

/** In the page: go to the log view and wait for row 0 to hold an entry. */
function openInPage(timeoutMs: number): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const done = () => {
      if (!document.querySelector('[data-testid="logs-grid"] .ag-row[row-index="0"] [data-time]')) return false;
      const t1 = performance.now();
      const graphql = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('/graphql') && e.startTime >= t0 && e.startTime <= t1) as PerformanceResourceTiming[];
      resolve({
        ms: t1 - t0,
        requests: graphql.length,
        requestMs: graphql.reduce((n, e) => n + e.duration, 0),
        firstRequestAt: graphql.length ? Math.min(...graphql.map((e) => e.startTime)) - t0 : 0,
        lastAnswerAt: graphql.length ? Math.max(...graphql.map((e) => e.responseEnd)) - t0 : 0,
        firstRow: 0,
      });
      return true;
    };
    const observer = new MutationObserver(() => {
      if (done()) observer.disconnect();
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    location.hash = '#/user-logs';
    setTimeout(() => {
      observer.disconnect();
      reject(new Error('the log view showed no rows'));
    }, timeoutMs);
  });
}

/** In the page: set the scrollbar to `fraction` of its range and wait until every row in view holds an entry. */
function jumpInPage(args: { fraction: number; timeoutMs: number }): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const grid = document.querySelector('[data-testid="logs-grid"]')!;
    const viewport = grid.querySelector<HTMLElement>('.ag-grid-viewport')!;
    const box = viewport.getBoundingClientRect();
    const minRow = 10;
    const t0 = performance.now();
    const done = () => {
      const rows = [...grid.querySelectorAll('.ag-row[row-index]')].filter((r) => {
        if (!r.querySelector('.ag-cell[col-id="occurredAt"]')) return false;
        const b = r.getBoundingClientRect();
        return b.bottom > box.top + 41 && b.top < box.bottom - 1;
      });
      if (rows.length === 0 || !rows.every((r) => r.querySelector('[data-time]'))) return false;
      const first = Math.min(...rows.map((r) => Number(r.getAttribute('row-index'))));
      if (first < minRow) return false;
      const t1 = performance.now();
      const graphql = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('/graphql') && e.startTime >= t0 && e.startTime <= t1) as PerformanceResourceTiming[];
      resolve({
        ms: t1 - t0,
        requests: graphql.length,
        requestMs: graphql.reduce((n, e) => n + e.duration, 0),
        firstRequestAt: graphql.length ? Math.min(...graphql.map((e) => e.startTime)) - t0 : 0,
        lastAnswerAt: graphql.length ? Math.max(...graphql.map((e) => e.responseEnd)) - t0 : 0,
        firstRow: first,
      });
      return true;
    };
    const observer = new MutationObserver(() => {
      if (done()) observer.disconnect();
    });
    observer.observe(grid, { subtree: true, childList: true, attributes: true });
    viewport.scrollTop = Math.round((viewport.scrollHeight - viewport.clientHeight) * args.fraction);
    setTimeout(() => {
      observer.disconnect();
      reject(new Error('the rows in the middle were not shown'));
    }, args.timeoutMs);
  });
}

async function measureViewer(page: Page, runs: number, fractions: number[]): Promise<{ open: Measure[]; jump: Measure[]; total: string }> {
  const open: Measure[] = [];
  const jump: Measure[] = [];
  let total = '';
  for (let run = 0; run <= runs; run++) {
    // Away and back: a new view, a new list, nothing cached or learnt.
    await page.evaluate(() => {
      location.hash = '#/municipalities';
    });
    await page.waitForSelector('[data-testid="municipalities-grid"] .ag-row[row-id]', { timeout: TIMEOUT_MS });
    const o = await page.evaluate(openInPage, TIMEOUT_MS);
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="row-count"]')?.textContent ?? ''), undefined, { timeout: TIMEOUT_MS });
    total = (await page.locator('[data-testid="row-count"]').textContent()) ?? '';
    await page.waitForTimeout(300); // the grid takes in the row count
    const j = await page.evaluate(jumpInPage, { fraction: fractions[run % fractions.length]!, timeoutMs: TIMEOUT_MS });
    if (run > 0) {
      open.push(o);
      jump.push(j);
    }
  }
  return { open, jump, total };
}

const describe = (label: string, m: Measure[]) =>
  `${label}: ${m
    .map(
      (x) =>
        `${x.ms.toFixed(0)} ms (${x.requests} request${x.requests === 1 ? '' : 's'}, ${x.requestMs.toFixed(0)} ms in them, the first sent at ${x.firstRequestAt.toFixed(0)} ms, the last answered at ${x.lastAnswerAt.toFixed(0)} ms${x.firstRow ? `; row ${fmtInt(x.firstRow)}` : ''})`,
    )
    .join('; ')}`;

export async function benchGridLogs(
  world: { databaseFile: string; entries: number },
  options: { gridDist?: string; runs?: number } = {},
): Promise<ResultRow[]> {
  const n = fmtInt(world.entries);
  if (!existsSync(CHROMIUM)) {
    return [
      {
        figure: `9. Log view in headless Chromium over ${n} entries`,
        fvm: 'skipped',
        baseline: '–',
        ratio: '–',
        target: `first rows < ${OPEN_TARGET_MS} ms; middle < ${JUMP_TARGET_MS} ms`,
        met: null,
        details: `${CHROMIUM} not found`,
      },
    ];
  }
  const dist = options.gridDist ?? ensureGridBuild();
  const runs = options.runs ?? RUNS;
  const { chromium } = createRequire(join(gridDir, 'package.json'))('playwright-core') as Playwright;
  const registry: Registry = await startRegistry({ file: world.databaseFile, demo: false, responseCache: false, grid: dist });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const rows: ResultRow[] = [];
  try {
    // The reviewer's organisation: the one whose users made the most entries.
    const busiest = registry.sqlite
      .prepare(
        'SELECT o.municipality_code AS code, o.organisation_number AS number, o.name FROM organisations o JOIN (SELECT care_provider_id AS id, count(*) AS n FROM user_log_entries GROUP BY 1 ORDER BY n DESC LIMIT 1) b ON b.id = o.id',
      )
      .get() as { code: string | null; number: string | null; name: string };
    const viewers = [
      { key: 'a', who: 'analyst (every entry, pseudonymised)', token: registry.token('2321000131', 'analyst') },
      { key: 'b', who: `log reviewer of ${busiest.name} (its entries only)`, token: registry.token(busiest.code ?? busiest.number!, 'log_reviewer') },
    ];
    // Around the middle, a different block each run.
    const fractions = [0.5, 0.5013, 0.4987, 0.5029, 0.4971, 0.5041, 0.4959];
    for (const v of viewers) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'sv-SE' });
      await context.addInitScript({ content: `sessionStorage.setItem('fvm.token', ${JSON.stringify(v.token)});` });
      // tsx compiles functions with esbuild's keepNames, which calls __name; the functions run in the page.
      await context.addInitScript({ content: 'window.__name = (f) => f;' });
      const page = await context.newPage();
      await page.goto(`${registry.origin}/#/municipalities`);
      await page.waitForSelector('[data-testid="viewer"]', { timeout: TIMEOUT_MS });
      log(`figure 9${v.key}: ${v.who}, ${runs} runs after a warm-up`);
      const m = await measureViewer(page, runs, fractions);
      await context.close();
      const openMs = median(m.open.map((x) => x.ms));
      const jumpMs = median(m.jump.map((x) => x.ms));
      const shown = m.total.replace(/\s+/g, ' ').trim();
      rows.push({
        figure: `9${v.key}. Log view in headless Chromium over ${n} entries, ${v.who}: opening the view to its first rows`,
        fvm: ms(openMs),
        baseline: '–',
        ratio: '–',
        target: `< ${OPEN_TARGET_MS} ms`,
        met: openMs < OPEN_TARGET_MS,
        details: `${shown} in the list; ${spread(
          m.open.map((x) => x.ms),
          0,
        )} ms; ${describe('runs', m.open)}`,
      });
      rows.push({
        figure: `9${v.key}-jump. Same view: the scrollbar set to the middle of the list to the rows there shown`,
        fvm: ms(jumpMs),
        baseline: '–',
        ratio: '–',
        target: `< ${JUMP_TARGET_MS} ms`,
        met: jumpMs < JUMP_TARGET_MS,
        details: `${spread(
          m.jump.map((x) => x.ms),
          0,
        )} ms; ${describe('runs', m.jump)}`,
      });
    }
  } finally {
    await browser.close();
    await registry.close();
  }
  return rows;
}
