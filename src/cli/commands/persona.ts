import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DataError, InputError } from '../../core/errors.ts';
import { isDict, type PyDict } from '../../core/python/index.ts';
import { readJsonFile } from '../../core/user-file.ts';
import { DomainRegistry, dataHome } from '../../registry/index.ts';
import { checkScenario, generateScenario, scenarioText } from '../../scenarios/index.ts';
import { pc } from '../colour.ts';
import { reviewScenario } from '../persona-preview.ts';
import { LineInput } from '../play/line-input.ts';
import { inspirationList, scenarioModel, wholeNumber } from '../scenario-model.ts';

interface CreateOptions {
  env: string;
  model?: string;
  offline?: boolean;
  describe?: string;
  inspiration?: string;
  seed?: string;
  out?: string;
  yes?: boolean;
  data?: string;
}

/** Where created persona files go without `--out`, and what `persona list` lists. */
export function personaHome(): string {
  return join(dataHome(), 'personas');
}

export function registerPersona(program: Command): void {
  const persona = program
    .command('persona')
    .description(
      'Create persona files (scenarios with records and a checked ground truth), list and check them',
    );
  persona
    .command('create')
    .description("Generate a scenario as a persona file: by a model, or offline from Sigma's task programs")
    .requiredOption('--env <name>', 'domain: retail, airline, or one under --data')
    .option(
      '--model <provider:model>',
      'the model that proposes it (default: gpt-4o when OPENAI_API_KEY is set, else offline)',
    )
    .option('--offline', "draw it from Sigma's own task programs, without a model")
    .option('--describe <text>', 'what the scenario is about, in your words')
    .option('--inspiration <ids>', 'seed tasks shown to the model, by index or id: 3,7')
    .option('--seed <n>', 'seed: the same seed gives the same offline scenario', '0')
    .option('--out <file>', 'where to write it (default: <data home>/personas/<name>.json)')
    .option('--yes', 'write it without asking (the non-interactive form)')
    .option('--data <dir>', 'a folder of domains, as sigma play --data')
    .addHelpText(
      'after',
      '\nExamples:\n  sigma persona create --env retail --seed 7 --out lamp.json --yes\n  sigma persona create --env airline --model openai:gpt-4o --describe "a family that wants to add bags" --yes\n  sigma --env retail --persona-file lamp.json',
    )
    .action(async (options: CreateOptions) => {
      const interactive = options.yes !== true;
      if (interactive && !(process.stdin.isTTY && process.stdout.isTTY))
        throw new InputError(
          'persona create asks before it saves in a terminal; here (no terminal), pass --yes to write the file',
        );
      const domain = await new DomainRegistry(options.data === undefined ? {} : { data: options.data }).get(
        options.env,
      );
      const model = scenarioModel(options);
      const inspiration = inspirationList(options.inspiration);
      const io = interactive ? new LineInput(process.stdin, process.stdout) : undefined;
      try {
        let seed = wholeNumber('--seed', options.seed, 0) ?? 0;
        let describe = options.describe;
        if (io !== undefined && describe === undefined) {
          const text = (await io.ask('Describe the scenario (Enter for any) › ')).trim();
          if (text !== '') describe = text;
        }
        const make = (note?: string) =>
          generateScenario({
            domain,
            ...(model === undefined ? {} : { model }),
            seed,
            ...(describe === undefined ? {} : { describe }),
            ...(inspiration === undefined ? {} : { inspiration }),
            ...(note === undefined ? {} : { note }),
            onRejected: (attempt, problems) =>
              process.stderr.write(
                `${pc.yellow(`proposal ${attempt} failed its checks:`)} ${problems.join('; ')}\n`,
              ),
          });
        const made = await make();
        const chosen =
          io === undefined
            ? made.value
            : await reviewScenario(io, domain, made, (note) => {
                seed += 1;
                return make(note);
              });
        if (chosen === undefined) {
          process.stdout.write('Not saved.\n');
          return;
        }
        const out = options.out ?? join(personaHome(), `${String(chosen.name)}.json`);
        if (options.out === undefined) mkdirSync(personaHome(), { recursive: true });
        writeFileSync(out, scenarioText(chosen));
        const meta = chosen.meta as PyDict;
        const how = model === undefined ? 'offline, from the task programs' : `by ${String(meta.model)}`;
        const usage = meta.usage as PyDict;
        const tokens = Number(usage.inputTokens) + Number(usage.outputTokens);
        const cost = usage.costUsd === null ? 'cost unknown' : `$${Number(usage.costUsd).toFixed(4)}`;
        process.stdout.write(
          `${pc.green('Wrote')} ${out}: ${String(meta.kind)} scenario for ${options.env}, made ${how} in ${String(meta.attempts)} attempt(s) (${tokens} tokens, ${cost}).\n`,
        );
        const data = options.data === undefined ? '' : ` --data ${options.data}`;
        process.stdout.write(`Play it: sigma --env ${options.env}${data} --persona-file ${out}\n`);
      } finally {
        io?.close();
      }
    });
  persona
    .command('check')
    .description(
      'Run the scenario checks on a persona file and print what fails (exit 1 when something does)',
    )
    .argument('<file>', 'the persona file')
    .option('--env <name>', "domain (default: the one in the file's meta)")
    .option('--data <dir>', 'a folder of domains, as sigma play --data')
    .action(async (file: string, options: { env?: string; data?: string }) => {
      const raw = readPersonaJson(file);
      const env = options.env ?? metaDomain(raw);
      if (env === undefined)
        throw new InputError(`${file} does not name its domain (meta.domain): pass --env`);
      const domain = await new DomainRegistry(options.data === undefined ? {} : { data: options.data }).get(
        env,
      );
      const { problems } = checkScenario(domain, raw, file);
      if (problems.length === 0) {
        process.stdout.write(
          `${pc.green('OK')} ${file}: a valid ${env} scenario (records, references, ground truth, outputs, instruction).\n`,
        );
        return;
      }
      process.stdout.write(`${pc.red('FAIL')} ${file}: ${problems.length} check(s) fail on ${env}:\n`);
      for (const problem of problems) process.stdout.write(`  - ${problem}\n`);
      process.exitCode = 1;
    });
  persona
    .command('list')
    .description('List the persona files in a folder (default: <data home>/personas)')
    .option('--dir <dir>', 'the folder to list')
    .action((options: { dir?: string }) => {
      const dir = options.dir ?? personaHome();
      const files = existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith('.json'))
            .sort()
        : [];
      if (files.length === 0) {
        process.stdout.write(
          `No persona files in ${dir}. Create one: sigma persona create --env retail --yes\n`,
        );
        return;
      }
      for (const name of files) {
        let line: string;
        try {
          const raw = readPersonaJson(join(dir, name));
          const meta = isDict(raw.meta) ? raw.meta : {};
          const instruction = typeof raw.instruction === 'string' ? raw.instruction : '';
          line = `${name}  ${String(meta.domain ?? '?')}  ${String(meta.kind ?? '?')}  ${String(meta.generator ?? 'written')}  ${instruction.slice(0, 60)}`;
        } catch (error) {
          line = `${name}  ${pc.red('unreadable')}: ${(error as Error).message}`;
        }
        process.stdout.write(`${line}\n`);
      }
    });
}

function readPersonaJson(file: string): PyDict {
  const raw = readJsonFile(file);
  if (!isDict(raw)) throw new DataError(file, 'a persona file must be a JSON object');
  return raw;
}

function metaDomain(raw: PyDict): string | undefined {
  return isDict(raw.meta) && typeof raw.meta.domain === 'string' ? raw.meta.domain : undefined;
}
