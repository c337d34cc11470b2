import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';
import { EXPORT_FORMATS, type ExportFilters, type ExportFormatName } from '../../exports/index.ts';
import { DomainRegistry, dataHome } from '../../registry/index.ts';
import { EXIT } from '../exit.ts';

interface Options {
  format?: string;
  out?: string;
  check?: string;
  store?: string;
  data?: string;
  domain?: string[];
  split?: string[];
  task?: string[];
  rewardMin?: string;
  rewardMax?: string;
  unscored?: boolean;
  ended?: string;
  author?: string;
  from?: string;
  to?: string;
  dedupe: boolean;
  annotated?: boolean;
  notAnnotated?: boolean;
  rating?: string[];
  excludeRating?: string[];
  errorSource?: string[];
  errorType?: string[];
  validation?: string;
  seed?: string;
  granularity?: string;
  system: boolean;
  humanOnly?: boolean;
  pairsAcrossEpisodes?: boolean;
  customerStrategy?: string[];
  force?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value.split(',').filter(Boolean),
];

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new InputError(`--${name} must be a number, got "${text}"`);
  return value;
}

function oneOf<T extends string>(
  name: string,
  text: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text))
    throw new InputError(`--${name} must be one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

function filtersOf(o: Options): ExportFilters {
  const rewardMin = number('reward-min', o.rewardMin);
  const rewardMax = number('reward-max', o.rewardMax);
  const ended = oneOf('ended', o.ended, ['finished', 'abandoned', 'any'] as const);
  const author = oneOf('author', o.author, ['human', 'model', 'mixed'] as const);
  return {
    ...(o.domain === undefined ? {} : { domains: o.domain }),
    ...(o.split === undefined ? {} : { splits: o.split }),
    ...(o.task === undefined ? {} : { taskIds: o.task }),
    ...(rewardMin === undefined ? {} : { rewardMin }),
    ...(rewardMax === undefined ? {} : { rewardMax }),
    ...(o.unscored ? { unscored: true } : {}),
    ...(ended === undefined ? {} : { ended }),
    ...(author === undefined ? {} : { author }),
    ...(o.from === undefined ? {} : { from: o.from }),
    ...(o.to === undefined ? {} : { to: o.to }),
    ...annotationFilters(o),
    dedupe: o.dedupe,
  };
}

/** The filters on reviewers' notes; their values are checked by `checkFilters`. */
function annotationFilters(o: Options): ExportFilters {
  if (o.annotated && o.notAnnotated)
    throw new InputError('--annotated and --not-annotated exclude each other');
  return {
    ...(o.annotated ? { annotated: true } : {}),
    ...(o.notAnnotated ? { annotated: false } : {}),
    ...(o.rating === undefined ? {} : { ratings: o.rating as ExportFilters['ratings'] }),
    ...(o.excludeRating === undefined ? {} : { excludeRatings: o.excludeRating as ExportFilters['ratings'] }),
    ...(o.errorSource === undefined ? {} : { errorSources: o.errorSource as ExportFilters['errorSources'] }),
    ...(o.errorType === undefined ? {} : { errorTypes: o.errorType as ExportFilters['errorTypes'] }),
  };
}

/** A progress line on a terminal (stderr), redrawn at most ten times a second; nothing otherwise. */
function progress(): { update: (p: { read: number; rows: number }) => void; done: () => void } {
  // Relaunched by `sigma export` (export-heap.ts), stderr is a pipe to the parent, whose stderr is a terminal.
  if (!process.stderr.isTTY && process.env.SIGMA_EXPORT_PROGRESS !== '1')
    return { update: () => {}, done: () => {} };
  let last = 0;
  const started = Date.now();
  return {
    update: ({ read, rows }) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const rate = Math.round(read / Math.max(0.001, (now - started) / 1000));
      process.stderr.write(`\r\x1b[2Kexporting: ${read} trajectories read, ${rows} rows written (${rate}/s)`);
    },
    done: () => process.stderr.write('\r\x1b[2K'),
  };
}

/** `--out azure://container/prefix`: the export goes to Azure Blob storage (AZURE_STORAGE_CONNECTION_STRING). */
async function azureSink(url: string) {
  const { containerClient, parseBlobTarget } = await import('../../archive/index.ts');
  const { AzureBlobSink } = await import('../../exports/azure-sink.ts');
  const target = parseBlobTarget(url, '--out');
  return new AzureBlobSink(containerClient(process.env.AZURE_STORAGE_CONNECTION_STRING, target), target);
}

async function runCheck(dir: string, json: boolean): Promise<void> {
  const { checkExport } = await import('../../exports/index.ts');
  const report = await checkExport(dir);
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (report.ok)
    process.stdout.write(
      `${dir}: ${report.format} export is valid (${report.files.map((f) => `${f.path}: ${f.rows} rows`).join(', ')})\n`,
    );
  else {
    const p = report.problem!;
    process.stdout.write(`${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}\n`);
  }
  process.exitCode = report.ok ? EXIT.ok : EXIT.checkFailed;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'Write stored conversations as training or evaluation data (SFT, DPO, KTO, GRPO, OpenAI, tau2), or check an export',
    )
    .option('--format <name>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .option(
      '--out <dir>',
      'the folder to write (created; an existing export there needs --force), or azure://container/prefix',
    )
    .option(
      '--check <dir>',
      'validate an export folder instead: manifest, SHA-256s, every row; the first bad row is named',
    )
    .option('--store <url>', 'sqlite:/path/file.db or postgres://… (default: sigma.db in the data home)')
    .option(
      '--data <dir>',
      'domain folders the episodes were played on (tau2-results: the tasks as tau2 writes them)',
    )
    .option('--domain <name>', 'only this domain (repeatable, or comma-separated)', collect)
    .option('--split <name>', 'only this task split (repeatable)', collect)
    .option('--task <id>', 'only this task id (repeatable)', collect)
    .option('--reward-min <r>', 'only rewards of at least r')
    .option('--reward-max <r>', 'only rewards of at most r')
    .option('--unscored', 'only episodes without a reward (custom personas)')
    .option('--ended <how>', 'finished, abandoned, or any (default any)')
    .option('--author <who>', 'who played the agent: human, model or mixed')
    .option('--from <date>', 'only episodes started at or after this ISO date/time')
    .option('--to <date>', 'only episodes started before this ISO date/time')
    .option('--no-dedupe', 'keep conversations that repeat one already exported')
    .option('--annotated', "only trajectories with at least one reviewer's note")
    .option('--not-annotated', 'only trajectories without notes')
    .option('--rating <r>', 'only trajectories with a note rated good or bad (repeatable)', collect)
    .option(
      '--exclude-rating <r>',
      'leave out trajectories with a note rated good or bad (repeatable)',
      collect,
    )
    .option(
      '--error-source <s>',
      'only trajectories with a note naming agent, user or system (repeatable)',
      collect,
    )
    .option(
      '--error-type <t>',
      'only trajectories with a note of this tau2 error type: transcription, vad, logical, hallucination, unresponsive, early_termination (repeatable)',
      collect,
    )
    .option('--validation <share>', 'hold out this share of tasks (0 to 1) as the validation split', '0')
    .option('--seed <n>', 'seed of the train/validation split', '0')
    .option(
      '--granularity <g>',
      'trl-sft: episode (a row per conversation) or turn (a row per agent turn)',
      'episode',
    )
    .option('--no-system', 'leave the policy out of agent-side rows')
    .option(
      '--human-only',
      'learn only from turns a person wrote or edited (openai-sft weights, trl-sft turns)',
    )
    .option(
      '--pairs-across-episodes',
      'trl-dpo/openai-dpo: also pair episodes of one task with rewards 1 and 0',
    )
    .option(
      '--customer-strategy <name>',
      'customer-sft: use episodes of this customer strategy (default: human)',
      collect,
    )
    .option('--force', 'replace an export already in --out')
    .option('--json', 'print the manifest (or the check report) as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  sigma export --format trl-sft --out data/sft --domain retail --reward-min 1\n  sigma export --format trl-dpo --out data/dpo --validation 0.1 --seed 7\n  sigma export --format tau2-results --out runs/tau2 --domain retail@tau2 --data ../tau2-data\n  sigma export --check data/sft\n\nExit status: 0 when written (or valid), 1 when --check finds a bad row, 2 on bad input.',
    )
    .action(async (options: Options) => {
      if (options.check !== undefined) return runCheck(options.check, options.json ?? false);
      if (options.format === undefined)
        throw new InputError(`--format is required: one of ${EXPORT_FORMATS.join(', ')} (or --check DIR)`);
      const format = oneOf('format', options.format, EXPORT_FORMATS) as ExportFormatName;
      if (options.out === undefined)
        throw new InputError('--out <dir> is required: the folder to write the export to');
      const filters = filtersOf(options);
      const granularity = oneOf('granularity', options.granularity, ['episode', 'turn'] as const);
      const { exportTrajectories } = await import('../../exports/index.ts');
      const { defaultSqlitePath, openStore } = await import('../../store/index.ts');
      const store = openStore(options.store ?? `sqlite:${defaultSqlitePath(dataHome())}`);
      const registry =
        options.data === undefined
          ? undefined
          : new DomainRegistry({ data: options.data, origins: ['folder'] });
      const bar = progress();
      try {
        await store.migrate();
        const out = options.out.startsWith('azure://') ? await azureSink(options.out) : options.out;
        const { manifest, location } = await exportTrajectories({
          format,
          source: store,
          out,
          filters,
          validation: number('validation', options.validation) ?? 0,
          seed: number('seed', options.seed) ?? 0,
          ...(granularity === undefined ? {} : { granularity }),
          system: options.system,
          humanOnly: options.humanOnly ?? false,
          pairsAcrossEpisodes: options.pairsAcrossEpisodes ?? false,
          ...(options.customerStrategy === undefined ? {} : { customerStrategies: options.customerStrategy }),
          force: options.force ?? false,
          ...(registry === undefined
            ? {}
            : {
                domain: async (name: string) =>
                  registry.names.includes(name) ? registry.get(name) : undefined,
              }),
          onProgress: bar.update,
        });
        bar.done();
        if (options.json) process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
        else
          process.stdout.write(
            `${manifest.counts.rows} ${format} rows from ${manifest.counts.selected} of ${manifest.counts.read} trajectories written to ${location} (${manifest.files.map((f) => `${f.path}: ${f.rows}`).join(', ')})\n`,
          );
      } finally {
        bar.done();
        await store.close();
      }
    });
}
