// The copilot in a real browser against `sigma serve` and the loopback OpenAI-compatible model server:
// draft, edit, approve; draft, reject with a reason; the trajectory records each decision. Autopilot
// stops at its turn cap and on Stop. A model customer chosen on the set-up page (tests run in order:
// each leaves the scripted answers it did not use to the next).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trajectory } from '../src/contracts/trajectory.ts';
import { type OpenAICompatibleTestServer, reply, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { accessibilityProblems, checkBrowserSetup, launchBrowser, openPage } from './support/browser.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';

const KEY = 'sk-sigma-web-test';
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

async function startWithCopilot(page: import('playwright-core').Page): Promise<string> {
  await page.goto(`${server.url}/?env=retail&task=0`);
  await page.getByLabel('Copilot model').fill('openai-compatible:copilot-test');
  await page.getByRole('button', { name: 'Start task 0' }).click();
  await page.waitForURL(/\/play\//);
  await page.locator('.msg-user').first().waitFor();
  await page.getByRole('tab', { name: 'Copilot' }).click();
  return new URL(page.url()).pathname.split('/').pop()!;
}

describe('the copilot in the web app', () => {
  it('plays with a model customer chosen on the set-up page (the loopback model)', async () => {
    const { page, context, problems } = await openPage(browser);
    llm.enqueue(
      'Hello, I would like to cancel order #W1392577, please.',
      'My name is Bruno Haddad, zip 99219.',
    );
    await page.goto(`${server.url}/?env=retail&task=0`);
    await page.getByLabel('Strategy').selectOption('llm');
    await page.getByLabel('Model (provider:model)').fill('openai-compatible:customer-test');
    await page.getByRole('button', { name: 'Start task 0' }).click();
    await page.waitForURL(/\/play\//);
    await page.getByText('Hello, I would like to cancel order #W1392577, please.').waitFor();
    expect(await page.getByText(/customer: llm openai-compatible:customer-test/).count()).toBe(1);
    await page.getByLabel('Message to the customer').fill('Could you give me your name and zip code?');
    await page.getByLabel('Message to the customer').press('Enter');
    await page.getByText('My name is Bruno Haddad, zip 99219.').waitFor();
    const last = llm.requests.at(-1)!;
    expect(JSON.stringify(last.messages)).toContain('Could you give me your name and zip code?');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('drafts, edits and approves; drafts and rejects with a reason; the trajectory records both', async () => {
    const { page, context, problems } = await openPage(browser);
    const id = await startWithCopilot(page);
    llm.enqueue(
      reply.toolCall(
        'find_user_id_by_name_zip',
        '{"first_name": "Bruno", "last_name": "Haddad", "zip": "99218"}',
      ),
      reply.toolCall('get_order_details', { order_id: '#W0000000' }),
    );
    const copilot = page.getByRole('region', { name: 'copilot' });
    await copilot.getByRole('button', { name: 'Draft next action' }).click();
    await copilot.getByText('find_user_id_by_name_zip {"first_name": "Bruno"').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await copilot.getByRole('button', { name: 'Edit' }).click();
    await copilot
      .getByLabel('Edited arguments (JSON)')
      .fill('{"first_name": "Bruno", "last_name": "Haddad", "zip": "99219"}');
    await copilot.getByRole('button', { name: 'Send edited' }).click();
    await page.locator('.msg-tool').first().waitFor();
    expect(await page.locator('.msg-tool').first().textContent()).toContain('bruno_haddad_4608');

    await page.keyboard.press('Alt+D');
    await copilot.getByText('get_order_details {"order_id":"#W0000000"}').waitFor();
    await page.keyboard.press('Alt+R');
    await copilot.getByLabel('Why reject it?').fill('the customer named order #W1392577');
    await copilot.getByRole('button', { name: 'Reject with this reason' }).click();
    await copilot.getByText('Last decision: rejected').waitFor();
    expect(await page.locator('.msg-tool').count()).toBe(1);

    const record = (await (await fetch(`${server.url}/trajectories/${id}`)).json()) as Trajectory;
    expect((record.proposals ?? []).map((p) => [p.decision, p.reason ?? null])).toEqual([
      ['edited', null],
      ['rejected', 'the customer named order #W1392577'],
    ]);
    expect(record.proposals?.[0]?.final).toEqual({
      type: 'tool_call',
      name: 'find_user_id_by_name_zip',
      arguments: '{"first_name": "Bruno", "last_name": "Haddad", "zip": "99219"}',
    });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('autopilot approves drafts up to its turn cap, then stops', async () => {
    const { page, context, problems } = await openPage(browser);
    await startWithCopilot(page);
    llm.enqueue(
      reply.toolCall(
        'find_user_id_by_name_zip',
        '{"first_name": "Bruno", "last_name": "Haddad", "zip": "99219"}',
      ),
      reply.toolCall('get_order_details', { order_id: '#W1392577' }),
      reply.toolCall('get_user_details', { user_id: 'bruno_haddad_4608' }),
    );
    const copilot = page.getByRole('region', { name: 'copilot' });
    await copilot.getByLabel('Autopilot turn cap').fill('2');
    await copilot.getByRole('button', { name: 'Autopilot' }).click();
    await copilot.getByRole('button', { name: 'Autopilot' }).waitFor();
    await page.locator('.msg-tool').nth(1).waitFor();
    expect(await page.locator('.msg-tool').count()).toBe(2);
    await copilot.getByText('Last decision: approved: get_order_details').waitFor();
    // The third scripted answer was never asked for: the cap stopped it.
    expect(llm.pending).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('Stop autopilot stops it before its cap', async () => {
    const { page, context, problems } = await openPage(browser);
    await startWithCopilot(page);
    const slow = { delayMs: 1500 };
    llm.enqueue(
      reply.toolCall(
        'find_user_id_by_name_zip',
        '{"first_name": "Bruno", "last_name": "Haddad", "zip": "99219"}',
        slow,
      ),
      reply.toolCall('get_order_details', { order_id: '#W1392577' }, slow),
      reply.toolCall('get_user_details', { user_id: 'bruno_haddad_4608' }, slow),
      reply.toolCall('get_user_details', { user_id: 'bruno_haddad_4608' }, slow),
    );
    const copilot = page.getByRole('region', { name: 'copilot' });
    await copilot.getByLabel('Autopilot turn cap').fill('4');
    await copilot.getByRole('button', { name: 'Autopilot' }).click();
    await page.locator('.msg-tool').first().waitFor();
    await copilot.getByRole('button', { name: 'Stop autopilot' }).click();
    await copilot.getByRole('button', { name: 'Autopilot' }).waitFor();
    const performed = await page.locator('.msg-tool').count();
    expect(performed).toBeLessThanOrEqual(2);
    expect(llm.pending).toBeGreaterThanOrEqual(2);
    // Drafts left unanswered are not performed later.
    await page.waitForTimeout(2000);
    expect(await page.locator('.msg-tool').count()).toBe(performed);
    expect(problems).toEqual([]);
    await context.close();
  });
});
