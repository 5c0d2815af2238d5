// What every end-to-end file sets up the same way: the grid's production build, a real registry
// serving it (yoga + SQLite, or PostgreSQL under FVM_TEST_ENGINE, with reference and demo data,
// over real HTTP), Debian's headless
// Chromium, pages that record the GraphQL requests they send and the errors the browser logs, and
// signing in as a demo user. A test file states only what it tests.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../../../../test/support/server';
import { ensureGridBuilt } from './build';
import { CHROMIUM, CHROMIUM_FLAGS, SKIPPED, hasChromium } from './chromium';

export { hasChromium };

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..', '..');
const screenshots = join(here, 'screenshots');
const inCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
/** VGR's organisation number: its regional admin arranges and checks things over the API. */
const VGR = '2321000131';

/**
 * Without Chromium the browser tests cannot run: outside CI a skipped test says so (and, with
 * `warn`, a line on the console); under CI a failing one, for there they may not be skipped.
 */
export function reportMissingChromium(suite: string, { warn = false } = {}): void {
  if (hasChromium) return;
  if (warn && !inCI) console.warn(`\n  ${SKIPPED}\n`);
  describe(suite, () => {
    if (inCI) {
      it('need Chromium under CI', () => {
        throw new Error(`${CHROMIUM} is missing: .ci/run installs it (apt-get install -y chromium); under CI the browser tests may not be skipped.`);
      });
    } else {
      it.skip(SKIPPED, () => {});
    }
  });
}

/** expect.poll with a time limit. */
export const pollWithin =
  (timeout: number) =>
  <T>(fn: () => T | Promise<T>) =>
    expect.poll(fn, { timeout });
export const poll = pollWithin(10_000);

/** A screenshot of the page as it is, to screenshots/ (the README's pictures come from there). */
export const screenshot = (page: Page, name: string) => page.screenshot({ path: join(screenshots, name) });

/** Signing out with staged edits (`what`, counted as the dialog counts them) asks first (they would be lost); Stay keeps the session. */
export async function signOutAsksAndStay(page: Page, what: string): Promise<void> {
  const dialog = page.locator('[data-testid="leave-dialog"]');
  await page.click('[data-testid="sign-out"]');
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain(`Du har ${what} som inte har sparats. Ändringarna går förlorade`);
  await page.click('[data-testid="leave-stay"]');
  expect(await page.locator('[data-testid="viewer"]').count()).toBe(1);
}

/**
 * Drags a column's right edge (its header's resize handle) to make the column `width` px wide (or
 * its narrowest). On a loaded machine the grid can miss the start of a drag, so a drag that left
 * the column as it was is made again (at most three times).
 */
export async function resizeColumn(page: Page, header: string, width: number): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const head = (await page.locator(header).boundingBox())!;
    if (attempt > 0 && Math.abs(head.width - width) < 20) return;
    const handle = (await page.locator(`${header} .ag-header-cell-resize`).boundingBox())!;
    const y = handle.y + handle.height / 2;
    await page.mouse.move(handle.x + handle.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(head.x + width, y, { steps: 8 });
    await page.mouse.up();
    // Let the grid lay the new width out before it is measured.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }
}

/** Whether a row state's word is shown whole (not wrapped away in a narrow column). */
export const stateWordShown = (page: Page, rowState: string) =>
  page.locator(rowState).evaluate((el) => {
    const word = el.querySelector('.state-word');
    if (!word) return false;
    const box = el.getBoundingClientRect();
    const w = word.getBoundingClientRect();
    return w.bottom <= box.bottom + 0.5 && w.right <= box.right + 0.5;
  });

/** A GraphQL request as the page sent it. */
export interface Gql {
  operationName?: string;
  query?: string;
  variables?: Record<string, unknown>;
}

export interface PageOptions {
  locale?: string;
  acceptDownloads?: boolean;
  /** Playwright's default time limit for the page's actions; 10 s unless given. */
  timeout?: number;
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** The body of every POST to /graphql, in order. */
  posts: string[];
  /** The same requests, parsed. */
  requests: Gql[];
}

export interface BrowserSuite {
  readonly registry: Registry;
  readonly browser: Browser;
  /** A token of VGR's regional admin, for arranging and checking over the API. */
  readonly regionToken: string;
  /**
   * A demo user's token (signed in over the API on first use): it sees what that demo user sees in
   * the grid, and what it creates is demo data that the demo user sees too.
   */
  demoToken(role: string): Promise<string>;
  /** Errors logged by every page of the suite (console.error and uncaught exceptions). */
  readonly consoleErrors: string[];
  /** A fresh browser context (1280×800) and page. */
  newPage(options?: PageOptions): Promise<TestPage>;
  /** Opens the grid and signs in as a demo user (`demo-${role}` on the sign-in page), until it says who you are. */
  signIn(page: Page, role: string): Promise<void>;
}

/**
 * Call inside a describe: builds the grid when stale, starts a registry serving it (then runs
 * `prepare` on it, e.g. to load more data) and Chromium before the tests, and closes both after.
 */
export function browserSuite(options: { prepare?: (registry: Registry) => void | Promise<void> } = {}): BrowserSuite {
  let registry: Registry | undefined;
  let browser: Browser | undefined;
  let regionToken: string | undefined;
  const demoTokens = new Map<string, Promise<string>>();
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    await ensureGridBuilt(root);
    mkdirSync(screenshots, { recursive: true });
    // Demo sign-in on, as `npm start` has it: the tests sign in as demo users.
    registry = await startRegistry({ grid: join(root, 'apps', 'grid', 'dist'), demoSignIn: true });
    regionToken = await registry.newToken(VGR, 'regional_admin');
    await options.prepare?.(registry);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await registry?.close();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} was not started (see the beforeAll error)`);
    return value;
  };

  return {
    get registry() {
      return started(registry, 'the registry');
    },
    get browser() {
      return started(browser, 'Chromium');
    },
    get regionToken() {
      return started(regionToken, 'the registry');
    },
    demoToken(role: string) {
      let token = demoTokens.get(role);
      if (!token) {
        const r = started(registry, 'the registry');
        token = r.gql<{ signInAsDemoUser: string }>(`mutation { signInAsDemoUser(role: ${role}) }`).then((r) => r.data!.signInAsDemoUser);
        demoTokens.set(role, token);
      }
      return token;
    },
    consoleErrors,

    async newPage({ locale, acceptDownloads, timeout = 10_000 }: PageOptions = {}) {
      const context = await started(browser, 'Chromium').newContext({
        viewport: { width: 1280, height: 800 },
        ...(locale === undefined ? {} : { locale }),
        ...(acceptDownloads === undefined ? {} : { acceptDownloads }),
      });
      const page = await context.newPage();
      page.setDefaultTimeout(timeout);
      const posts: string[] = [];
      const requests: Gql[] = [];
      page.on('request', (r) => {
        if (r.method() !== 'POST' || new URL(r.url()).pathname !== '/graphql') return;
        const body = r.postData() ?? '';
        posts.push(body);
        try {
          requests.push(JSON.parse(body || '{}') as Gql);
        } catch {
          requests.push({});
        }
      });
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      return { context, page, posts, requests };
    },

    async signIn(page: Page, role: string) {
      await page.goto(started(registry, 'the registry').origin + '/');
      await page.click(`[data-testid="demo-${role}"]`);
      await page.waitForSelector('[data-testid="viewer"]');
    },
  };
}
