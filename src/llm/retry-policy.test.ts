import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { checkRetryPolicy, DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs } from './retry-policy.ts';

const policy = { maxRetries: 5, initialDelayMs: 1000, maxDelayMs: 10_000 };

describe('retryDelayMs', () => {
  it('doubles each time, with half of each step random', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, undefined, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, undefined, () => 0.999999))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('never waits longer than maxDelayMs', () => {
    expect(retryDelayMs(10, policy, undefined, () => 0.999999)).toBe(10_000);
    expect(retryDelayMs(1, policy, 60_000, () => 0)).toBe(10_000);
  });

  it("takes the server's retry-after as given", () => {
    expect(retryDelayMs(1, policy, 3000, () => 0.5)).toBe(3000);
    expect(retryDelayMs(3, policy, 0, () => 0.5)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');

  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(parseRetryAfter({ 'retry-after': '2' }, now)).toBe(2000);
    expect(parseRetryAfter({ 'Retry-After': '0.5' }, now)).toBe(500);
    expect(parseRetryAfter({ 'retry-after-ms': '1234.2', 'retry-after': '9' }, now)).toBe(1235);
    expect(parseRetryAfter({ 'retry-after': 'Mon, 30 Nov 2026 12:00:07 GMT' }, now)).toBe(7000);
    expect(parseRetryAfter({ 'retry-after': 'Mon, 30 Nov 2026 11:00:00 GMT' }, now)).toBe(0);
  });

  it('is undefined when the server said nothing readable', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter({ 'content-type': 'application/json' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': '-3' }, now)).toBeUndefined();
  });
});

describe('checkRetryPolicy', () => {
  it('accepts the defaults and rejects nonsense', () => {
    expect(checkRetryPolicy({ ...DEFAULT_RETRY_POLICY })).toEqual(DEFAULT_RETRY_POLICY);
    expect(() => checkRetryPolicy({ ...policy, maxRetries: -1 })).toThrow(InputError);
    expect(() => checkRetryPolicy({ ...policy, maxRetries: 1.5 })).toThrow(
      'The model retry setting maxRetries must be a whole number, not 1.5.',
    );
    expect(() => checkRetryPolicy({ ...policy, initialDelayMs: Number.NaN })).toThrow(
      'The model retry setting initialDelayMs must be a number >= 0, not NaN.',
    );
  });
});
