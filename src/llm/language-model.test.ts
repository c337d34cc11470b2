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
  it('uses the chat API of each provider', () => {
    const cases = [
      ['openai', 'gpt-4o', 'openai.chat'],
      ['anthropic', 'claude-sonnet-4-5', 'anthropic.messages'],
      ['google', 'gemini-2.5-flash', 'google.generative-ai'],
      ['azure', 'my-deployment', 'azure.chat'],
      ['openai-compatible', 'llama3.1:8b', 'openai-compatible.chat'],
    ] as const;
    for (const [provider, model, sdkProvider] of cases) {
      const languageModel = createLanguageModel(
        { provider, model },
        readProviderConfig(provider, env),
      ) as LanguageModelV4;
      expect([languageModel.provider, languageModel.modelId]).toEqual([sdkProvider, model]);
    }
  });
});
