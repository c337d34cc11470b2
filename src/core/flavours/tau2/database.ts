import type { Domain, Task } from '../../domain/types.ts';
import { State } from '../../state/index.ts';
import { callTool } from '../../tools/dispatch.ts';
import { perTask } from '../per-task.ts';
import { tau2Criteria } from './criteria.ts';

interface Tau2GroundTruth {
  state: State;
  /** Ground-truth actions that failed (their writes, if any, never happened). */
  failures: string[];
}

export const groundTruth = perTask((domain, task): Tau2GroundTruth => {
  const state = new State(domain.base);
  const failures: string[] = [];
  // As tau2: every action runs in order, reads included; a failing action is skipped.
  for (const action of tau2Criteria(task)?.actions ?? []) {
    const result = callTool(domain, state, action.name, action.arguments);
    if (!result.ok) failures.push(`${action.actionId} (${action.name}): ${result.observation}`);
  }
  return { state, failures };
});

/** The data a tau2 task's ground-truth actions leave (shared; do not write to it). */
export function tau2ExpectedState(domain: Domain, task: Task): State {
  return groundTruth(domain, task).state;
}

/** The hash of `tau2ExpectedState`, computed once per task. */
export const tau2ExpectedStateHash = perTask((domain, task) =>
  domain.hashState(tau2ExpectedState(domain, task)),
);
