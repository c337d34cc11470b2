import { replayGroundTruth } from '../../../../core/domain/ground-truth.ts';
import type { Domain, Task } from '../../../../core/domain/types.ts';
import { State, sameState } from '../../../../core/state/index.ts';

/**
 * Why a task's ground truth is not usable (nothing when it is): every action must run without an
 * `Error:` observation, a terminating tool may only come last, two replays must end in the same data
 * (`earlierReplay`, when given, is the other one), and a task that writes must end in data different
 * from doing nothing.
 */
export function validateRetailTask(domain: Domain, task: Task, earlierReplay?: State): string[] {
  const { state: first, problems } = replayGroundTruth(domain, task);
  if (problems.length > 0) return problems;
  if (!sameState(first, earlierReplay ?? replayGroundTruth(domain, task).state))
    problems.push('two replays end in different data');
  const writes = task.actions.filter((a) => domain.tools.get(a.name)?.access === 'write');
  if (writes.length > 0 && sameState(first, new State(domain.base))) {
    problems.push('its writes leave the data as doing nothing would');
  }
  if (task.outputs.some((output) => output.trim() === '')) problems.push('an output is empty');
  return problems;
}
