import pLimit, { type LimitFunction } from 'p-limit';
import { InputError } from '../core/errors.ts';

/** Calls in flight per provider when nothing else is said: enough for a batch, few enough to avoid 429s. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * One call queue per provider, shared by every client of that provider that uses the same
 * `ConcurrencyLimits`. A rate limit is per account and provider, not per client, so ten customers
 * running side by side must share one budget.
 */
export class ConcurrencyLimits {
  readonly #limits = new Map<string, LimitFunction>();
  readonly #defaultConcurrency: number;

  constructor(defaultConcurrency = DEFAULT_CONCURRENCY) {
    this.#defaultConcurrency = checkConcurrency(defaultConcurrency);
  }

  /**
   * The queue for a provider. A concurrency given here changes that provider's limit for every client
   * sharing it (the newest setting wins); without one the queue keeps its limit, or gets the default.
   */
  for(provider: string, concurrency?: number): LimitFunction {
    let limit = this.#limits.get(provider);
    if (limit === undefined) {
      limit = pLimit(checkConcurrency(concurrency ?? this.#defaultConcurrency));
      this.#limits.set(provider, limit);
    } else if (concurrency !== undefined) {
      limit.concurrency = checkConcurrency(concurrency);
    }
    return limit;
  }

  /** The current limit of a provider's queue, or undefined before its first client. */
  concurrencyOf(provider: string): number | undefined {
    return this.#limits.get(provider)?.concurrency;
  }
}

function checkConcurrency(value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(`The model concurrency must be a whole number of at least 1, not ${value}.`);
  }
  return value;
}

/** The process-wide queues that clients use unless given their own. */
export const sharedConcurrencyLimits = new ConcurrencyLimits();
