import type { Command } from 'commander';
import pc from 'picocolors';
import { DomainRegistry } from '../../registry/index.ts';
import { renderTaskTable, tasksOf } from '../play/task-table.ts';

interface Options {
  env: string;
  taskSplit?: string;
  data?: string;
}

/** Prints a domain's task table (also `sigma --list-tasks`). */
export async function printTasks(options: Options): Promise<void> {
  const registry = new DomainRegistry(options.data === undefined ? {} : { data: options.data });
  const domain = await registry.get(options.env);
  const { split, tasks } = tasksOf(domain, options.taskSplit);
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
    .addHelpText(
      'after',
      `
The table shows each goal's summary to help choose a task; in play the goal stays hidden unless
--show-goal is given.

Examples:
  sigma tasks --env retail
  sigma tasks --env airline --task-split train
  sigma tasks --env retail --data ../shared/data/tau-bench`,
    )
    .action(async (options: Options) => printTasks(options));
}
