import type { Domain } from '../core/domain/types.ts';
import type { ModelClient, ModelUsage } from '../core/model/types.ts';
import type { PyDict } from '../core/python/index.ts';
import { modelScenario } from './model-scenario.ts';
import { offlineScenario } from './offline.ts';
import { scenarioText } from './scenario.ts';

export interface GenerateScenarioOptions {
  domain: Domain;
  /** The model that proposes it; without one, the offline generator draws it (built-in kinds of data). */
  model?: ModelClient;
  /** Makes an offline scenario deterministic, and seeds the model's calls. */
  seed?: number;
  describe?: string;
  inspiration?: readonly string[];
  maxAttempts?: number;
  note?: string;
  onRejected?: (attempt: number, problems: readonly string[]) => void;
  abortSignal?: AbortSignal;
}

export interface GeneratedScenario {
  /** The scenario in the persona-file format, as the value model holds it. */
  value: PyDict;
  /** Its file text (what `--persona-file` and the API's `personaFile` take). */
  text: string;
  /** Proposals (or offline draws) made. */
  attempts: number;
  usage: ModelUsage;
}

/**
 * A new, checked scenario for a domain: proposed by a model (and sent back with what failed, a bounded
 * number of times), or, without a model, drawn from Sigma's own task programs with a seed.
 */
export async function generateScenario(options: GenerateScenarioOptions): Promise<GeneratedScenario> {
  if (options.model === undefined) {
    const value = offlineScenario(options.domain, {
      seed: options.seed ?? 0,
      ...(options.describe === undefined ? {} : { describe: options.describe }),
    });
    const meta = value.meta as PyDict;
    return {
      value,
      text: scenarioText(value),
      attempts: Number(meta.attempts),
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    };
  }
  const made = await modelScenario({ ...options, model: options.model });
  return { ...made, text: scenarioText(made.value) };
}
