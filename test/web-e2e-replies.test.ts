// The customer's replies in a real browser against `sigma serve` and the loopback OpenAI-compatible
// model server: each message shows its time; a model customer's reply grows on the page as its pieces
// arrive (the loopback server paces its stream); "Regenerate reply" with a note replaces the reply and
// the trajectory records it; the set-up page's boxes line up and the seed is offered for every strategy.
// Each page is checked with axe (no serious or critical violation).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trajectory } from '../src/contracts/trajectory.ts';
import { type OpenAICompatibleTestServer, reply, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { accessibilityProblems, checkBrowserSetup, launchBrowser, openPage } from './support/browser.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';

const KEY = 'sk-sigma-web-replies';
let llm: OpenAICompatibleTestServer;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  checkBrowserSetup();
  llm = await startOpenAICompatibleServer({ apiKey: KEY });
  [server, browser] = await Promise.all([
    spawnServer(['--store', 'sqlite::memory:'], {
      SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url,
      SIGMA_OPENAI_COMPATIBLE_API_KEY: KEY,
    }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await llm?.close();
});

const LONG_REPLY =
  'My name is Bruno Haddad and my zip code is 99219, and I would like to cancel order W1392577 today.';

describe('customer replies in the web app', () => {
  it('shows message times, streams a model reply as it is written, and regenerates it with a note', async () => {
    const { page, context, problems } = await openPage(browser);
    llm.enqueue('Hello, I would like to cancel an order, please.');
    await page.goto(`${server.url}/?env=retail&task=0`);
    await page.getByLabel('Strategy').selectOption('llm');
    await page.getByLabel('Model (provider:model)').fill('openai-compatible:customer-test');
    await page.getByRole('button', { name: 'Start task 0' }).click();
    await page.waitForURL(/\/play\//);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const opening = page.locator('.msg-user').first();
    await opening.getByText('Hello, I would like to cancel an order, please.').waitFor();

    // Times: a <time> with the machine-readable UTC time, shown the same whatever the locale.
    const time = opening.locator('time');
    const dateTime = await time.getAttribute('datetime');
    expect(dateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await time.textContent()).toBe(`${dateTime!.slice(11, 19)} UTC`);

    // Streamed: the reply is seen part-written before it is whole.
    llm.enqueue(reply.text(LONG_REPLY, { chunkDelayMs: 120 }));
    await page.getByLabel('Message to the customer').fill('Could you give me your name and zip code?');
    await page.getByLabel('Message to the customer').press('Enter');
    const pending = page.getByTestId('pending-reply');
    // Read from here, not in the page (its CSP refuses evaluated scripts).
    let partial = '';
    for (let i = 0; i < 200 && !(partial.startsWith('My name is') && partial.length < 60); i++) {
      partial = (await pending.textContent({ timeout: 5000 }).catch(() => '')) ?? '';
      if (!partial.startsWith('My name is')) await page.waitForTimeout(20);
    }
    expect(partial).toMatch(/^My name is/);
    expect(partial.length).toBeLessThan(60);
    expect(LONG_REPLY.startsWith(partial.trim())).toBe(true);
    await page.locator('.msg-user').last().getByText(LONG_REPLY).waitFor();
    await pending.waitFor({ state: 'detached' });
    // The sent message and the streamed reply get their times once the stored step comes back.
    await page.locator('.msg time').nth(2).waitFor();
    expect(await page.locator('.msg time').count()).toBe(3);
    expect(await accessibilityProblems(page)).toEqual([]);

    // Regenerate with a note: the reply is replaced; the model was told the note.
    llm.enqueue('Why do you need my zip code?');
    await page.getByLabel("Note for the customer's new reply (optional)").fill('be less cooperative');
    await page.getByRole('button', { name: 'Regenerate reply' }).click();
    await page.locator('.msg-user').last().getByText('Why do you need my zip code?').waitFor();
    expect(await page.getByText(LONG_REPLY).count()).toBe(0);
    expect(await page.locator('.msg').count()).toBe(3);
    expect(JSON.stringify(llm.requests.at(-1)!.messages[0])).toContain('be less cooperative');
    const trajectory = (await (await fetch(`${server.url}/trajectories/${id}`)).json()) as Trajectory;
    expect(trajectory.regenerated).toEqual([
      expect.objectContaining({
        note: 'be less cooperative',
        replaced: expect.objectContaining({ content: LONG_REPLY }),
      }),
    ]);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('set-up: "Continue a session" sits under the domain box, and the seed is offered for the scripted customer', async () => {
    const { page, context, problems } = await openPage(browser, { width: 1440, height: 900 });
    await page.goto(`${server.url}/?env=retail`);
    await page.getByRole('heading', { name: 'Continue a session' }).waitFor();
    const box = async (name: string) =>
      (await page.getByRole('region', { name }).boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
    const [domain, customer, resume] = [
      await box('Domain'),
      await box('Customer'),
      await box('Continue a session'),
    ];
    expect(Math.abs(resume.x - domain.x)).toBeLessThan(2);
    expect(resume.y - (domain.y + domain.height)).toBeLessThan(40);
    expect(resume.y).toBeLessThan(customer.y + customer.height);
    await page.getByLabel('Strategy').selectOption('scripted');
    await page.getByLabel('Seed', { exact: true }).waitFor();
    await page.getByText("picks the scripted customer's wording").waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
