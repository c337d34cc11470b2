// Every `sigma` command writes colour only where it should: never into a file or a pipe, never with
// NO_COLOR or FORCE_COLOR=0, and on request with FORCE_COLOR=1 (which shows the check can fail). Real
// child processes; the terminal cases (where colour is the default) run in tmux.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourWanted } from '../src/cli/colour.ts';
import { runCli } from './support/run-cli.ts';
import { noSharedData, repoRoot, shared, skipReason } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';
import { offlineEnv, Terminal, tmuxAvailable } from './support/tmux.ts';

const ESC = '\x1b';
const home = tempDir('colour');
const work = tempDir('colour-files');

/** No colour variable at all (empty counts as unset), whatever the machine running the tests has. */
const UNSET = { NO_COLOR: '', FORCE_COLOR: '', CI: '' };

function sigma(args: string[], extra: Record<string, string>) {
  return runCli(args, { env: offlineEnv(home, { ...UNSET, ...extra }) });
}

const script = join(work, 'steps.jsonl');
const results = join(work, 'results.json');
const vectors = join(work, 'vectors.json');

beforeAll(() => {
  writeFileSync(
    script,
    [
      '{"tool": "find_user_id_by_name_zip", "arguments": {"first_name": "Bruno", "last_name": "Haddad", "zip": "99219"}}',
      '{"tool": "cancel_pending_order", "arguments": {"order_id": "#W1392577", "reason": "ordered by mistake"}}',
      '{"respond": "Your order is cancelled. Anything else?"}',
    ].join('\n'),
  );
  const generated = sigma(['generate', '--env', 'retail', '--out', join(work, 'shop'), '--tasks', '2'], {});
  expect(generated.status, generated.stderr).toBe(0);
  writeFileSync(
    results,
    JSON.stringify([
      {
        task_id: 0,
        reward: 0.0,
        info: {},
        traj: [
          { role: 'system', content: 'policy' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Goodbye.' },
          { role: 'user', content: '###STOP###' },
        ],
      },
    ]),
  );
  if (!noSharedData) {
    const all = JSON.parse(readFileSync(shared('parity/tau-bench-vectors.json'), 'utf8')) as unknown[];
    writeFileSync(vectors, JSON.stringify(all.slice(0, 2)));
  }
});

/** Every command (and a user mistake), with what it prints when it can colour. */
/** `plain`: the command has nothing to colour (so FORCE_COLOR=1 changes nothing either). */
const COMMANDS: Array<{ name: string; args: () => string[]; shared?: boolean; plain?: true }> = [
  { name: 'help', args: () => ['--help'], plain: true },
  { name: 'tasks', args: () => ['tasks', '--env', 'retail'] },
  {
    name: 'tasks --task-index',
    args: () => ['tasks', '--env', 'retail', '--task-index', '3', '--show-actions'],
  },
  { name: 'envs', args: () => ['envs'] },
  { name: 'policy', args: () => ['policy', '--env', 'airline'], plain: true },
  { name: 'policy --search', args: () => ['policy', '--env', 'retail', '--search', 'cancel'] },
  {
    name: 'play --script',
    args: () => ['play', '--task-index', '0', '--script', script, '--save-to', join(work, 'played.jsonl')],
  },
  {
    name: 'play --script --json',
    args: () => [
      'play',
      '--task-index',
      '0',
      '--script',
      script,
      '--json',
      '--save-to',
      join(work, 'j.jsonl'),
    ],
  },
  {
    name: 'generate',
    args: () => ['generate', '--env', 'airline', '--out', join(work, 'air'), '--tasks', '1', '--force'],
  },
  { name: 'rescore', args: () => ['rescore', results, '--data', join(work, 'shop')] },
  { name: 'data list', args: () => ['data', 'list'], plain: true },
  { name: 'a user mistake', args: () => ['tasks', '--env', 'no-such-domain'] },
  { name: 'parity', args: () => ['parity', vectors, '--data', shared('tau-bench')], shared: true },
];

describe('colour in redirected output', () => {
  for (const command of COMMANDS) {
    it.skipIf(command.shared === true && noSharedData)(
      `${command.name}${command.shared === true && noSharedData ? ` (skipped: ${skipReason})` : ''}`,
      () => {
        const plain = sigma(command.args(), {});
        expect(plain.stdout + plain.stderr, 'a pipe gets no escape codes').not.toContain(ESC);
        expect(plain.stdout + plain.stderr).not.toBe('');
        for (const env of [{ FORCE_COLOR: '0' }, { NO_COLOR: '1', FORCE_COLOR: '1' }] as Record<
          string,
          string
        >[]) {
          const run = sigma(command.args(), env);
          expect(run.stdout + run.stderr, JSON.stringify(env)).not.toContain(ESC);
          expect(run.status).toBe(plain.status);
        }
        if (command.plain === true) {
          const forced = sigma(command.args(), { FORCE_COLOR: '1' });
          expect(forced.stdout + forced.stderr).not.toContain(ESC);
        } else {
          const forced = sigma(command.args(), { FORCE_COLOR: '1' });
          expect(forced.stdout + forced.stderr, 'FORCE_COLOR=1 colours').toContain(ESC);
          // JSON is for programs: never coloured.
          if (command.args().includes('--json')) expect(forced.stdout).not.toContain(ESC);
        }
      },
    );
  }

  it('serve', async () => {
    const lines = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          join(repoRoot, 'src/cli/main.ts'),
          'serve',
          '--port',
          '0',
          '--store',
          `sqlite:${join(work, 's.db')}`,
        ],
        { cwd: repoRoot, env: { ...process.env, ...offlineEnv(home, UNSET) } },
      );
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) child.kill('SIGTERM');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.on('error', reject);
      child.on('exit', () => resolve(out));
    });
    expect(lines).toContain('Sigma server listening on http://127.0.0.1:');
    expect(lines).not.toContain(ESC);
  });
});

describe('the colour decision at start-up', () => {
  /** What picocolors itself decides, imported after `settleColour` as main.ts does. */
  function picocolorsAfterSettling(env: Record<string, string>): string {
    const code = `const { settleColour } = await import(${JSON.stringify(join(repoRoot, 'src/cli/colour-env.ts'))});
settleColour();
const pc = (await import('picocolors')).default;
process.stdout.write(String(pc.isColorSupported) + ' ' + (process.env.NO_COLOR ?? ''));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, ...UNSET, ...env },
    });
    expect(run.stderr).toBe('');
    return run.stdout;
  }

  it('makes libraries that use picocolors directly follow the same rule (FORCE_COLOR=0, CI into a pipe)', () => {
    expect(picocolorsAfterSettling({ FORCE_COLOR: '0' })).toBe('false 1');
    expect(picocolorsAfterSettling({ CI: 'true' })).toBe('false 1');
    expect(picocolorsAfterSettling({ FORCE_COLOR: '1' })).toBe('true ');
  });
});

describe('the colour rules', () => {
  it('follow NO_COLOR, FORCE_COLOR (0 and false are off) and the terminal', () => {
    const tty = { isTTY: true };
    expect(colourWanted({ env: {}, ...tty })).toBe(true);
    expect(colourWanted({ env: {}, isTTY: false })).toBe(false);
    expect(colourWanted({ env: { TERM: 'dumb' }, ...tty })).toBe(false);
    expect(colourWanted({ env: { NO_COLOR: '1' }, ...tty })).toBe(false);
    expect(colourWanted({ env: { NO_COLOR: '' }, ...tty })).toBe(true);
    expect(colourWanted({ env: { FORCE_COLOR: '0' }, ...tty })).toBe(false);
    expect(colourWanted({ env: { FORCE_COLOR: 'false' }, ...tty })).toBe(false);
    expect(colourWanted({ env: { FORCE_COLOR: '1' }, isTTY: false })).toBe(true);
    expect(colourWanted({ env: { FORCE_COLOR: '3', NO_COLOR: 'x' }, isTTY: false })).toBe(false);
    expect(colourWanted({ env: { CI: 'true' }, isTTY: false })).toBe(false);
  });
});

// In a terminal colour is the default, so there NO_COLOR=1 and FORCE_COLOR=0 are what turn it off.
describe.skipIf(!tmuxAvailable() && process.env.CI === undefined)('colour in a terminal (tmux)', () => {
  let terminal: Terminal | undefined;
  afterAll(() => terminal?.close());

  async function screen(args: string[], env: Record<string, string>): Promise<string> {
    terminal?.close();
    terminal = new Terminal({ args, env: offlineEnv(home, { ...UNSET, ...env }) });
    expect(await terminal.exitCode()).toBe(0);
    return terminal.screenWithEscapes();
  }

  for (const args of [
    ['tasks', '--env', 'retail', '--task-index', '0'],
    ['policy', '--env', 'retail', '--search', 'cancel'],
    ['play', '--task-index', '0', '--script', script, '--save-to', join(work, 'tty.jsonl')],
  ]) {
    it(`sigma ${args.slice(0, 2).join(' ')}: coloured by default, plain with NO_COLOR=1 or FORCE_COLOR=0`, async () => {
      expect(await screen(args, {})).toContain(ESC);
      expect(await screen(args, { NO_COLOR: '1' })).not.toContain(ESC);
      expect(await screen(args, { FORCE_COLOR: '0' })).not.toContain(ESC);
    });
  }
});
