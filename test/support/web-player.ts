// Plays an episode in the web app the way a person does: the set-up page, the tool palette's forms,
// the composer. Every step waits for what the page shows, never for a fixed time.
import type { Locator, Page } from 'playwright-core';

/** A form value: text for a field, an option for a choice, or a list of items (each a record). */
export type FormValue = string | { choose: string } | FormRecord[];
export interface FormRecord {
  [field: string]: FormValue;
}

/** Opens the set-up page on a domain and task, starts the episode and waits for the customer's opening. */
export async function startEpisode(page: Page, base: string, env: string, task: number): Promise<string> {
  await page.goto(`${base}/?env=${env}&task=${task}`);
  await page.getByRole('button', { name: `Start task ${task}` }).click();
  await page.waitForURL(/\/play\/[0-9a-f-]{36}$/);
  await page.locator('.msg-user').first().waitFor();
  return new URL(page.url()).pathname.split('/').pop()!;
}

async function fill(scope: Locator, values: FormRecord): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string') {
      await scope.getByRole('textbox', { name: new RegExp(`^${name}\\b`) }).fill(value);
    } else if (Array.isArray(value)) {
      const singular = name.replace(/s$/, '');
      const list = scope.getByRole('group', { name: new RegExp(`^${name}\\b`) });
      for (const [i, item] of value.entries()) {
        await list.getByRole('button', { name: `Add ${singular}`, exact: true }).click();
        await fill(list.getByRole('group', { name: `${singular} ${i + 1}`, exact: true }), item);
      }
    } else {
      await scope.getByRole('combobox', { name: new RegExp(`^${name}\\b`) }).selectOption(value.choose);
    }
  }
}

/** Picks a tool in the palette, fills its generated form and calls it; resolves once its result shows. */
export async function callTool(page: Page, name: string, values: FormRecord = {}): Promise<void> {
  const results = await page.locator('.msg-tool').count();
  await page.getByRole('list', { name: 'tools' }).getByRole('button', { name, exact: true }).click();
  const form = page.getByRole('form', { name: `arguments of ${name}` });
  await fill(form, values);
  await form.getByRole('button', { name: `Call ${name}` }).click();
  await page.locator('.msg-tool').nth(results).waitFor();
}

/** Sends a message to the customer with the composer (Enter); resolves once the reply has arrived. */
export async function send(page: Page, text: string): Promise<void> {
  const replies = await page.locator('.msg-user:not(.pending)').count();
  await page.getByLabel('Message to the customer').fill(text);
  await page.getByLabel('Message to the customer').press('Enter');
  await page.locator('.msg-user:not(.pending)').nth(replies).waitFor();
}

/** Waits for the end of the episode, opens the result and returns the reward as shown. */
export async function finish(page: Page): Promise<string> {
  await page.getByRole('status').filter({ hasText: 'The episode has ended' }).waitFor();
  await page.getByRole('button', { name: 'See the result' }).click();
  await page.waitForURL(/\/result\//);
  const reward = page.getByTestId('reward');
  await reward.waitFor();
  return ((await reward.textContent()) ?? '').trim();
}

/** The rows of the data-changes view (the play page's "Changes" tab). */
export async function changeRows(page: Page): Promise<number> {
  await page.getByRole('tab', { name: /^Changes/ }).click();
  return page.locator('table.diff tbody tr').count();
}
