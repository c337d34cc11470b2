// A real browser for the web app's end-to-end tests: Debian's chromium driven by playwright-core
// (browser downloads are impossible here), with the checks every page gets: no CSP violation, no
// script error, and no serious or critical accessibility violation (axe-core).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { repoRoot } from './shared-data.ts';

export const CHROMIUM = process.env.SIGMA_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Fails with what to do when the web app has not been built or chromium is missing. */
export function checkBrowserSetup(): void {
  if (!existsSync(join(repoRoot, 'dist/web/index.html')))
    throw new Error('the web app is not built: run "npm run build" (npm install and npm ci do it)');
  if (!existsSync(CHROMIUM))
    throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (or set SIGMA_CHROMIUM)`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** CSP violations, uncaught errors and console errors seen so far. */
  problems: string[];
}

/** A page in a fresh context that records CSP violations and script errors. */
export async function openPage(
  browser: Browser,
  viewport = { width: 1400, height: 900 },
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  // Runs in the page (a string: this file is type-checked without the DOM's types).
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample));",
  );
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused API call (401, 404) is logged by the browser as a failed resource; the tests check those.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { page, context, problems };
}

/** Serious and critical accessibility violations on the page as it is now. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
