import { type Domain, RESPOND_ACTION, type Task } from '../../../../core/domain/types.ts';
import { State, sameState } from '../../../../core/state/index.ts';
import { callTool } from '../../../../core/tools/dispatch.ts';

/**
 * Why a task's ground truth is not usable (nothing when it is): every action must run without an
 * `Error:` observation, a terminating tool may only come last, two replays must end in the same data
 * (`earlierReplay`, when given, is the other one), and a task that writes must end in data different
 * from doing nothing.
 */
export function validateRetailTask(domain: Domain, task: Task, earlierReplay?: State): string[] {
  const problems: string[] = [];
  const replay = (): State => {
    const state = new State(domain.base);
    task.actions.forEach((action, i) => {
      if (action.name === RESPOND_ACTION) return;
      const result = callTool(domain, state, action.name, action.kwargs);
      if (!result.ok || result.observation.startsWith('Error:')) {
        problems.push(`action ${i} (${action.name}) fails: ${result.observation}`);
      }
      if (result.terminates && i !== task.actions.length - 1)
        problems.push(`action ${i} ends the conversation early`);
    });
    return state;
  };
  const first = replay();
  if (problems.length > 0) return problems;
  if (!sameState(first, earlierReplay ?? replay())) problems.push('two replays end in different data');
  const writes = task.actions.filter((a) => domain.tools.get(a.name)?.access === 'write');
  if (writes.length > 0 && sameState(first, new State(domain.base))) {
    problems.push('its writes leave the data as doing nothing would');
  }
  if (task.outputs.some((output) => output.trim() === '')) problems.push('an output is empty');
  return problems;
}
