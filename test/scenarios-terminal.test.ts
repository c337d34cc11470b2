// `sigma persona create` in a real terminal (tmux): describe, preview, edit the goal, regenerate, save
// or quit, with no model (offline scenarios).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './support/temp-dir.ts';
import { offlineEnv, Terminal, tmuxAvailable } from './support/tmux.ts';

const dir = tempDir('persona-tty');
let terminal: Terminal | undefined;
afterEach(() => {
  terminal?.close();
  terminal = undefined;
});

function open(args: string[]): Terminal {
  terminal = new Terminal({ args, env: offlineEnv(join(dir, 'home')) });
  return terminal;
}

describe.skipIf(!tmuxAvailable() && process.env.CI === undefined)(
  'sigma persona create in a terminal',
  () => {
    it('previews the scenario, keeps an edited goal that passes its checks, and saves', async () => {
      const file = join(dir, 'edited.json');
      const t = open(['persona', 'create', '--env', 'retail', '--seed', '5', '--out', file]);
      await t.waitFor('Describe the scenario (Enter for any) ›');
      t.line('a customer who wants to return something');
      let screen = await t.waitFor('[s]ave, [r]egenerate, [e]dit the goal, [q]uit ›');
      expect(screen).toMatch(/Scenario retail-return-5/);
      expect(screen).toMatch(/Customer: \S+ \S+ \(\S+\)/);
      expect(screen).toMatch(/New records: orders: #W\d+/);
      expect(screen).toContain('Ground truth:');
      expect(screen).toMatch(/1\. find_user_id_by_(email|name_zip)/);
      t.line('e');
      await t.waitFor('Goal ›');
      t.line(' Mention that you are travelling next week.');
      screen = await t.waitFor('[s]ave, [r]egenerate, [e]dit the goal, [q]uit ›', 2);
      expect(screen).toContain('travelling next week.');
      t.line('e');
      await t.waitFor('Goal ›', 2);
      t.press('C-u');
      t.line('You want a refund for a lamp. Use return_delivered_order_items.');
      screen = await t.waitFor('The edited goal fails its checks, so it is not kept');
      expect(screen).toContain('the instruction names the tool return_delivered_order_items');
      await t.waitFor('[s]ave, [r]egenerate, [e]dit the goal, [q]uit ›', 3);
      t.line('s');
      await t.waitFor(`Wrote ${file}`);
      expect(await t.exitCode()).toBe(0);
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { instruction: string; meta: { kind: string } };
      expect(saved.instruction).toMatch(/travelling next week\.$/);
      expect(saved.meta.kind).toBe('return');
    });

    it('regenerates on request and quits without saving', async () => {
      const file = join(dir, 'never.json');
      const t = open([
        'persona',
        'create',
        '--env',
        'airline',
        '--seed',
        '1',
        '--describe',
        'any trip',
        '--out',
        file,
      ]);
      await t.waitFor('[s]ave, [r]egenerate, [e]dit the goal, [q]uit ›');
      t.line('r');
      await t.waitFor('A note for the next proposal (Enter for none) ›');
      t.line('');
      const screen = await t.waitFor('[s]ave, [r]egenerate, [e]dit the goal, [q]uit ›', 2);
      expect(screen).toMatch(/Scenario airline-\S+-1[\s\S]*Scenario airline-\S+-2/);
      t.line('q');
      await t.waitFor('Not saved.');
      expect(await t.exitCode()).toBe(0);
      expect(existsSync(file)).toBe(false);
    });
  },
);
