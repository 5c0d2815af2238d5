import { existsSync } from 'node:fs';

/**
 * Debian's Chromium, driven by playwright-core (which cannot download a browser here). Without the
 * background-networking flags Chromium keeps trying hosts this machine cannot reach.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
export const hasChromium = existsSync(CHROMIUM);
export const SKIPPED = 'Chromium not found: skipped the browser tests; install it with apt-get install chromium';
