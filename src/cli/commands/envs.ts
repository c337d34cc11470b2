import Table from 'cli-table3';
import type { Command } from 'commander';
import { isOperationalError } from '../../core/errors.ts';
import { DomainRegistry } from '../../registry/index.ts';
import { tableStyle } from '../colour.ts';

interface Options {
  data?: string;
}

export function registerEnvs(program: Command): void {
  program
    .command('envs')
    .description('List the domains Sigma can play, where each comes from, and their tasks per split')
    .option('--data <dir>', 'a domain folder, or a folder of domain folders, to list too')
    .addHelpText(
      'after',
      `
Built-in domains (retail, airline) are generated in memory and play offline; fetched ones live in the
data home (SIGMA_HOME, or ~/.local/share/sigma); --data adds folders in the tau-bench, tau2 or Sigma layout.

Examples:
  sigma envs
  sigma envs --data ../shared/data/tau-bench`,
    )
    .action(async (options: Options) => {
      const registry = new DomainRegistry(options.data === undefined ? {} : { data: options.data });
      const table = new Table({
        head: ['name', 'origin', 'layout', 'tasks', 'description'],
        style: tableStyle(),
        wordWrap: true,
        colWidths: [20, 10, 11, 34, 50],
      });
      for (const entry of registry.list()) {
        let tasks: string;
        try {
          const domain = await registry.get(entry.name);
          tasks = [...domain.tasks.entries()].map(([split, list]) => `${split}: ${list.length}`).join(', ');
        } catch (error) {
          if (!isOperationalError(error)) throw error;
          tasks = `cannot load: ${error.message}`;
        }
        table.push([entry.name, entry.origin, entry.layout, tasks, entry.description]);
      }
      process.stdout.write(`${table.toString()}\n`);
    });
}
