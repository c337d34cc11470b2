import Table from 'cli-table3';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';
import type { PyDict, PyValue } from '../../core/python/index.ts';
import { readJsonFile } from '../../core/user-file.ts';
import {
  isTauBenchVectors,
  type ParityReport,
  parityAgrees,
  runTauBenchParity,
  type Tally,
} from '../../evaluation/parity.ts';
import { isTau2Vectors, runTau2Parity, type Tau2ParityReport } from '../../evaluation/tau2-parity.ts';
import { DomainRegistry } from '../../registry/index.ts';
import { pc, tableStyle } from '../colour.ts';
import { EXIT } from '../exit.ts';

interface Options {
  data?: string;
  json?: boolean;
  show: string;
}

function clip(text: string, width = 160): string {
  return text.length > width ? `${text.slice(0, width)}… (${text.length} chars)` : text;
}

function tallies(report: ParityReport | Tau2ParityReport): Array<[string, Tally]> {
  if (report.format === 'tau2') {
    return [
      ['observations', report.observations],
      ['state hashes', report.hashes],
      ['rewards', report.rewards],
      ['db checks', report.dbChecks],
      ['action checks', report.actionChecks],
      ['communicate checks', report.communicateChecks],
      ['reward info', report.rewardInfos],
    ];
  }
  return [
    ['observations', report.observations],
    ['state hashes', report.hashes],
    ['rewards', report.rewards],
    ['reward info', report.rewardInfos],
  ];
}

function printReport(report: ParityReport | Tau2ParityReport, show: number): void {
  const table = new Table({ head: ['field', 'agree', 'total', ''], style: tableStyle() });
  for (const [name, t] of tallies(report)) {
    table.push([name, t.agree, t.total, t.agree === t.total ? pc.green('ok') : pc.red('DIFFERS')]);
  }
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
    .description(
      'Replay a parity file (tau-bench or tau2 vectors) and report how many observations, state hashes, rewards and checks agree',
    )
    .argument(
      '<file>',
      'parity vectors, e.g. ../shared/data/parity/tau-bench-vectors.json or ../shared/data/parity/tau2-retail-vectors.json',
    )
    .option('--data <dir>', 'domain folder, or folder of domain folders, the vectors were made on')
    .option('--json', 'print the report as JSON')
    .option('--show <n>', 'how many differences to print', '10')
    .addHelpText(
      'after',
      '\nThe format (tau-bench or tau2 vectors) is recognised from the file.\n\nExamples:\n  sigma parity ../shared/data/parity/tau-bench-vectors.json --data ../shared/data/tau-bench\n  sigma parity ../shared/data/parity/tau2-retail-vectors.json --data ../shared/data/tau2\n\nExit status: 0 when everything agrees, 1 on any difference, 2 on bad input.',
    )
    .action(async (file: string, options: Options) => {
      const data = readJsonFile(file);
      const tau2 = isTau2Vectors(data);
      if (!tau2 && !isTauBenchVectors(data)) {
        throw new InputError(
          `${file}: not a parity file Sigma knows (expected tau-bench vectors: a list of cases with "final_data_hash"; or tau2 vectors: {"format": "tau2 evaluation vectors v1", "cases": [...]})`,
        );
      }
      if (options.data === undefined) {
        throw new InputError(
          `--data <dir> is required: the domain folders the vectors were made on (e.g. ${tau2 ? '../shared/data/tau2' : '../shared/data/tau-bench'})`,
        );
      }
      const show = Number.parseInt(options.show, 10);
      if (!Number.isInteger(show) || show < 0)
        throw new InputError(`--show must be a whole number, got "${options.show}"`);
      const catalog = new DomainRegistry({ data: options.data, origins: ['folder'] });
      const report = tau2
        ? await runTau2Parity(data as PyDict, catalog)
        : await runTauBenchParity(data as PyValue[], catalog);
      if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else printReport(report, show);
      process.exitCode = parityAgrees(report) ? EXIT.ok : EXIT.checkFailed;
    });
}
