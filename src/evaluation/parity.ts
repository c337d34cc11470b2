import { type Action, type Domain, RESPOND_ACTION, type Task } from '../core/domain/types.ts';
import { STOP_MARKER } from '../core/episode/episode.ts';
import { DataError, InputError } from '../core/errors.ts';
import { expectedState, tauBenchReward } from '../core/flavours/tau-bench/index.ts';
import { isDict, type PyDict, type PyValue, pyDumps, sameValue } from '../core/python/index.ts';
import { State } from '../core/state/index.ts';
import { callTool } from '../core/tools/dispatch.ts';

/** Finds a domain by name: a `DomainRegistry` (of the `--data` folder, for parity and re-scoring). */
export interface DomainLookup {
  get(name: string): Promise<Domain>;
}

export interface Tally {
  agree: number;
  total: number;
}

export interface ParityDifference {
  /** Which case, e.g. `retail test #12 drop_last_write`. */
  label: string;
  field:
    | 'observation'
    | 'error flag'
    | 'hash'
    | 'reward'
    | 'reward_info'
    | 'db_check'
    | 'action_check'
    | 'communicate_check';
  /** Index of the action (tool call for tau2), for observations; of the check, for tau2's checks. */
  step?: number;
  expected: string;
  actual: string;
}

export interface ParityReport {
  format: 'tau-bench';
  cases: number;
  observations: Tally;
  hashes: Tally;
  rewards: Tally;
  rewardInfos: Tally;
  differences: ParityDifference[];
}

interface VectorCase {
  label: string;
  domain: string;
  split?: string;
  taskIndex?: number;
  actions: Action[];
  observations: string[];
  finalHash: string;
  reward?: number;
  rewardInfo?: PyValue;
}

function readCase(raw: PyValue, index: number): VectorCase {
  const where = `case ${index}`;
  if (!isDict(raw)) throw new DataError(where, 'must be an object');
  const { domain, actions, observations, final_data_hash: finalHash } = raw;
  if (typeof domain !== 'string') throw new DataError(where, 'field "domain" must be a string');
  if (!Array.isArray(actions) || !Array.isArray(observations) || actions.length !== observations.length) {
    throw new DataError(where, '"actions" and "observations" must be lists of the same length');
  }
  if (typeof finalHash !== 'string') throw new DataError(where, 'field "final_data_hash" must be a string');
  const taskIndex = raw.task_index;
  const split = raw.split;
  const label = [
    domain,
    typeof split === 'string' ? split : '',
    taskIndex === undefined ? '' : `#${taskIndex}`,
    String(raw.case ?? ''),
  ]
    .filter(Boolean)
    .join(' ');
  return {
    label: `${label} (case ${index})`,
    domain,
    ...(typeof split === 'string' ? { split } : {}),
    ...(typeof taskIndex === 'bigint' ? { taskIndex: Number(taskIndex) } : {}),
    actions: actions.map((a, i) => {
      if (!isDict(a) || typeof a.name !== 'string' || !isDict(a.kwargs ?? {})) {
        throw new DataError(where, `action ${i} must be {name, kwargs}`);
      }
      return { name: a.name, kwargs: (a.kwargs ?? {}) as PyDict };
    }),
    observations: observations.map(String),
    finalHash,
    ...(typeof raw.reward === 'number' || typeof raw.reward === 'bigint'
      ? { reward: Number(raw.reward) }
      : {}),
    ...(raw.reward_info === undefined ? {} : { rewardInfo: raw.reward_info }),
  };
}

/** Whether a parsed parity file is in tau-bench's vector format. */
export function isTauBenchVectors(data: PyValue): data is PyValue[] {
  return Array.isArray(data) && data.length > 0 && isDict(data[0]) && 'final_data_hash' in data[0];
}

function taskOf(domain: Domain, c: VectorCase): Task | undefined {
  if (c.taskIndex === undefined) return undefined;
  const split = c.split ?? domain.defaultSplit;
  const tasks = domain.tasks.get(split);
  if (tasks === undefined)
    throw new InputError(`${c.label}: domain "${domain.name}" has no split "${split}"`);
  const task = tasks[c.taskIndex];
  if (task === undefined) throw new InputError(`${c.label}: split "${split}" has no task ${c.taskIndex}`);
  return task;
}

/**
 * Replays one case the way tau-bench's environment steps: a `respond` action's observation is the
 * customer's reply (recorded in the case), a terminating step computes the reward, and — as the
 * reference does — leaves the ground-truth data in place for any later step.
 */
function replayCase(domain: Domain, c: VectorCase, report: ParityReport): void {
  const task = taskOf(domain, c);
  // A case without a task (a probe) ran in an environment set up for the split's first task, and a
  // terminating step there replays that task's ground truth, as every terminating step does.
  const envTask = task ?? domain.tasks.get(c.split ?? domain.defaultSplit)?.[0];
  let state = new State(domain.base);
  const taken: Action[] = [];
  c.actions.forEach((action, i) => {
    taken.push(action);
    const expected = c.observations[i]!;
    let observation: string;
    let done = false;
    if (action.name === RESPOND_ACTION) {
      observation = expected;
      done = observation.includes(STOP_MARKER);
    } else {
      const result = callTool(domain, state, action.name, action.kwargs);
      observation = result.observation;
      done = result.terminates;
      report.observations.total++;
      if (observation === expected) report.observations.agree++;
      else
        report.differences.push({
          label: c.label,
          field: 'observation',
          step: i,
          expected,
          actual: observation,
        });
    }
    if (done && envTask !== undefined) {
      state = expectedState(domain, envTask).fork();
      taken.push(...envTask.actions.filter((a) => domain.tools.get(a.name)?.terminates !== true));
    }
  });
  const hash = domain.hashState(state);
  report.hashes.total++;
  if (hash === c.finalHash) report.hashes.agree++;
  else report.differences.push({ label: c.label, field: 'hash', expected: c.finalHash, actual: hash });
  if (task === undefined || c.reward === undefined) return;
  // The vectors' reward is computed once all actions ran, on the data as it then is (after a
  // terminating step, the ground truth the reference put in place).
  const result = tauBenchReward(domain, task, state, taken);
  report.rewards.total++;
  if (result.reward === c.reward) report.rewards.agree++;
  else
    report.differences.push({
      label: c.label,
      field: 'reward',
      expected: String(c.reward),
      actual: String(result.reward),
    });
  if (c.rewardInfo !== undefined) {
    report.rewardInfos.total++;
    const info = result.info as unknown as PyDict;
    if (sameValue(info, c.rewardInfo)) report.rewardInfos.agree++;
    else {
      report.differences.push({
        label: c.label,
        field: 'reward_info',
        expected: pyDumps(c.rewardInfo),
        actual: pyDumps(info),
      });
    }
  }
}

/** Runs every case of a tau-bench parity file against the domains it names. */
export async function runTauBenchParity(cases: PyValue[], catalog: DomainLookup): Promise<ParityReport> {
  const report: ParityReport = {
    format: 'tau-bench',
    cases: cases.length,
    observations: { agree: 0, total: 0 },
    hashes: { agree: 0, total: 0 },
    rewards: { agree: 0, total: 0 },
    rewardInfos: { agree: 0, total: 0 },
    differences: [],
  };
  const parsed = cases.map(readCase);
  for (const c of parsed) replayCase(await catalog.get(c.domain), c, report);
  return report;
}

export function parityAgrees(report: { differences: readonly ParityDifference[] }): boolean {
  return report.differences.length === 0;
}
