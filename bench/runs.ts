// Batch-run benchmark (part of `npm run bench`): the run's own cost per attempt against a loopback model
// that answers every call after a fixed delay, so the ideal rate is known: concurrency × 3600 / (turns ×
// delay) attempts per hour. Every attempt is retail task 0 played to reward 1 by the loopback agent (5
// agent calls) against the scripted customer (no model), planned, played, scored and stored (SQLite).
//   1. In one process, at concurrency 1, 32 and 256 (model delay 100 ms): attempts/hour and the ratio to
//      the ideal.
//   2. On Redis (BullMQ): one `sigma worker` process against three, same model and per-worker
//      concurrency: attempts/hour and the speed-up (target >= 2.5x). The model answers after 1 s here, a
//      model's usual latency, so the comparison measures the queue and not the CPU of a 2-core machine
//      (at 100 ms the workers' own CPU is the limit: see docs/benchmarks.md).
// Writes bench/results/runs.json; exits 1 if the 3-worker target is missed.
//
//   node bench/runs.ts [--delay-ms 100] [--worker-delay-ms 1000] [--only local|workers]
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { DomainRegistry } from '../src/registry/index.ts';
import { executeRun, planRun, runModels } from '../src/runs/index.ts';
import { enqueueRun } from '../src/runs/queue/index.ts';
import { openStore, runsOf } from '../src/store/index.ts';
import { startOpenAICompatibleServer } from '../src/testing/index.ts';
import { runModelAnswer } from '../test/support/run-model.ts';

const { values: flags } = parseArgs({
  options: {
    'delay-ms': { type: 'string', default: '100' },
    'worker-delay-ms': { type: 'string', default: '1000' },
    only: { type: 'string' },
  },
});
const LOCAL_DELAY_MS = Number(flags['delay-ms']);
const WORKER_DELAY_MS = Number(flags['worker-delay-ms']);
let DELAY_MS = LOCAL_DELAY_MS;
const TURNS = 5;
const REDIS = process.env.SIGMA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const root = resolve(import.meta.dirname, '..');
const temp = mkdtempSync(join(tmpdir(), 'sigma-runs-bench-'));
const registry = new DomainRegistry({ home: temp });
const domain = await registry.get('retail');
const llm = await startOpenAICompatibleServer({ handler: (r) => runModelAnswer(r, { delayMs: DELAY_MS }) });
const env = { ...process.env, SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url, SIGMA_HOME: temp };
process.env.SIGMA_OPENAI_COMPATIBLE_BASE_URL = llm.url;

const ideal = (concurrency: number) => (concurrency * 3600_000) / (TURNS * DELAY_MS);

interface LocalRow {
  concurrency: number;
  attempts: number;
  seconds: number;
  attemptsPerHour: number;
  ideal: number;
  ratio: number;
  cpuMsPerAttempt: number;
}

async function local(concurrency: number, attempts: number): Promise<LocalRow> {
  const store = openStore(`sqlite:${join(temp, `local-${concurrency}.db`)}`);
  await store.migrate();
  const runs = runsOf(store);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const plan = planRun(domain, {
    env: 'retail',
    agentModel: 'openai-compatible:bench',
    taskIds: '0',
    trials: attempts,
  });
  await runs.createRun({ id: plan.runId, createdAt: plan.createdAt, plan, status: 'running' });
  const result = await executeRun(plan, {
    store: runs,
    domain,
    models: runModels({ defaultConcurrency: concurrency }),
    concurrency,
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  if (result.stored !== attempts) throw new Error(`stored ${result.stored} of ${attempts}`);
  const rate = (attempts * 3600) / seconds;
  return {
    concurrency,
    attempts,
    seconds: round(seconds, 2),
    attemptsPerHour: Math.round(rate),
    ideal: Math.round(ideal(concurrency)),
    ratio: round(rate / ideal(concurrency), 3),
    cpuMsPerAttempt: round((cpu.user + cpu.system) / 1000 / attempts, 2),
  };
}

function startWorker(args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'src/cli/main.ts'), 'worker', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveStarted) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (out.includes('taking attempts')) resolveStarted(child);
    });
  });
}

async function workers(count: number, perWorker: number, attempts: number) {
  const prefix = `sigma-bench-${randomBytes(4).toString('hex')}`;
  const storeSpec = `sqlite:${join(temp, `workers-${count}.db`)}`;
  const store = openStore(storeSpec);
  await store.migrate();
  const runs = runsOf(store);
  const queue = ['--queue', REDIS, '--queue-prefix', prefix, '--store', storeSpec];
  const children = await Promise.all(
    Array.from({ length: count }, () => startWorker([...queue, '--concurrency', String(perWorker)])),
  );
  const plan = planRun(domain, {
    env: 'retail',
    agentModel: 'openai-compatible:bench',
    taskIds: '0',
    trials: attempts,
  });
  await runs.createRun({ id: plan.runId, createdAt: plan.createdAt, plan, status: 'running' });
  const t0 = performance.now();
  await enqueueRun(plan, { url: REDIS, prefix, concurrency: count * perWorker });
  while ((await runs.requireRun(plan.runId)).status === 'running')
    await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - t0) / 1000;
  const stored = (await runs.listAttempts(plan.runId)).length;
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => c.once('close', r))));
  await store.close();
  const redis = new Redis(REDIS);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  if (stored !== attempts) throw new Error(`stored ${stored} of ${attempts}`);
  const rate = (attempts * 3600) / seconds;
  return {
    workers: count,
    concurrencyPerWorker: perWorker,
    attempts,
    seconds: round(seconds, 2),
    attemptsPerHour: Math.round(rate),
    ratioToIdeal: round(rate / ideal(count * perWorker), 3),
  };
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

const results: Record<string, unknown> = {
  localDelayMs: LOCAL_DELAY_MS,
  workerDelayMs: WORKER_DELAY_MS,
  turnsPerAttempt: TURNS,
  date: new Date().toISOString(),
};
let failed = false;
try {
  if (flags.only !== 'workers') {
    await local(4, 8); // warm-up: loads the modules and the domain's caches
    const rows = [await local(1, 12), await local(32, 256), await local(256, 1024)];
    results.local = rows;
    console.log(`\nOne process, loopback model answering after ${DELAY_MS} ms, ${TURNS} calls per attempt:`);
    console.table(rows);
  }
  if (flags.only !== 'local') {
    DELAY_MS = WORKER_DELAY_MS;
    const one = await workers(1, 16, 64);
    const three = await workers(3, 16, 192);
    const speedUp = round(three.attemptsPerHour / one.attemptsPerHour, 2);
    results.workers = { one, three, speedUp, target: '>= 2.5' };
    console.log(
      `\nBullMQ on Redis, sigma worker processes at --concurrency 16 each, model delay ${DELAY_MS} ms:`,
    );
    console.table([one, three]);
    console.log(`3 workers / 1 worker: ${speedUp}x (target >= 2.5x)`);
    failed = speedUp < 2.5;
  }
} finally {
  await llm.close();
  rmSync(temp, { recursive: true, force: true });
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/runs.json'), `${JSON.stringify(results, null, 2)}\n`);
process.exit(failed ? 1 : 0);
