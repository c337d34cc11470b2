import { Redis } from 'ioredis';
import { InputError } from '../../core/errors.ts';

/** The queue names, under the prefix: one job per run (the parent) and one per attempt (its children). */
export const RUNS_QUEUE = 'sigma-runs';
export const ATTEMPTS_QUEUE = 'sigma-attempts';

export interface QueueAddress {
  /** `redis://host:6379` (or `rediss://`). */
  url: string;
  /** Key prefix, so several installations (or tests) share a Redis (default `sigma`). */
  prefix?: string;
}

/**
 * A built ioredis client for BullMQ (which needs `maxRetriesPerRequest: null`). Only Redis is accepted:
 * BullMQ 6.7's PostgreSQL backend is documented in docs/runs.md but not used by Sigma.
 */
export function connectQueue(address: QueueAddress): Redis {
  checkQueueUrl(address.url);
  return new Redis(address.url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** Refuses a `--queue` value Sigma cannot use, saying what it takes. */
export function checkQueueUrl(url: string): void {
  const address = { url };
  if (/^postgres(ql)?:\/\//i.test(address.url)) {
    throw new InputError(
      '--queue postgres://… is not supported: BullMQ 6.7 ships a PostgreSQL backend, but Sigma runs its queue on Redis only (see docs/runs.md); use --queue redis://host:6379',
    );
  }
  if (!/^rediss?:\/\//i.test(address.url))
    throw new InputError(`--queue ${address.url}: give a Redis URL, e.g. redis://127.0.0.1:6379`);
}
