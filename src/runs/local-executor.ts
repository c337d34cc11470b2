import type { Domain } from '../core/domain/types.ts';
import type { RunStore } from '../store/index.ts';
import { type AttemptOutcome, type ModelFactory, playAttempt } from './play-attempt.ts';
import type { AttemptPlan, RunPlan } from './run-plan.ts';

/** Re-queues of one attempt after provider faults before this process leaves it for a later `--resume`. */
export const DEFAULT_MAX_REQUEUES = 20;

export interface ExecuteOptions {
  store: RunStore;
  domain: Domain;
  models: ModelFactory;
  /** Attempts played at the same time (default 1). */
  concurrency?: number;
  maxRequeues?: number;
  /** Wait before a faulted attempt is taken again: `requeueDelayMs × faults so far` (default 1000). */
  requeueDelayMs?: number;
  signal?: AbortSignal;
  /** Told after each attempt is stored or re-queued. */
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { kind: 'finished'; attempt: AttemptPlan; reward: number; termination: string }
  | { kind: 'requeued'; attempt: AttemptPlan; reason: string };

export interface ExecuteResult {
  /** Attempts stored by this call. */
  stored: number;
  /** Faults that sent an attempt back to the queue. */
  requeued: number;
  /** Attempts left unplayed (stopped, or too many faults). */
  left: number;
}

/**
 * Plays a run's attempts that are not stored yet, `concurrency` at a time, in this process. A provider
 * fault sends the attempt to the back of the queue (recorded as a fault, never a score). Stopping (the
 * signal) lets attempts in flight finish their current model call and stores nothing partial.
 */
export async function executeRun(plan: RunPlan, options: ExecuteOptions): Promise<ExecuteResult> {
  const { store } = options;
  const stored = new Set((await store.listAttempts(plan.runId)).map((a) => a.attemptId));
  const queue = plan.attempts.filter((a) => !stored.has(a.attemptId));
  const faults = new Map<string, number>();
  const maxRequeues = options.maxRequeues ?? DEFAULT_MAX_REQUEUES;
  const delayMs = options.requeueDelayMs ?? 1000;
  const result: ExecuteResult = { stored: 0, requeued: 0, left: 0 };
  let inFlight = 0;
  const waiting: AttemptPlan[] = [];

  const worker = async (): Promise<void> => {
    for (;;) {
      if (options.signal?.aborted) return;
      const attempt = queue.shift();
      if (attempt === undefined) {
        if (inFlight === 0 && waiting.length === 0) return;
        await sleep(Math.min(50, delayMs || 1));
        continue;
      }
      inFlight++;
      try {
        let outcome: AttemptOutcome;
        try {
          outcome = await playAttempt(plan, attempt, options.domain, options.models, options.signal);
        } catch (error) {
          // Stopping cuts the attempt's model call short: nothing of it is stored.
          if (options.signal?.aborted) return;
          throw error;
        }
        if (options.signal?.aborted) return;
        if (outcome.kind === 'finished') {
          if (await store.storeAttempt(outcome.record, outcome.session, outcome.trajectory)) result.stored++;
          options.onProgress?.({
            kind: 'finished',
            attempt,
            reward: outcome.record.reward,
            termination: outcome.record.termination,
          });
        } else {
          const count = (faults.get(attempt.attemptId) ?? 0) + 1;
          faults.set(attempt.attemptId, count);
          result.requeued++;
          await store.recordFault({
            runId: plan.runId,
            attemptId: attempt.attemptId,
            at: new Date().toISOString(),
            reason: outcome.reason,
          });
          options.onProgress?.({ kind: 'requeued', attempt, reason: outcome.reason });
          if (count <= maxRequeues) {
            waiting.push(attempt);
            setTimeout(() => {
              waiting.splice(waiting.indexOf(attempt), 1);
              queue.push(attempt);
            }, delayMs * count).unref();
          }
        }
      } finally {
        inFlight--;
      }
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? 1);
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, queue.length)) }, worker));
  const now = new Set((await store.listAttempts(plan.runId)).map((a) => a.attemptId));
  result.left = plan.attempts.filter((a) => !now.has(a.attemptId)).length;
  if (result.left === 0) await store.setStatus(plan.runId, 'finished');
  return result;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
