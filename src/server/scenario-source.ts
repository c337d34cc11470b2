import { InputError } from '../core/errors.ts';
import type { Env } from '../llm/index.ts';
import type { DomainRegistry } from '../registry/index.ts';
import { scenarioPool } from './scenario-pool.ts';

export { serverScenarioModel } from './scenario-jobs.ts';

/**
 * The persona-file text of a scenario generated for a new session (`generateScenario` on
 * `POST /sessions`), made in the scenario pool's worker threads: neither an offline draw (tens of
 * milliseconds of CPU) nor a model's proposals and their checks hold the event loop. A seed makes an
 * offline scenario reproducible; without one it is drawn at random.
 */
export async function generatedScenario(
  registry: DomainRegistry,
  envName: string,
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
  const made = await scenarioPool(registry).run({
    type: 'generate',
    envName,
    offline: false,
    env: { ...env },
    seed: input.seed ?? Math.floor(Math.random() * 2 ** 31),
    ...(input.describe === undefined ? {} : { describe: input.describe }),
  });
  return made.text;
}
