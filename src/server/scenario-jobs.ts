import type { ModelClient, ModelUsage } from '../core/model/types.ts';
import { parsePyJson, toJs } from '../core/python/index.ts';
import { configuredProviders, createModelClient, type Env } from '../llm/index.ts';
import { checkDomainName, DomainRegistry, type RegistryOptions } from '../registry/index.ts';
import { checkScenario, generateScenario } from '../scenarios/index.ts';
import { DEFAULT_USER_MODEL } from '../session/index.ts';

/** The model the server proposes scenarios with: gpt-4o when OpenAI is configured, else none (offline). */
export function serverScenarioModel(env: Env): ModelClient | undefined {
  return configuredProviders(env).includes(DEFAULT_USER_MODEL.provider)
    ? createModelClient(DEFAULT_USER_MODEL, { env })
    : undefined;
}

/** A scenario to generate: offline from the task programs, or by the model the environment configures. */
export interface GenerateJob {
  type: 'generate';
  envName: string;
  seed: number;
  describe?: string;
  inspiration?: string[];
  /** Draw offline even when the environment configures a model. */
  offline: boolean;
  /** Where the model's key and address are read. */
  env: Env;
}

/** A persona file's text to run the scenario checks on. */
export interface CheckJob {
  type: 'check';
  envName: string;
  text: string;
  source: string;
}

export type ScenarioJob = GenerateJob | CheckJob;

export interface GenerateResult {
  /** The scenario as plain JSON, and its exact text. */
  scenario: Record<string, unknown>;
  text: string;
  attempts: number;
  usage: ModelUsage;
}

export interface CheckResult {
  problems: string[];
}

export type JobResult<J extends ScenarioJob> = J extends GenerateJob ? GenerateResult : CheckResult;

/** Runs one job against a registry: what a worker thread does, and the server itself when it has no pool. */
export async function runScenarioJob(
  registry: DomainRegistry,
  job: ScenarioJob,
): Promise<GenerateResult | CheckResult> {
  // The server has loaded the domain once already (and answered for a name it does not know).
  const domain = await registry.get(checkDomainName(job.envName));
  if (job.type === 'check')
    return { problems: checkScenario(domain, parsePyJson(job.text), job.source).problems };
  const model = job.offline ? undefined : serverScenarioModel(job.env);
  const made = await generateScenario({
    domain,
    ...(model === undefined ? {} : { model }),
    seed: job.seed,
    ...(job.describe === undefined ? {} : { describe: job.describe }),
    ...(job.inspiration === undefined ? {} : { inspiration: job.inspiration }),
  });
  return {
    scenario: toJs(made.value) as Record<string, unknown>,
    text: made.text,
    attempts: made.attempts,
    usage: made.usage,
  };
}

const registries = new Map<string, DomainRegistry>();

/** The registry a worker keeps for the server's registry options (its domains load once per worker). */
export function registryFor(options: Omit<RegistryOptions, 'toolkits'>): DomainRegistry {
  const key = JSON.stringify(options);
  let registry = registries.get(key);
  if (registry === undefined) {
    registry = new DomainRegistry(options);
    registries.set(key, registry);
  }
  return registry;
}
