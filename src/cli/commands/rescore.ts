import Table from 'cli-table3';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';
import { readJsonFile } from '../../core/user-file.ts';
import { DomainRegistry } from '../../registry/index.ts';
import { guessDomain, type RescoreReport, rescoreTrajectories } from '../../session/rescore.ts';
import { pc, tableStyle } from '../colour.ts';
import { EXIT } from '../exit.ts';

interface Options {
  data?: string;
  env?: string;
  json?: boolean;
}

function trajectories(n: number): string {
  return n === 1 ? '1 trajectory' : `${n} trajectories`;
}

/** `chosen`: how the domain was picked, so the report never passes a guess off as a fact of the run. */
function printReport(report: RescoreReport, chosen: string): void {
  const ok = report.agree === report.total;
  const agree = `${report.agree} of ${report.total} agree`;
  process.stdout.write(
    `Re-scored ${trajectories(report.total)} on the domain "${report.domain}" (${chosen}): ${ok ? pc.green(agree) : pc.red(agree)} with the recorded reward\n`,
  );
  process.stdout.write(
    `tool results identical to the recorded ones: ${report.observations.agree}/${report.observations.total}\n`,
  );
  if (report.disagreements.length === 0) return;
  const table = new Table({
    head: ['#', 'task', 'trial', 'recorded', 'recomputed', 'ending'],
    style: tableStyle(),
  });
  for (const r of report.disagreements)
    table.push([r.index, r.taskId, r.trial ?? '', r.recorded, r.recomputed, r.ending]);
  process.stdout.write(`${table.toString()}\n`);
}

export function registerRescore(program: Command): void {
  program
    .command('rescore')
    .description('Re-score recorded tau-bench results by replaying their conversations on a fresh state')
    .argument('<file>', 'a JSON list of {task_id, reward, info, traj}')
    .option('--data <dir>', 'domain folder, or folder of domain folders, the results were made on')
    .option('--env <name>', 'which domain of --data (default: the one whose tools the results use)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  sigma rescore ../shared/data/trajectories/tau-bench-gpt-4o-airline-trials-0-1.json --data ../shared/data/tau-bench\n\nExit status: 0 when every recomputed reward agrees, 1 otherwise, 2 on bad input.',
    )
    .action(async (file: string, options: Options) => {
      const records = readJsonFile(file);
      if (!Array.isArray(records)) throw new InputError(`${file}: expected a JSON list of results`);
      if (options.data === undefined) {
        throw new InputError(
          '--data <dir> is required: the domain folders the results were made on (e.g. ../shared/data/tau-bench)',
        );
      }
      const catalog = new DomainRegistry({ data: options.data, origins: ['folder'] });
      const domain =
        options.env !== undefined
          ? await catalog.get(options.env)
          : guessDomain(records, await Promise.all(catalog.names.map((n) => catalog.get(n))));
      const chosen =
        options.env !== undefined
          ? 'named by --env'
          : catalog.names.length === 1
            ? `the only domain in ${options.data}`
            : `the one domain of ${options.data} with every tool the results call; --env names another`;
      const report = await rescoreTrajectories(records, domain);
      if (options.json)
        process.stdout.write(`${JSON.stringify({ ...report, results: undefined }, null, 2)}\n`);
      else printReport(report, chosen);
      process.exitCode = report.agree === report.total ? EXIT.ok : EXIT.checkFailed;
    });
}
