import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';
import { DomainRegistry } from '../../registry/index.ts';
import { pc } from '../colour.ts';
import { renderTaskDetail } from '../play/task-detail.ts';
import { renderTaskTable, tasksOf } from '../play/task-table.ts';

interface Options {
  env: string;
  taskSplit?: string;
  data?: string;
  taskIndex?: string;
  showActions?: boolean;
}

/** Prints a domain's task table (also `sigma --list-tasks`). */
export async function printTasks(options: Options): Promise<void> {
  const registry = new DomainRegistry(options.data === undefined ? {} : { data: options.data });
  const domain = await registry.get(options.env);
  const { split, tasks } = tasksOf(domain, options.taskSplit);
  if (options.taskIndex !== undefined) {
    const index = taskIndexIn(options.taskIndex, tasks.length, domain.name, split);
    const columns = Math.min(100, process.stdout.columns ?? 100);
    process.stdout.write(
      `${renderTaskDetail(tasks[index]!, { domain: domain.name, split, index, count: tasks.length, showActions: options.showActions === true, columns })}\n`,
    );
    return;
  }
  if (options.showActions === true)
    throw new InputError("--show-actions lists one task's ground truth: give --task-index N too");
  const splits = [...domain.tasks.entries()].map(([name, list]) => `${name} (${list.length})`).join(', ');
  process.stdout.write(
    `${pc.bold(domain.name)}: ${tasks.length} tasks in split "${split}"; splits: ${splits}\n`,
  );
  process.stdout.write(`${renderTaskTable(tasks)}\n`);
  process.stdout.write(
    pc.dim(
      `Play one: sigma play --env ${domain.name}${split === domain.defaultSplit ? '' : ` --task-split ${split}`} --task-index N (its goal stays hidden in play unless --show-goal)\n`,
    ),
  );
}

/** `--task-index` as a whole number naming a task of the split. */
function taskIndexIn(text: string, count: number, domain: string, split: string): number {
  const index = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(index) || index >= count)
    throw new InputError(
      `--task-index must be a whole number from 0 to ${count - 1} (${domain} has ${count} tasks in "${split}"), got "${text}"`,
    );
  return index;
}

export function registerTasks(program: Command): void {
  program
    .command('tasks')
    .description("List a domain's tasks: index, id, customer and a summary of the goal")
    .option(
      '--env <name>',
      'domain: retail, airline, a fetched one (retail@tau-bench) or one under --data',
      'retail',
    )
    .option('--task-split <split>', "task split (default: the domain's, usually test)")
    .option('--data <dir>', 'a domain folder, or a folder of domain folders, to list from')
    .option('--task-index <n>', 'show this task in full: the customer, the whole goal, what must be said')
    .option('--show-actions', "with --task-index: also the task's ground-truth actions")
    .addHelpText(
      'after',
      `
The table shows each goal's summary to help choose a task; in play the goal stays hidden unless
--show-goal is given.

Examples:
  sigma tasks --env retail
  sigma tasks --env airline --task-split train
  sigma tasks --env retail --task-index 3 --show-actions
  sigma tasks --env retail --data ../shared/data/tau-bench`,
    )
    .action(async (options: Options) => printTasks(options));
}
