import { InputError } from '../core/errors.ts';

/**
 * Reads a task selection such as `0,3,5-9` into task indexes (in the order given, without repeats),
 * each checked against the number of tasks in the split.
 */
export function parseTaskIds(text: string, taskCount: number): number[] {
  const result: number[] = [];
  const seen = new Set<number>();
  const add = (index: number) => {
    if (index >= taskCount) {
      throw new InputError(
        `--task-ids: task ${index} does not exist; the split has tasks 0 to ${taskCount - 1}`,
      );
    }
    if (!seen.has(index)) {
      seen.add(index);
      result.push(index);
    }
  };
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (range === null) {
      throw new InputError(`--task-ids: "${part}" is not a task index or a range; write them like 0,3,5-9`);
    }
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) throw new InputError(`--task-ids: the range ${part} runs backwards; write ${to}-${from}`);
    for (let i = from; i <= to; i++) add(i);
  }
  return result;
}
