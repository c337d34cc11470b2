/**
 * The model providers Sigma can call, and the environment variables each one reads. This table is the
 * one place those names live: `.env.example`, the error messages and `configuredProviders` all follow it.
 */

export const PROVIDER_NAMES = ['openai', 'anthropic', 'google', 'azure', 'openai-compatible'] as const;

export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface ProviderInfo {
  name: ProviderName;
  /** Shown in messages, e.g. `OpenAI`. */
  label: string;
  /** The variable holding the API key; null when the key is optional. */
  keyVariable: string | null;
  /** An optional key, for servers that may or may not want one. */
  optionalKeyVariable?: string;
  /** The variable holding the base URL; `baseUrlRequired` when the provider has no default address. */
  baseUrlVariable: string;
  baseUrlRequired: boolean;
  /** Where the provider is called when its base URL variable is not set. */
  defaultBaseUrl?: string;
  /** Other variables the provider reads. */
  otherVariables: string[];
}

export const PROVIDERS: Readonly<Record<ProviderName, ProviderInfo>> = Object.freeze({
  openai: {
    name: 'openai',
    label: 'OpenAI',
    keyVariable: 'OPENAI_API_KEY',
    baseUrlVariable: 'OPENAI_BASE_URL',
    baseUrlRequired: false,
    defaultBaseUrl: 'https://api.openai.com/v1',
    otherVariables: [],
  },
  anthropic: {
    name: 'anthropic',
    label: 'Anthropic',
    keyVariable: 'ANTHROPIC_API_KEY',
    baseUrlVariable: 'ANTHROPIC_BASE_URL',
    baseUrlRequired: false,
    defaultBaseUrl: 'https://api.anthropic.com/v1',
    otherVariables: [],
  },
  google: {
    name: 'google',
    label: 'Google (Gemini API)',
    keyVariable: 'GOOGLE_GENERATIVE_AI_API_KEY',
    baseUrlVariable: 'GOOGLE_GENERATIVE_AI_BASE_URL',
    baseUrlRequired: false,
    defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    otherVariables: [],
  },
  azure: {
    name: 'azure',
    label: 'Azure OpenAI',
    keyVariable: 'AZURE_API_KEY',
    // Azure needs an address: the resource name, or a full base URL (which wins when both are set).
    baseUrlVariable: 'AZURE_BASE_URL',
    baseUrlRequired: false,
    otherVariables: ['AZURE_RESOURCE_NAME', 'AZURE_API_VERSION'],
  },
  'openai-compatible': {
    name: 'openai-compatible',
    label: 'OpenAI-compatible server',
    keyVariable: null,
    optionalKeyVariable: 'SIGMA_OPENAI_COMPATIBLE_API_KEY',
    baseUrlVariable: 'SIGMA_OPENAI_COMPATIBLE_BASE_URL',
    baseUrlRequired: true,
    otherVariables: [],
  },
});

export function isProviderName(name: string): name is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(name);
}

/** `openai, anthropic, google, azure, openai-compatible`, for messages. */
export function providerList(): string {
  return PROVIDER_NAMES.join(', ');
}

/** Every variable any provider reads, in the order of `.env.example`. */
export function modelEnvironmentVariables(): string[] {
  const names: string[] = [];
  for (const info of Object.values(PROVIDERS)) {
    if (info.keyVariable !== null) names.push(info.keyVariable);
    if (info.optionalKeyVariable !== undefined) names.push(info.optionalKeyVariable);
    names.push(info.baseUrlVariable, ...info.otherVariables);
  }
  return names;
}
