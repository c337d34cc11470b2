import { InputError } from '../core/errors.ts';

/** When and how long to wait before calling a model again. */
export interface RetryPolicy {
  /** Retries after the first call; 0 disables retrying. */
  maxRetries: number;
  /** The first backoff; each later one doubles. */
  initialDelayMs: number;
  /** No single wait is longer, not even one a server asks for with `retry-after`. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 4,
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
});

export function checkRetryPolicy(policy: RetryPolicy): RetryPolicy {
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new InputError(`The model retry setting ${name} must be a number >= 0, not ${value}.`);
    }
  }
  if (!Number.isInteger(policy.maxRetries)) {
    throw new InputError(
      `The model retry setting maxRetries must be a whole number, not ${policy.maxRetries}.`,
    );
  }
  return policy;
}

/**
 * The wait before retry number `retry` (1 for the first retry). A server's `retry-after` is honoured as
 * given (capped at `maxDelayMs`); otherwise exponential backoff with "equal jitter": half the step is
 * fixed, half random, so many clients that failed together do not all come back at the same moment.
 */
export function retryDelayMs(
  retry: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const step = Math.min(policy.initialDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return Math.round(step / 2 + (step / 2) * random());
}

/**
 * How long a server asked to wait, from `retry-after-ms` (OpenAI, Azure) or `retry-after` (seconds or an
 * HTTP date); undefined when it did not say or said something unreadable.
 */
export function parseRetryAfter(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  now: number,
): number | undefined {
  if (headers === undefined) return undefined;
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v?.trim()]));
  const ms = lower.get('retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = lower.get('retry-after');
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  // An HTTP date always has a day or month name; this keeps Date.parse from reading "-3" as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
