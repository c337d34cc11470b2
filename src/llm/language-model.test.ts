import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { createLanguageModel } from './language-model.ts';
import { readProviderConfig } from './provider-config.ts';

const env = {
  OPENAI_API_KEY: 'o',
  ANTHROPIC_API_KEY: 'a',
  GOOGLE_GENERATIVE_AI_API_KEY: 'g',
  AZURE_API_KEY: 'z',
  AZURE_RESOURCE_NAME: 'acme',
  SIGMA_OPENAI_COMPATIBLE_BASE_URL: 'http://localhost:11434/v1',
};

describe('createLanguageModel', () => {
  it('uses the chat API of each provider', async () => {
    const cases = [
      ['openai', 'gpt-4o', 'openai.chat'],
      ['anthropic', 'claude-sonnet-4-5', 'anthropic.messages'],
      ['google', 'gemini-2.5-flash', 'google.generative-ai'],
      ['azure', 'my-deployment', 'azure.chat'],
      ['openai-compatible', 'llama3.1:8b', 'openai-compatible.chat'],
    ] as const;
    for (const [provider, model, sdkProvider] of cases) {
      const languageModel = (await createLanguageModel(
        { provider, model },
        readProviderConfig(provider, env),
      )) as LanguageModelV4;
      expect([languageModel.provider, languageModel.modelId]).toEqual([sdkProvider, model]);
    }
  });

  it('loads a provider although its address variable is set but empty, and leaves it as it was', () => {
    // In a fresh process: the provider package must not have been loaded before.
    const script = [
      `import { createLanguageModel } from ${JSON.stringify(join(import.meta.dirname, 'language-model.ts'))};`,
      "const model = await createLanguageModel({ provider: 'anthropic', model: 'claude-sonnet-4-5' }, { provider: 'anthropic', apiKey: 'a', keyVariable: 'ANTHROPIC_API_KEY' });",
      'console.log(model.provider, JSON.stringify(process.env.ANTHROPIC_BASE_URL));',
    ].join('\n');
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '--experimental-strip-types', '-e', script],
      {
        env: { ...process.env, ANTHROPIC_BASE_URL: '' },
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('anthropic.messages ""');
  });
});
