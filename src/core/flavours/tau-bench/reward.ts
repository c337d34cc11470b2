import { type Action, type Domain, RESPOND_ACTION, type Task } from '../../domain/types.ts';
import { dictSet, type PyDict } from '../../python/index.ts';
import { State, sameState } from '../../state/index.ts';
import { callTool } from '../../tools/dispatch.ts';
import { perTask } from '../per-task.ts';

/** `reward_info` exactly as tau-bench reports it (its shape depends on whether the task has outputs). */
export type TauBenchRewardInfo =
  | { r_actions: number; gt_data_hash: string }
  | { r_outputs: number; outputs: Record<string, boolean> };

/** Why a reward is what it is: every criterion, even where tau-bench's own info drops one. */
export interface RewardBreakdown {
  /** The data the agent left equals the data the ground-truth actions produce. */
  stateMatch: boolean;
  /** SHA-256 state hash of the ground-truth final state. */
  expectedStateHash: string;
  /** Each required output and whether some agent message contained it. */
  outputs: Record<string, boolean>;
}

export interface RewardResult {
  reward: number;
  info: TauBenchRewardInfo;
  breakdown: RewardBreakdown;
  /** The task's ground-truth actions other than messages. */
  expectedActions: Action[];
}

/**
 * The final state the task's ground-truth actions produce, computed once per task (shared; do not
 * write to it).
 */
export const expectedState = perTask((domain, task): State => {
  const state = new State(domain.base);
  for (const action of task.actions) {
    const tool = domain.tools.get(action.name);
    // As the reference: replay everything but terminating tools; messages change no data.
    if (action.name === RESPOND_ACTION || tool?.terminates === true) continue;
    callTool(domain, state, action.name, action.kwargs);
  }
  return state;
});

/** The hash of `expectedState`, computed once per task. */
export const expectedStateHash = perTask((domain, task) => domain.hashState(expectedState(domain, task)));

/** tau-bench's output check: the output, lower-cased, inside some agent message with commas removed. */
export function outputSaid(output: string, messages: readonly string[]): boolean {
  const needle = output.toLowerCase();
  return messages.some((m) => m.toLowerCase().replaceAll(',', '').includes(needle));
}

/**
 * tau-bench's reward: 1.0 when the data the agent left equals the ground truth's and every required
 * output was said, else 0.0. States are compared record by record over what either one wrote, which
 * gives the same answer as comparing their hashes.
 */
export function tauBenchReward(
  domain: Domain,
  task: Task,
  state: State,
  taken: readonly Action[],
): RewardResult {
  const stateMatch = sameState(state, expectedState(domain, task));
  const messages = taken
    .filter((a) => a.name === RESPOND_ACTION)
    .map((a) => (a.kwargs as PyDict).content)
    .filter((c): c is string => typeof c === 'string');
  const outputs: Record<string, boolean> = {};
  for (const output of task.outputs) dictSet(outputs, output, outputSaid(output, messages));
  const outputsOk = Object.values(outputs).every(Boolean);
  const reward = stateMatch && outputsOk ? 1.0 : 0.0;
  // The hash is a constant of the task but costs a pass over the whole database: it is computed
  // when first read (then kept per task), so scoring costs what the episode touched.
  const hash = () => expectedStateHash(domain, task);
  const info: TauBenchRewardInfo =
    task.outputs.length > 0
      ? { r_outputs: outputsOk ? 1.0 : 0.0, outputs }
      : withLazyHash({ r_actions: stateMatch ? 1.0 : 0.0 }, 'gt_data_hash', hash);
  return {
    reward,
    info,
    breakdown: withLazyHash({ stateMatch }, 'expectedStateHash', hash, { outputs }),
    expectedActions: task.actions.filter((a) => a.name !== RESPOND_ACTION),
  };
}

/**
 * `fields` with `key` as an enumerable property computed on first read (then a plain value), and
 * `after` following it (so the keys keep their order): it reads, prints and compares as a plain field.
 */
function withLazyHash<A extends object, K extends string, B extends object = object>(
  fields: A,
  key: K,
  compute: () => string,
  after?: B,
): A & Record<K, string> & B {
  const out = { ...fields } as A & Record<K, string> & B;
  Object.defineProperty(out, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
  if (after !== undefined) Object.assign(out, after);
  return out;
}
