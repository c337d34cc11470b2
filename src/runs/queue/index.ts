// Batch runs on BullMQ: planning a run onto the queue, and the worker that plays it; re-exports only.
export { type DequeueResult, dequeueRun } from './cancel-run.ts';
export {
  ATTEMPTS_QUEUE,
  checkQueueUrl,
  openQueueBackend,
  type QueueAddress,
  type QueueBackend,
  RUNS_QUEUE,
} from './connection.ts';
export {
  type AttemptJob,
  attemptJobId,
  enqueueRun,
  QUEUED_ATTEMPT_TRIES,
  type RunJob,
} from './enqueue-run.ts';
export {
  DEFAULT_SLOT_LEASE_MS,
  type ProviderSlotOptions,
  type ProviderSlots,
  providerSlots,
} from './provider-slots.ts';
export { type RunWorker, startRunWorker, type WorkerOptions } from './run-worker.ts';
