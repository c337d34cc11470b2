import { type Job, Worker } from 'bullmq';
import type { Domain } from '../../core/domain/types.ts';
import type { DomainRegistry } from '../../registry/index.ts';
import type { RunStore } from '../../store/index.ts';
import { type ModelFactory, playAttempt } from '../play-attempt.ts';
import { type RunPlan, readRunPlan } from '../run-plan.ts';
import { ATTEMPTS_QUEUE, openQueueBackend, type QueueAddress, RUNS_QUEUE } from './connection.ts';
import type { AttemptJob, RunJob } from './enqueue-run.ts';

export interface WorkerOptions extends QueueAddress {
  store: RunStore;
  registry: DomainRegistry;
  models: ModelFactory;
  /** Attempts this worker plays at the same time (default 4). */
  concurrency?: number;
  /** How long an attempt stays locked to a worker without a renewal: a dead worker's attempt is taken again after it (default 30 s). */
  lockDurationMs?: number;
  /** How often an attempt in play checks whether its run was cancelled (default 500 ms). */
  cancelCheckMs?: number;
  /** Told when an attempt is taken and when it is done (`result`: stored, already stored, cancelled…). */
  onStart?: (event: { runId: string; attemptId: string }) => void;
  onAttempt?: (event: { runId: string; attemptId: string; result: string }) => void;
}

export interface RunWorker {
  close(): Promise<void>;
}

/**
 * Takes attempts from the queue, plays them and stores them in the shared store; also closes runs whose
 * attempts have all finished. An attempt already stored (its first worker died after storing it) or of
 * a cancelled run is completed without playing.
 */
export function startRunWorker(options: WorkerOptions): RunWorker {
  const plans = new Map<string, { plan: RunPlan; domain: Domain }>();
  const load = async (runId: string) => {
    let entry = plans.get(runId);
    if (entry === undefined) {
      const plan = readRunPlan((await options.store.requireRun(runId)).plan);
      entry = { plan, domain: await options.registry.get(plan.env) };
      plans.set(runId, entry);
    }
    return entry;
  };
  const lockDuration = options.lockDurationMs ?? 30_000;
  const attemptBackend = openQueueBackend(options);
  const runBackend = openQueueBackend(options);
  const prefix = attemptBackend.prefix;
  const attempts = new Worker(
    ATTEMPTS_QUEUE,
    async (job: Job<AttemptJob>) => {
      const { runId, attemptId } = job.data;
      options.onStart?.({ runId, attemptId });
      const result = await playQueued(options, load, runId, attemptId);
      options.onAttempt?.({ runId, attemptId, result });
      return result;
    },
    {
      connection: attemptBackend.connection,
      prefix,
      concurrency: options.concurrency ?? 4,
      lockDuration,
      stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
      maxStalledCount: 10,
    },
    attemptBackend.factory,
  );
  const runs = new Worker(
    RUNS_QUEUE,
    async (job: Job<RunJob>) => {
      const run = await options.store.requireRun(job.data.runId);
      if (run.status !== 'running') return run.status;
      const plan = readRunPlan(run.plan);
      const stored = new Set((await options.store.listAttempts(plan.runId)).map((a) => a.attemptId));
      if (plan.attempts.every((a) => stored.has(a.attemptId))) {
        await options.store.setStatus(plan.runId, 'finished');
        return 'finished';
      }
      return 'incomplete';
    },
    { connection: runBackend.connection, prefix, concurrency: 1, lockDuration },
    runBackend.factory,
  );
  // Errors (a lost connection, a failed job) are reported through the job's state; keep the process up.
  attempts.on('error', () => {});
  runs.on('error', () => {});
  return {
    async close() {
      await Promise.all([attempts.close(), runs.close()]);
      attemptBackend.close();
      runBackend.close();
    },
  };
}

async function playQueued(
  options: WorkerOptions,
  load: (runId: string) => Promise<{ plan: RunPlan; domain: Domain }>,
  runId: string,
  attemptId: string,
): Promise<string> {
  const run = await options.store.requireRun(runId);
  if (run.status === 'cancelled') return 'cancelled';
  if (await options.store.hasAttempt(runId, attemptId)) return 'already stored';
  const { plan, domain } = await load(runId);
  const attempt = plan.attempts.find((a) => a.attemptId === attemptId);
  if (attempt === undefined) return 'not in the plan';
  // A run cancelled while this attempt plays stops it at its next turn: nothing of it is stored.
  const cancel = new AbortController();
  const watch = setInterval(() => {
    options.store.requireRun(runId).then(
      (r) => r.status === 'cancelled' && cancel.abort(),
      () => {},
    );
  }, options.cancelCheckMs ?? 500);
  let outcome: Awaited<ReturnType<typeof playAttempt>>;
  try {
    outcome = await playAttempt(plan, attempt, domain, options.models, cancel.signal);
  } catch (error) {
    if (cancel.signal.aborted) return 'cancelled';
    throw error;
  } finally {
    clearInterval(watch);
  }
  if (cancel.signal.aborted || (await options.store.requireRun(runId)).status === 'cancelled')
    return 'cancelled';
  if (outcome.kind === 'fault') {
    await options.store.recordFault({
      runId,
      attemptId,
      at: new Date().toISOString(),
      reason: outcome.reason,
    });
    // The job fails, so BullMQ retries it later with backoff: nothing is scored.
    throw outcome.error;
  }
  const stored = await options.store.storeAttempt(outcome.record, outcome.session, outcome.trajectory);
  return stored ? 'stored' : 'already stored';
}
