// The trajectory page, compare and the review queue in Debian's Chromium, over a store seeded through
// the library (terminal-style episodes saved in the store): step-through shows the data at a step,
// compare marks the first divergence and refuses trajectories of different tasks, a note added on the
// page is found by the trajectory list's filters, two reviewers in two browser contexts never hold the
// same trajectory, and the queue's keyboard shortcuts work. Every page is checked with axe.
//
// Screenshots: SIGMA_SCREENSHOT_OUT=$PWD/docs/images writes web-trajectory.png, web-compare.png and
// web-review.png there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { episodeRecord, saveEpisodeInStore } from '../src/cli/play/save.ts';
import type { Proposal } from '../src/contracts/trajectory.ts';
import { SimulatorCore } from '../src/session/index.ts';
import {
  accessibilityProblems,
  checkBrowserSetup,
  launchBrowser,
  openPage,
  type WatchedPage,
} from './support/browser.ts';
import { call, testRegistry } from './support/server-harness.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'sigma-web-review-'));
const store = `sqlite:${join(dir, 'sigma.db')}`;
const shots = process.env.SIGMA_SCREENSHOT_OUT;
let server: ServerProcess;
let browser: Browser;
/** The seeded trajectories: two of retail task 0 that differ at action 2, a copilot one, others. */
const seeded = { cancelled: '', mistaken: '', copilot: '', otherTask: '', airline: [] as string[] };

const ORDER = { order_id: '#W1392577' };
const registry = testRegistry();

/** Plays a retail or airline task with the scripted customer and saves it in the store. */
async function episode(
  envName: string,
  taskIndex: number,
  play: (sim: SimulatorCore) => Promise<void>,
): Promise<string> {
  const sim = new SimulatorCore({ envName, taskIndex, registry });
  await sim.start();
  await play(sim);
  if (!sim.isDone) sim.abandon();
  const record = episodeRecord(sim);
  await saveEpisodeInStore(sim, record, store);
  return record.id;
}

const cancelWith = (reason: string) => async (sim: SimulatorCore) => {
  await sim.callTool('get_order_details', JSON.stringify(ORDER));
  await sim.callTool('cancel_pending_order', JSON.stringify({ ...ORDER, reason }));
  await sim.respondToUser('Your order #W1392577 is cancelled. Anything else?');
};

beforeAll(async () => {
  checkBrowserSetup();
  seeded.cancelled = await episode('retail', 0, cancelWith('no longer needed'));
  seeded.mistaken = await episode('retail', 0, cancelWith('ordered by mistake'));
  seeded.copilot = await episode('retail', 0, async (sim) => {
    // A copilot's draft the person rejected, then the lookup they made themselves.
    const rejected: Proposal = {
      model: 'openai-compatible:copilot-test',
      intent: 'cancel it',
      context: [...sim.session.history],
      raw: '{"tool": "cancel_pending_order"}',
      proposal: {
        type: 'tool_call',
        name: 'cancel_pending_order',
        arguments: JSON.stringify({ ...ORDER, reason: 'ordered by mistake' }),
      },
      decision: 'rejected',
      reason: 'check the order first',
      at: new Date().toISOString(),
    };
    sim.session.recordProposal(rejected);
    await sim.callTool('get_order_details', JSON.stringify(ORDER));
  });
  seeded.otherTask = await episode('retail', 1, async (sim) => {
    await sim.respondToUser('Hello, how can I help you today?');
  });
  for (let i = 0; i < 6; i++) seeded.airline.push(await episode('airline', i, async () => {}));
  // The rest of a few dozen: retail tasks looked at and left.
  for (let i = 2; i < 26; i++)
    await episode('retail', i, async (sim) => {
      await sim.callTool('get_order_details', JSON.stringify(ORDER));
    });
  [server, browser] = await Promise.all([spawnServer(['--store', store]), launchBrowser()]);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function expectClean(watched: WatchedPage): Promise<void> {
  expect(await accessibilityProblems(watched.page)).toEqual([]);
  expect(watched.problems).toEqual([]);
}

async function shoot(page: Page, name: string): Promise<void> {
  if (shots !== undefined) await page.screenshot({ path: join(shots, `web-${name}.png`), fullPage: true });
}

const get = async (path: string) => (await call(server.url, 'GET', path)).json;

describe('the trajectory page, compare and the review queue', () => {
  it('steps through the actions, showing the data at each step, and adds a note found by the filters', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/trajectories/${seeded.cancelled}`);
    await page.getByRole('heading', { name: 'retail · task' }).waitFor();
    const label = page.getByTestId('step-label');
    expect(await label.textContent()).toBe('Initial data (before action 1 of 2)');
    await page.getByText('The initial data: nothing changed yet.').waitFor();
    await page.getByRole('button', { name: 'Next action →' }).click();
    await page.getByText('No change to the initial data so far.').waitFor(); // a lookup changes nothing
    // The key steps on: after the cancellation, the order's status differs from the initial data.
    await page.keyboard.press('ArrowRight');
    await page.getByText('After action 2 of 2').waitFor();
    const diff = page.getByRole('table', { name: 'the data after action 2, compared with the initial data' });
    const status = diff.getByRole('row', { name: /orders #W1392577 status/ });
    expect(await status.locator('.before').textContent()).toBe('"pending"');
    expect(await status.locator('.after').textContent()).toBe('"cancelled"');
    // The message of the action shown is marked as the current step.
    const current = page.locator('.msg[aria-current="step"]');
    expect(await current.textContent()).toContain('cancel_pending_order');
    await page.keyboard.press('ArrowLeft');
    await page.getByText('After action 1 of 2').waitFor();
    await page.getByRole('button', { name: 'Next action →' }).click();
    await page.getByText('After action 2 of 2').waitFor();
    expect(await page.getByRole('button', { name: 'Next action →' }).isDisabled()).toBe(true);
    await page.getByTestId('reward').waitFor();
    await expectClean(w);

    // A note on the cancelling message, as the reviewer named.
    await page.getByLabel('Your name (the author of your notes)').fill('Ana Reviewer');
    const messageId = (await current.getAttribute('data-message-id'))!;
    await page.getByRole('button', { name: `Note on message ${messageId}` }).click();
    const form = page.getByRole('form', { name: `note on message ${messageId}` });
    await form.getByLabel('Error source').selectOption('agent');
    await form.getByLabel('Error type').selectOption('logical');
    await form.getByLabel('bad').check();
    await form.getByLabel('Note').fill('Cancelled without asking for confirmation');
    await form.getByRole('button', { name: 'Add the note' }).click();
    const note = current.locator('.note');
    await note.getByText('Cancelled without asking for confirmation').waitFor();
    expect(await note.textContent()).toContain('Ana Reviewer');
    expect(await note.textContent()).toContain('bad · source: agent · type: logical');
    // A note on the whole trajectory, then changed.
    const whole = page.getByRole('form', { name: 'note on the trajectory' });
    await whole.getByLabel('Note').fill('Otherwise fine');
    await whole.getByRole('button', { name: 'Add the note' }).click();
    const notesPanel = page.getByRole('region', { name: 'Notes on the trajectory' });
    await notesPanel.getByText('Otherwise fine').waitFor();
    await notesPanel.getByRole('button', { name: 'Edit' }).click();
    const edit = notesPanel.getByRole('form', { name: 'edit the note by Ana Reviewer' });
    await edit.getByLabel('Note').fill('Otherwise fine, polite');
    await edit.getByRole('button', { name: 'Save' }).click();
    await notesPanel.getByText('Otherwise fine, polite').waitFor();
    await expectClean(w);
    await shoot(page, 'trajectory');

    // The notes are the server's: the list's filters find the trajectory.
    const bad = await get('/trajectories?annotated=true&rating=bad');
    expect(bad.items.map((s: { id: string }) => s.id)).toEqual([seeded.cancelled]);
    const notes = (await get(`/sessions/${seeded.cancelled}/annotations`)).items;
    expect(notes).toEqual([
      expect.objectContaining({
        messageId,
        rating: 'bad',
        errorSource: 'agent',
        errorType: 'logical',
        author: 'Ana Reviewer',
      }),
      expect.objectContaining({ text: 'Otherwise fine, polite', author: 'Ana Reviewer' }),
    ]);
    // Deleting the trajectory's own note leaves the message's.
    await notesPanel.getByRole('button', { name: 'Delete the note by Ana Reviewer' }).click();
    await notesPanel.getByText('Otherwise fine, polite').waitFor({ state: 'detached' });
    expect((await get(`/sessions/${seeded.cancelled}/annotations`)).items).toHaveLength(1);
    await w.context.close();
  });

  it("shows a copilot's rejected draft at the message it followed, with its reason", async () => {
    const w = await openPage(browser);
    await w.page.goto(`${server.url}/trajectories/${seeded.copilot}`);
    const decision = w.page.locator('.decision-rejected');
    await decision.waitFor();
    const text = await decision.textContent();
    expect(text).toContain('cancel_pending_order');
    expect(text).toContain('rejected');
    expect(text).toContain('check the order first');
    // It follows the customer's opening, the conversation it was drafted on.
    expect(await w.page.locator('.msg').first().locator('.decision-rejected').count()).toBe(1);
    expect(await w.page.getByRole('link', { name: 'Continue the episode' }).count()).toBe(1); // abandoned
    await expectClean(w);
    await w.context.close();
  });

  it('compares trajectories of one task step by step, marking the first divergence', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${server.url}/compare?ids=${seeded.cancelled},${seeded.mistaken}`);
    await page.getByTestId('divergence').waitFor();
    expect(await page.getByTestId('divergence').textContent()).toBe('They first differ at action 2.');
    const table = page.getByRole('table', { name: 'the actions of each trajectory, step by step' });
    const marked = table.getByRole('row', { name: 'action 2: the first divergence' });
    expect(await marked.getAttribute('class')).toBe('diverge');
    expect(await marked.textContent()).toContain('no longer needed');
    expect(await marked.textContent()).toContain('ordered by mistake');
    expect(await table.locator('tr.diverge').count()).toBe(1);
    // Each one's data difference and reward.
    await page.getByRole('heading', { name: 'Trajectory 2' }).waitFor();
    // each trajectory's difference comes with its own answer: waited for, not counted at once
    await expect.poll(() => page.getByRole('heading', { name: 'Data difference' }).count()).toBe(2);
    await page
      .getByRole('table', { name: 'what the episode left compared with what the task expected' })
      .first()
      .waitFor();
    await expectClean(w);
    await shoot(page, 'compare');

    await page.goto(`${server.url}/compare?ids=${seeded.cancelled},${seeded.otherTask}`);
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/different tasks .*only trajectories of the same task/);
    await expectClean(w);
    await w.context.close();
  });

  it('gives two reviewers different trajectories, with keyboard shortcuts', async () => {
    const [ana, bo] = [await openPage(browser), await openPage(browser)];
    const start = async (w: WatchedPage, name: string) => {
      await w.page.goto(`${server.url}/review?domain=airline`);
      await w.page.getByLabel('Your name (the author of your notes)').fill(name);
      await w.page.getByRole('button', { name: 'Start reviewing' }).click();
      // Out of the name field: there the keys type, elsewhere they are the queue's shortcuts.
      await w.page.getByRole('heading', { name: 'Review queue' }).click();
      await w.page.getByRole('region', { name: 'Review' }).waitFor();
    };
    const shown = async (w: WatchedPage) => {
      await w.page.getByTestId('trajectory-id').waitFor();
      return (await w.page.getByTestId('trajectory-id').textContent())!;
    };
    await Promise.all([start(ana, 'ana'), start(bo, 'bo')]);
    const held = new Set<string>();
    let anaId = await shown(ana);
    let boId = await shown(bo);
    expect(anaId).not.toBe(boId);
    expect(seeded.airline).toContain(anaId);
    expect(seeded.airline).toContain(boId);
    expect(await ana.page.getByTestId('review-status').textContent()).toMatch(
      /^6 unreviewed trajectories match/,
    );
    await expectClean(ana);
    await shoot(ana.page, 'review');

    const next = async (w: WatchedPage, before: string) => {
      await w.page.getByTestId('trajectory-id').filter({ hasNotText: before }).waitFor();
      return shown(w);
    };
    // g: ana rates hers good (a note by her), and gets another, never bo's.
    held.add(anaId);
    await ana.page.keyboard.press('g');
    const rated = anaId;
    anaId = await next(ana, rated);
    expect(anaId).not.toBe(boId);
    expect((await get(`/sessions/${rated}/annotations`)).items).toEqual([
      expect.objectContaining({ rating: 'good', author: 'ana' }),
    ]);
    // e: focus the note field; the note goes with b (bad).
    await bo.page.keyboard.press('e');
    expect(
      await bo.page.getByLabel('Note (saved with your rating)').evaluate((el) => el.matches(':focus')),
    ).toBe(true);
    await bo.page.keyboard.type('Never asked for the reservation id');
    await bo.page.keyboard.press('Tab'); // out of the text field: the keys are shortcuts again
    await bo.page.keyboard.press('b');
    const badOne = boId;
    boId = await next(bo, badOne);
    expect(boId).not.toBe(anaId);
    expect((await get(`/sessions/${badOne}/annotations`)).items).toEqual([
      expect.objectContaining({ rating: 'bad', text: 'Never asked for the reservation id', author: 'bo' }),
    ]);
    // n: skip without a note; the skipped one is not given again, and still unreviewed.
    const skipped = anaId;
    await ana.page.keyboard.press('n');
    anaId = await next(ana, skipped);
    expect([boId, rated, badOne, skipped]).not.toContain(anaId);
    expect((await get(`/sessions/${skipped}/annotations`)).items).toEqual([]);
    // The buttons do the same as the keys.
    await bo.page.getByRole('button', { name: 'Good g' }).click();
    const boNext = await next(bo, boId);
    expect(boNext).not.toBe(anaId);
    const reviewed = await get('/trajectories?domain=airline&annotated=true');
    expect(reviewed.total).toBe(3);
    await expectClean(bo);
    await ana.context.close();
    await bo.context.close();
  });
});
