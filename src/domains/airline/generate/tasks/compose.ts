import { renderUserScenario } from '../../../../core/domain/loaders/index.ts';
import type { Action, Task } from '../../../../core/domain/types.ts';
import type { PyDict } from '../../../../core/python/index.ts';
import type { TaskContext } from './context.ts';
import { userName } from './facts.ts';
import type { Goal } from './scenario.ts';

/** A generated airline task: a Sigma task plus what the generator knows about it. */
export interface AirlineTask extends Task {
  userId: string;
  split: string;
  /** The scenario program that made it, e.g. 'change-cabin'. */
  kind: string;
  purpose: string;
  /** The ground truth changes data; false for tasks whose right answer is a refusal or a transfer. */
  writes: boolean;
  userScenario: PyDict;
}

/** The task for a goal whose ground truth ran on `ctx`, with the customer's goal in tau2's structure. */
export function composeTask(
  ctx: TaskContext,
  id: string,
  split: string,
  kind: string,
  goal: Goal,
  persona: string,
): AirlineTask {
  const instructions: PyDict = {
    domain: 'airline',
    reason_for_call: goal.reason,
    known_info: [
      `You are ${userName(ctx.user(goal.userId))}.`,
      `Your user id is ${goal.userId}.`,
      ...goal.known,
    ].join('\n'),
    unknown_info: goal.unknown.length === 0 ? null : goal.unknown.join('\n'),
    task_instructions: goal.behaviour.join('\n'),
  };
  const userScenario: PyDict = { persona, instructions };
  const actions: Action[] = ctx.actions.map((a) => ({ name: a.name, kwargs: a.kwargs }));
  return {
    id,
    userId: goal.userId,
    split,
    kind,
    purpose: goal.purpose,
    writes: goal.writes,
    instruction: renderUserScenario(userScenario),
    actions,
    outputs: goal.outputs,
    userScenario,
  };
}

/** A task as a `tasks.json` entry in Sigma's layout. */
export function airlineTaskRecord(task: AirlineTask): PyDict {
  return {
    id: task.id,
    split: task.split,
    description: { purpose: task.purpose, kind: task.kind },
    user_id: task.userId,
    user_scenario: task.userScenario,
    instruction: task.instruction,
    actions: task.actions.map((a) => ({ name: a.name, kwargs: a.kwargs })),
    outputs: task.outputs,
  };
}
