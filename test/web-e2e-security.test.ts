// The web app's security and resilience in a real browser against real `sigma serve` processes: a
// token-protected server (the page asks for the token, a wrong one is refused), a policy written to
// attack the page (scripts, event handlers, javascript: links) that executes nothing, and a server
// killed with SIGKILL mid-episode whose page carries on, losing nothing.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, checkBrowserSetup, launchBrowser, openPage } from './support/browser.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';
import { repoRoot } from './support/shared-data.ts';
import { callTool, finish, send, startEpisode } from './support/web-player.ts';

const dir = mkdtempSync(join(tmpdir(), 'sigma-web-security-'));
let browser: Browser;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  checkBrowserSetup();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.kill();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await spawnServer(args, env);
  servers.push(server);
  return server;
}

const ATTACK = `# Tea shop policy

<script>window.__attacked = 'script'; alert('script')</script>

<img src="x" onerror="window.__attacked = 'onerror'; alert('img')">

<a href="javascript:window.__attacked='raw-link'">raw link</a>

Click [this link](javascript:window.__attacked='md-link') or [that one](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==).

## Cancelling an order
<svg onload="window.__attacked='svg'"></svg> Cancel only while packing.
`;

describe('the web app: security and resilience', () => {
  it('asks for the token on a server that needs one, refuses a wrong one and keeps the right one for the tab', async () => {
    const token = 'web-test-token-0123456789abcdef';
    const server = await serve(['--host', '0.0.0.0', '--store', 'sqlite::memory:'], {
      SIGMA_API_TOKEN: token,
    });
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${server.url}/`);
    const field = page.getByLabel('API token');
    await field.waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await field.fill('wrong-token-wrong-token');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('The server refused this token').waitFor();
    expect(await page.getByRole('button', { name: /^Start/ }).count()).toBe(0);
    await field.fill(token);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Start (random task)' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('sigma.token'))).toBe(token);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    // Another tab of the same browser has to give it again: it is kept for the tab only.
    const other = await context.newPage();
    await other.goto(`${server.url}/`);
    await other.getByLabel('API token').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('renders a policy written to attack the page without running any of it', async () => {
    const domains = join(dir, 'domains');
    cpSync(join(repoRoot, 'examples/tea-shop'), join(domains, 'tea-shop'), { recursive: true });
    writeFileSync(join(domains, 'tea-shop/policy.md'), ATTACK);
    const server = await serve(['--store', 'sqlite::memory:', '--data', domains]);
    const { page, context, problems } = await openPage(browser);
    for (const path of ['/domains/tea-shop', '/?env=tea-shop&task=0']) {
      if (path.startsWith('/?')) {
        await startEpisode(page, server.url, 'tea-shop', 0);
        await page.getByRole('tab', { name: 'Policy' }).click();
      } else {
        await page.goto(`${server.url}${path}`);
      }
      const policy = page.locator('.markdown');
      await policy.getByText('Cancel only while packing.').waitFor();
      expect(await policy.locator('script, img, svg, iframe, [onerror], [onload]').count()).toBe(0);
      // The raw HTML shows as nothing executable; the markdown links lose their javascript:/data: targets.
      for (const link of await policy.locator('a').all()) {
        expect((await link.getAttribute('href')) ?? '').not.toMatch(/^(javascript|data):/i);
      }
      expect(await policy.locator('a', { hasText: /this link|that one/ }).count()).toBe(0);
      await policy.getByText('this link').click();
      await policy.getByText('that one').click();
      expect(await page.evaluate('typeof window.__attacked')).toBe('undefined');
      expect(await accessibilityProblems(page)).toEqual([]);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('carries on after the server is killed (SIGKILL) mid-episode: nothing on the page is lost', async () => {
    const store = `sqlite:${join(dir, 'killed.db')}`;
    const first = await serve(['--store', store]);
    const port = new URL(first.url).port;
    const { page, context, problems } = await openPage(browser);
    await startEpisode(page, first.url, 'retail', 0);
    await callTool(page, 'find_user_id_by_name_zip', {
      first_name: 'Bruno',
      last_name: 'Haddad',
      zip: '99219',
    });
    await callTool(page, 'get_order_details', { order_id: '#W1392577' });
    await page
      .getByLabel('Message to the customer')
      .fill('Your order #W1392577 is cancelled. Anything else?');
    await first.kill();

    // While it is down, a call fails with a message and the page keeps what it shows.
    await page
      .getByRole('list', { name: 'tools' })
      .getByRole('button', { name: 'cancel_pending_order' })
      .click();
    const form = page.getByRole('form', { name: 'arguments of cancel_pending_order' });
    await form.getByRole('textbox', { name: /^order_id/ }).fill('#W1392577');
    await form.getByRole('combobox', { name: /^reason/ }).selectOption('no longer needed');
    await form.getByRole('button', { name: 'Call cancel_pending_order' }).click();
    await page.locator('p.error[role=alert]').waitFor();
    expect(await page.locator('.msg-tool').count()).toBe(2);

    await serve(['--store', store, '--port', port]);
    await form.getByRole('button', { name: 'Call cancel_pending_order' }).click();
    await page.locator('.msg-tool').nth(2).waitFor();
    expect(await page.locator('p.error[role=alert]').count()).toBe(0);
    expect(await page.getByLabel('Message to the customer').inputValue()).toBe(
      'Your order #W1392577 is cancelled. Anything else?',
    );
    await send(page, 'Your order #W1392577 is cancelled. Anything else?');
    expect(await finish(page)).toBe('1.0');
    // Browsers log the failed requests while the server was down; nothing else went wrong.
    expect(problems).toEqual([]);
    await context.close();
  });
});
