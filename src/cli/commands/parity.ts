import Table from 'cli-table3';
import type { Command } from 'commander';
import pc from 'picocolors';
import { InputError } from '../../core/errors.ts';
import { builtInToolKits } from '../../domains/toolkits.ts';
import { DomainCatalog } from '../../evaluation/domains.ts';
import {
  isTauBenchVectors,
  type ParityReport,
  parityAgrees,
  runTauBenchParity,
} from '../../evaluation/parity.ts';
import { EXIT } from '../exit.ts';
import { readJsonFile } from '../../core/json-file.ts';

interface Options {
  data?: string;
  json?: boolean;
  show: string;
}

function clip(text: string, width = 160): string {
  return text.length > width ? `${text.slice(0, width)}… (${text.length} chars)` : text;
}

function printReport(report: ParityReport, show: number): void {
  const table = new Table({ head: ['field', 'agree', 'total', ''], style: { head: ['bold'] } });
  const row = (name: string, t: { agree: number; total: number }) =>
    table.push([name, t.agree, t.total, t.agree === t.total ? pc.green('ok') : pc.red('DIFFERS')]);
  row('observations', report.observations);
  row('state hashes', report.hashes);
  row('rewards', report.rewards);
  row('reward info', report.rewardInfos);
  process.stdout.write(`${report.cases} cases (${report.format} format)\n${table.toString()}\n`);
  if (report.differences.length === 0) return;
  process.stdout.write(
    pc.red(
      `\n${report.differences.length} differences; the first ${Math.min(show, report.differences.length)}:\n`,
    ),
  );
  for (const d of report.differences.slice(0, show)) {
    const step = d.step === undefined ? '' : ` step ${d.step}`;
    process.stdout.write(
      `- ${d.label}: ${d.field}${step}\n    expected: ${clip(d.expected)}\n    actual:   ${clip(d.actual)}\n`,
    );
  }
}

export function registerParity(program: Command): void {
  program
    .command('parity')
    .description('Replay a parity file and report how many observations, state hashes and rewards agree')
    .argument('<file>', 'parity vectors, e.g. ../shared/data/parity/tau-bench-vectors.json')
    .option('--data <dir>', 'domain folder, or folder of domain folders, the vectors were made on')
    .option('--json', 'print the report as JSON')
    .option('--show <n>', 'how many differences to print', '10')
    .addHelpText(
      'after',
      '\nExample:\n  sigma parity ../shared/data/parity/tau-bench-vectors.json --data ../shared/data/tau-bench\n\nExit status: 0 when everything agrees, 1 on any difference, 2 on bad input.',
    )
    .action(async (file: string, options: Options) => {
      const data = readJsonFile(file);
      if (!isTauBenchVectors(data)) {
        throw new InputError(
          `${file}: not a parity file Sigma knows (expected tau-bench vectors: a list of cases with "final_data_hash")`,
        );
      }
      if (options.data === undefined) {
        throw new InputError(
          '--data <dir> is required: the domain folders the vectors were made on (e.g. ../shared/data/tau-bench)',
        );
      }
      const show = Number.parseInt(options.show, 10);
      if (!Number.isInteger(show) || show < 0)
        throw new InputError(`--show must be a whole number, got "${options.show}"`);
      const report = await runTauBenchParity(data, new DomainCatalog(options.data, builtInToolKits));
      if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else printReport(report, show);
      process.exitCode = parityAgrees(report) ? EXIT.ok : EXIT.checkFailed;
    });
}
