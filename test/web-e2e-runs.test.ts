// The runs pages in a real browser (Debian's chromium through playwright-core) against a real
// `sigma serve` child process, on a store filled by `sigma run` against the loopback model: the list
// with models, pass^k and terminations; a run's task × trial grid (text and labels besides colour, each
// cell a link to its trajectory), the tasks whose trials disagree with a link comparing their
// trajectories; two runs compared (better / worse); and a run's progress moving on the list while it
// plays, without reloading. Accessible, with no CSP violation or script error.
// Screenshots (docs/images/web-runs.png, web-run.png, web-run-compare.png):
//   SIGMA_SCREENSHOT_OUT=$PWD/docs/images npx vitest run test/web-e2e-runs.test.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptSeed, type RunSummary } from '../src/runs/index.ts';
import { type OpenAICompatibleTestServer, startOpenAICompatibleServer } from '../src/testing/index.ts';
import {
  accessibilityProblems,
  checkBrowserSetup,
  launchBrowser,
  openPage,
  type WatchedPage,
} from './support/browser.ts';
import { runCliAsync } from './support/run-cli-async.ts';
import { runModelAnswer } from './support/run-model.ts';
import { call } from './support/server-harness.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'sigma-web-runs-'));
const store = `sqlite:${join(dir, 'sigma.db')}`;
// Run a (seed 0): task 0 fails its second trial, so its trials disagree; tasks 1 and 2 are never solved.
// Run b (seed 1): task 0 succeeds in every trial, so against a it got better.
const FAIL = new Set([attemptSeed(0, 0, 1)]);
// Slow answers for the run whose progress is watched live.
let delayMs = 0;
let llm: OpenAICompatibleTestServer;
let server: ServerProcess;
let browser: Browser;
let a: RunSummary;
let b: RunSummary;
const pages: WatchedPage[] = [];

function runArgs(seed: number, tasks: string, trials: number): string[] {
  return [
    'run',
    '--env',
    'retail',
    '--agent-model',
    'openai-compatible:agent-test',
    '--task-ids',
    tasks,
    '--trials',
    String(trials),
    '--max-steps',
    '6',
    '--seed',
    String(seed),
    '--store',
    store,
    '--json',
  ];
}

async function run(seed: number, tasks: string, trials: number): Promise<RunSummary> {
  const result = await runCliAsync(runArgs(seed, tasks, trials), {
    env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url, SIGMA_HOME: join(dir, 'home') },
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as RunSummary;
}

function screenshotPath(name: string): string | undefined {
  const out = process.env.SIGMA_SCREENSHOT_OUT;
  return out === undefined ? undefined : join(out, `web-${name}.png`);
}

async function expectClean(watched: WatchedPage): Promise<void> {
  expect(await accessibilityProblems(watched.page)).toEqual([]);
  expect(watched.problems).toEqual([]);
}

beforeAll(async () => {
  checkBrowserSetup();
  llm = await startOpenAICompatibleServer({
    handler: (request) => runModelAnswer(request, { failSeeds: FAIL, ...(delayMs > 0 ? { delayMs } : {}) }),
  });
  a = await run(0, '0,1,2', 3);
  b = await run(1, '0,1,2', 3);
  [server, browser] = await Promise.all([
    spawnServer(['--store', store], { SIGMA_HOME: join(dir, 'home'), SIGMA_API_TOKEN: '' }),
    launchBrowser(),
  ]);
}, 180_000);

afterAll(async () => {
  for (const w of pages) await w.context.close();
  await browser?.close();
  await server?.stop();
  await llm?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<WatchedPage> {
  const w = await openPage(browser, { width: 1400, height: 900 });
  pages.push(w);
  return w;
}

describe('the runs pages', () => {
  it('lists the runs with their models, progress, pass^k, terminations and cost', async () => {
    const w = await open();
    const { page } = w;
    await page.goto(`${server.url}/runs`);
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    const rows = page.locator('table.runs-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const rowA = rows.filter({ has: page.getByRole('link', { name: a.runId }) });
    const textA = (await rowA.textContent()) ?? '';
    expect(textA).toContain('retail');
    expect(textA).toContain('openai-compatible:agent-test');
    expect(textA).toContain(a.customer);
    expect(textA).toContain('9 / 9');
    expect(textA).toContain('finished');
    // As `sigma run` printed them: pass^1 = (2/3)/3, pass^2 = (1/3)/3, pass^3 = 0.
    expect(a.passHatK).toEqual({ '1': 2 / 9, '2': 1 / 9, '3': 0 });
    expect(textA).toContain('pass^1 0.222');
    expect(textA).toContain('pass^2 0.111');
    expect(textA).toContain('pass^3 0.000');
    expect(textA).toContain(`user_stop ${a.terminations.user_stop}`);
    expect(textA).toMatch(/[\d,]+ in \/ [\d,]+ out tokens/);
    await expectClean(w);
    const shot = screenshotPath('runs');
    if (shot !== undefined) await page.screenshot({ path: shot, fullPage: true });

    // Tick two runs and compare them: the later one against the one ticked first.
    const compare = page.getByRole('button', { name: 'Compare the two runs ticked' });
    expect(await compare.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: `compare run ${a.runId}` }).check();
    await page.getByRole('checkbox', { name: `compare run ${b.runId}` }).check();
    await compare.click();
    await page.waitForURL(new RegExp(`/runs/${a.runId}/compare/${b.runId}$`));
  });

  it("shows a run's grid coloured and labelled by reward, each cell a link to its trajectory", async () => {
    const w = await open();
    const { page } = w;
    await page.goto(`${server.url}/runs/${a.runId}`);
    await page.getByRole('heading', { name: `Run ${a.runId}` }).waitFor();
    const detail = (await call(server.url, 'GET', `/runs/${a.runId}`)).json as {
      grid: Array<{
        taskIndex: number;
        cells: Array<{ trial: number; reward: number; termination: string; sessionId: string }>;
      }>;
    };
    const grid = page.locator('table.run-grid');
    expect(await grid.locator('tbody tr').count()).toBe(3);
    // Task 0: success, failure, success; every cell says so in text and in its link's name.
    const task0 = grid.locator('tbody tr[data-task="0"] td.cell');
    expect(await task0.evaluateAll((cells) => cells.map((c) => c.className))).toEqual([
      'cell cell-success',
      'cell cell-failure',
      'cell cell-success',
    ]);
    const failedCell = detail.grid[0]!.cells[1]!;
    const failed = page.getByRole('link', {
      name: new RegExp(`^task 0, trial 2: reward 0\\s+${failedCell.termination}\\s+— open the trajectory$`),
    });
    const failedId = detail.grid[0]!.cells[1]!.sessionId;
    expect(await failed.getAttribute('href')).toBe(`/trajectories/${failedId}`);
    // Shown in the cell as text, not colour alone: the reward and the termination.
    expect(await failed.locator('.cell-reward').textContent()).toBe('0');
    expect(await failed.locator('.termination').textContent()).toBe(failedCell.termination);
    // The cell's trajectory is that attempt's: task 0, reward 0.
    const trajectory = await call(server.url, 'GET', `/trajectories/${failedId}`);
    expect(trajectory.json).toMatchObject({ task: { index: 0 }, reward: { reward: 0 } });
    for (const row of detail.grid)
      for (const cell of row.cells)
        expect(
          await page
            .getByRole('link', {
              name: new RegExp(`^task ${row.taskIndex}, trial ${cell.trial + 1}: reward ${cell.reward}\\s`),
            })
            .getAttribute('href'),
        ).toBe(`/trajectories/${cell.sessionId}`);
    // The colours are explained, and not the only sign: a legend in words.
    const legend = page.getByRole('list', { name: 'legend' });
    expect(await legend.textContent()).toContain('success (reward 1)');
    expect(await legend.textContent()).toContain('failure (reward 0)');
    // A click opens that attempt's trajectory page.
    await failed.click();
    await page.waitForURL(new RegExp(`/trajectories/${failedId}$`));
    await page.getByRole('heading', { name: 'Step through the actions' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.goBack();
    await page.getByRole('heading', { name: `Run ${a.runId}` }).waitFor();
    // The pass^k table is the run's.
    expect(await page.locator('table.pass-k-table tbody tr').first().textContent()).toContain('0.222');
    await expectClean(w);
    const shot = screenshotPath('run');
    if (shot !== undefined) await page.screenshot({ path: shot, fullPage: true });

    // Only the tasks where trials disagree: task 0, with a link comparing its three trajectories.
    await page.getByRole('checkbox', { name: /Show only tasks where trials disagree \(1 of 3\)/ }).check();
    await page.waitForURL(/disagree=true/);
    await expect.poll(() => grid.locator('tbody tr').count()).toBe(1);
    const link = page.getByRole('link', { name: 'Compare the 3 trials of task 0' });
    const ids = detail.grid[0]!.cells.map((c) => c.sessionId);
    expect(await link.getAttribute('href')).toBe(`/compare?ids=${ids.join(',')}`);
    await expectClean(w);
    // The filter is in the address: a reload keeps it.
    await page.reload();
    await page.getByRole('link', { name: 'Compare the 3 trials of task 0' }).waitFor();
    expect(await grid.locator('tbody tr').count()).toBe(1);
  });

  it('compares two runs: the tasks that got better or worse', async () => {
    const w = await open();
    const { page } = w;
    await page.goto(`${server.url}/runs/${a.runId}/compare/${b.runId}`);
    await page.getByRole('heading', { name: `Run ${b.runId} against ${a.runId}` }).waitFor();
    expect(await page.getByTestId('compare-counts').textContent()).toBe('1 better · 0 worse · 2 the same');
    const better = page.getByRole('table', { name: `Better in ${b.runId} (1)` });
    expect(await better.locator('tbody tr').count()).toBe(1);
    const row = (await better.locator('tbody tr').textContent()) ?? '';
    expect(row).toContain('0.667 (2/3)');
    expect(row).toContain('1.000 (3/3)');
    expect(row).toContain('▲ better');
    expect(await page.getByRole('table', { name: `Worse in ${b.runId} (0)` }).textContent()).toContain(
      'none',
    );
    await expectClean(w);
    const shot = screenshotPath('run-compare');
    if (shot !== undefined) await page.screenshot({ path: shot, fullPage: true });
    // Swapped, the same task got worse.
    await page.getByRole('link', { name: 'Swap the baseline' }).click();
    await page.getByRole('heading', { name: `Run ${a.runId} against ${b.runId}` }).waitFor();
    expect(await page.getByTestId('compare-counts').textContent()).toBe('0 better · 1 worse · 2 the same');
    await expectClean(w);
  });

  it('answers an unknown run with the server’s message', async () => {
    const w = await open();
    await w.page.goto(`${server.url}/runs/000000000000`);
    const alert = w.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('no run 000000000000');
    expect(await accessibilityProblems(w.page)).toEqual([]);
  });

  it("moves a run's progress on the list while it plays, without reloading", async () => {
    const w = await open();
    const { page } = w;
    await page.goto(`${server.url}/runs`);
    await expect.poll(() => page.locator('table.runs-table tbody tr').count()).toBe(2);
    // Slow enough that the run plays for several of the list's refreshes (3 s apart while idle).
    delayMs = 1500;
    const playing = run(2, '0,1', 2);
    // The new run shows up as running, then its done count rises and it finishes: all by polling.
    const row = page.locator('table.runs-table tbody tr').first();
    await expect.poll(() => page.locator('table.runs-table tbody tr').count(), { timeout: 30_000 }).toBe(3);
    await expect
      .poll(async () => (await row.textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/\d \/ 4 running/);
    const seen = new Set<string>();
    const progress = row.locator('progress');
    const watch = setInterval(() => {
      void progress.getAttribute('value').then(
        (v) => v !== null && seen.add(v),
        () => {},
      );
    }, 100);
    const c = await playing;
    delayMs = 0;
    await expect
      .poll(async () => (await row.textContent()) ?? '', { timeout: 30_000 })
      .toContain('4 / 4 finished');
    clearInterval(watch);
    expect(await row.getByRole('link', { name: c.runId }).count()).toBe(1);
    // More than one value went by: the bar moved while the run played.
    expect(seen.size).toBeGreaterThan(1);
    await expectClean(w);
  }, 90_000);
});
