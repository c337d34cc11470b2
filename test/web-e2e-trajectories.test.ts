// The trajectories page in a real browser against a real `sigma serve` on a store of 606 trajectories
// (test/support/catalog-store.ts: 600 played offline, then a batch run of the loopback model): filters set in the form land in the URL and the URL alone reproduces
// the rows, paging past row 500, sorting, the batch run's rows found by author and customer model, free text, delete (keep the record, then erase), and the export
// of the current filter: its manifest shown first, then a download that `sigma export --check` passes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityProblems,
  checkBrowserSetup,
  launchBrowser,
  openPage,
  type WatchedPage,
} from './support/browser.ts';
import { buildCatalogStore, type CatalogStore, RARE_WORD } from './support/catalog-store.ts';
import { runCli } from './support/run-cli.ts';
import { call } from './support/server-harness.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'sigma-web-trajectories-'));
const home = join(dir, 'home');
let catalog: CatalogStore;
let server: ServerProcess;
let browser: Browser;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  checkBrowserSetup();
  catalog = await buildCatalogStore(dir, { home });
  [server, browser] = await Promise.all([
    spawnServer(['--store', `sqlite:${catalog.path}`], { SIGMA_HOME: home }),
    launchBrowser(),
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function newPage(): Promise<WatchedPage> {
  const watched = await openPage(browser);
  pages.push(watched);
  return watched;
}

async function expectClean(watched: WatchedPage): Promise<void> {
  expect(await accessibilityProblems(watched.page)).toEqual([]);
  expect(watched.problems).toEqual([]);
}

/** The ids of the table's rows, once the caption says the page is `caption`. */
async function rowIds(page: Page, caption?: RegExp): Promise<string[]> {
  if (caption !== undefined) await page.locator('caption', { hasText: caption }).waitFor();
  await page.locator('.trajectory-table tbody tr').first().waitFor();
  return page
    .locator('.trajectory-table tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
}

async function countText(page: Page, text: RegExp): Promise<void> {
  await page.locator('p[aria-live]', { hasText: text }).waitFor();
}

/** The API's page for the same query, to compare the table with. */
async function apiIds(query: string): Promise<string[]> {
  const r = await call(server.url, 'GET', `/trajectories?${query}`);
  expect(r.status, r.text).toBe(200);
  return (r.json.items as Array<{ id: string }>).map((i) => i.id);
}

describe('the trajectories page', () => {
  it('lists 606 trajectories a page at a time, past row 500, and sorts by a column', async () => {
    expect(catalog.episodes.size).toBe(606);
    const w = await newPage();
    const { page } = w;
    await page.goto(`${server.url}/trajectories`);
    await countText(page, /^606 trajectories$/);
    expect(await rowIds(page, /page 1 of 13$/)).toEqual(await apiIds('limit=50&offset=0'));
    await expectClean(w);
    const out = process.env.SIGMA_SCREENSHOT_OUT;
    if (out !== undefined)
      await page.screenshot({ path: join(out, 'web-trajectories.png'), fullPage: false });

    await page.getByLabel('Rows per page').selectOption('100');
    await page.waitForURL(/size=100/);
    expect(await rowIds(page, /page 1 of 7$/)).toHaveLength(100);
    for (let n = 2; n <= 7; n++) {
      await page.getByRole('button', { name: 'Next' }).click();
      await page.locator('caption', { hasText: new RegExp(`page ${n} of 7$`) }).waitFor();
      // Rows 501 to 600.
      if (n === 6) expect(await rowIds(page)).toEqual(await apiIds('limit=100&offset=500'));
    }
    // Rows 601 to 606: the oldest, the first stored.
    const last = await rowIds(page, /page 7 of 7$/);
    expect(last).toHaveLength(6);
    expect(last).toEqual(await apiIds('limit=100&offset=600'));
    expect(last.at(-1)).toBe('cat-0000-retail-solved-human');
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Reward' }).click();
    await page.waitForURL(/sort=reward/);
    await page.locator('caption', { hasText: /page 1 of 7$/ }).waitFor();
    expect(await page.getByRole('columnheader', { name: /Reward/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    expect(await rowIds(page)).toEqual(await apiIds('sort=reward&order=desc&limit=100&offset=0'));
    await page.getByRole('button', { name: /Reward/ }).click();
    await page.waitForURL(/order=asc/);
    await page.locator('th[aria-sort="ascending"]').waitFor();
    const ascending = await apiIds('sort=reward&order=asc&limit=100&offset=0');
    await page.locator(`tr[data-id="${ascending[0]}"]`).first().waitFor();
    expect(await rowIds(page)).toEqual(ascending);
    expect(catalog.episodes.get(ascending[0]!)!.reward).toBe(0);
    await expectClean(w);
  });

  it('keeps every filter in the URL: a new page opened on it shows the same rows', async () => {
    const w = await newPage();
    const { page } = w;
    await page.goto(`${server.url}/trajectories`);
    await countText(page, /^606 trajectories$/);
    await page.getByLabel('Domain').selectOption('airline');
    await page.getByLabel('Tool errors').selectOption('yes');
    await page.getByLabel('Reward min').fill('1');
    await page.getByLabel('Author').selectOption('mixed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/domain=airline/);
    const url = page.url();
    for (const param of ['domain=airline', 'toolErrors=yes', 'rewardMin=1', 'author=mixed'])
      expect(url).toContain(param);
    const expected = [...catalog.episodes]
      .filter(([, e]) => e.domain === 'airline' && e.toolErrors && e.reward === 1 && e.author === 'mixed')
      .map(([id]) => id);
    expect(expected.length).toBeGreaterThan(0);
    await countText(page, new RegExp(`^${expected.length} trajectories match the filters$`));
    const rows = await rowIds(page);
    expect(rows).toEqual(expected.reverse().slice(0, 50));

    const again = await newPage();
    await again.page.goto(url);
    await countText(again.page, new RegExp(`^${expected.length} trajectories match the filters$`));
    expect(await rowIds(again.page)).toEqual(rows);
    expect(await again.page.getByLabel('Domain').inputValue()).toBe('airline');
    expect(await again.page.getByLabel('Tool errors').inputValue()).toBe('yes');
    await expectClean(again);

    // The rejected copilot drafts, and the unscored/ended filters, through the URL alone.
    await again.page.goto(`${server.url}/trajectories?rejectedDrafts=yes&endReason=user-stop`);
    const rejected = [...catalog.episodes.values()].filter(
      (e) => e.rejectedDrafts && e.endReason === 'user-stop',
    );
    await countText(again.page, new RegExp(`^${rejected.length} trajectories match the filters$`));
    expect(rejected.length).toBe(60);
    await expectClean(again);
  });

  it("finds the batch run's trajectories by author and customer model, and the URL alone again", async () => {
    const { run } = catalog;
    expect(run.sessionIds).toHaveLength(6);
    const played = run.sessionIds.map((id) => catalog.episodes.get(id)!);
    expect(new Set(played.map((e) => e.author))).toEqual(new Set(['model']));
    expect(played.map((e) => e.reward).sort()).toEqual([0, 0, 0, 0, 0, 1]);
    const w = await newPage();
    const { page } = w;
    await page.goto(`${server.url}/trajectories`);
    await countText(page, /^606 trajectories$/);
    await page.getByLabel('Author').selectOption('model');
    await page.getByLabel('Customer model').fill(run.customerModel);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/author=model/);
    const url = page.url();
    expect(url).toContain(`model=${run.customerModel}`);
    await countText(page, /^6 trajectories match the filters$/);
    const rows = await rowIds(page);
    expect([...rows].sort()).toEqual([...run.sessionIds].sort());
    expect(rows).toEqual(await apiIds(`author=model&customerModel=${run.customerModel}&limit=50&offset=0`));
    for (const id of rows) {
      const cells = page.locator(`tr[data-id="${id}"] td`);
      expect(await cells.nth(6).textContent()).toBe('model');
      expect(await cells.nth(7).textContent()).toBe(`llm · ${run.customerModel}`);
    }
    await expectClean(w);

    // The URL alone: a new page shows the same rows, the form filled in from it.
    const again = await newPage();
    await again.page.goto(url);
    await countText(again.page, /^6 trajectories match the filters$/);
    expect(await rowIds(again.page)).toEqual(rows);
    expect(await again.page.getByLabel('Author').inputValue()).toBe('model');
    expect(await again.page.getByLabel('Customer model').inputValue()).toBe(run.customerModel);
    // Author alone: the run's rows among the other model-played ones. The run records its agent model.
    await again.page.goto(`${server.url}/trajectories?author=model`);
    const byModel = [...catalog.episodes.values()].filter((e) => e.author === 'model');
    await countText(again.page, new RegExp(`^${byModel.length} trajectories match the filters$`));
    // The 60 copies of the one offline kind whose every assistant message is the model's, and the run's 6.
    expect(byModel.length).toBe(60 + 6);
    expect((await rowIds(again.page)).slice(0, 6)).toEqual(rows);
    await expectClean(again);
    const stored = await call(server.url, 'GET', `/runs/${run.runId}`);
    expect(stored.status, stored.text).toBe(200);
    expect(stored.json).toMatchObject({ agent: `openai-compatible:${run.agentModel}`, status: 'finished' });
    const cells = (stored.json.grid as Array<{ cells: Array<{ sessionId: string | null }> }>).flatMap((t) =>
      t.cells.map((c) => c.sessionId),
    );
    expect([...cells].sort()).toEqual([...rows].sort());
  });

  it('finds a trajectory by a word of its messages', async () => {
    const w = await newPage();
    const { page } = w;
    await page.goto(`${server.url}/trajectories`);
    await countText(page, /^606 trajectories$/);
    await page.getByLabel('Words in the messages').fill(RARE_WORD.toUpperCase());
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await countText(page, /^1 trajectory match the filters$/);
    expect(await rowIds(page)).toEqual([catalog.rareId]);
    expect(page.url()).toContain(`q=${RARE_WORD.toUpperCase()}`);
    const link = page.locator(`tr[data-id="${catalog.rareId}"] a`).first();
    expect(await link.getAttribute('href')).toBe(`/trajectories/${catalog.rareId}`);
  });

  it('deletes a session keeping its record, then erases it; compares two of one task', async () => {
    const created = await call(server.url, 'POST', '/sessions', {
      body: { envName: 'retail', taskIndex: 0, userStrategy: 'scripted' },
    });
    expect(created.status, created.text).toBeLessThan(300);
    const id = created.json.id as string;
    expect((await call(server.url, 'POST', `/sessions/${id}/start`)).status).toBe(200);
    const w = await newPage();
    const { page } = w;
    await page.goto(`${server.url}/trajectories`);
    await countText(page, /^607 trajectories$/);
    const row = page.locator(`tr[data-id="${id}"]`);
    expect(await row.locator('td').nth(5).textContent()).toBe('running');
    await row.getByRole('button', { name: /^continue/ }).waitFor();

    await row.getByRole('button', { name: /^delete/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this trajectory?' });
    await dialog.waitFor();
    await expectClean(w);
    await dialog.getByRole('button', { name: 'Keep the record' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.locator('td', { hasText: 'abandoned' }).waitFor();
    await countText(page, /^607 trajectories$/);
    expect((await call(server.url, 'GET', `/trajectories?limit=1`)).json.items[0]).toMatchObject({
      id,
      endReason: 'abandoned',
    });

    await row.getByRole('button', { name: /^delete/ }).click();
    await dialog.getByRole('button', { name: 'Erase (purge)' }).click();
    await countText(page, /^606 trajectories$/);
    expect(await row.count()).toBe(0);
    expect((await call(server.url, 'GET', `/trajectories/${id}`)).status).toBe(404);

    // Compare: two trajectories of one task enable it; one of another task disables it.
    const ids = await rowIds(page);
    const byTask = new Map<string, string[]>();
    for (const rowId of ids) {
      const task = (await page.locator(`tr[data-id="${rowId}"] td`).nth(3).textContent()) ?? '';
      byTask.set(task, [...(byTask.get(task) ?? []), rowId]);
    }
    const [first, second] = [...byTask.values()].find((v) => v.length >= 2)!;
    const other = [...byTask.values()].find((v) => !v.includes(first!))![0]!;
    const compare = page.getByRole('button', { name: /^Compare/ });
    expect(await compare.isDisabled()).toBe(true);
    await page.locator(`tr[data-id="${first}"] input[type=checkbox]`).check();
    await page.locator(`tr[data-id="${second}"] input[type=checkbox]`).check();
    expect(await compare.isEnabled()).toBe(true);
    await page.locator(`tr[data-id="${other}"] input[type=checkbox]`).check();
    expect(await compare.isDisabled()).toBe(true);
    await page.locator(`tr[data-id="${other}"] input[type=checkbox]`).uncheck();
    await compare.click();
    await page.waitForURL(/\/compare\?ids=/);
    expect(decodeURIComponent(new URL(page.url()).search)).toBe(`?ids=${first},${second}`);
  });

  it('exports the current filter: the manifest first, then a download that sigma export --check passes', async () => {
    const w = await newPage();
    const { page } = w;
    await page.goto(`${server.url}/trajectories?domain=retail&toolErrors=no&notes=not-bad`);
    const expected = [...catalog.episodes.values()].filter((e) => e.domain === 'retail' && !e.toolErrors);
    await countText(page, new RegExp(`^${expected.length} trajectories match the filters$`));
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export the current filter' });
    await dialog.getByLabel('Format').selectOption('trl-sft');
    await dialog.getByTestId('manifest-selected').waitFor();
    const manifest = (
      await call(
        server.url,
        'GET',
        '/exports/trl-sft/manifest?domain=retail&toolErrors=false&excludeRating=bad',
      )
    ).json;
    expect(manifest.counts.read).toBe(expected.length);
    expect(await dialog.getByTestId('manifest-selected').textContent()).toBe(
      String(manifest.counts.selected),
    );
    expect(await dialog.getByTestId('manifest-rows').textContent()).toBe(String(manifest.counts.rows));
    await expectClean(w);
    const out = process.env.SIGMA_SCREENSHOT_OUT;
    if (out !== undefined) await page.screenshot({ path: join(out, 'web-export.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^sigma-export-trl-sft-\d{4}-\d{2}-\d{2}\.tar$/);
    const tar = join(dir, 'download.tar');
    await download.saveAs(tar);
    const untar = spawnSync('tar', ['-xf', tar, '-C', dir], { encoding: 'utf8' });
    expect(untar.status, untar.stderr).toBe(0);
    const check = runCli(['export', '--check', join(dir, 'sigma-export-trl-sft')]);
    expect(check.status, check.stderr + check.stdout).toBe(0);
    expect(check.stdout).toContain('trl-sft');
    expect(w.problems).toEqual([]);
  });
});
