import { addUsage, type ModelUsage, ZERO_USAGE } from '../core/model/types.ts';
import type { AttemptRecord, FaultRecord, RunStatus } from '../store/index.ts';
import { type PassHatK, passHatKs } from './pass-hat-k.ts';
import type { AttemptUsage } from './play-attempt.ts';
import type { RunPlan } from './run-plan.ts';

export interface TaskSummary {
  taskIndex: number;
  /** Rewards of the finished trials, by trial. */
  rewards: (number | null)[];
  successes: number;
}

/** What `sigma run --json` prints: the run's results so far (all of them once it has finished). */
export interface RunSummary {
  runId: string;
  status: RunStatus;
  env: string;
  split: string;
  agent: string;
  customer: string;
  trials: number;
  attempts: { planned: number; finished: number; pending: number; retried: number };
  /** k → tau-bench's pass^k (mean over tasks of C(c,k)/C(n,k)), from 1 to the number of trials. */
  passHatK: Record<string, number>;
  /** k → its 95% interval over tasks and the tasks counted. */
  passHatKInterval: Record<string, Omit<PassHatK, 'value'>>;
  /** Mean reward of the finished attempts. */
  averageReward: number;
  byTask: TaskSummary[];
  /** tau2's termination name → attempts. */
  terminations: Record<string, number>;
  cost: { agent: ModelUsage; customer: ModelUsage; total: ModelUsage };
}

/** The summary of a run from its plan and what is stored of it; the same stored data gives the same summary. */
export function summarizeRun(
  plan: RunPlan,
  status: RunStatus,
  attempts: readonly AttemptRecord[],
  faults: readonly FaultRecord[],
): RunSummary {
  const planned = new Set(plan.attempts.map((a) => a.attemptId));
  const done = attempts.filter((a) => planned.has(a.attemptId));
  const taskIndexes = [...new Set(plan.attempts.map((a) => a.taskIndex))];
  const byTask = new Map<number, TaskSummary>(
    taskIndexes.map((t) => [t, { taskIndex: t, rewards: Array(plan.trials).fill(null), successes: 0 }]),
  );
  const terminations: Record<string, number> = {};
  let agent = ZERO_USAGE;
  let customer = ZERO_USAGE;
  let rewardSum = 0;
  for (const a of done) {
    const task = byTask.get(a.taskIndex)!;
    task.rewards[a.trial] = a.reward;
    if (a.reward >= 1 - 1e-6) task.successes++;
    terminations[a.termination] = (terminations[a.termination] ?? 0) + 1;
    const usage = a.usage as AttemptUsage;
    agent = addUsage(agent, usage.agent);
    customer = addUsage(customer, usage.customer);
    rewardSum += a.reward;
  }
  const trials = new Map<number, number[]>();
  for (const task of byTask.values()) {
    const finished = task.rewards.filter((r): r is number => r !== null);
    if (finished.length > 0) trials.set(task.taskIndex, finished);
  }
  const estimates = passHatKs(trials, plan.trials);
  const passHatK: Record<string, number> = {};
  const passHatKInterval: RunSummary['passHatKInterval'] = {};
  for (const [k, { value, ...interval }] of Object.entries(estimates)) {
    passHatK[k] = value;
    passHatKInterval[k] = interval;
  }
  return {
    runId: plan.runId,
    status,
    env: plan.env,
    split: plan.split,
    agent: `${plan.agent.provider}:${plan.agent.model}`,
    customer:
      plan.customer.model === undefined
        ? plan.customer.strategy
        : `${plan.customer.strategy} (${plan.customer.provider}:${plan.customer.model})`,
    trials: plan.trials,
    attempts: {
      planned: plan.attempts.length,
      finished: done.length,
      pending: plan.attempts.length - done.length,
      retried: faults.length,
    },
    passHatK,
    passHatKInterval,
    averageReward: done.length === 0 ? 0 : rewardSum / done.length,
    byTask: [...byTask.values()],
    terminations,
    cost: { agent, customer, total: addUsage(agent, customer) },
  };
}
