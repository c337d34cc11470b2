import { type Agent, LlmAgent } from '../../agents/index.ts';
import { InputError } from '../../core/errors.ts';
import { createModelClient, resolveModelSpec } from '../../llm/index.ts';
import type { SimulatorCoreOptions } from '../../session/index.ts';

/** The options of `sigma play`, as commander gives them. */
export interface PlayOptions {
  env: string;
  userModel?: string;
  userProvider?: string;
  userStrategy?: string;
  userTemperature?: string;
  userSeed?: string;
  taskIndex?: string;
  taskSplit?: string;
  seed?: string;
  persona?: string;
  personaFile?: string;
  data?: string;
  maxTurns?: string;
  saveTo?: string;
  store?: string;
  listTasks?: boolean;
  showGoal?: boolean;
  agentModel?: string;
  script?: string;
  json?: boolean;
  resume?: string;
  /** `--debug [file]`: true for stderr. */
  debug?: string | boolean;
  generateScenario?: boolean;
  describe?: string;
}

function whole(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\s*[+-]?\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min)
    throw new InputError(`${flag} must be a whole number >= ${min}, got "${text}"`);
  return value;
}

function number(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new InputError(`${flag} must be a number, got "${text}"`);
  return value;
}

/** The simulator's options from the command line, each checked with a message naming the flag. */
export function simulatorOptions(options: PlayOptions): SimulatorCoreOptions {
  const taskIndex = whole('--task-index', options.taskIndex, 0);
  const seed = whole('--seed', options.seed, 0);
  const maxTurns = whole('--max-turns', options.maxTurns, 1);
  const userSeed = whole('--user-seed', options.userSeed, 0);
  const userTemperature = number('--user-temperature', options.userTemperature);
  if (options.persona !== undefined && options.persona.trim() === '')
    throw new InputError("--persona is empty: write the customer's goal, or leave it out");
  if (options.personaFile !== undefined && (taskIndex !== undefined || options.taskSplit !== undefined))
    throw new InputError('--persona-file is its own task: drop --task-index and --task-split');
  const pick = <K extends keyof SimulatorCoreOptions>(key: K, value: SimulatorCoreOptions[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    envName: options.env,
    ...pick('userModel', options.userModel),
    ...pick('userProvider', options.userProvider),
    ...pick('userStrategy', options.userStrategy),
    ...pick('userTemperature', userTemperature),
    ...pick('userSeed', userSeed),
    ...pick('taskIndex', taskIndex),
    ...pick('taskSplit', options.taskSplit),
    ...pick('seed', seed),
    ...pick('persona', options.persona),
    ...pick('personaFile', options.personaFile),
    ...pick('data', options.data),
    ...pick('maxTurns', maxTurns),
  };
}

/** The copilot: an LLM agent on the model `--agent-model provider:model` names (its key must be set). */
export function copilotAgent(spec: string | undefined): Agent | undefined {
  if (spec === undefined) return undefined;
  return new LlmAgent(
    createModelClient(resolveModelSpec({ model: spec }), { env: process.env, role: 'copilot agent' }),
  );
}
