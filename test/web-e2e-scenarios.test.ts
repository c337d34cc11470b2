// "Generate a new scenario" on the set-up page, in a real browser (Debian's chromium through
// playwright-core) against a real `sigma serve` child process with no model: generated offline with a
// seed, previewed (customer, records, the goal behind "Show goal", the ground truth), started, and its
// ground truth played through the tool forms with the scripted customer to reward 1.0. Accessible.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityProblems,
  checkBrowserSetup,
  launchBrowser,
  openPage,
  type WatchedPage,
} from './support/browser.ts';
import { call } from './support/server-harness.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';
import { offlineEnv } from './support/tmux.ts';
import { callTool, type FormRecord, finish, send } from './support/web-player.ts';

const dir = mkdtempSync(join(tmpdir(), 'sigma-web-scenarios-'));
let server: ServerProcess;
let browser: Browser;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  checkBrowserSetup();
  [server, browser] = await Promise.all([
    spawnServer(['--store', `sqlite:${join(dir, 'sigma.db')}`], {
      ...offlineEnv(join(dir, 'home')),
      SIGMA_API_TOKEN: '',
    }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  for (const w of pages) await w.context.close();
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function expectClean(watched: WatchedPage): Promise<void> {
  expect(await accessibilityProblems(watched.page)).toEqual([]);
  expect(watched.problems).toEqual([]);
}

interface Tool {
  name: string;
  parameters: { properties?: Record<string, { enum?: string[] }> };
}

const DESCRIBE = 'a customer who wants to cancel an order';
const SEED = 4;

describe('generate a new scenario in the web app', () => {
  it('generates offline with a seed, previews it, starts it and plays its ground truth to 1.0', async () => {
    const w = await openPage(browser, { width: 1440, height: 1000 });
    pages.push(w);
    const { page } = w;
    await page.goto(`${server.url}/?env=retail`);
    const panel = page.getByRole('region', { name: 'Generate a new scenario' });
    await panel.waitFor();
    // No model on this server: only the offline source can be chosen.
    await expect
      .poll(() => panel.getByRole('radio', { name: /none configured on this server/ }).isDisabled())
      .toBe(true);
    expect(await panel.getByRole('radio', { name: /offline/ }).isChecked()).toBe(true);
    await panel.getByRole('textbox', { name: /Description/ }).fill(DESCRIBE);
    await panel.getByRole('textbox', { name: 'Scenario seed' }).fill(String(SEED));
    await panel.getByRole('button', { name: 'Generate' }).click();
    const preview = panel.getByRole('region', { name: 'generated scenario' });
    await preview.waitFor();
    // The same scenario as the API draws for this seed and description (deterministic).
    const same = await call(server.url, 'POST', '/scenarios', {
      body: { envName: 'retail', describe: DESCRIBE, seed: SEED, offline: true },
    });
    expect(same.status, same.text).toBe(200);
    const scenario = same.json.scenario as {
      name: string;
      instruction: string;
      actions: Array<{ name: string; kwargs: Record<string, unknown> }>;
      outputs: string[];
      meta: { kind: string };
    };
    expect(scenario.meta.kind).toBe('cancel');
    expect(await preview.getByRole('heading', { name: scenario.name }).count()).toBe(1);
    expect(await preview.getByText(scenario.instruction).count()).toBe(0);
    await preview.locator('label.switch', { hasText: 'Show goal' }).click();
    await preview.getByText(scenario.instruction).waitFor();
    const truth = (await preview.locator('.ground-truth li').allTextContents()).map((t) => t.split('(')[0]);
    expect(truth).toEqual(scenario.actions.map((a) => a.name));
    await expectClean(w);
    // docs/images/web-generate-scenario.png: SIGMA_SCREENSHOT_OUT=$PWD/docs/images
    const out = process.env.SIGMA_SCREENSHOT_OUT;
    if (out !== undefined)
      await page.screenshot({ path: join(out, 'web-generate-scenario.png'), fullPage: true });

    await preview.getByRole('button', { name: 'Start this scenario' }).click();
    await page.waitForURL(/\/play\/[0-9a-f-]{36}$/);
    await page.locator('.msg-user').first().waitFor();
    const tools = (await call(server.url, 'GET', '/environments/retail/tools')).json.tools as Tool[];
    for (const action of scenario.actions) {
      const params = tools.find((t) => t.name === action.name)!.parameters.properties ?? {};
      const values: FormRecord = {};
      for (const [arg, value] of Object.entries(action.kwargs))
        values[arg] = params[arg]?.enum !== undefined ? { choose: String(value) } : String(value);
      await callTool(page, action.name, values);
    }
    const figures = scenario.outputs.length > 0 ? ` The figures: ${scenario.outputs.join(', ')}.` : '';
    await send(page, `Your order is cancelled.${figures} Anything else?`);
    const ended = page.getByRole('status').filter({ hasText: 'The episode has ended' });
    for (let i = 0; i < 4 && (await ended.count()) === 0; i++)
      await send(page, `As I said:${figures} Is there anything else I can help with?`);
    expect(await finish(page)).toBe('1.0');
    await expectClean(w);
  });
});
