// `sigma` on an 80-column terminal (tmux): the data tables and the end screen fit, a whole record reads
// field by field, and a tool call can be cancelled at any of its prompts without anything recorded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TrajectorySchema } from '../src/contracts/trajectory.ts';
import { tempDir } from './support/temp-dir.ts';
import { offlineEnv, Terminal, tmuxAvailable } from './support/tmux.ts';

const PROMPT = 'agent ›';
const COLUMNS = 80;

let terminal: Terminal | undefined;
afterEach(() => {
  terminal?.close();
  terminal = undefined;
});

function play(args: string[]): { t: Terminal; saved: string } {
  const home = tempDir('pty80');
  const saved = join(home, 'episodes.jsonl');
  terminal = new Terminal({ args: [...args, '--save-to', saved], env: offlineEnv(home), columns: COLUMNS });
  return { t: terminal, saved };
}

/** The lines from the last line containing `from` up to (not including) the next containing `to`. */
function section(screen: string, from: string, to: string): string[] {
  const lines = screen.split('\n');
  const start = lines.findLastIndex((l) => l.includes(from));
  expect(start, `no "${from}" on the screen:\n${screen}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.includes(to));
  return lines.slice(start, end === -1 ? undefined : end);
}

/** Every line fits: the screen is read with wrapped lines joined, so a line that wrapped is longer. */
function expectFits(lines: string[]): void {
  for (const line of lines)
    expect(line.length, `wider than ${COLUMNS}: ${line}`).toBeLessThanOrEqual(COLUMNS);
}

function toolCalls(saved: string): string[] {
  const [line] = readFileSync(saved, 'utf8').trim().split('\n');
  const record = TrajectorySchema.parse(JSON.parse(line!));
  return record.messages.flatMap((m) =>
    m.role === 'assistant'
      ? (m.tool_calls ?? []).map((c) => `${c.function.name} ${c.function.arguments}`)
      : [],
  );
}

describe.skipIf(!tmuxAvailable() && process.env.CI === undefined)('sigma at 80 columns (tmux)', () => {
  it('cancels tool calls at any prompt, records none of them, and fits /changes and the end screen', async () => {
    const { t, saved } = play(['--env', 'retail', '--task-index', '0']);
    let prompts = 1;
    const next = async (line: string) => {
      await t.waitFor(PROMPT, prompts++);
      t.line(line);
    };
    const cancelledCalls = () => t.count('nothing was called or recorded.');

    // Ctrl-C at an argument prompt cancels the call, not the episode.
    await next('/tool find_user_id_by_name_zip');
    await t.waitFor('first_name ›');
    t.line('Bruno');
    await t.waitFor('last_name ›');
    t.press('C-c');
    await t.waitFor('Call cancelled (Ctrl-C): nothing was called or recorded.');

    // /cancel at an enum's prompt.
    await next('/tool cancel_pending_order');
    await t.waitFor('order_id ›');
    t.line('#W1392577');
    await t.waitFor('reason [1-2] ›');
    t.line('/cancel');
    await t.waitFor('Call cancelled (/cancel)');

    // Enter twice at a required value.
    await next('/tool get_order_details');
    await t.waitFor('order_id ›');
    t.line('');
    await t.waitFor('Enter again cancels the call');
    t.line('');
    await t.waitFor('Call cancelled (Enter at a required value)');

    // After an invalid /json: a command is not read as JSON, and an empty answer cancels.
    await next('/json cancel_pending_order {"order_id": "#W1392577", ');
    await t.waitFor('✗ not valid JSON');
    await t.waitFor('arguments of cancel_pending_order (JSON object; Enter cancels) ›');
    t.line('/history');
    await t.waitFor('/history waits until this tool call is done: answer, or /cancel the call');
    t.line('');
    await t.waitFor('Call cancelled (no arguments given)');
    // ... and /cancel there too.
    await next('/json cancel_pending_order {bad');
    await t.waitFor('arguments of cancel_pending_order (JSON object; Enter cancels) ›', 2);
    t.line('/cancel');
    await t.waitFor('Call cancelled (/cancel)', 2);
    // /json asks before calling, as /tool does; "n" calls nothing.
    await next('/json get_order_details {"order_id": "#W1392577"}');
    await t.waitFor('Call it? (Y/n) ›');
    t.line('n');
    await t.waitFor('Not called.');
    expect(cancelledCalls()).toBe(5);

    // A call made: the wrong reason, on purpose, so the end screen has a difference to show.
    await next('/json cancel_pending_order {"order_id": "#W1392577", "reason": "ordered by mistake"}');
    await t.waitFor('Call it? (Y/n) ›', 2);
    t.line('');
    await t.waitFor('"cancel_reason": "ordered by mistake"');
    await next('/changes');
    await t.waitFor(/│ cancel_reason\s+│ \(absent\)\s+│ "ordered by mistake"\s+│/);
    await t.waitFor(PROMPT, prompts);
    const changes = section(t.screen(), `${PROMPT} /changes`, PROMPT);
    expect(changes.join('\n')).toMatch(
      /│ orders #W1392577\s+│\n.*\n│ status\s+│ "pending"\s+│ "cancelled"\s+│/,
    );
    expectFits(changes);

    await next('/end');
    await t.waitFor('End the episode now?');
    t.line('y');
    expect(await t.exitCode()).toBe(0);
    const end = section(t.screen(), '── Episode over', '[exit');
    // The header too: its long lines are wrapped at spaces.
    expectFits(section(t.screen(), 'Sigma · retail', 'customer ›'));
    expect(end.join('\n')).toMatch(
      /│ orders #W1392577\s+│\n.*\n│ cancel_reason\s+│ "ordered by mistake"\s+│ "no longer needed"\s+│/,
    );
    expect(end.join('\n')).toContain(
      '3. cancel_pending_order {"order_id": "#W1392577", "reason": "no longer',
    );
    expectFits(end);

    // Only the call that was made is in the record.
    expect(toolCalls(saved)).toEqual([
      'cancel_pending_order {"order_id": "#W1392577", "reason": "ordered by mistake"}',
    ]);
  });

  it('shows a new record field by field in /changes, and a missing one on the end screen, within 80 columns', async () => {
    const { t, saved } = play(['--env', 'airline', '--task-index', '0']);
    await t.waitFor(PROMPT);
    t.line(
      '/json book_reservation {"user_id": "dmitri_sato_4628", "origin": "MIA", "destination": "BOS", "flight_type": "one_way", "cabin": "economy", "flights": [{"flight_number": "HAT203", "date": "2024-05-21"}], "passengers": [{"first_name": "Dmitri", "last_name": "Sato", "dob": "1990-05-23"}], "payment_methods": [{"payment_id": "credit_card_2255674", "amount": 144}], "total_baggages": 0, "nonfree_baggages": 0, "insurance": "no"}',
    );
    await t.waitFor('Call it? (Y/n) ›');
    t.line('');
    await t.waitFor('"reservation_id"');
    await t.waitFor(PROMPT, 2);
    t.line('/changes');
    await t.waitFor(/^reservations \S+ \(new record\)$/m);
    await t.waitFor(PROMPT, 3);
    const changes = section(t.screen(), `${PROMPT} /changes`, PROMPT);
    const text = changes.join('\n');
    for (const field of [
      'reservation_id',
      'user_id',
      'flights',
      'passengers',
      'payment_history',
      'insurance',
    ])
      expect(text).toMatch(new RegExp(`│ ${field}\\s+│`));
    expect(text).toMatch(/│\s+"first_name": "Dmitri",\s+│|"first_name": "Dmitri"/);
    expectFits(changes);

    t.line('/undo');
    await t.waitFor('Undone: book_reservation');
    await t.waitFor(PROMPT, 4);
    t.line('/end');
    await t.waitFor('End the episode now?');
    t.line('y');
    expect(await t.exitCode()).toBe(0);
    const end = section(t.screen(), '── Episode over', 'Saved to');
    const endText = end.join('\n');
    expect(endText).toMatch(/^reservations \S+ \(missing: only expected\)$/m);
    expect(endText).toMatch(/│ passengers\s+│ \[\s+│/);
    expect(endText).toMatch(/"last_name": "Park",/);
    expectFits(end);
    expect(toolCalls(saved)).toEqual([]);
  });
});
