import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/runs/index.ts';
import { type OpenAICompatibleTestServer, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { dropRedisKeys, killedAfterEach, REDIS, redisPrefix, spawnCli } from './support/queue-fixtures.ts';
import { runCliAsync } from './support/run-cli-async.ts';
import { runModelAnswer } from './support/run-model.ts';
import { testSchema } from './support/server-postgres.ts';
import { tempDir } from './support/temp-dir.ts';

const prefix = redisPrefix('limit');
const queueSchema = testSchema('limitqueue');
const storeSchema = testSchema('limitstore');

let llm: OpenAICompatibleTestServer | undefined;
const children = killedAfterEach();
afterEach(async () => {
  await llm?.close();
  llm = undefined;
});
afterAll(async () => {
  await queueSchema.drop();
  await storeSchema.drop();
  await dropRedisKeys(`${prefix}`);
});

const startWorker = (args: string[], env: Record<string, string>) =>
  spawnCli(children, ['worker', ...args], env);

const PLAN = [
  'run',
  '--env',
  'retail',
  '--agent-model',
  'openai-compatible:agent-test',
  '--user-model',
  'openai-compatible:customer-test',
  '--task-ids',
  '0,1',
  '--trials',
  '3',
  '--max-steps',
  '5',
  '--concurrency',
  '9',
  '--json',
];

async function play(options: {
  queue: string;
  store: string;
  limit: boolean;
  kill: boolean;
}): Promise<{ summary: RunSummary; maxInFlight: number; killed: boolean }> {
  llm = await startOpenAICompatibleServer({
    handler: (request) => runModelAnswer(request, { delayMs: 150 }),
  });
  const dir = tempDir('run-limit');
  const env = { SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url, SIGMA_HOME: dir };
  const queue = ['--queue', options.queue, '--queue-prefix', `${prefix}-${randomBytes(3).toString('hex')}`];
  const limit = options.limit ? ['--provider-limit', 'openai-compatible=2', '--slot-lease-ms', '3000'] : [];
  const workers = [0, 1, 2].map(() =>
    startWorker(
      [...queue, '--store', options.store, '--concurrency', '3', '--lock-duration-ms', '2000', ...limit],
      env,
    ),
  );
  for (let i = 0; i < 2400 && !workers.every((w) => w.output().includes('taking attempts')); i++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  const planner = runCliAsync([...PLAN, ...queue, '--store', options.store], { env });
  let killed = false;
  if (options.kill) {
    // Kill the first worker while its model calls are in flight (each waits 150 ms at the model).
    for (let i = 0; i < 2400 && !killed; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      if (/playing/.test(workers[0]!.output()) && llm.inFlight > 0) {
        workers[0]!.process.kill('SIGKILL');
        killed = true;
      }
    }
  }
  const run = await planner;
  expect(run.status, run.stderr).toBe(0);
  for (const w of workers) if (w.process.exitCode === null) w.process.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.closed));
  return { summary: JSON.parse(run.stdout) as RunSummary, maxInFlight: llm.maxInFlight, killed };
}

describe('--provider-limit across sigma workers', () => {
  it('holds on Redis: at most 2 calls in flight, and a killed worker’s slots come back', async () => {
    const dir = tempDir('run-limit-redis');
    const result = await play({
      queue: REDIS,
      store: `sqlite:${join(dir, 'team.db')}`,
      limit: true,
      kill: true,
    });
    expect(result.killed).toBe(true);
    expect(result.summary).toMatchObject({ status: 'finished', attempts: { planned: 6, finished: 6 } });
    expect(result.maxInFlight).toBeLessThanOrEqual(2);
    expect(result.maxInFlight).toBe(2);
  }, 180_000);

  it('holds on the PostgreSQL backend', async () => {
    const result = await play({ queue: queueSchema.url, store: storeSchema.url, limit: true, kill: true });
    expect(result.killed).toBe(true);
    expect(result.summary).toMatchObject({ status: 'finished', attempts: { planned: 6, finished: 6 } });
    expect(result.maxInFlight).toBe(2);
  }, 180_000);

  it('is what keeps them down: without it the workers have more than 2 calls in flight', async () => {
    const dir = tempDir('run-limit-none');
    const result = await play({
      queue: REDIS,
      store: `sqlite:${join(dir, 'team.db')}`,
      limit: false,
      kill: false,
    });
    expect(result.summary).toMatchObject({ status: 'finished', attempts: { planned: 6, finished: 6 } });
    expect(result.maxInFlight).toBeGreaterThan(2);
  }, 180_000);
});
