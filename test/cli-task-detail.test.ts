// `sigma tasks --task-index N`: one task in full, its ground truth only when asked; bad indexes refused.
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';
import { offlineEnv } from './support/tmux.ts';

const home = tempDir('task-detail');
const sigma = (args: string[]) => runCli(args, { env: offlineEnv(home) });

describe('sigma tasks --task-index', () => {
  it("shows the task's whole goal, wrapped, and hides the ground truth unless asked", () => {
    const run = sigma(['tasks', '--env', 'retail', '--task-index', '3']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('retail · task 3 of 106 in "test" (retail-1-3)');
    expect(run.stdout).toContain('Customer: marco_brennan_3378');
    // The whole goal, to its last sentence (the table shows only its first).
    const goal = run.stdout.split('Goal:\n')[1]!.split('\n5 ground-truth')[0]!;
    expect(goal.replace(/\s+/g, ' ').trim()).toBe(
      'You are Marco Brennan, and your zip code is 94649. You received order #W2929933 and want to exchange the Floor Lamp (finish: white, bulb: incandescent, shade: glass) for the same product with bulb LED instead of incandescent and shade fabric instead of glass. You want to receive any price difference with your gift card. You do not remember your email address. You are direct and expect clear answers. If the agent asks whether there is anything else to change in this order, say that this is all. When the agent describes exactly what you asked for and asks you to confirm, answer yes.',
    );
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(run.stdout).toContain('5 ground-truth actions: --show-actions lists them');
    expect(run.stdout).not.toContain('exchange_delivered_order_items');
  });

  it('lists the ground-truth actions with --show-actions', () => {
    const run = sigma(['tasks', '--env', 'retail', '--task-index', '3', '--show-actions']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Ground-truth actions (5):');
    expect(run.stdout).toContain(
      '  1. find_user_id_by_name_zip {"first_name": "Marco", "last_name": "Brennan", "zip": "94649"}',
    );
    expect(run.stdout.replace(/\n\s+/g, ' ')).toContain(
      '5. exchange_delivered_order_items {"order_id": "#W2929933", "item_ids": ["6180412972"], "new_item_ids": ["3417962925"], "payment_method_id": "gift_card_4102762"}',
    );
  });

  it('refuses an index out of range, and --show-actions without an index', () => {
    const out = sigma(['tasks', '--env', 'airline', '--task-index', '50']);
    expect(out.status).toBe(2);
    expect(out.stderr).toBe(
      'sigma: --task-index must be a whole number from 0 to 49 (airline has 50 tasks in "test"), got "50"\n',
    );
    const bare = sigma(['tasks', '--env', 'retail', '--show-actions']);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toBe(
      "sigma: --show-actions lists one task's ground truth: give --task-index N too\n",
    );
    expect(bare.stdout).toBe('');
  });

  it.skipIf(noSharedData)(
    `shows a tau2 task's information to communicate and its assertions (${skipReason})`,
    () => {
      const run = sigma([
        'tasks',
        '--env',
        'retail',
        '--data',
        shared('tau2'),
        '--task-index',
        '2',
        '--show-actions',
      ]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('The agent must say:\n  - "10"');
      expect(run.stdout).toContain('Ground-truth actions (11):');
      expect(run.stdout).toContain(
        'Natural-language assertions:\n  - Agent should tell the user that there are 10 t-shirt options available.',
      );
    },
  );
});
