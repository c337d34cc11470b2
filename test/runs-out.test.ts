// `sigma run --out DIR` as a child process against the loopback OpenAI-compatible server: the run is
// written as tau2's results.json through the tau2-results export (it passes `sigma export --check` and
// the pydantic mirror of tau2's `Results`), with the run's summary beside it; its rewards are the run's.
// Locally, after kill -9 and --resume, and for a run played by a `sigma worker` on Redis.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { attemptSeed, type RunSummary } from '../src/runs/index.ts';
import { openStore, runsOf } from '../src/store/index.ts';
import { type OpenAICompatibleTestServer, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { dropRedisKeys, killedAfterEach, REDIS, redisPrefix } from './support/queue-fixtures.ts';
import { runCliAsync } from './support/run-cli-async.ts';
import { runModelAnswer } from './support/run-model.ts';
import { repoRoot } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';

const prefix = redisPrefix('out');
const MODEL = new URL('./fixtures/python/tau2_results_model.py', import.meta.url).pathname;
// Task 0's third trial fails (the wrong cancel reason); task 1 is never solved.
const FAIL = new Set([attemptSeed(0, 0, 2)]);

let llm: OpenAICompatibleTestServer | undefined;
const children = killedAfterEach();
afterEach(async () => {
  await llm?.close();
  llm = undefined;
});
afterAll(async () => {
  await dropRedisKeys(`${prefix}:`);
});

async function serve(delayMs?: number): Promise<OpenAICompatibleTestServer> {
  return startOpenAICompatibleServer({
    handler: (request) =>
      runModelAnswer(request, { failSeeds: FAIL, ...(delayMs === undefined ? {} : { delayMs }) }),
  });
}

function runArgs(store: string, extra: string[] = []): string[] {
  return [
    'run',
    '--env',
    'retail',
    '--agent-model',
    'openai-compatible:agent-test',
    '--task-ids',
    '0,1',
    '--trials',
    '4',
    '--max-steps',
    '6',
    '--store',
    store,
    '--json',
    ...extra,
  ];
}

function env(server: OpenAICompatibleTestServer, home: string): Record<string, string> {
  return { SIGMA_OPENAI_COMPATIBLE_BASE_URL: server.url, SIGMA_HOME: home };
}

interface Tau2Simulation {
  task_id: string;
  trial: number;
  reward_info: { reward: number } | null;
}

/** Checks the folder as its consumers do, and returns each task's rewards by trial as results.json has them. */
function readOut(out: string, home: string): { summary: RunSummary; rewards: number[][] } {
  const check = spawnSync(
    process.execPath,
    [join(repoRoot, 'src/cli/main.ts'), 'export', '--check', out, '--json'],
    { cwd: repoRoot, env: { ...process.env, SIGMA_HOME: home, NO_COLOR: '1' }, encoding: 'utf8' },
  );
  expect(check.status, check.stdout + check.stderr).toBe(0);
  expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, format: 'tau2-results' });
  const python = spawnSync('python3', [MODEL, join(out, 'results.json')], { encoding: 'utf8' });
  expect(python.status, python.stdout + python.stderr).toBe(0);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
    simulations: Tau2Simulation[];
    tasks: Array<{ id: string }>;
  };
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  const byTask = new Map<string, number[]>();
  for (const s of results.simulations) {
    const list = byTask.get(s.task_id) ?? [];
    list[s.trial] = s.reward_info?.reward ?? 0;
    byTask.set(s.task_id, list);
  }
  expect(results.tasks.map((t) => t.id)).toEqual([...byTask.keys()]);
  return { summary, rewards: [...byTask.values()] };
}

describe('sigma run --out', () => {
  it("writes the run as tau2's results.json and its summary, with the run's rewards", async () => {
    llm = await serve();
    const dir = tempDir('run-out');
    const out = join(dir, 'out');
    const run = await runCliAsync(runArgs(`sqlite:${join(dir, 's.db')}`, ['--out', out]), {
      env: env(llm, dir),
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`written to ${out}`);
    const summary = JSON.parse(run.stdout) as RunSummary;
    const written = readOut(out, dir);
    expect(written.summary).toEqual(summary);
    expect(written.rewards).toEqual(summary.byTask.map((t) => t.rewards));
    expect(written.rewards).toEqual([
      [1, 1, 0, 1],
      [0, 0, 0, 0],
    ]);

    // Another run refuses the folder before planning anything; --status writes it again.
    const again = await runCliAsync(runArgs(`sqlite:${join(dir, 's.db')}`, ['--out', out]), {
      env: env(llm, dir),
    });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(
      /--out .* already holds another run \(.*summary\.json\): choose an empty folder/,
    );
    expect(again.stderr).not.toMatch(/attempts planned|\n\s+at /);
    const status = await runCliAsync(
      ['run', '--status', summary.runId, '--store', `sqlite:${join(dir, 's.db')}`, '--out', out, '--json'],
      { env: env(llm, dir) },
    );
    expect(status.status, status.stderr).toBe(0);
    expect(readOut(out, dir).rewards).toEqual(written.rewards);

    // A folder holding an export that is not a run's is refused too; so is --out with --cancel.
    const other = join(dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'manifest.json'), '{}');
    const refused = await runCliAsync(runArgs(`sqlite:${join(dir, 's.db')}`, ['--out', other]), {
      env: env(llm, dir),
    });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/already holds an export \(manifest\.json\)/);
    const cancel = await runCliAsync(
      ['run', '--cancel', summary.runId, '--out', out, '--store', `sqlite:${join(dir, 's.db')}`],
      { env: env(llm, dir) },
    );
    expect(cancel.status).toBe(2);
    expect(cancel.stderr).toMatch(/--out goes with a run, --resume or --status/);
  }, 90_000);

  it('after kill -9, --resume --out writes the whole run once', async () => {
    llm = await serve(40);
    const dir = tempDir('run-out-resume');
    const store = `sqlite:${join(dir, 's.db')}`;
    const out = join(dir, 'out');
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'src/cli/main.ts'), ...runArgs(store, ['--concurrency', '1', '--out', out])],
      { cwd: repoRoot, env: { ...process.env, ...env(llm, dir) }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const closed = new Promise((resolve) => child.on('close', resolve));
    const opened = openStore(store);
    let runId: string | undefined;
    let before = 0;
    for (let i = 0; i < 400 && before < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      runId ??= /run ([0-9a-f]{12}):/.exec(stderr)?.[1];
      if (runId !== undefined)
        before = await runsOf(opened)
          .listAttempts(runId)
          .then(
            (a) => a.length,
            () => 0,
          );
    }
    child.kill('SIGKILL');
    await closed;
    await opened.close();
    expect(runId).toBeDefined();
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    const resumed = await runCliAsync(['run', '--resume', runId!, '--store', store, '--out', out, '--json'], {
      env: env(llm, dir),
    });
    expect(resumed.status, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as RunSummary;
    expect(summary.attempts).toMatchObject({ planned: 8, finished: 8 });
    const written = readOut(out, dir);
    expect(written.summary.runId).toBe(runId);
    expect(written.rewards).toEqual(summary.byTask.map((t) => t.rewards));
    expect(written.rewards.flat()).toHaveLength(8);
  }, 90_000);

  it('writes a run played by a sigma worker on Redis when it completes', async () => {
    llm = await serve();
    const dir = tempDir('run-out-queue');
    const store = `sqlite:${join(dir, 'team.db')}`;
    const out = join(dir, 'out');
    const queue = ['--queue', REDIS, '--queue-prefix', prefix, '--store', store];
    const worker = spawn(
      process.execPath,
      [join(repoRoot, 'src/cli/main.ts'), 'worker', ...queue, '--concurrency', '4'],
      { cwd: repoRoot, env: { ...process.env, ...env(llm, dir) }, stdio: 'ignore' },
    );
    children.push(worker);
    const run = await runCliAsync(runArgs(store, [...queue.slice(0, 4), '--out', out]), {
      env: env(llm, dir),
    });
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as RunSummary;
    expect(summary.status).toBe('finished');
    const written = readOut(out, dir);
    expect(written.summary).toEqual(summary);
    expect(written.rewards).toEqual([
      [1, 1, 0, 1],
      [0, 0, 0, 0],
    ]);
  }, 90_000);
});
