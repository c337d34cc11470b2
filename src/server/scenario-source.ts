import type { Domain } from '../core/domain/types.ts';
import { InputError } from '../core/errors.ts';
import type { ModelClient } from '../core/model/types.ts';
import { configuredProviders, createModelClient, type Env } from '../llm/index.ts';
import { generateScenario } from '../scenarios/index.ts';
import { DEFAULT_USER_MODEL } from '../session/index.ts';

/** The model the server proposes scenarios with: gpt-4o when OpenAI is configured, else none (offline). */
export function serverScenarioModel(env: Env): ModelClient | undefined {
  return configuredProviders(env).includes(DEFAULT_USER_MODEL.provider)
    ? createModelClient(DEFAULT_USER_MODEL, { env })
    : undefined;
}

/**
 * The persona-file text of a scenario generated for a new session (`generateScenario` on
 * `POST /sessions`): a model's proposals are awaited without holding anything; an offline draw takes
 * tens of milliseconds. A seed makes an offline scenario reproducible; without one it is drawn at random.
 */
export async function generatedScenario(
  domain: Domain,
  input: {
    generateScenario?: boolean;
    describe?: string;
    persona?: unknown;
    personaFile?: unknown;
    taskIndex?: unknown;
    taskSplit?: unknown;
    seed?: number;
  },
  env: Env,
): Promise<string> {
  if (input.generateScenario !== true) throw new InputError('describe goes with generateScenario: true');
  const clash = (['persona', 'personaFile', 'taskIndex', 'taskSplit'] as const).filter(
    (k) => input[k] !== undefined,
  );
  if (clash.length > 0)
    throw new InputError(`a generated scenario is its own task and goal: drop ${clash.join(', ')}`);
  const model = serverScenarioModel(env);
  const made = await generateScenario({
    domain,
    ...(model === undefined ? {} : { model }),
    seed: input.seed ?? Math.floor(Math.random() * 2 ** 31),
    ...(input.describe === undefined ? {} : { describe: input.describe }),
  });
  return made.text;
}
