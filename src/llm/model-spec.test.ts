import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { formatModelSpec, resolveModelSpec } from './model-spec.ts';

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('resolveModelSpec', () => {
  it("reads the original tool's pair of model and provider", () => {
    expect(resolveModelSpec({ model: 'gpt-4o', provider: 'openai' })).toEqual({
      provider: 'openai',
      model: 'gpt-4o',
    });
    expect(resolveModelSpec({ model: 'claude-sonnet-4-5', provider: 'Anthropic' })).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
    });
  });

  it('reads one string with a provider prefix', () => {
    expect(resolveModelSpec({ model: 'openai:gpt-4o' })).toEqual({ provider: 'openai', model: 'gpt-4o' });
    expect(resolveModelSpec({ model: 'google:gemini-2.5-flash' })).toEqual({
      provider: 'google',
      model: 'gemini-2.5-flash',
    });
    expect(resolveModelSpec({ model: 'azure:my-deployment', provider: 'azure' })).toEqual({
      provider: 'azure',
      model: 'my-deployment',
    });
  });

  it('keeps colons that belong to the model id', () => {
    expect(resolveModelSpec({ model: 'openai-compatible:llama3.1:8b' })).toEqual({
      provider: 'openai-compatible',
      model: 'llama3.1:8b',
    });
    expect(resolveModelSpec({ model: 'llama3.1:8b', provider: 'openai-compatible' })).toEqual({
      provider: 'openai-compatible',
      model: 'llama3.1:8b',
    });
  });

  it('formats back to the one-string form', () => {
    const spec = resolveModelSpec({ model: 'qwen2.5:7b', provider: 'openai-compatible' });
    expect(resolveModelSpec({ model: formatModelSpec(spec) })).toEqual(spec);
  });

  it('asks for a provider when a bare model has none, listing the providers', () => {
    expect(errorOf(() => resolveModelSpec({ model: 'gpt-4o' })).message).toBe(
      'The model "gpt-4o" needs a provider: write it as "<provider>:gpt-4o" (e.g. "openai:gpt-4o") or give the provider separately; providers: openai, anthropic, google, azure, openai-compatible.',
    );
  });

  it('rejects an unknown provider, given separately or as a prefix', () => {
    expect(errorOf(() => resolveModelSpec({ model: 'gpt-4o', provider: 'openia' })).message).toBe(
      'Unknown model provider "openia": use one of openai, anthropic, google, azure, openai-compatible.',
    );
    expect(errorOf(() => resolveModelSpec({ model: 'together:llama-3' })).message).toBe(
      'Unknown model provider "together" in "together:llama-3": use one of openai, anthropic, google, azure, openai-compatible.',
    );
  });

  it('rejects a prefix that contradicts the provider given', () => {
    expect(errorOf(() => resolveModelSpec({ model: 'openai:gpt-4o', provider: 'anthropic' })).message).toBe(
      'The model "openai:gpt-4o" names the provider "openai" but the provider is set to "anthropic": give one of them.',
    );
  });

  it('rejects an empty model name', () => {
    expect(errorOf(() => resolveModelSpec({ model: '  ' })).message).toBe(
      'No model given: name one as "<provider>:<model>", e.g. "openai:gpt-4o".',
    );
    expect(errorOf(() => resolveModelSpec({ model: 'anthropic:' })).message).toBe(
      'No model named in "anthropic:": write "<provider>:<model>", e.g. "anthropic:claude-sonnet-4-5".',
    );
  });
});
