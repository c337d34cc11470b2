import { InputError } from '../core/errors.ts';
import type { ModelClient } from '../core/model/types.ts';
import { configuredProviders, createModelClient, resolveModelSpec } from '../llm/index.ts';
import { DEFAULT_USER_MODEL } from '../session/index.ts';

/**
 * The model that proposes scenarios: `--model` when given; else gpt-4o when OpenAI is configured;
 * else none, and scenarios are drawn offline from Sigma's task programs (as with `--offline`).
 */
export function scenarioModel(options: { model?: string; offline?: boolean }): ModelClient | undefined {
  if (options.offline === true) {
    if (options.model !== undefined)
      throw new InputError('--offline uses no model: drop --model, or --offline');
    return undefined;
  }
  if (options.model !== undefined)
    return createModelClient(resolveModelSpec({ model: options.model }), { env: process.env });
  if (configuredProviders(process.env).includes(DEFAULT_USER_MODEL.provider))
    return createModelClient(DEFAULT_USER_MODEL, { env: process.env });
  return undefined;
}

export function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text)))
    throw new InputError(`${flag} must be a whole number >= ${min}, got "${text}"`);
  return Number(text);
}

/** `--inspiration 3,7` or task ids, as a list. */
export function inspirationList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const refs = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (refs.length === 0)
    throw new InputError('--inspiration takes task indices or ids separated by commas, e.g. 3,7');
  return refs;
}
