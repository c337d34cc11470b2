import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/runs/index.ts';
import { attemptSeed } from '../src/runs/index.ts';
import { openStore, runsOf } from '../src/store/index.ts';
import { type OpenAICompatibleTestServer, reply, startOpenAICompatibleServer } from '../src/testing/index.ts';
import {
  type CliProcess,
  dropRedisKeys,
  killedAfterEach,
  REDIS,
  redisPrefix,
  spawnCli,
} from './support/queue-fixtures.ts';
import { runCliAsync } from './support/run-cli-async.ts';
import { isAgentRequest, runModelAnswer } from './support/run-model.ts';
import { testSchema } from './support/server-postgres.ts';
import { tempDir } from './support/temp-dir.ts';

const prefix = redisPrefix('queue');

let llm: OpenAICompatibleTestServer | undefined;
const children = killedAfterEach();
afterEach(async () => {
  await llm?.close();
  llm = undefined;
});
const queueSchema = testSchema('queue');
const storeSchema = testSchema('runstore');
afterAll(async () => {
  await queueSchema.drop();
  await storeSchema.drop();
  await dropRedisKeys(`${prefix}:`);
});

const start = (args: string[], env: Record<string, string>) => spawnCli(children, args, env);

const PLAN = [
  '--env',
  'retail',
  '--agent-model',
  'openai-compatible:agent-test',
  '--task-ids',
  '0,1,2',
  '--trials',
  '3',
  '--max-steps',
  '5',
  '--seed',
  '7',
];

const BACKENDS = [
  { name: 'Redis', queue: () => REDIS, store: (dir: string) => `sqlite:${join(dir, 'team.db')}` },
  { name: 'PostgreSQL', queue: () => queueSchema.url, store: () => storeSchema.url },
];

describe('sigma run --queue with sigma worker', () => {
  it.each(BACKENDS)(
    'completes a run on three workers when one dies mid-attempt, each attempt stored once ($name)',
    async (backend) => {
      const fail = new Set([attemptSeed(7, 0, 1)]);
      // The first attempt to reach the agent's third request is held there for 4 s, once: the worker
      // playing it is killed while it waits, so the attempt is certainly cut off, not yet stored.
      let held: number | undefined;
      llm = await startOpenAICompatibleServer({
        handler: (request) => {
          const answer = runModelAnswer(request, { failSeeds: fail, delayMs: 60 });
          const turn = request.messages.filter((m) => m.role === 'assistant').length;
          if (held !== undefined || !isAgentRequest(request) || turn !== 2) return answer;
          held = request.seed ?? undefined;
          return reply.delayed(4000, answer);
        },
      });
      const dir = tempDir('run-queue');
      const store = backend.store(dir);
      const env = { SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url, SIGMA_HOME: dir };
      const queue = ['--queue', backend.queue(), '--queue-prefix', prefix, '--store', store];
      const workers = [0, 1, 2].map(() =>
        start(['worker', ...queue, '--concurrency', '2', '--lock-duration-ms', '2000'], env),
      );
      // Every worker is listening before the run is planned, so each of them takes attempts.
      for (let i = 0; i < 2400 && !workers.every((w) => w.output().includes('taking attempts')); i++)
        await new Promise((resolve) => setTimeout(resolve, 25));
      expect(workers.map((w) => w.output())).toEqual(
        workers.map(() => expect.stringContaining('taking attempts')),
      );
      const planner = start(['run', ...PLAN, ...queue, '--concurrency', '6', '--json'], env);

      // Kill the worker playing the held attempt while its model call waits.
      const ids = ['t0-r0', 't0-r1', 't0-r2', 't1-r0', 't1-r1', 't1-r2', 't2-r0', 't2-r1', 't2-r2'];
      let killed: string | undefined;
      let victim: CliProcess | undefined;
      for (let i = 0; i < 2400 && victim === undefined; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        killed ??= ids.find((id) => {
          const [, t, r] = /t(\d+)-r(\d+)/.exec(id)!;
          return held !== undefined && attemptSeed(7, Number(t), Number(r)) === held;
        });
        if (killed !== undefined)
          victim = workers.find((w) => w.output().includes(`attempt ${killed}: playing`));
      }
      expect(victim).toBeDefined();
      victim!.process.kill('SIGKILL');
      expect(await planner.closed).toBe(0);
      const summary = JSON.parse(
        planner
          .output()
          .split('\n')
          .find((l) => l.startsWith('{'))!,
      ) as RunSummary;
      expect(summary.status).toBe('finished');
      expect(summary.attempts).toMatchObject({ planned: 9, finished: 9, pending: 0 });

      // The killed worker's attempt was taken again by another worker once its lock lapsed, and stored.
      await victim!.closed;
      expect(victim!.output()).not.toMatch(new RegExp(`attempt ${killed}: (stored|already)`));
      const others = workers.filter((w) => w !== victim);
      expect(others.map((w) => w.output()).join('')).toMatch(new RegExp(`attempt ${killed}: stored`));
      const opened = openStore(store);
      await opened.migrate();
      const attempts = await runsOf(opened).listAttempts(summary.runId);
      expect(attempts.map((a) => a.attemptId).sort()).toEqual([
        't0-r0',
        't0-r1',
        't0-r2',
        't1-r0',
        't1-r1',
        't1-r2',
        't2-r0',
        't2-r1',
        't2-r2',
      ]);
      expect((await opened.listSessions({ limit: 100, offset: 0 })).total).toBe(9);
      await opened.close();

      // The same plan in one process gives the same results.
      const local = await runCliAsync(
        ['run', ...PLAN, '--store', `sqlite:${join(dir, 'local.db')}`, '--json'],
        { env },
      );
      const reference = JSON.parse(local.stdout) as RunSummary;
      expect(summary.passHatK).toEqual(reference.passHatK);
      expect(summary.byTask).toEqual(reference.byTask);
      expect(summary.terminations).toEqual(reference.terminations);
      expect(summary.passHatK['1']).toBeCloseTo(2 / 9, 12);
      for (const w of others) w.process.kill('SIGTERM');
      await Promise.all(others.map((w) => w.closed));
    },
    180_000,
  );

  it('refuses a queue URL it cannot use, planning nothing, and a worker without --queue', async () => {
    const dir = tempDir('run-queue-bad');
    const bad = await runCliAsync(
      ['run', ...PLAN, '--queue', 'amqp://127.0.0.1', '--store', `sqlite:${join(dir, 's.db')}`],
      { env: { SIGMA_HOME: dir } },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--queue amqp:\/\/127.0.0.1: give a Redis URL/);
    expect(bad.stderr).not.toMatch(/attempts planned/);
    const worker = await runCliAsync(['worker'], { env: { SIGMA_HOME: dir } });
    expect(worker.status).toBe(2);
    expect(worker.stderr).toMatch(/--queue is required/);
  }, 60_000);
});
