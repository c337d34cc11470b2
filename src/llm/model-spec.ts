import { InputError } from '../core/errors.ts';
import { isProviderName, type ProviderName, providerList } from './providers.ts';

/** A model named fully: which provider serves it and the provider's name for it. */
export interface ModelSpec {
  provider: ProviderName;
  /** The provider's model id (for Azure, the deployment name), e.g. `gpt-4o`. */
  model: string;
}

/**
 * Reads a model name the way the original tool took it (`model: 'gpt-4o', provider: 'openai'`) or as one
 * string (`openai:gpt-4o`). Only a known provider counts as a prefix, so model ids that contain a colon
 * (Ollama's `llama3.1:8b`) pass through whole when the provider is given separately.
 */
export function resolveModelSpec({ model, provider }: { model: string; provider?: string }): ModelSpec {
  const text = model.trim();
  const given = provider?.trim() || undefined;
  if (given !== undefined && !isProviderName(given.toLowerCase())) {
    throw new InputError(`Unknown model provider "${given}": use one of ${providerList()}.`);
  }
  const givenProvider = given?.toLowerCase() as ProviderName | undefined;
  if (text === '') {
    const example = `${givenProvider ?? 'openai'}:${exampleModel(givenProvider ?? 'openai')}`;
    throw new InputError(`No model given: name one as "<provider>:<model>", e.g. "${example}".`);
  }

  const colon = text.indexOf(':');
  const prefix = colon > 0 ? text.slice(0, colon).toLowerCase() : undefined;
  if (prefix !== undefined && isProviderName(prefix)) {
    if (givenProvider !== undefined && givenProvider !== prefix) {
      throw new InputError(
        `The model "${text}" names the provider "${prefix}" but the provider is set to "${givenProvider}": give one of them.`,
      );
    }
    return checked({ provider: prefix, model: text.slice(colon + 1).trim() }, text);
  }
  if (givenProvider !== undefined) return checked({ provider: givenProvider, model: text }, text);

  if (prefix !== undefined) {
    throw new InputError(
      `Unknown model provider "${text.slice(0, colon)}" in "${text}": use one of ${providerList()}.`,
    );
  }
  throw new InputError(
    `The model "${text}" needs a provider: write it as "<provider>:${text}" (e.g. "openai:${text}") or give the provider separately; providers: ${providerList()}.`,
  );
}

function checked(spec: ModelSpec, text: string): ModelSpec {
  if (spec.model === '') {
    throw new InputError(
      `No model named in "${text}": write "<provider>:<model>", e.g. "${spec.provider}:${exampleModel(spec.provider)}".`,
    );
  }
  return spec;
}

function exampleModel(provider: ProviderName): string {
  switch (provider) {
    case 'openai':
      return 'gpt-4o';
    case 'anthropic':
      return 'claude-sonnet-4-5';
    case 'google':
      return 'gemini-2.5-flash';
    case 'azure':
      return 'my-gpt-4o-deployment';
    case 'openai-compatible':
      return 'llama3.1:8b';
  }
}

/** `openai:gpt-4o`: the one-string form, which `resolveModelSpec` reads back. */
export function formatModelSpec(spec: ModelSpec): string {
  return `${spec.provider}:${spec.model}`;
}
