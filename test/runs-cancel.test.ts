import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/runs/index.ts';
import { ATTEMPTS_QUEUE, openQueueBackend, RUNS_QUEUE } from '../src/runs/queue/index.ts';
import { openStore, runsOf } from '../src/store/index.ts';
import { type OpenAICompatibleTestServer, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { dropRedisKeys, killedAfterEach, REDIS, redisPrefix, spawnCli } from './support/queue-fixtures.ts';
import { runCliAsync } from './support/run-cli-async.ts';
import { runModelAnswer } from './support/run-model.ts';
import { testSchema } from './support/server-postgres.ts';
import { tempDir } from './support/temp-dir.ts';

const prefix = redisPrefix('cancel');

let llm: OpenAICompatibleTestServer | undefined;
const children = killedAfterEach();
afterEach(async () => {
  await llm?.close();
  llm = undefined;
});
afterAll(async () => {
  await dropRedisKeys(`${prefix}:`);
});

const start = (args: string[], env: Record<string, string>) => spawnCli(children, args, env);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const queueSchema = testSchema('cancelqueue');
const storeSchema = testSchema('cancelstore');
afterAll(async () => {
  await queueSchema.drop();
  await storeSchema.drop();
});
const BACKENDS = [
  { name: 'Redis', queue: () => REDIS, store: (dir: string) => `sqlite:${join(dir, 'team.db')}` },
  { name: 'PostgreSQL', queue: () => queueSchema.url, store: () => storeSchema.url },
];

describe('sigma run --cancel with --queue', () => {
  it.each(BACKENDS)(
    'takes the waiting attempts off the queue and stops the one in play unstored ($name)',
    async (backend) => {
      // Closed while the cancel runs: the worker is held in its attempt in play, so nothing else moves.
      let gate: Promise<void> | undefined;
      let open = () => {};
      llm = await startOpenAICompatibleServer({
        handler: async (request) => {
          await gate;
          return runModelAnswer(request, { delayMs: 300 });
        },
      });
      const dir = tempDir('run-cancel');
      const store = backend.store(dir);
      const env = { SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url, SIGMA_HOME: dir };
      const queue = ['--queue', backend.queue(), '--queue-prefix', prefix, '--store', store];
      const worker = start(['worker', ...queue, '--concurrency', '1'], env);
      for (let i = 0; i < 2400 && !worker.stdout().includes('taking attempts'); i++) await sleep(25);
      const planner = start(
        [
          'run',
          '--env',
          'retail',
          '--agent-model',
          'openai-compatible:agent-test',
          '--task-ids',
          '0-3',
          '--trials',
          '5',
          '--max-steps',
          '8',
          ...queue,
          '--json',
        ],
        env,
      );
      // Cancel once one attempt is stored and the next one is in play.
      for (let i = 0; i < 2400; i++) {
        await sleep(25);
        const lines = worker.stdout();
        if (/: stored\n/.test(lines) && (lines.match(/: playing\n/g) ?? []).length >= 2) break;
      }
      const runId = /run ([0-9a-f]{12}): 20 attempts planned/.exec(planner.stderr())?.[1];
      expect(runId).toBeDefined();
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const cancel = await runCliAsync(['run', '--cancel', runId!, ...queue, '--json'], { env });
      open();
      expect(cancel.status, cancel.stderr).toBe(0);
      const cancelled = JSON.parse(cancel.stdout) as RunSummary & {
        cancel: { dequeued: number; stopping: number };
      };
      expect(cancel.stderr).toContain(
        `run ${runId} cancelled: ${cancelled.cancel.dequeued} queued attempt(s) taken off the queue, ${cancelled.cancel.stopping} in play`,
      );
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.cancel.stopping).toBe(1);

      // The attempt in play stops at its next turn, unstored; nothing is played after it.
      const playing = [...worker.stdout().matchAll(/attempt (t\d+-r\d+): playing/g)].map((m) => m[1]!);
      const inPlay = playing.at(-1)!;
      for (
        let i = 0;
        i < 400 && !new RegExp(`attempt ${inPlay}: (cancelled|stored)`).test(worker.stdout());
        i++
      )
        await sleep(25);
      expect(worker.stdout()).toContain(
        `attempt ${inPlay}: ${cancelled.cancel.stopping === 1 ? 'cancelled' : 'stored'}`,
      );
      await sleep(1500);
      expect([...worker.stdout().matchAll(/: playing/g)]).toHaveLength(playing.length);

      const opened = openStore(store);
      await opened.migrate();
      const stored = await runsOf(opened).listAttempts(runId!);
      await opened.close();
      if (cancelled.cancel.stopping === 1) expect(stored.map((a) => a.attemptId)).not.toContain(inPlay);
      expect(stored.length).toBe(playing.length - cancelled.cancel.stopping);
      expect(cancelled.cancel.dequeued).toBe(20 - playing.length);
      expect(cancelled.cancel.dequeued).toBeGreaterThanOrEqual(17);

      // The queue holds nothing of the run: no attempt job, no parent.
      const queues = openQueueBackend({ url: backend.queue(), prefix });
      for (const name of [ATTEMPTS_QUEUE, RUNS_QUEUE]) {
        const q = new Queue(name, { connection: queues.connection, prefix }, queues.factory);
        const counts = await q.getJobCounts();
        expect(
          Object.values(counts).reduce((a, b) => a + b, 0),
          `${name}: ${JSON.stringify(counts)}`,
        ).toBe(0);
        await q.close();
      }
      queues.close();

      // The planner stops waiting; --status shows the run cancelled with its counts.
      expect(await planner.closed).toBe(0);
      expect(JSON.parse(planner.stdout())).toMatchObject({ runId, status: 'cancelled' });
      const status = await runCliAsync(['run', '--status', runId!, '--store', store, '--json'], { env });
      expect(JSON.parse(status.stdout)).toMatchObject({
        status: 'cancelled',
        attempts: { planned: 20, finished: stored.length, pending: 20 - stored.length },
      });
      const table = await runCliAsync(['run', '--status', runId!, '--store', store], { env });
      expect(table.stdout).toMatch(/· cancelled/);

      // A finished or unknown run, or a bad queue URL, is refused and nothing changes.
      const bad = await runCliAsync(['run', '--cancel', runId!, '--queue', 'amqp://x', '--store', store], {
        env,
      });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/--queue amqp:\/\/x: give a Redis URL/);
      worker.process.kill('SIGTERM');
      await worker.closed;
    },
    180_000,
  );
});
