import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';
import { DomainRegistry } from '../../registry/index.ts';
import { generateScenarios, scenarioText, writeScenarioDomain } from '../../scenarios/index.ts';
import { pc } from '../colour.ts';
import { inspirationList, scenarioModel, wholeNumber } from '../scenario-model.ts';

interface GenerateOptions {
  env: string;
  count: string;
  out: string;
  model?: string;
  offline?: boolean;
  describe?: string;
  inspiration?: string;
  seed: string;
  concurrency: string;
  asDomain?: boolean;
  force?: boolean;
  data?: string;
}

export function registerScenarios(program: Command): void {
  const scenarios = program.command('scenarios').description('Generate many checked scenarios at once');
  scenarios
    .command('generate')
    .description('Generate N scenarios as persona files, or as one domain folder (--as-domain)')
    .requiredOption('--env <name>', 'domain: retail, airline, or one under --data')
    .requiredOption('--count <n>', 'how many scenarios to ask for')
    .requiredOption('--out <dir>', 'folder to write')
    .option(
      '--model <provider:model>',
      'the model that proposes them (default: gpt-4o when OPENAI_API_KEY is set, else offline)',
    )
    .option(
      '--offline',
      "draw them from Sigma's own task programs, without a model (deterministic for --seed)",
    )
    .option('--describe <text>', 'what the scenarios are about')
    .option('--inspiration <ids>', 'seed tasks shown to the model, by index or id: 3,7')
    .option('--seed <n>', 'seed', '0')
    .option('--concurrency <n>', 'model proposals in flight at once', '4')
    .option(
      '--as-domain',
      'write a domain folder (base data + new records + one task each) instead of persona files',
    )
    .option('--force', 'replace --out if it exists (with --as-domain)')
    .option('--data <dir>', 'a folder of domains, as sigma play --data')
    .addHelpText(
      'after',
      '\nExamples:\n  sigma scenarios generate --env retail --count 50 --offline --as-domain --out scen-retail\n  sigma --env scen-retail --data scen-retail --task-index 0',
    )
    .action(async (options: GenerateOptions) => {
      const count = wholeNumber('--count', options.count, 1)!;
      const concurrency = wholeNumber('--concurrency', options.concurrency, 1)!;
      const seed = wholeNumber('--seed', options.seed, 0)!;
      if (options.force === true && options.asDomain !== true)
        throw new InputError('--force replaces a domain folder: it goes with --as-domain');
      const domain = await new DomainRegistry(options.data === undefined ? {} : { data: options.data }).get(
        options.env,
      );
      const model = scenarioModel(options);
      const inspiration = inspirationList(options.inspiration);
      const tty = process.stderr.isTTY === true;
      const batch = await generateScenarios({
        domain,
        count,
        seed,
        concurrency,
        ...(model === undefined ? {} : { model }),
        ...(options.describe === undefined ? {} : { describe: options.describe }),
        ...(inspiration === undefined ? {} : { inspiration }),
        onProgress: (done, total) => {
          if (tty)
            process.stderr.write(`\r${bar(done, total)} ${done}/${total}${done === total ? '\n' : ''}`);
          else if (done === total || done % 10 === 0) process.stderr.write(`${done}/${total} scenarios\n`);
        },
      });
      let where: string;
      if (options.asDomain === true) {
        const written = writeScenarioDomain(options.out, domain, batch.scenarios, {
          overwrite: options.force === true,
        });
        where = `the domain folder ${written.dir} (${written.tasks} tasks); play it: sigma --env ${written.name} --data ${options.out}`;
      } else {
        mkdirSync(options.out, { recursive: true });
        batch.scenarios.forEach((value, n) => {
          writeFileSync(
            join(options.out, `${String(n).padStart(4, '0')}-${String(value.name)}.json`),
            scenarioText(value),
          );
        });
        where = `${batch.scenarios.length} persona files in ${options.out}`;
      }
      const s = batch.summary;
      const cost = s.usage.costUsd === null ? 'cost unknown' : `$${s.usage.costUsd.toFixed(4)}`;
      process.stdout.write(
        `asked ${s.asked} · valid ${s.valid} · repaired ${s.repaired} · failed ${s.failed} (duplicates ${s.duplicates}) · ${s.usage.inputTokens + s.usage.outputTokens} tokens, ${cost}\n`,
      );
      for (const failure of s.failures.slice(0, 10)) process.stdout.write(`  ${pc.yellow(failure)}\n`);
      process.stdout.write(`${pc.green('Wrote')} ${where}\n`);
      if (s.valid === 0) process.exitCode = 1;
    });
}

function bar(done: number, total: number, width = 30): string {
  const full = Math.round((done / total) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}
