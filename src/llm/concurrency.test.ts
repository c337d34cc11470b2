import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { ConcurrencyLimits, DEFAULT_CONCURRENCY } from './concurrency.ts';

describe('ConcurrencyLimits', () => {
  it('gives each provider one queue, shared by every caller', () => {
    const limits = new ConcurrencyLimits(3);
    expect(limits.for('openai')).toBe(limits.for('openai'));
    expect(limits.for('openai')).not.toBe(limits.for('anthropic'));
    expect(limits.concurrencyOf('openai')).toBe(3);
    expect(limits.concurrencyOf('google')).toBeUndefined();
  });

  it('lets the newest explicit setting win, and keeps it when none is given', () => {
    const limits = new ConcurrencyLimits();
    limits.for('openai');
    expect(limits.concurrencyOf('openai')).toBe(DEFAULT_CONCURRENCY);
    limits.for('openai', 2);
    limits.for('openai');
    expect(limits.concurrencyOf('openai')).toBe(2);
  });

  it('rejects a limit below one', () => {
    expect(() => new ConcurrencyLimits(0)).toThrow(InputError);
    expect(() => new ConcurrencyLimits().for('openai', 1.5)).toThrow(
      'The model concurrency must be a whole number of at least 1, not 1.5.',
    );
  });
});
