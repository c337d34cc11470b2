import { State } from '../state/index.ts';
import { callTool } from '../tools/dispatch.ts';
import { type Domain, RESPOND_ACTION, type Task } from './types.ts';

export interface GroundTruthReplay {
  /** The data after the task's actions, on a fresh state. */
  state: State;
  /** Actions that failed (an `Error:` observation) or ended the conversation before the last one. */
  problems: string[];
}

/**
 * Replays a task's ground-truth actions on a fresh state and reports what makes them unusable as
 * ground truth: a tool error, or a terminating tool before the last action. Messages change no data.
 */
export function replayGroundTruth(domain: Domain, task: Task): GroundTruthReplay {
  const state = new State(domain.base);
  const problems: string[] = [];
  task.actions.forEach((action, i) => {
    if (action.name === RESPOND_ACTION) return;
    const result = callTool(domain, state, action.name, action.kwargs);
    if (!result.ok || result.observation.startsWith('Error:')) {
      problems.push(`action ${i} (${action.name}) fails: ${result.observation.slice(0, 200)}`);
    }
    if (result.terminates && i !== task.actions.length - 1) {
      problems.push(`action ${i} (${action.name}) ends the conversation before the last action`);
    }
  });
  return { state, problems };
}
