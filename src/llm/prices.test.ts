import { describe, expect, it } from 'vitest';
import { costOf, priceOf } from './prices.ts';

describe('priceOf', () => {
  it('knows the common models of OpenAI, Anthropic and Google', () => {
    expect(priceOf('openai', 'gpt-4o')).toEqual({ inputPerMillion: 2.5, outputPerMillion: 10 });
    expect(priceOf('anthropic', 'claude-sonnet-4-5')).toEqual({ inputPerMillion: 3, outputPerMillion: 15 });
    expect(priceOf('google', 'gemini-2.5-flash')).toEqual({ inputPerMillion: 0.3, outputPerMillion: 2.5 });
  });

  it('prices a dated snapshot as its family, unless the table lists the snapshot', () => {
    expect(priceOf('openai', 'gpt-4o-2024-08-06')).toEqual(priceOf('openai', 'gpt-4o'));
    expect(priceOf('openai', 'gpt-4o-2024-05-13')).toEqual({ inputPerMillion: 5, outputPerMillion: 15 });
    expect(priceOf('anthropic', 'claude-3-5-sonnet-20241022')).toEqual(
      priceOf('anthropic', 'claude-3-5-sonnet'),
    );
    expect(priceOf('anthropic', 'claude-3-5-haiku-latest')).toEqual({
      inputPerMillion: 0.8,
      outputPerMillion: 4,
    });
    expect(priceOf('google', 'models/gemini-1.5-flash-001')).toEqual({
      inputPerMillion: 0.075,
      outputPerMillion: 0.3,
    });
  });

  it('prices Azure deployments named after OpenAI models as OpenAI', () => {
    expect(priceOf('azure', 'gpt-4o-mini')).toEqual(priceOf('openai', 'gpt-4o-mini'));
  });

  it('does not guess: unknown models and OpenAI-compatible servers have no price', () => {
    expect(priceOf('openai', 'gpt-4o-ultra')).toBeNull();
    expect(priceOf('anthropic', 'gpt-4o')).toBeNull();
    expect(priceOf('openai-compatible', 'gpt-4o')).toBeNull();
    expect(priceOf('mock', 'anything')).toBeNull();
  });
});

describe('costOf', () => {
  it('charges input and output tokens at their own rates', () => {
    expect(costOf({ inputPerMillion: 2.5, outputPerMillion: 10 }, 1_000_000, 0)).toBe(2.5);
    expect(costOf({ inputPerMillion: 2.5, outputPerMillion: 10 }, 2000, 500)).toBeCloseTo(0.01, 12);
  });

  it('is null when the price is unknown', () => {
    expect(costOf(null, 10, 10)).toBeNull();
  });
});
