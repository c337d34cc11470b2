import { AISDKError, APICallError } from 'ai';
import type { ModelFailureKind } from '../core/errors.ts';
import { parseRetryAfter } from './retry-policy.ts';

/** A failed call, reduced to what the retry loop and the final error message need. */
export interface Failure {
  kind: ModelFailureKind;
  retryable: boolean;
  /** HTTP status, when the server answered. */
  status: number | null;
  /** A short account for people, e.g. `HTTP 429: Rate limit reached`. */
  reason: string;
  /** How long the server asked to wait, when it did. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** Statuses worth another try: timeout, conflict, rate limit, and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

const MAX_REASON = 300;

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON)}…` : line;
}

/**
 * Sorts an error thrown by one AI SDK call. Returns null for errors that are not the model's or the
 * network's (a bug in Sigma), which the caller should let through unchanged.
 */
export function classifyFailure(error: unknown, now: number): Failure | null {
  if (APICallError.isInstance(error)) {
    const status = error.statusCode ?? null;
    if (status === null) {
      return { kind: 'network', retryable: true, status, reason: shorten(error.message), cause: error };
    }
    if (status >= 200 && status < 300) {
      // The server said OK but its body could not be read (cut off, not JSON): a glitch worth a retry.
      return {
        kind: 'invalid-response',
        retryable: true,
        status,
        reason: `the reply could not be read (${shorten(error.message)})`,
        cause: error,
      };
    }
    return {
      kind: 'http',
      retryable: error.isRetryable || isRetryableStatus(status),
      status,
      reason: `HTTP ${status}: ${shorten(error.message)}`,
      retryAfterMs: parseRetryAfter(error.responseHeaders, now),
      cause: error,
    };
  }
  if (error instanceof TypeError && /fetch failed|failed to fetch/i.test(error.message)) {
    const detail = error.cause instanceof Error ? error.cause.message : error.message;
    return { kind: 'network', retryable: true, status: null, reason: shorten(detail), cause: error };
  }
  if (AISDKError.isInstance(error)) {
    return { kind: 'other', retryable: false, status: null, reason: shorten(error.message), cause: error };
  }
  return null;
}
