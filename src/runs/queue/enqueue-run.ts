import { FlowProducer, Queue } from 'bullmq';
import type { RunPlan } from '../run-plan.ts';
import { ATTEMPTS_QUEUE, openQueueBackend, type QueueAddress, RUNS_QUEUE } from './connection.ts';

/** Job data of an attempt: the run's plan is read from the shared store. */
export interface AttemptJob {
  runId: string;
  attemptId: string;
}

export interface RunJob {
  runId: string;
}

/** Times a faulted attempt goes back to the queue before it is left for `--resume`. */
export const QUEUED_ATTEMPT_TRIES = 50;

/** An attempt's job id: the same for the same run and attempt, so adding it twice adds it once. */
export function attemptJobId(runId: string, attemptId: string): string {
  return `${runId}-${attemptId}`;
}

/**
 * Puts a run on the queue as a BullMQ flow: the run is the parent job and each attempt not stored yet a
 * child, so the parent (which marks the run finished) runs when every attempt has. `concurrency` caps
 * the attempts in flight across all workers (BullMQ's global concurrency).
 */
export async function enqueueRun(
  plan: RunPlan,
  address: QueueAddress & { concurrency?: number; pending?: readonly string[] },
): Promise<void> {
  const backend = openQueueBackend(address);
  const { connection, prefix } = backend;
  const flows = new FlowProducer({ connection, prefix }, backend.factory);
  const attempts = new Queue(ATTEMPTS_QUEUE, { connection, prefix }, backend.factory);
  try {
    if (address.concurrency !== undefined) await attempts.setGlobalConcurrency(address.concurrency);
    const pending = new Set(address.pending ?? plan.attempts.map((a) => a.attemptId));
    await flows.add({
      name: 'run',
      queueName: RUNS_QUEUE,
      data: { runId: plan.runId } satisfies RunJob,
      opts: { jobId: `${plan.runId}-${Date.now()}`, removeOnComplete: true },
      children: plan.attempts
        .filter((a) => pending.has(a.attemptId))
        .map((a) => ({
          name: 'attempt',
          queueName: ATTEMPTS_QUEUE,
          data: { runId: plan.runId, attemptId: a.attemptId } satisfies AttemptJob,
          opts: {
            jobId: attemptJobId(plan.runId, a.attemptId),
            attempts: QUEUED_ATTEMPT_TRIES,
            backoff: { type: 'exponential', delay: 500 },
            removeOnComplete: true,
          },
        })),
    });
  } finally {
    await flows.close();
    await attempts.close();
    backend.close();
  }
}
