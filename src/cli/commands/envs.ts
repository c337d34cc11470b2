import type { Command } from 'commander';
import { isOperationalError } from '../../core/errors.ts';
import { DomainRegistry } from '../../registry/index.ts';
import { fittedTable } from '../table.ts';

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
      const rows: string[][] = [];
      for (const entry of registry.list()) {
        let tasks: string;
        try {
          const domain = await registry.get(entry.name);
          tasks = [...domain.tasks.entries()].map(([split, list]) => `${split}: ${list.length}`).join(', ');
        } catch (error) {
          if (!isOperationalError(error)) throw error;
          tasks = `cannot load: ${error.message}`;
        }
        rows.push([entry.name, entry.origin, entry.layout, tasks, entry.description]);
      }
      process.stdout.write(`${fittedTable(['name', 'origin', 'layout', 'tasks', 'description'], rows)}\n`);
    });
}
