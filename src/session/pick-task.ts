import { randomInt } from 'node:crypto';
import type { Domain } from '../core/domain/types.ts';
import { InputError } from '../core/errors.ts';
import { Random } from '../domains/shared/random.ts';

export interface TaskChoice {
  taskSplit?: string;
  taskIndex?: number;
  /** Draws the task when no index is given; the same seed picks the same task everywhere. */
  seed?: number;
}

/** The split and task index an episode plays, after checking them; drawn at random when not given. */
export function pickTask(domain: Domain, choice: TaskChoice): { split: string; taskIndex: number } {
  const split = choice.taskSplit ?? domain.defaultSplit;
  const tasks = domain.tasks.get(split);
  if (tasks === undefined) {
    throw new InputError(
      `domain "${domain.name}" has no task split "${split}"; it has: ${[...domain.tasks.keys()].join(', ')}`,
    );
  }
  if (tasks.length === 0) throw new InputError(`split "${split}" of domain "${domain.name}" has no tasks`);
  if (choice.taskIndex !== undefined) {
    if (choice.taskIndex >= tasks.length) {
      throw new InputError(
        `task index ${choice.taskIndex} is out of range: split "${split}" of ${domain.name} has tasks 0 to ${tasks.length - 1}`,
      );
    }
    return { split, taskIndex: choice.taskIndex };
  }
  const seed = choice.seed ?? randomInt(2 ** 31);
  return { split, taskIndex: new Random(`sigma-task:${seed}`).int(0, tasks.length - 1) };
}
