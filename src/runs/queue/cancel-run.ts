import { type Job, Queue } from 'bullmq';
import type { RunPlan } from '../run-plan.ts';
import { ATTEMPTS_QUEUE, openQueueBackend, type QueueAddress, RUNS_QUEUE } from './connection.ts';
import { attemptJobId, type RunJob } from './enqueue-run.ts';

export interface DequeueResult {
  /** Waiting or delayed attempts taken off the queue. */
  dequeued: number;
  /** Attempts being played: their workers stop them at the next turn and store nothing. */
  stopping: number;
}

/**
 * Cancels a queued run: takes its waiting and delayed attempts off the queue, marks it cancelled
 * (`markCancelled`, in the store: workers check it before each attempt and, during one, at its next
 * turn), then takes off what a worker put back meanwhile (a retry) and counts the attempts in play. The
 * run's parent job goes once no attempt of it is left.
 */
export async function dequeueRun(
  plan: RunPlan,
  address: QueueAddress,
  markCancelled: () => Promise<void>,
): Promise<DequeueResult> {
  const backend = openQueueBackend(address);
  const { connection, prefix } = backend;
  const attempts = new Queue(ATTEMPTS_QUEUE, { connection, prefix }, backend.factory);
  const runs = new Queue(RUNS_QUEUE, { connection, prefix }, backend.factory);
  const result: DequeueResult = { dequeued: 0, stopping: 0 };
  const sweep = async (count: boolean) => {
    for (const attempt of plan.attempts) {
      const job = await attempts.getJob(attemptJobId(plan.runId, attempt.attemptId));
      if (job === undefined) continue;
      const state = await job.getState();
      if (state === 'completed' || state === 'failed' || state === 'unknown') continue;
      if (state !== 'active' && (await removed(job))) result.dequeued++;
      // Active, or taken by a worker between the look and the removal (a locked job is not removed).
      else if (count) result.stopping++;
    }
  };
  try {
    // First off the queue, then cancelled: workers meanwhile play on, rather than draining the queue.
    await sweep(false);
    await markCancelled();
    await sweep(true);
    if (result.stopping === 0) {
      // The parent would wait for children that will never come: remove it too.
      const parents = await runs.getJobs(['waiting-children', 'waiting', 'delayed', 'prioritized']);
      for (const parent of parents)
        if ((parent?.data as RunJob | undefined)?.runId === plan.runId) await removed(parent);
    }
  } finally {
    await attempts.close();
    await runs.close();
    backend.close();
  }
  return result;
}

async function removed(job: Job): Promise<boolean> {
  try {
    await job.remove();
    return true;
  } catch {
    return false;
  }
}
