import { replayGroundTruth } from '../../../../core/domain/ground-truth.ts';
import type { Domain } from '../../../../core/domain/types.ts';
import { State, sameState } from '../../../../core/state/index.ts';
import type { AirlineTask } from './compose.ts';

/**
 * What is wrong with a generated task (empty when nothing): its ground truth must replay without an
 * error to the same state every time; a write task must change the data and a refusal or transfer
 * task must not write at all. States are compared record by record, which agrees with the state hash.
 */
export function validateAirlineTask(domain: Domain, task: AirlineTask): string[] {
  const { state: first, problems: failures } = replayGroundTruth(domain, task);
  const problems = failures.map((p) => `${task.id}: ${p}`);
  const second = replayGroundTruth(domain, task).state;
  if (!sameState(first, second))
    problems.push(`${task.id}: the ground truth does not replay to the same state`);
  const writes = task.actions.filter((a) => domain.tools.get(a.name)?.access === 'write');
  const unchanged = sameState(first, new State(domain.base));
  if (task.writes) {
    if (writes.length === 0) problems.push(`${task.id}: a write task without a write action`);
    if (unchanged) problems.push(`${task.id}: the ground truth leaves the data as it was`);
  } else {
    if (writes.length > 0)
      problems.push(`${task.id}: a no-write task calls ${writes.map((a) => a.name).join(', ')}`);
    if (!unchanged) problems.push(`${task.id}: a no-write task changes the data`);
  }
  if (task.outputs.some((o) => o.trim() === '' || o.includes(','))) {
    problems.push(`${task.id}: an output is empty or has a comma`);
  }
  return problems;
}
