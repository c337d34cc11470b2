// The `sigma` commands around play, run as a real child process (no terminal): help, the task table,
// the domain list, the policy, and every user mistake as one line with exit status 2.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';
import { offlineEnv } from './support/tmux.ts';

const home = tempDir('commands');
const sigma = (args: string[], extra: Record<string, string> = {}) =>
  runCli(args, { env: offlineEnv(home, extra) });

/** A user mistake: exit 2, one line on stderr starting "sigma:", no stack trace, nothing on stdout. */
function expectOneLine(run: ReturnType<typeof runCli>, pattern: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^sigma: /);
  expect(lines[0]).toMatch(pattern);
}

describe('sigma help', () => {
  it('lists the commands and the quick start', () => {
    const run = sigma(['--help']);
    expect(run.status).toBe(0);
    for (const command of ['play', 'tasks', 'envs', 'policy', 'parity', 'rescore'])
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(run.stdout).toContain('sigma --env retail');
  });

  it('gives each command its options and examples', () => {
    const play = sigma(['play', '--help']);
    expect(play.status).toBe(0);
    for (const flag of [
      '--env',
      '--user-model',
      '--user-provider',
      '--user-strategy',
      '--task-index',
      '--task-split',
      '--seed',
      '--persona',
      '--persona-file',
      '--data',
      '--max-turns',
      '--save-to',
      '--show-goal',
      '--agent-model',
      '--list-tasks',
      '--script',
      '--json',
    ])
      expect(play.stdout).toContain(flag);
    expect(play.stdout).toContain('Examples:');
    expect(play.stdout).toMatch(/exit status is 0 whatever the reward/);
    const tasks = sigma(['tasks', '--help']);
    expect(tasks.stdout).toContain('--show-goal');
    expect(tasks.stdout).toContain('Examples:');
    expect(sigma(['envs', '--help']).stdout).toContain('Examples:');
    expect(sigma(['policy', '--help']).stdout).toContain('--search');
  });
});

describe('sigma tasks / --list-tasks', () => {
  it('prints the retail task table: index, id, customer, goal summary', () => {
    const run = sigma(['tasks', '--env', 'retail']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('retail: 106 tasks in split "test"; splits: test (106), train (94)');
    expect(run.stdout).toMatch(/│ #\s+│ id\s+│ customer\s+│ goal\s+│/);
    expect(run.stdout).toMatch(
      /│ 0\s+│ retail-1-0\s+│ bruno_haddad_4608\s+│ You want to cancel order #W1392577/,
    );
    expect(run.stdout).toMatch(/│ 105\s+│/);
  });

  it('is also `sigma --list-tasks`, with a split', () => {
    const run = sigma(['--list-tasks', '--env', 'airline', '--task-split', 'train']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('airline: 50 tasks in split "train"');
    expect(run.stdout).toMatch(/│ 49\s+│ airline-/);
    expect(run.stdout).toContain('--task-split train --task-index N');
  });

  it.skipIf(noSharedData)(`lists a tau-bench folder's tasks (${skipReason})`, () => {
    const run = sigma(['tasks', '--env', 'airline', '--data', shared('tau-bench')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/│ 0\s+│ test-0\s+│ mia_li_3668\s+│ You want to fly from New York to Seattle/);
  });
});

describe('sigma envs', () => {
  it('lists the built-in domains with their origin, layout and tasks per split', () => {
    const run = sigma(['envs']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/│ retail\s+│ built-in\s+│ sigma\s+│ test: 106, train: 94\s+│ online store/);
    expect(run.stdout).toMatch(/│ airline\s+│ built-in\s+│ sigma\s+│ test: 50, train: 50\s+│ airline/);
  });

  it.skipIf(noSharedData)(`adds the folders of --data first (${skipReason})`, () => {
    const run = sigma(['envs', '--data', shared('tau-bench')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/│ retail\s+│ folder\s+│ tau-bench\s+│ dev: 20, test: 115, train: 500/);
  });
});

describe('sigma policy', () => {
  it('prints the whole policy', () => {
    const run = sigma(['policy', '--env', 'retail']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^# Sigma Retail: customer-service policy/);
  });

  it('searches it: `modify` finds the rules for changing items, `cancel` the whole section of reasons', () => {
    const modify = sigma(['policy', '--env', 'retail', '--search', 'modify']);
    expect(modify.status).toBe(0);
    expect(modify.stdout.split('\n')[0]).toBe(
      '§ Sigma Retail: customer-service policy › Pending orders › Changing items',
    );
    expect(modify.stdout).toContain('afterwards the status is `pending (item modified)`');
    const cancel = sigma(['policy', '--env', 'retail', '--search', 'cancel']);
    const [first] = cancel.stdout.split('\n\n');
    expect(first).toBe(
      [
        '§ Sigma Retail: customer-service policy › Pending orders › Cancelling',
        '### Cancelling',
        '- The customer must give the order id and the reason, which must be either "no longer needed" or',
        '  "ordered by mistake". Any other reason cannot be used.',
        '- After the cancellation every payment is refunded: to a gift card at once, to a credit card or',
        '  PayPal within 5 to 7 business days.',
      ].join('\n'),
    );
    const none = sigma(['policy', '--env', 'airline', '--search', 'zeppelin']);
    expect(none.stdout.trim()).toBe('Nothing in the airline policy matches "zeppelin".');
  });

  it('highlights the matching words when colour is asked for', () => {
    const run = sigma(['policy', '--env', 'retail', '--search', 'cancel'], {
      NO_COLOR: '',
      FORCE_COLOR: '1',
    });
    expect(run.stdout).toContain('\x1b[1m\x1b[33mCancelling\x1b[39m\x1b[22m');
  });
});

describe('bad input: one clear line, exit 2', () => {
  it('an unknown domain', () => {
    const file = join(home, 'one.jsonl');
    writeFileSync(file, '{"respond": "hi"}\n');
    expectOneLine(
      sigma(['--env', 'nope', '--script', file]),
      /unknown domain "nope": known domains are .*retail.*airline/,
    );
    expectOneLine(sigma(['tasks', '--env', 'nope']), /unknown domain "nope"/);
    expectOneLine(sigma(['policy', '--env', '../etc']), /invalid domain name/);
  });

  it('a task index out of range, or not a number', () => {
    const file = join(home, 'one.jsonl');
    writeFileSync(file, '{"respond": "hi"}\n');
    expectOneLine(
      sigma(['--env', 'retail', '--task-index', '500', '--script', file]),
      /task index 500 is out of range: split "test" of retail has tasks 0 to 105/,
    );
    expectOneLine(
      sigma(['--task-index', 'two', '--script', file]),
      /--task-index must be a whole number >= 0, got "two"/,
    );
    expectOneLine(sigma(['--max-turns', '0', '--script', file]), /--max-turns must be a whole number >= 1/);
    expectOneLine(sigma(['tasks', '--task-split', 'nope']), /no task split "nope"; it has: test, train/);
  });

  it('an unreadable persona file', () => {
    const file = join(home, 'one.jsonl');
    writeFileSync(file, '{"respond": "hi"}\n');
    expectOneLine(
      sigma(['--persona-file', join(home, 'missing.json'), '--script', file]),
      /missing\.json: no such file/,
    );
    const broken = join(home, 'broken.json');
    writeFileSync(broken, '{"instruction": ');
    expectOneLine(sigma(['--persona-file', broken, '--script', file]), /broken\.json: invalid JSON/);
  });

  it('a missing model key, for the customer or the copilot', () => {
    const file = join(home, 'one.jsonl');
    writeFileSync(file, '{"respond": "hi"}\n');
    expectOneLine(
      sigma(['--user-model', 'openai:gpt-4o', '--task-index', '0', '--script', file]),
      /needs an API key: set OPENAI_API_KEY/,
    );
    expectOneLine(
      sigma(['--user-model', 'nobody:model', '--task-index', '0', '--script', file]),
      /Unknown model provider "nobody"/,
    );
    expectOneLine(sigma(['--agent-model', 'anthropic:claude-sonnet-4']), /ANTHROPIC_API_KEY/);
  });

  it('interactive play without a terminal points to --script', () => {
    expectOneLine(sigma(['--env', 'retail']), /needs a terminal .* use --script FILE/);
    expectOneLine(sigma(['--json']), /--json is for --script/);
  });

  it('an unknown option, with the usage hint', () => {
    const run = sigma(['--bogus']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--bogus'/);
  });
});
