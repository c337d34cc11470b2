// Scenarios where people use them: `sigma persona create/check/list`, playing a created file with
// `--persona-file --script`, and `sigma scenarios generate --offline --as-domain`, all as child processes
// without a model. The ground truth scores 1.0, doing nothing 0.0.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainRegistry } from '../src/registry/index.ts';
import { offlineScenario, scenarioText } from '../src/scenarios/index.ts';
import { SimulatorCore } from '../src/session/index.ts';
import { runCli } from './support/run-cli.ts';
import { tempDir } from './support/temp-dir.ts';
import { offlineEnv } from './support/tmux.ts';

const dir = tempDir('scenarios');
const home = join(dir, 'home');

function sigma(args: string[]) {
  return runCli(args, { env: offlineEnv(home) });
}

interface ScenarioFile {
  name: string;
  instruction: string;
  actions: Array<{ name: string; kwargs: Record<string, unknown> }>;
  outputs: string[];
  refusal: boolean;
  meta: { generator: string; domain: string; kind: string };
}

/** A script of the ground truth, closed by saying the outputs (again, if the customer asks for them). */
function groundTruthScript(file: ScenarioFile, path: string): string {
  const lines = file.actions.map((a) => JSON.stringify({ tool: a.name, arguments: a.kwargs }));
  const figures = file.outputs.length === 0 ? '' : ` The figures: ${file.outputs.join(', ')}.`;
  lines.push(JSON.stringify({ respond: `All done.${figures} Anything else?` }));
  if (file.outputs.length > 0)
    lines.push(
      JSON.stringify({
        respond: `As I said: ${file.outputs.join(', ')}. Is there anything else I can help with?`,
      }),
    );
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function rewardOf(stdout: string): number {
  return (JSON.parse(stdout) as { reward: number }).reward;
}

describe.each(['retail', 'airline'])('sigma persona create --env %s with no model', (env) => {
  const file = join(dir, `${env}-7.json`);

  it('writes a file that persona check accepts, deterministically for the seed', () => {
    const run = sigma(['persona', 'create', '--env', env, '--seed', '7', '--out', file, '--yes']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Wrote ${file}`);
    expect(run.stdout).toContain('offline, from the task programs');
    const first = readFileSync(file, 'utf8');
    const parsed = JSON.parse(first) as ScenarioFile;
    expect(parsed.meta.generator).toBe('offline');
    expect(parsed.meta.domain).toBe(env);
    const again = join(dir, `${env}-7-again.json`);
    expect(sigma(['persona', 'create', '--env', env, '--seed', '7', '--out', again, '--yes']).status).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(first);
    const check = sigma(['persona', 'check', file]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain(`OK ${file}: a valid ${env} scenario`);
  });

  it('scores 1.0 when its ground truth is played, and 0.0 when the agent does nothing', () => {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as ScenarioFile;
    const script = groundTruthScript(parsed, join(dir, `${env}-gt.jsonl`));
    const played = sigma(['--env', env, '--persona-file', file, '--script', script, '--json']);
    expect(played.status, played.stderr).toBe(0);
    expect(rewardOf(played.stdout)).toBe(1);
    const nothing = join(dir, `${env}-nothing.jsonl`);
    writeFileSync(nothing, '{"respond": "I am sorry, I cannot help with that. Goodbye."}\n');
    const idle = sigma(['--env', env, '--persona-file', file, '--script', nothing, '--json']);
    expect(idle.status, idle.stderr).toBe(0);
    expect(rewardOf(idle.stdout)).toBe(0);
  });

  it('persona check prints each failing check and exits 1', () => {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as ScenarioFile & { customer: { user_id: string } };
    const broken = join(dir, `${env}-broken.json`);
    const tools = parsed.actions.map((a) => a.name).join(' and ');
    writeFileSync(
      broken,
      JSON.stringify({
        ...parsed,
        instruction: `${parsed.instruction} Use ${tools}.`,
        refusal: !parsed.refusal,
      }),
    );
    const check = sigma(['persona', 'check', broken]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(`FAIL ${broken}`);
    expect(check.stdout).toMatch(/- the instruction names the tool/);
  });
});

describe('sigma persona list and errors', () => {
  it('lists the files it created in the data home', () => {
    const made = sigma(['persona', 'create', '--env', 'retail', '--seed', '3', '--yes']);
    expect(made.status, made.stderr).toBe(0);
    const list = sigma(['persona', 'list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/retail-\S+-3\.json {2}retail {2}\S+ {2}offline/);
  });

  it('refuses bad input with one clear line', () => {
    const run = sigma(['persona', 'create', '--env', 'retail', '--inspiration', ',', '--yes']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--inspiration takes task indices or ids');
    const missing = sigma(['persona', 'check', join(dir, 'nope.json'), '--env', 'retail']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const offline = sigma([
      'persona',
      'create',
      '--env',
      'retail',
      '--offline',
      '--model',
      'openai:gpt-4o',
      '--yes',
    ]);
    expect(offline.status).toBe(2);
    expect(offline.stderr).toContain('--offline uses no model');
    const noTerminal = sigma(['persona', 'create', '--env', 'retail']);
    expect(noTerminal.status).toBe(2);
    expect(noTerminal.stderr).toContain('pass --yes to write the file');
  });
});

describe('a refusal scenario', () => {
  it('scores 1.0 for its reads and a refusal, and 0.0 once the agent writes anything', async () => {
    const registry = new DomainRegistry({ origins: ['built-in'] });
    const value = offlineScenario(await registry.get('retail'), { seed: 1, kind: 'refusal' });
    expect(value.refusal).toBe(true);
    const file = join(dir, 'refusal.json');
    writeFileSync(file, scenarioText(value));
    const customer = value.customer as { user_id: string; address: Record<string, string> };
    const rewards: number[] = [];
    for (const write of [false, true]) {
      const sim = new SimulatorCore({
        envName: 'retail',
        personaFile: file,
        registry,
        userStrategy: 'scripted',
      });
      await sim.start();
      for (const action of value.actions as Array<{ name: string; kwargs: Record<string, unknown> }>)
        await sim.callTool(action.name, JSON.stringify(toPlain(action.kwargs)));
      if (write) {
        const changed = await sim.callTool('modify_user_address', {
          user_id: customer.user_id,
          ...customer.address,
          address2: 'Floor 3',
        });
        expect(changed.observation).not.toMatch(/^Error/);
      }
      for (const text of [
        'I am sorry, the policy does not allow that.',
        'Is there anything else I can help with?',
      ])
        if (!sim.isDone) await sim.respondToUser(text);
      if (!sim.isDone) sim.abandon();
      rewards.push(sim.getFinalResult().reward.reward ?? -1);
    }
    expect(rewards).toEqual([1, 0]);
  });
});

describe('sigma scenarios generate --offline --as-domain', () => {
  it('writes 50 scenarios as a domain whose ground truths all score 1.0, the same bytes for a seed', async () => {
    const out = join(dir, 'scen-retail');
    const run = sigma([
      'scenarios',
      'generate',
      '--env',
      'retail',
      '--count',
      '50',
      '--offline',
      '--as-domain',
      '--seed',
      '4',
      '--out',
      out,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('asked 50 · valid 50 · repaired 0 · failed 0');
    const again = join(dir, 'again', 'scen-retail');
    expect(
      sigma([
        'scenarios',
        'generate',
        '--env',
        'retail',
        '--count',
        '50',
        '--offline',
        '--as-domain',
        '--seed',
        '4',
        '--out',
        again,
      ]).status,
    ).toBe(0);
    for (const name of ['db.json', 'tasks.json'])
      expect(readFileSync(join(again, name), 'utf8')).toBe(readFileSync(join(out, name), 'utf8'));
    const registry = new DomainRegistry({ data: out, home });
    const domain = await registry.get('scen-retail');
    const tasks = domain.tasks.get('test')!;
    expect(tasks).toHaveLength(50);
    const rewards: number[] = [];
    for (let index = 0; index < tasks.length; index++) {
      const sim = new SimulatorCore({
        envName: 'scen-retail',
        taskIndex: index,
        registry,
        userStrategy: 'scripted',
      });
      await sim.start();
      for (const action of tasks[index]!.actions)
        await sim.callTool(action.name, JSON.stringify(toPlain(action.kwargs)));
      const figures = tasks[index]!.outputs.join(', ');
      for (const text of [`Done. ${figures} Anything else?`, `As I said: ${figures}. Anything else?`]) {
        if (!sim.isDone) await sim.respondToUser(text);
      }
      if (!sim.isDone) sim.abandon();
      rewards.push(sim.getFinalResult().reward.reward ?? -1);
    }
    expect(rewards).toEqual(Array(50).fill(1));
  });
});

function toPlain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
}
