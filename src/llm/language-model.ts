import { createAnthropic } from '@ai-sdk/anthropic';
import { createAzure } from '@ai-sdk/azure';
import { createGoogle } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { ModelSpec } from './model-spec.ts';
import type { ProviderConfig } from './provider-config.ts';
import { PROVIDERS } from './providers.ts';

/**
 * The AI SDK model for a spec. OpenAI and Azure go through the Chat Completions API (`.chat`), not the
 * SDK's default Responses API: it is what every OpenAI-compatible server and proxy speaks too, so one
 * `OPENAI_BASE_URL` can point at any of them.
 */
export function createLanguageModel(spec: ModelSpec, config: ProviderConfig): LanguageModel {
  const { apiKey } = config;
  // Always pass an address: left unset, some SDK providers read process.env themselves, which would
  // bypass the environment Sigma was given (and fail on an empty OPENAI_BASE_URL= line from .env).
  const baseURL = config.baseURL ?? PROVIDERS[spec.provider].defaultBaseUrl;
  switch (spec.provider) {
    case 'openai':
      return createOpenAI({ apiKey, baseURL }).chat(spec.model);
    case 'anthropic':
      return createAnthropic({ apiKey, baseURL })(spec.model);
    case 'google':
      return createGoogle({ apiKey, baseURL })(spec.model);
    case 'azure':
      return createAzure({
        apiKey,
        baseURL,
        resourceName: config.resourceName,
        apiVersion: config.apiVersion,
      }).chat(spec.model);
    case 'openai-compatible':
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: baseURL!,
        apiKey,
        // Ask for token counts in streamed replies too; servers that ignore it just omit them.
        includeUsage: true,
      }).chatModel(spec.model);
  }
}
