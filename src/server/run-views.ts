import { isSuccess, type RunSummary, readRunPlan, summarizeRun } from '../runs/index.ts';
import type { AttemptRecord, RunRecord, RunStore } from '../store/index.ts';

/** A run as the API lists it: `sigma run --status`'s summary (the same code), named for the web app. */
export interface RunView {
  id: string;
  status: RunSummary['status'];
  createdAt: string;
  env: string;
  split: string;
  agent: string;
  customer: string;
  trials: number;
  tasks: number;
  progress: { done: number; total: number; retried: number };
  passHatK: Record<string, number>;
  averageReward: number;
  terminations: Record<string, number>;
  cost: RunSummary['cost'];
}

export interface RunCell {
  trial: number;
  attemptId: string;
  reward: number | null;
  termination: string | null;
  sessionId: string | null;
}

export interface RunTaskRow {
  taskIndex: number;
  successes: number;
  finished: number;
  disagree: boolean;
  cells: RunCell[];
}

export interface RunDetail extends RunView {
  passHatKInterval: RunSummary['passHatKInterval'];
  grid: RunTaskRow[];
}

export type TaskChange = 'better' | 'worse' | 'same' | 'not-comparable';

interface TaskRate {
  successes: number;
  finished: number;
  passRate: number;
}

export interface RunComparison {
  a: RunView;
  b: RunView;
  tasks: { taskIndex: number; a: TaskRate | null; b: TaskRate | null; change: TaskChange }[];
  counts: { better: number; worse: number; same: number; notComparable: number };
}

interface Loaded {
  run: RunRecord;
  summary: RunSummary;
  attempts: AttemptRecord[];
}

async function load(runs: RunStore, run: RunRecord): Promise<Loaded> {
  const [attempts, faults] = await Promise.all([runs.listAttempts(run.id), runs.listFaults(run.id)]);
  return { run, attempts, summary: summarizeRun(readRunPlan(run.plan), run.status, attempts, faults) };
}

function viewOf({ run, summary }: Loaded): RunView {
  return {
    id: summary.runId,
    status: summary.status,
    createdAt: run.createdAt,
    env: summary.env,
    split: summary.split,
    agent: summary.agent,
    customer: summary.customer,
    trials: summary.trials,
    tasks: summary.byTask.length,
    progress: {
      done: summary.attempts.finished,
      total: summary.attempts.planned,
      retried: summary.attempts.retried,
    },
    passHatK: summary.passHatK,
    averageReward: summary.averageReward,
    terminations: summary.terminations,
    cost: summary.cost,
  };
}

/** Every stored run with its summary, newest first. */
export async function listRunViews(runs: RunStore): Promise<RunView[]> {
  const records = await runs.listRuns();
  return Promise.all(records.map(async (run) => viewOf(await load(runs, run))));
}

/** One run's summary and its task × trial grid: each cell an attempt, finished or not yet. */
export async function runDetail(runs: RunStore, id: string): Promise<RunDetail> {
  const loaded = await load(runs, await runs.requireRun(id));
  const plan = readRunPlan(loaded.run.plan);
  const stored = new Map(loaded.attempts.map((a) => [a.attemptId, a]));
  const rows = new Map<number, RunTaskRow>();
  for (const planned of plan.attempts) {
    let row = rows.get(planned.taskIndex);
    if (row === undefined) {
      row = { taskIndex: planned.taskIndex, successes: 0, finished: 0, disagree: false, cells: [] };
      rows.set(planned.taskIndex, row);
    }
    const done = stored.get(planned.attemptId);
    row.cells.push({
      trial: planned.trial,
      attemptId: planned.attemptId,
      reward: done?.reward ?? null,
      termination: done?.termination ?? null,
      sessionId: done?.sessionId ?? null,
    });
  }
  for (const row of rows.values()) {
    row.cells.sort((x, y) => x.trial - y.trial);
    const rewards = row.cells.flatMap((c) => (c.reward === null ? [] : [c.reward]));
    row.finished = rewards.length;
    row.successes = rewards.filter(isSuccess).length;
    row.disagree = row.successes > 0 && row.successes < row.finished;
  }
  return {
    ...viewOf(loaded),
    passHatKInterval: loaded.summary.passHatKInterval,
    grid: [...rows.values()].sort((x, y) => x.taskIndex - y.taskIndex),
  };
}

function rateOf(summary: RunSummary, taskIndex: number): TaskRate | null {
  const task = summary.byTask.find((t) => t.taskIndex === taskIndex);
  const finished = task?.rewards.filter((r) => r !== null).length ?? 0;
  if (task === undefined || finished === 0) return null;
  return { successes: task.successes, finished, passRate: task.successes / finished };
}

/** Each task of either run with its pass rate (successes / finished trials) in both, and which way it went. */
export async function compareRuns(runs: RunStore, aId: string, bId: string): Promise<RunComparison> {
  const [a, b] = await Promise.all([
    runs.requireRun(aId).then((r) => load(runs, r)),
    runs.requireRun(bId).then((r) => load(runs, r)),
  ]);
  const indexes = [...new Set([...a.summary.byTask, ...b.summary.byTask].map((t) => t.taskIndex))].sort(
    (x, y) => x - y,
  );
  const counts = { better: 0, worse: 0, same: 0, notComparable: 0 };
  const tasks = indexes.map((taskIndex) => {
    const ra = rateOf(a.summary, taskIndex);
    const rb = rateOf(b.summary, taskIndex);
    let change: TaskChange = 'not-comparable';
    if (ra !== null && rb !== null) {
      const d = rb.passRate - ra.passRate;
      change = Math.abs(d) < 1e-9 ? 'same' : d > 0 ? 'better' : 'worse';
    }
    counts[change === 'not-comparable' ? 'notComparable' : change]++;
    return { taskIndex, a: ra, b: rb, change };
  });
  return { a: viewOf(a), b: viewOf(b), tasks, counts };
}
