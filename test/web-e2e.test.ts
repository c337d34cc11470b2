// The web app in a real browser (Debian's chromium through playwright-core) against a real
// `sigma serve` child process: episodes played to reward 1.0 through the generated forms alone, undo
// and rollback, a reload mid-episode, a SIGKILL of the server mid-episode. Every page is checked for
// CSP violations, script errors and serious accessibility violations.
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
import { type ServerProcess, spawnServer } from './support/server-process.ts';
import { callTool, changeRows, finish, send, startEpisode } from './support/web-player.ts';

const dir = mkdtempSync(join(tmpdir(), 'sigma-web-'));
const store = `sqlite:${join(dir, 'sigma.db')}`;
let server: ServerProcess;
let browser: Browser;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  checkBrowserSetup();
  [server, browser] = await Promise.all([spawnServer(['--store', store]), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function newPage(viewport?: { width: number; height: number }): Promise<WatchedPage> {
  const watched = await openPage(browser, viewport);
  pages.push(watched);
  return watched;
}

async function expectClean(watched: WatchedPage): Promise<void> {
  expect(await accessibilityProblems(watched.page)).toEqual([]);
  expect(watched.problems).toEqual([]);
}

const findBruno = { first_name: 'Bruno', last_name: 'Haddad', zip: '99219' };

describe('the web app, end to end', () => {
  it('plays retail task 0 to reward 1.0 through the forms, each page accessible', async () => {
    const w = await newPage();
    const { page } = w;
    await page.goto(`${server.url}/?env=retail&task=0`);
    await page.getByRole('button', { name: 'Start task 0' }).waitFor();
    await expectClean(w);
    await startEpisode(page, server.url, 'retail', 0);
    await callTool(page, 'find_user_id_by_name_zip', findBruno);
    expect(await page.locator('.msg-tool').last().textContent()).toContain('bruno_haddad_4608');
    await callTool(page, 'get_order_details', { order_id: '#W1392577' });
    await callTool(page, 'cancel_pending_order', {
      order_id: '#W1392577',
      reason: { choose: 'no longer needed' },
    });
    expect(await changeRows(page)).toBeGreaterThan(0);
    await expectClean(w);
    await send(page, 'Your order #W1392577 is cancelled. Anything else?');
    expect(await finish(page)).toBe('1.0');
    await page.getByText('The data is exactly what the task expected.').waitFor();
    await expectClean(w);
  });

  it("shows each domain's tools, policy and tasks, read-only and accessible", async () => {
    const w = await newPage();
    await w.page.goto(`${server.url}/domains/airline`);
    await w.page.getByRole('heading', { name: 'Tools of airline' }).waitFor();
    await w.page.getByText('book_reservation', { exact: true }).click();
    const params = w.page.getByRole('table', { name: 'arguments of book_reservation' });
    await params.getByRole('rowheader', { name: 'passengers[].first_name' }).waitFor();
    expect(await params.getByRole('row', { name: /^cabin/ }).textContent()).toContain(
      'one of basic_economy | economy | business',
    );
    await w.page.locator('.markdown h2, .markdown h3').first().waitFor();
    expect(await w.page.getByRole('button', { name: /^Call / }).count()).toBe(0);
    await expectClean(w);
  });

  it('refuses a form with a missing required field before sending anything', async () => {
    const { page, problems } = await newPage();
    await startEpisode(page, server.url, 'retail', 0);
    await page
      .getByRole('list', { name: 'tools' })
      .getByRole('button', { name: 'cancel_pending_order' })
      .click();
    const form = page.getByRole('form', { name: 'arguments of cancel_pending_order' });
    await form.getByRole('textbox', { name: /^order_id/ }).fill('#W1392577');
    await form.getByRole('button', { name: 'Call cancel_pending_order' }).click();
    await form.getByRole('alert').filter({ hasText: '1 field to fix' }).waitFor();
    expect(await page.locator('.msg-tool').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('a wrong write, undone, then the right one: reward 1.0 and no leftover change', async () => {
    const { page, problems } = await newPage();
    await startEpisode(page, server.url, 'retail', 0);
    await callTool(page, 'find_user_id_by_name_zip', findBruno);
    await callTool(page, 'get_order_details', { order_id: '#W1392577' });
    await callTool(page, 'cancel_pending_order', {
      order_id: '#W1392577',
      reason: { choose: 'ordered by mistake' },
    });
    expect(await page.locator('table.diff').textContent()).toContain('ordered by mistake');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await page.getByText('No change to the data so far.').waitFor();
    expect(await page.locator('.msg-tool').count()).toBe(2);
    await callTool(page, 'cancel_pending_order', {
      order_id: '#W1392577',
      reason: { choose: 'no longer needed' },
    });
    const diff = (await page.locator('table.diff').textContent()) ?? '';
    expect(diff).toContain('no longer needed');
    expect(diff).not.toContain('ordered by mistake');
    await send(page, 'Your order #W1392577 is cancelled. Anything else?');
    expect(await finish(page)).toBe('1.0');
    expect(problems).toEqual([]);
  });

  it('rolls back from an earlier message, then a reload continues the same session', async () => {
    const { page, problems } = await newPage();
    const id = await startEpisode(page, server.url, 'retail', 0);
    await callTool(page, 'find_user_id_by_name_zip', findBruno);
    const kept = await page.locator('.msg-tool').first().getAttribute('data-message-id');
    await callTool(page, 'get_order_details', { order_id: '#W1392577' });
    await callTool(page, 'cancel_pending_order', {
      order_id: '#W1392577',
      reason: { choose: 'ordered by mistake' },
    });
    await page.getByRole('button', { name: `Roll back to ${kept}` }).click();
    await page.getByText('No change to the data so far.').waitFor();
    expect(await page.locator('.msg-tool').count()).toBe(1);

    await page.reload();
    await page.locator('.msg-tool').first().waitFor();
    expect(new URL(page.url()).pathname).toBe(`/play/${id}`);
    expect(await page.locator('.msg-tool').count()).toBe(1);
    await callTool(page, 'get_order_details', { order_id: '#W1392577' });
    await callTool(page, 'cancel_pending_order', {
      order_id: '#W1392577',
      reason: { choose: 'no longer needed' },
    });
    await send(page, 'Your order #W1392577 is cancelled. Anything else?');
    expect(await finish(page)).toBe('1.0');
    expect(problems).toEqual([]);
  });

  it('books an airline reservation with passengers, flights and payment methods: reward 1.0', async () => {
    const { page, problems } = await newPage();
    await startEpisode(page, server.url, 'airline', 0);
    await callTool(page, 'get_user_details', { user_id: 'dmitri_sato_4628' });
    await callTool(page, 'search_direct_flight', { origin: 'MIA', destination: 'BOS', date: '2024-05-21' });
    await callTool(page, 'book_reservation', {
      user_id: 'dmitri_sato_4628',
      origin: 'MIA',
      destination: 'BOS',
      flight_type: { choose: 'one_way' },
      cabin: { choose: 'economy' },
      flights: [{ flight_number: 'HAT203', date: '2024-05-21' }],
      passengers: [
        { first_name: 'Dmitri', last_name: 'Sato', dob: '1990-05-23' },
        { first_name: 'Oskar', last_name: 'Park', dob: '1983-05-06' },
      ],
      payment_methods: [{ payment_id: 'credit_card_2255674', amount: '288' }],
      total_baggages: '1',
      nonfree_baggages: '0',
      insurance: { choose: 'no' },
    });
    expect(await page.locator('.msg-tool').last().textContent()).toContain('reservation_id');
    await send(page, 'Your reservation is booked. Anything else?');
    expect(await finish(page)).toBe('1.0');
    expect(problems).toEqual([]);
  });

  it('at 390 px wide: reads the conversation, replies, and calls a tool from the sheet', async () => {
    const w = await newPage({ width: 390, height: 844 });
    const { page } = w;
    await startEpisode(page, server.url, 'retail', 0);
    await send(page, 'Hello! Could you give me your name and zip code?');
    await page.getByRole('button', { name: 'Tools', exact: true }).click();
    const sheet = page.getByRole('dialog', { name: 'tool palette' });
    await sheet.getByRole('button', { name: 'find_user_id_by_name_zip', exact: true }).click();
    await sheet.getByRole('textbox', { name: /^first_name/ }).fill('Bruno');
    await sheet.getByRole('textbox', { name: /^last_name/ }).fill('Haddad');
    await sheet.getByRole('textbox', { name: /^zip/ }).fill('99219');
    await sheet.getByRole('button', { name: 'Call find_user_id_by_name_zip' }).click();
    await page.locator('.msg-tool').first().waitFor();
    // Nothing is wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await expectClean(w);
  });

  it('an episode with a persona text has no ground truth: the result says so, not 0', async () => {
    const w = await newPage();
    const { page } = w;
    await page.goto(`${server.url}/?env=retail`);
    await page.getByLabel(/^Persona text/).fill('You want to know whether the shop sells green tea.');
    await page.getByRole('button', { name: 'Start (random task)' }).click();
    await page.waitForURL(/\/play\//);
    await page.locator('.msg-user').first().waitFor();
    const id = new URL(page.url()).pathname.split('/').pop();
    await page.goto(`${server.url}/result/${id}`);
    expect((await page.getByTestId('reward').textContent())?.trim()).toMatch(/^no ground truth/);
    await page.getByText('No ground truth: nothing to compare with.').waitFor();
    await expectClean(w);
  });

  it('set-up: the goal shows only on Show goal, the table searches, and a running session continues', async () => {
    const w = await newPage();
    const { page } = w;
    const id = await startEpisode(page, server.url, 'retail', 0);
    await page.goto(`${server.url}/?env=retail`);
    const table = page.locator('table.task-table');
    await table.getByRole('cell', { name: 'bruno_haddad_4608' }).first().waitFor();
    expect(await table.textContent()).not.toContain('#W1392577');
    await page.getByLabel('Search tasks').fill('bruno_haddad');
    await page.getByText(/^1 of \d+ tasks/).waitFor();
    await page.getByText('Show goal').click();
    await table.getByText(/#W1392577/).waitFor();
    await expectClean(w);
    await page.getByRole('region', { name: 'Continue a session' }).getByRole('button').first().waitFor();
    await page
      .locator('section[aria-labelledby=continue-title] button', { hasText: 'task 0' })
      .first()
      .click();
    await page.waitForURL(/\/play\//);
    await page.locator('.msg-user').first().waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/play\/[0-9a-f-]{36}$/);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a persona file the server refuses: its message beside the field, and no session started', async () => {
    const w = await newPage();
    const { page } = w;
    await page.goto(`${server.url}/?env=retail`);
    await page.getByLabel('Persona file (JSON)').setInputFiles({
      name: 'persona.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"instruction": "You want a refund.", "records": {"no_such_table": {"x": {}}}'),
    });
    await page.getByText('persona.json: sent to the server, which checks it').waitFor();
    await page.getByRole('button', { name: 'Start (random task)' }).click();
    const error = page.locator('#persona-file ~ [role=alert]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/persona/i);
    expect(new URL(page.url()).pathname).toBe('/');
    await expectClean(w);
  });
});
