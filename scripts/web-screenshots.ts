// Takes the screenshots of the web app shown in README.md and docs/web.md (docs/images/web-*.png):
// a server on a free port with an in-memory store, an episode played partly through the API, each page
// in chromium at desktop width, and the play page at 390 px. `node scripts/web-screenshots.ts`.
import { chromium } from 'playwright-core';
import { DomainRegistry } from '../src/registry/index.ts';
import { startServer } from '../src/server/index.ts';
import { openStore } from '../src/store/index.ts';
import { startOpenAICompatibleServer } from '../src/testing/index.ts';

const out = (name: string) => new URL(`../docs/images/web-${name}.png`, import.meta.url).pathname;
// A model customer played by the loopback model server (no real model is called).
const LINES = [
  'Hi, I would like to cancel an order I placed last week.',
  'Sure: Bruno Haddad, zip code 99219.',
  'Why do you need my zip code?',
];
const llm = await startOpenAICompatibleServer({ handler: (request) => LINES[request.index] ?? 'Thanks.' });
const server = await startServer({
  store: openStore('sqlite::memory:'),
  registry: new DomainRegistry({}),
  port: 0,
  env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url },
});
const call = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await r.json()) as Record<string, unknown>;
};

async function episode(): Promise<string> {
  const { id } = (await call('POST', '/sessions', {
    envName: 'retail',
    taskIndex: 0,
    userStrategy: 'scripted',
  })) as {
    id: string;
  };
  await call('POST', `/sessions/${id}/start`);
  await call('POST', `/sessions/${id}/respond`, {
    message: 'Hello! Could you give me your name and zip code?',
  });
  await call('POST', `/sessions/${id}/tool`, {
    name: 'find_user_id_by_name_zip',
    arguments: { first_name: 'Bruno', last_name: 'Haddad', zip: '99219' },
  });
  await call('POST', `/sessions/${id}/tool`, {
    name: 'get_order_details',
    arguments: { order_id: '#W1392577' },
  });
  return id;
}

const browser = await chromium.launch({
  executablePath: process.env.SIGMA_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const desktop = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await desktop.goto(`${server.url}/?env=retail&task=0`);
  await desktop.getByRole('button', { name: 'Start task 0' }).waitFor();
  await desktop.screenshot({ path: out('setup') });

  const id = await episode();
  await desktop.goto(`${server.url}/play/${id}`);
  await desktop.locator('.msg-tool').nth(1).waitFor();
  await desktop
    .getByRole('list', { name: 'tools' })
    .getByRole('button', { name: 'cancel_pending_order' })
    .click();
  await desktop.getByRole('textbox', { name: /^order_id/ }).fill('#W1392577');
  await desktop.getByRole('combobox', { name: /^reason/ }).selectOption('no longer needed');
  await desktop.screenshot({ path: out('play') });

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await phone.goto(`${server.url}/play/${id}`);
  await phone.locator('.msg-tool').nth(1).waitFor();
  await phone.screenshot({ path: out('play-390') });
  await phone.getByRole('button', { name: 'Tools', exact: true }).click();
  await phone.getByRole('button', { name: 'get_order_details', exact: true }).click();
  await phone.screenshot({ path: out('play-390-tools') });

  await desktop.getByRole('button', { name: 'Call cancel_pending_order' }).click();
  await desktop.locator('.msg-tool').nth(2).waitFor();
  await desktop
    .getByLabel('Message to the customer')
    .fill('Your order #W1392577 is cancelled. Anything else?');
  await desktop.getByLabel('Message to the customer').press('Enter');
  await desktop.getByRole('button', { name: 'See the result' }).click();
  await desktop.getByTestId('reward').waitFor();
  await desktop.screenshot({ path: out('result'), fullPage: true });

  // A model customer's episode: message times and the Regenerate reply form with a note.
  const { id: modelId } = (await call('POST', '/sessions', {
    envName: 'retail',
    taskIndex: 0,
    userStrategy: 'llm',
    userProvider: 'openai-compatible',
    userModel: 'customer-model',
  })) as { id: string };
  await call('POST', `/sessions/${modelId}/start`);
  await call('POST', `/sessions/${modelId}/respond`, {
    message: 'Could you give me your name and zip code?',
  });
  await desktop.goto(`${server.url}/play/${modelId}`);
  await desktop.getByText(LINES[1]!).waitFor();
  await desktop.getByLabel("Note for the customer's new reply (optional)").fill('be less cooperative');
  await desktop.screenshot({ path: out('play-model') });

  await desktop.goto(`${server.url}/domains/airline`);
  await desktop.getByRole('heading', { name: 'Tools of airline' }).waitFor();
  await desktop.getByText('book_reservation', { exact: true }).click();
  await desktop.screenshot({ path: out('domains') });
  console.log('wrote docs/images/web-{setup,play,play-390,play-390-tools,result,play-model,domains}.png');
} finally {
  await browser.close();
  await server.close();
  await llm.close();
}
