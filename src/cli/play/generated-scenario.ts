import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { type DomainRegistry, dataHome } from '../../registry/index.ts';
import { generateScenario } from '../../scenarios/index.ts';
import { pc } from '../colour.ts';
import { scenarioModel, wholeNumber } from '../scenario-model.ts';
import type { PlayOptions } from './options.ts';

/**
 * `sigma --generate-scenario [--describe TEXT]`: generates a checked scenario (by the model when one is
 * configured, else offline; `--seed` makes an offline one reproducible), saves it in
 * `<data home>/personas/`, and returns the options that play it as a persona file.
 */
export async function withGeneratedScenario(
  options: PlayOptions,
  registry: DomainRegistry,
): Promise<PlayOptions> {
  if (options.generateScenario !== true) {
    if (options.describe !== undefined) throw new InputError('--describe goes with --generate-scenario');
    return options;
  }
  const clash = (
    [
      ['--persona', options.persona],
      ['--persona-file', options.personaFile],
      ['--task-index', options.taskIndex],
      ['--task-split', options.taskSplit],
      ['--resume', options.resume],
    ] as const
  ).filter(([, value]) => value !== undefined);
  if (clash.length > 0)
    throw new InputError(
      `a generated scenario is its own task and goal: drop ${clash.map(([flag]) => flag).join(', ')}`,
    );
  const domain = await registry.get(options.env);
  const model = scenarioModel({});
  const made = await generateScenario({
    domain,
    ...(model === undefined ? {} : { model }),
    seed: wholeNumber('--seed', options.seed, 0) ?? Math.floor(Math.random() * 2 ** 31),
    ...(options.describe === undefined ? {} : { describe: options.describe }),
  });
  const dir = join(dataHome(), 'personas');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${String(made.value.name)}-${Date.now()}.json`);
  writeFileSync(file, made.text);
  process.stderr.write(
    `${pc.dim(`A new scenario (${model === undefined ? 'offline' : `${model.provider}:${model.model}`}) is saved in ${file}.`)}\n`,
  );
  const { seed: _seed, generateScenario: _generate, describe: _describe, ...rest } = options;
  return { ...rest, personaFile: file };
}
