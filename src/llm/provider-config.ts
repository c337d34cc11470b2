import { InputError } from '../core/errors.ts';
import { PROVIDER_NAMES, PROVIDERS, type ProviderName } from './providers.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** What a provider needs to be called, read from the environment. */
export interface ProviderConfig {
  provider: ProviderName;
  apiKey?: string;
  baseURL?: string;
  /** Azure only. */
  resourceName?: string;
  apiVersion?: string;
  /** The variable that holds the key, to name in an authentication error. */
  keyVariable?: string;
}

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

const WHERE = 'in the environment or in a .env file in the working directory (see .env.example)';

/** Reads a provider's key and address; a missing one is an `InputError` naming the variable to set. */
export function readProviderConfig(provider: ProviderName, env: Env): ProviderConfig {
  const info = PROVIDERS[provider];
  const baseURL = read(env, info.baseUrlVariable);
  if (provider === 'openai-compatible') {
    if (baseURL === undefined) {
      throw new InputError(
        `The provider "openai-compatible" needs the server's address: set ${info.baseUrlVariable} (e.g. http://localhost:11434/v1 for Ollama, http://localhost:8000/v1 for vLLM) ${WHERE}.`,
      );
    }
    checkUrl(baseURL, info.baseUrlVariable);
    const keyVariable = info.optionalKeyVariable!;
    return { provider, baseURL, apiKey: read(env, keyVariable), keyVariable };
  }

  const keyVariable = info.keyVariable!;
  const apiKey = read(env, keyVariable);
  if (apiKey === undefined) {
    throw new InputError(`The provider "${provider}" needs an API key: set ${keyVariable} ${WHERE}.`);
  }
  if (baseURL !== undefined) checkUrl(baseURL, info.baseUrlVariable);
  if (provider === 'azure') {
    const resourceName = read(env, 'AZURE_RESOURCE_NAME');
    if (resourceName === undefined && baseURL === undefined) {
      throw new InputError(
        `The provider "azure" needs the resource's address: set AZURE_RESOURCE_NAME (the name in https://<name>.openai.azure.com) or AZURE_BASE_URL ${WHERE}.`,
      );
    }
    return {
      provider,
      apiKey,
      baseURL,
      resourceName,
      apiVersion: read(env, 'AZURE_API_VERSION'),
      keyVariable,
    };
  }
  return { provider, apiKey, baseURL, keyVariable };
}

function checkUrl(value: string, variable: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${variable} is not a URL: "${value}" (expected e.g. http://localhost:8000/v1).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`${variable} must be an http:// or https:// URL, not "${value}".`);
  }
}

/** The providers whose key (or, for an OpenAI-compatible server, address) is set. */
export function configuredProviders(env: Env = process.env): ProviderName[] {
  return PROVIDER_NAMES.filter((provider) => {
    try {
      readProviderConfig(provider, env);
      return true;
    } catch (error) {
      if (error instanceof InputError) return false;
      throw error;
    }
  });
}

/** Whether any model can be called; without one, the CLI falls back to the offline scripted customer. */
export function hasAnyModelConfigured(env: Env = process.env): boolean {
  return configuredProviders(env).length > 0;
}
