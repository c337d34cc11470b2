import { createHash, randomBytes } from 'node:crypto';
import { isCustomerStrategy, needsModel } from '../contracts/customer.ts';
import type { Domain } from '../core/domain/types.ts';
import { InputError } from '../core/errors.ts';
import { type ModelSpec, resolveModelSpec } from '../llm/index.ts';
import { parseTaskIds } from './task-selection.ts';

export const RUN_PLAN_VERSION = 1;
/** tau-bench's default cap on the agent's actions. */
export const DEFAULT_RUN_MAX_STEPS = 30;

/** One attempt: a task and a trial, with the seed its agent and customer get. */
export interface AttemptPlan {
  /** `t<task index>-r<trial>`: unique in the run, and a valid queue job id (no `:`). */
  attemptId: string;
  taskIndex: number;
  trial: number;
  seed: number;
}

/** Everything a run needs to play any of its attempts, on any machine, the same way. */
export interface RunPlan {
  version: typeof RUN_PLAN_VERSION;
  runId: string;
  createdAt: string;
  env: string;
  /** The `--data` folder the domain came from (each machine must have it at this path). */
  data?: string;
  split: string;
  trials: number;
  seed: number;
  maxSteps: number;
  agent: ModelSpec;
  customer: { strategy: string; provider?: string; model?: string };
  attempts: AttemptPlan[];
}

export interface RunOptions {
  env: string;
  data?: string;
  agentModel: string;
  userModel?: string;
  userStrategy?: string;
  taskSplit?: string;
  taskIds?: string;
  numTasks?: number;
  trials?: number;
  maxSteps?: number;
  seed?: number;
}

/** The seed of one attempt, fixed by the run's seed, the task and the trial (31 bits). */
export function attemptSeed(runSeed: number, taskIndex: number, trial: number): number {
  const digest = createHash('sha256').update(`sigma-run/${runSeed}/${taskIndex}/${trial}`).digest();
  return digest.readUInt32BE(0) >>> 1;
}

/** A fresh run id: 12 hex digits. */
export function newRunId(): string {
  return randomBytes(6).toString('hex');
}

function wholeNumber(name: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < min)
    throw new InputError(`${name} must be a whole number >= ${min}, got ${String(value)}`);
  return value;
}

/** Checks the options against the domain and lays out every attempt of the run. */
export function planRun(domain: Domain, options: RunOptions, runId = newRunId()): RunPlan {
  const split = options.taskSplit ?? domain.defaultSplit;
  const tasks = domain.tasks.get(split);
  if (tasks === undefined) {
    throw new InputError(
      `${domain.name} has no task split "${split}": use one of ${[...domain.tasks.keys()].join(', ')}`,
    );
  }
  if (options.taskIds !== undefined && options.numTasks !== undefined)
    throw new InputError('give --task-ids or --num-tasks, not both');
  const numTasks = wholeNumber('--num-tasks', options.numTasks, 1);
  const taskIndexes =
    options.taskIds !== undefined
      ? parseTaskIds(options.taskIds, tasks.length)
      : [...Array(Math.min(numTasks ?? tasks.length, tasks.length)).keys()];
  const trials = wholeNumber('--trials', options.trials, 1) ?? 1;
  const seed = wholeNumber('--seed', options.seed, 0) ?? 0;
  const maxSteps = wholeNumber('--max-steps', options.maxSteps, 1) ?? DEFAULT_RUN_MAX_STEPS;
  const agent = resolveModelSpec({ model: options.agentModel });
  const customer = customerOf(options);
  const attempts: AttemptPlan[] = [];
  for (const taskIndex of taskIndexes) {
    for (let trial = 0; trial < trials; trial++) {
      attempts.push({
        attemptId: `t${taskIndex}-r${trial}`,
        taskIndex,
        trial,
        seed: attemptSeed(seed, taskIndex, trial),
      });
    }
  }
  return {
    version: RUN_PLAN_VERSION,
    runId,
    createdAt: new Date().toISOString(),
    env: options.env,
    ...(options.data === undefined ? {} : { data: options.data }),
    split,
    trials,
    seed,
    maxSteps,
    agent,
    customer,
    attempts,
  };
}

function customerOf(options: RunOptions): RunPlan['customer'] {
  const strategy = options.userStrategy ?? (options.userModel === undefined ? 'scripted' : 'llm');
  if (!isCustomerStrategy(strategy) || strategy === 'human' || strategy === 'replay') {
    throw new InputError(
      `--user-strategy ${strategy} cannot play a batch run: use scripted, or llm, react, verify or reflection with --user-model`,
    );
  }
  if (!needsModel(strategy)) {
    if (options.userModel !== undefined)
      throw new InputError(`the ${strategy} customer uses no model: remove --user-model`);
    return { strategy };
  }
  if (options.userModel === undefined)
    throw new InputError(`the ${strategy} customer needs --user-model provider:model`);
  return { strategy, ...resolveModelSpec({ model: options.userModel }) };
}

/** Reads a stored plan back, refusing one this version cannot play. */
export function readRunPlan(value: unknown): RunPlan {
  const plan = value as Partial<RunPlan> | null;
  if (
    plan === null ||
    typeof plan !== 'object' ||
    plan.version !== RUN_PLAN_VERSION ||
    !Array.isArray(plan.attempts)
  )
    throw new InputError(`the stored run plan is not a version ${RUN_PLAN_VERSION} plan`);
  return plan as RunPlan;
}
