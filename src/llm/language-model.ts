import type { LanguageModel } from 'ai';
import type { ModelSpec } from './model-spec.ts';
import type { ProviderConfig } from './provider-config.ts';
import { modelEnvironmentVariables, PROVIDERS } from './providers.ts';

/**
 * Imports a provider package on first use. Each creates a default instance from `process.env` as it
 * loads, and throws on an empty address (`ANTHROPIC_BASE_URL=` left blank in a `.env`), which Sigma
 * treats as unset: empty model variables are hidden from the package while it loads, then put back.
 * Loading on first use also keeps every `sigma` command that calls no model from loading them at all.
 */
async function importProvider<T>(load: () => Promise<T>): Promise<T> {
  const hidden = modelEnvironmentVariables().filter((name) => process.env[name] === '');
  for (const name of hidden) delete process.env[name];
  try {
    return await load();
  } finally {
    for (const name of hidden) process.env[name] = '';
  }
}

/**
 * The AI SDK model for a spec. OpenAI and Azure go through the Chat Completions API (`.chat`), not the
 * SDK's default Responses API: it is what every OpenAI-compatible server and proxy speaks too, so one
 * `OPENAI_BASE_URL` can point at any of them.
 */
export async function createLanguageModel(spec: ModelSpec, config: ProviderConfig): Promise<LanguageModel> {
  const { apiKey } = config;
  // Always pass an address: left unset, some SDK providers read process.env themselves, which would
  // bypass the environment Sigma was given.
  const baseURL = config.baseURL ?? PROVIDERS[spec.provider].defaultBaseUrl;
  switch (spec.provider) {
    case 'openai': {
      const { createOpenAI } = await importProvider(() => import('@ai-sdk/openai'));
      return createOpenAI({ apiKey, baseURL }).chat(spec.model);
    }
    case 'anthropic': {
      const { createAnthropic } = await importProvider(() => import('@ai-sdk/anthropic'));
      return createAnthropic({ apiKey, baseURL })(spec.model);
    }
    case 'google': {
      const { createGoogle } = await importProvider(() => import('@ai-sdk/google'));
      return createGoogle({ apiKey, baseURL })(spec.model);
    }
    case 'azure': {
      const { createAzure } = await importProvider(() => import('@ai-sdk/azure'));
      return createAzure({
        apiKey,
        baseURL,
        resourceName: config.resourceName,
        apiVersion: config.apiVersion,
      }).chat(spec.model);
    }
    case 'openai-compatible': {
      const { createOpenAICompatible } = await importProvider(() => import('@ai-sdk/openai-compatible'));
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: baseURL!,
        apiKey,
        // Ask for token counts in streamed replies too; servers that ignore it just omit them.
        includeUsage: true,
      }).chatModel(spec.model);
    }
  }
}
