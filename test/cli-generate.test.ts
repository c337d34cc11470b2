// `sigma generate` through the real CLI: deterministic files, a folder the registry plays, and clear
// refusals that leave nothing behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toJs } from '../src/core/python/index.ts';
import { SimulatorCore } from '../src/session/index.ts';
import { runCli } from './support/run-cli.ts';

const temp = mkdtempSync(join(tmpdir(), 'sigma-generate-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('sigma generate', () => {
  it('writes the same bytes for the same seed, and other bytes for another', () => {
    const args = (out: string, seed: string) => [
      'generate',
      '--env',
      'airline',
      '--seed',
      seed,
      '--tasks',
      '12',
      '--users',
      '60',
      '--flights',
      '40',
      '--reservations',
      '150',
      '--out',
      join(temp, out),
    ];
    const first = runCli(args('a', '5'));
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /Wrote the airline domain \(seed 5\) to .*: 60 customers, 40 flights, 150 reservations, 12 tasks/,
    );
    expect(runCli(args('b', '5')).status).toBe(0);
    expect(runCli(args('c', '6')).status).toBe(0);
    const a = files(join(temp, 'a'));
    expect(Object.keys(a).sort()).toEqual([
      'db.json',
      'domain.json',
      'policy.md',
      'tasks.json',
      'user_guidelines.md',
    ]);
    expect(files(join(temp, 'b'))).toEqual(a);
    expect(files(join(temp, 'c'))['db.json']).not.toBe(a['db.json']);
  });

  it('writes a folder that plays: a generated task scores 1.0 on its ground truth', async () => {
    const out = join(temp, 'shop');
    const run = runCli(['generate', '--env', 'retail', '--seed', '3', '--tasks', '6', '--out', out]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Play it: sigma --env shop --data ${out}`);
    const sim = new SimulatorCore({
      envName: 'shop',
      data: out,
      taskIndex: 0,
      env: {},
      home: join(temp, 'home'),
    });
    await sim.start();
    expect(sim.domain.source.path).toBe(out);
    for (const a of sim.task.actions) await sim.callTool(a.name, toJs(a.kwargs) as Record<string, unknown>);
    let outcome = await sim.respondToUser(`Done. ${sim.task.outputs.join(' ')} Anything else?`);
    if (!outcome.done) outcome = await sim.respondToUser('Goodbye.');
    expect(outcome.reward).toBe(1);
  });

  it('refuses bad flags and a taken folder with one line, exit 2, writing nothing', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--env', 'bank', '--out', join(temp, 'x')], /--env must be retail or airline, got "bank"/],
      [
        ['--env', 'retail', '--seed', 'abc', '--out', join(temp, 'x')],
        /--seed must be a whole number >= 0, got "abc"/,
      ],
      [['--env', 'retail', '--tasks', '-1', '--out', join(temp, 'x')], /--tasks must be a whole number >= 0/],
      [['--env', 'airline', '--orders', '5', '--out', join(temp, 'x')], /--orders does not apply to airline/],
      [['--env', 'retail', '--tasks', '1', '--out', join(temp, 'a')], /already exists and is not empty/],
      [['--env', 'retail'], /required option '--out <dir>' not specified/],
      [['--env', 'retail', '--tasks', '1', '--out', '/etc/passwd/x'], /cannot write \/etc\/passwd\/x \(/],
    ];
    const before = files(join(temp, 'a'));
    for (const [args, message] of cases) {
      const run = runCli(['generate', ...args]);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n').length, run.stderr).toBeLessThanOrEqual(2);
    }
    expect(existsSync(join(temp, 'x'))).toBe(false);
    expect(readdirSync(temp).some((f) => f.includes('.tmp-'))).toBe(false);
    expect(files(join(temp, 'a'))).toEqual(before);
  });

  it('replaces a folder with --force', () => {
    const run = runCli([
      'generate',
      '--env',
      'airline',
      '--seed',
      '9',
      '--tasks',
      '2',
      '--users',
      '30',
      '--flights',
      '30',
      '--reservations',
      '40',
      '--out',
      join(temp, 'c'),
      '--force',
    ]);
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(join(temp, 'c', 'domain.json'), 'utf8'))).toEqual({
      name: 'airline',
      toolkit: 'airline',
    });
    expect(readFileSync(join(temp, 'c', 'tasks.json'), 'utf8')).toMatch(/airline-9-0/);
  });
});
