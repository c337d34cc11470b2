import { InputError } from '../core/errors.ts';
import type { ModelClient } from '../core/model/types.ts';
import { ConcurrencyLimits, createModelClient, isProviderName, type ModelSpec } from '../llm/index.ts';

export interface RunModelOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Calls in flight per provider unless `providerLimits` names it (default 64). */
  defaultConcurrency?: number;
  /** Calls in flight per provider, shared by the agent's and the customer's calls. */
  providerLimits?: Readonly<Record<string, number>>;
  /** Retries of a failed call before it counts as a fault (default: the model layer's 4). */
  maxRetries?: number;
  /** The first wait between retries (default 1000 ms). */
  initialDelayMs?: number;
}

/** Reads `--provider-limit openai=40` values into a map. */
export function parseProviderLimits(values: readonly string[]): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const value of values) {
    const match = /^([a-z0-9-]+)=(\d+)$/i.exec(value.trim());
    if (match === null || Number(match[2]) < 1 || !isProviderName(match[1]!.toLowerCase())) {
      throw new InputError(
        `--provider-limit ${value}: write PROVIDER=N with a known provider and N >= 1, e.g. openai=40`,
      );
    }
    limits[match[1]!.toLowerCase()] = Number(match[2]);
  }
  return limits;
}

/**
 * One client per model for the whole run, all sharing one set of per-provider queues, so the agent's and
 * the customer's calls to a provider count against the same limit.
 */
export function runModels(options: RunModelOptions = {}): (spec: ModelSpec) => ModelClient {
  const limits = new ConcurrencyLimits(options.defaultConcurrency ?? 64);
  const clients = new Map<string, ModelClient>();
  return (spec) => {
    const key = `${spec.provider}:${spec.model}`;
    let client = clients.get(key);
    if (client === undefined) {
      const concurrency = options.providerLimits?.[spec.provider];
      client = createModelClient(spec, {
        env: options.env ?? process.env,
        limits,
        ...(concurrency === undefined ? {} : { concurrency }),
        ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
        ...(options.initialDelayMs === undefined ? {} : { initialDelayMs: options.initialDelayMs }),
      });
      clients.set(key, client);
    }
    return client;
  };
}
