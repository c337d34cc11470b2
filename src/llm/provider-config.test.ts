import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { configuredProviders, hasAnyModelConfigured, readProviderConfig } from './provider-config.ts';
import { modelEnvironmentVariables } from './providers.ts';

const WHERE = 'in the environment or in a .env file in the working directory (see .env.example).';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('readProviderConfig', () => {
  it('names the key variable when a key is missing', () => {
    expect(messageOf(() => readProviderConfig('openai', {}))).toBe(
      `The provider "openai" needs an API key: set OPENAI_API_KEY ${WHERE}`,
    );
    expect(messageOf(() => readProviderConfig('anthropic', {}))).toBe(
      `The provider "anthropic" needs an API key: set ANTHROPIC_API_KEY ${WHERE}`,
    );
    expect(messageOf(() => readProviderConfig('google', {}))).toBe(
      `The provider "google" needs an API key: set GOOGLE_GENERATIVE_AI_API_KEY ${WHERE}`,
    );
    expect(messageOf(() => readProviderConfig('azure', {}))).toBe(
      `The provider "azure" needs an API key: set AZURE_API_KEY ${WHERE}`,
    );
  });

  it('treats an empty value as missing (an unfilled line copied from .env.example)', () => {
    expect(messageOf(() => readProviderConfig('openai', { OPENAI_API_KEY: '  ' }))).toContain(
      'set OPENAI_API_KEY',
    );
  });

  it('needs an Azure resource name or base URL', () => {
    expect(messageOf(() => readProviderConfig('azure', { AZURE_API_KEY: 'k' }))).toBe(
      `The provider "azure" needs the resource's address: set AZURE_RESOURCE_NAME (the name in https://<name>.openai.azure.com) or AZURE_BASE_URL ${WHERE}`,
    );
    expect(readProviderConfig('azure', { AZURE_API_KEY: 'k', AZURE_RESOURCE_NAME: 'acme' })).toMatchObject({
      apiKey: 'k',
      resourceName: 'acme',
    });
  });

  it('needs the base URL of an OpenAI-compatible server, and takes its key when given', () => {
    expect(messageOf(() => readProviderConfig('openai-compatible', {}))).toBe(
      `The provider "openai-compatible" needs the server's address: set SIGMA_OPENAI_COMPATIBLE_BASE_URL (e.g. http://localhost:11434/v1 for Ollama, http://localhost:8000/v1 for vLLM) ${WHERE}`,
    );
    expect(
      readProviderConfig('openai-compatible', {
        SIGMA_OPENAI_COMPATIBLE_BASE_URL: 'http://localhost:8000/v1',
      }),
    ).toEqual({
      provider: 'openai-compatible',
      baseURL: 'http://localhost:8000/v1',
      apiKey: undefined,
      keyVariable: 'SIGMA_OPENAI_COMPATIBLE_API_KEY',
    });
    expect(
      readProviderConfig('openai-compatible', {
        SIGMA_OPENAI_COMPATIBLE_BASE_URL: 'https://openrouter.ai/api/v1',
        SIGMA_OPENAI_COMPATIBLE_API_KEY: 'sk-or',
      }).apiKey,
    ).toBe('sk-or');
  });

  it('rejects a base URL that is not an http(s) URL, naming the variable', () => {
    expect(
      messageOf(() => readProviderConfig('openai', { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'localhost' })),
    ).toBe('OPENAI_BASE_URL is not a URL: "localhost" (expected e.g. http://localhost:8000/v1).');
    expect(
      messageOf(() =>
        readProviderConfig('openai-compatible', { SIGMA_OPENAI_COMPATIBLE_BASE_URL: 'ftp://x/v1' }),
      ),
    ).toBe('SIGMA_OPENAI_COMPATIBLE_BASE_URL must be an http:// or https:// URL, not "ftp://x/v1".');
  });
});

describe('hasAnyModelConfigured', () => {
  it('is false with no keys, or only empty ones', () => {
    expect(hasAnyModelConfigured({})).toBe(false);
    expect(
      hasAnyModelConfigured(Object.fromEntries(modelEnvironmentVariables().map((name) => [name, '']))),
    ).toBe(false);
  });

  it('is true once any provider can be called', () => {
    expect(hasAnyModelConfigured({ ANTHROPIC_API_KEY: 'k' })).toBe(true);
    expect(configuredProviders({ GOOGLE_GENERATIVE_AI_API_KEY: 'g', AZURE_API_KEY: 'a' })).toEqual([
      'google',
    ]);
    expect(
      configuredProviders({
        OPENAI_API_KEY: 'o',
        AZURE_API_KEY: 'a',
        AZURE_BASE_URL: 'https://acme.openai.azure.com/openai/v1',
        SIGMA_OPENAI_COMPATIBLE_BASE_URL: 'http://localhost:11434/v1',
      }),
    ).toEqual(['openai', 'azure', 'openai-compatible']);
  });
});

describe('modelEnvironmentVariables', () => {
  it('lists every variable, each once', () => {
    const names = modelEnvironmentVariables();
    expect(names).toEqual([
      'OPENAI_API_KEY',
      'OPENAI_BASE_URL',
      'ANTHROPIC_API_KEY',
      'ANTHROPIC_BASE_URL',
      'GOOGLE_GENERATIVE_AI_API_KEY',
      'GOOGLE_GENERATIVE_AI_BASE_URL',
      'AZURE_API_KEY',
      'AZURE_BASE_URL',
      'AZURE_RESOURCE_NAME',
      'AZURE_API_VERSION',
      'SIGMA_OPENAI_COMPATIBLE_API_KEY',
      'SIGMA_OPENAI_COMPATIBLE_BASE_URL',
    ]);
  });
});
