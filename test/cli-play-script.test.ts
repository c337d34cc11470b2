// `sigma play --script FILE`: an episode played from JSON lines of actions, without a terminal, with
// the scripted customer. The ground truth scores 1.0, a wrong write 0.0 with the differing records.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrajectorySchema } from '../src/contracts/trajectory.ts';
import { pyDumps } from '../src/core/python/index.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { SimulatorCore } from '../src/session/index.ts';
import { openStore } from '../src/store/index.ts';
import { runCli } from './support/run-cli.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';
import { offlineEnv } from './support/tmux.ts';

const dir = tempDir('script');
let files = 0;

function script(lines: string[]): string {
  const file = join(dir, `script-${++files}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function sigma(args: string[], home = mkdtempSync(join(dir, 'home-'))) {
  return { ...runCli(args, { env: offlineEnv(home) }), home };
}

const registry = new DomainRegistry({ home: dir });

/** The task's ground-truth actions as a script, closed by a message that says its outputs. */
async function groundTruthScript(env: string, index: number, from = registry): Promise<string> {
  const domain = await from.get(env);
  const task = domain.tasks.get(domain.defaultSplit)![index]!;
  const lines = task.actions.map((a) =>
    a.name === 'respond'
      ? JSON.stringify({ respond: a.kwargs.content })
      : `{"tool": ${JSON.stringify(a.name)}, "arguments": ${pyDumps(a.kwargs)}}`,
  );
  const outputs = task.outputs.length === 0 ? '' : ` The figures: ${task.outputs.join(', ')}.`;
  lines.push(JSON.stringify({ respond: `All done.${outputs} Is there anything else I can help with?` }));
  return script(lines);
}

/** The trajectory the store in `home` keeps for the session `id`. */
async function storedRecord(home: string, id: string, name = 'sigma.db') {
  const store = openStore(`sqlite:${join(home, name)}`);
  try {
    const text = await store.getTrajectory(id);
    expect(text, `no trajectory ${id} in ${home}`).toBeDefined();
    return TrajectorySchema.parse(JSON.parse(text!));
  } finally {
    await store.close();
  }
}

function savedRecords(file: string) {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => TrajectorySchema.parse(JSON.parse(line)));
}

const CANCEL = '{"tool": "cancel_pending_order", "arguments": {"order_id": "#W1392577", "reason": "%s"}}';
const CLOSE = '{"respond": "Your order #W1392577 is cancelled. Anything else?"}';

describe('sigma play --script', () => {
  it('plays the ground truth of a retail task: reward 1.0, printed and saved', async () => {
    const file = await groundTruthScript('retail', 0);
    const saveTo = join(dir, 'gt.jsonl');
    const run = sigma(['--env', 'retail', '--task-index', '0', '--script', file, '--save-to', saveTo]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("the customer is Sigma's scripted customer");
    expect(run.stdout).toContain('customer › Hi! I want to cancel order #W1392577');
    expect(run.stdout).toContain(
      '→ cancel_pending_order {"order_id": "#W1392577", "reason": "no longer needed"}',
    );
    expect(run.stdout).toContain('"status": "cancelled"');
    expect(run.stdout).toContain('[the customer ends the conversation]');
    expect(run.stdout).toContain('── Episode over: the customer ended the conversation ──');
    expect(run.stdout).toMatch(/^Reward: 1\.0$/m);
    expect(run.stdout).toContain('state match: yes');
    expect(run.stdout).toContain('Data: the data left matches the expected data.');
    expect(run.stdout).toContain('1. find_user_id_by_name_zip {"first_name": "Bruno"');
    expect(run.stdout).toContain('customer: no model calls');
    expect(run.stdout).toContain(`Saved to ${saveTo}`);
    const [record] = savedRecords(saveTo);
    expect(record!.reward!.reward).toBe(1);
    expect(record!.endReason).toBe('user-stop');
    expect(record!.task).toMatchObject({ split: 'test', index: 0, id: 'retail-1-0' });
    expect(record!.messages.filter((m) => m.role === 'tool')).toHaveLength(3);
    expect(record!.proposals).toBeUndefined();
  });

  it('plays the ground truth of airline tasks, outputs included: reward 1.0 as JSON', async () => {
    for (const index of [0, 1]) {
      const file = await groundTruthScript('airline', index);
      const run = sigma(['--env', 'airline', '--task-index', String(index), '--script', file, '--json']);
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result.reward, run.stdout).toBe(1);
      expect(result.breakdown.stateMatch).toBe(true);
      expect(result.endReason).toBe('user-stop');
      expect(result.stateDiff).toEqual([]);
      expect(result.task).toMatchObject({ env: 'airline', split: 'test', index });
      // Without --save-to: in the store sigma serve uses by default, as a finished, imported session.
      expect(result.savedTo).toBe(`sqlite:${join(run.home, 'sigma.db')}`);
      const record = await storedRecord(run.home, result.trajectoryId);
      expect(record.id).toBe(result.trajectoryId);
      expect(record.reward!.reward).toBe(result.reward);
      expect(existsSync(join(run.home, 'episodes'))).toBe(false);
    }
  });

  it('saves in the store without --save-to, and only in the file with it', async () => {
    const file = script([CANCEL.replace('%s', 'no longer needed'), CLOSE]);
    const run = sigma(['--env', 'retail', '--task-index', '0', '--script', file]);
    expect(run.status, run.stderr).toBe(0);
    const [, id] = /^Saved in the store sqlite:.+sigma\.db as session (\S+)\.$/m.exec(run.stdout) ?? [];
    expect(id, run.stdout).toBeDefined();
    const store = openStore(`sqlite:${join(run.home, 'sigma.db')}`);
    try {
      expect(await store.getSession(id!)).toMatchObject({
        domain: 'retail',
        taskIndex: 0,
        status: 'finished',
        reward: 1,
        endReason: 'user-stop',
        eventCount: 0,
        setup: { imported: 'terminal', customer: { strategy: 'scripted' } },
      });
    } finally {
      await store.close();
    }
    const record = await storedRecord(run.home, id!);
    expect(record.reward!.reward).toBe(1);

    const other = join(dir, 'other.db');
    const named = sigma(['--task-index', '0', '--script', file, '--json', '--store', `sqlite:${other}`]);
    const result = JSON.parse(named.stdout);
    expect(result.savedTo).toBe(`sqlite:${other}`);
    expect((await storedRecord(dirname(other), result.trajectoryId, 'other.db')).id).toBe(
      result.trajectoryId,
    );
    expect(existsSync(join(named.home, 'sigma.db'))).toBe(false);

    const saveTo = join(dir, 'only-file.jsonl');
    const toFile = sigma(['--task-index', '0', '--script', file, '--json', '--save-to', saveTo]);
    const saved = JSON.parse(toFile.stdout);
    expect(saved.savedTo).toBe(saveTo);
    expect(savedRecords(saveTo).map((r) => r.id)).toEqual([saved.trajectoryId]);
    expect(existsSync(join(toFile.home, 'sigma.db'))).toBe(false);

    const both = sigma([
      '--task-index',
      '0',
      '--script',
      file,
      '--save-to',
      saveTo,
      '--store',
      'sqlite::memory:',
    ]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/give one of them/);
  });

  it('continues a saved episode with --resume, and refuses a task of its own next to it', async () => {
    const sim = new SimulatorCore({ envName: 'retail', taskIndex: 0, userStrategy: 'scripted', home: dir });
    await sim.start();
    await sim.callTool('cancel_pending_order', { order_id: '#W1392577', reason: 'no longer needed' });
    const saved = join(dir, 'running.jsonl');
    writeFileSync(saved, `${JSON.stringify(sim.toTrajectory())}\n`);
    const resumed = sigma(['--resume', saved, '--script', script([CLOSE]), '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const result = JSON.parse(resumed.stdout);
    expect(result.endReason).toBe('user-stop');
    expect(result.reward).toBe(1);
    expect(result.stateHash).toBe(sim.stateHash());
    expect(result.changes.map((c: { table: string; id: string }) => `${c.table}/${c.id}`)).toContain(
      'orders/#W1392577',
    );
    const mixed = sigma(['--resume', saved, '--task-index', '3', '--script', script([CLOSE])]);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/--resume continues the recorded episode.*drop --task-index/);
  });

  it('scores a wrong write 0.0 and shows the records that differ', () => {
    const file = script([CANCEL.replace('%s', 'ordered by mistake'), CLOSE]);
    const run = sigma(['--env', 'retail', '--task-index', '0', '--script', file]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Reward: 0\.0$/m);
    expect(run.stdout).toContain('state match: no');
    expect(run.stdout).toContain('Data: 1 record(s) differ from the expected data:');
    expect(run.stdout).toMatch(
      /│ orders #W1392577\s+│\n.*\n│ cancel_reason\s+│ "ordered by mistake"\s+│ "no longer needed"\s+│/,
    );
    expect(run.stdout).toContain(
      '3. cancel_pending_order {"order_id": "#W1392577", "reason": "no longer needed"}',
    );

    const json = sigma(['--env', 'retail', '--task-index', '0', '--script', file, '--json']);
    const result = JSON.parse(json.stdout);
    expect(result.reward).toBe(0);
    expect(result.stateDiff).toEqual([
      {
        table: 'orders',
        id: '#W1392577',
        kind: 'changed',
        changes: [{ path: ['cancel_reason'], left: 'ordered by mistake', expected: 'no longer needed' }],
      },
    ]);
    expect(result.expectedActions.map((a: { name: string }) => a.name)).toEqual([
      'find_user_id_by_name_zip',
      'get_order_details',
      'cancel_pending_order',
    ]);
  });

  it('abandons an episode the script leaves unfinished (scored 0) and skips lines after the end', () => {
    const short = sigma([
      '--task-index',
      '0',
      '--script',
      script([CANCEL.replace('%s', 'no longer needed')]),
      '--json',
    ]);
    const result = JSON.parse(short.stdout);
    expect(result.reward).toBe(0);
    expect(result.endReason).toBe('abandoned');
    expect(result.breakdown.stateMatch).toBe(true);
    expect(short.stderr).toContain('the script ran out before the conversation ended');

    const long = sigma([
      '--task-index',
      '0',
      '--script',
      script([CANCEL.replace('%s', 'no longer needed'), CLOSE, CLOSE]),
    ]);
    expect(long.stdout).toMatch(/^Reward: 1\.0$/m);
    expect(long.stderr).toContain('the episode ended before line 3: 1 step(s) were not played');
  });

  it('records a tool error as the observation, as a model agent would see it', () => {
    const file = script(['{"tool": "get_order_details", "arguments": {"order_id": 7}}', CLOSE]);
    const run = sigma(['--task-index', '0', '--script', file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("← Error: argument 'order_id' must be a string, got 7");
  });

  it('names the bad line of a script, exit 2, before playing anything', () => {
    const cases: Array<[string[], RegExp]> = [
      [[CLOSE, '{"respond": '], /line 2: not valid JSON/],
      [['{"tool": "x", "arguments": [1]}'], /line 1: "arguments" must be an object/],
      [['{"say": "hi"}'], /line 1: expected \{"respond": "<message>"\} or \{"tool": "<name>"/],
      [['{"respond": ""}'], /line 1: "respond" must be a non-empty message/],
      [['', '{"tool": "x", "extra": 1}'], /line 2: unknown field "extra"/],
      [['{"tool": "x", "arguments": null}'], /line 1: "arguments" must be an object/],
      [[''], /the script has no actions/],
    ];
    for (const [lines, pattern] of cases) {
      const run = sigma(['--task-index', '0', '--script', script(lines)]);
      expect(run.status, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(pattern);
    }
    const badStore = sigma([
      '--task-index',
      '0',
      '--store',
      'sqlite:/etc/passwd/x.db',
      '--script',
      script([CLOSE]),
    ]);
    expect(badStore.status, badStore.stderr).toBe(2);
    expect(badStore.stdout).toBe('');
    expect(badStore.stderr.trim().split('\n')).toHaveLength(1);
    expect(badStore.stderr).toMatch(/cannot open the store sqlite:\/etc\/passwd\/x\.db/);
    const withBom = join(dir, 'bom.jsonl');
    writeFileSync(withBom, `\uFEFF${CLOSE}\n`);
    expect(sigma(['--task-index', '0', '--script', withBom]).status).toBe(0);
    const missing = sigma(['--script', join(dir, 'none.jsonl')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/none\.jsonl: no such file/);
  });

  it('plays a custom persona unscored', () => {
    const file = script(['{"respond": "Hello! How can I help?"}']);
    const run = sigma([
      '--task-index',
      '0',
      '--persona',
      'You are Ana Ruiz. You want to know the store hours.',
      '--script',
      file,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Reward: no ground truth$/m);
    expect(run.stdout).toContain('No ground truth: the data is not compared.');
    const json = sigma([
      '--task-index',
      '0',
      '--persona',
      'You want to know the store hours.',
      '--script',
      file,
      '--json',
    ]);
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ reward: null, stateDiff: null });
  });

  it.skipIf(noSharedData)(
    `scores a tau2 task by tau2's criteria, each ground-truth action matched or not (${skipReason})`,
    async () => {
      const tau2 = new DomainRegistry({ data: shared('tau2'), home: dir });
      const gt = await groundTruthScript('retail', 0, tau2);
      const args = ['--env', 'retail', '--data', shared('tau2'), '--task-index', '0', '--script'];
      const good = sigma([...args, gt]);
      expect(good.status, good.stderr).toBe(0);
      expect(good.stdout).toMatch(/^Reward: 1\.0$/m);
      expect(good.stdout).toContain('state match: met');
      expect(good.stdout).toContain('action match: 5 of 5');
      expect(good.stdout).toContain('✓ exchange_delivered_order_items {"order_id": "#W2378156"');

      const first = readFileSync(gt, 'utf8').split('\n')[0]!;
      const bad = sigma([...args, script([first, CLOSE])]);
      expect(bad.stdout).toMatch(/^Reward: 0\.0$/m);
      expect(bad.stdout).toContain('state match: not met');
      expect(bad.stdout).toContain('action match: 1 of 5');
      expect(bad.stdout).toContain('✗ get_order_details {"order_id": "#W2378156"}');
      expect(bad.stdout).toMatch(
        /│ orders #W2378156\s+│\n.*\n│ status\s+│ "delivered"\s+│ "exchange requested"\s+│/,
      );
    },
  );
});
