import type { Command } from 'commander';
import { DomainRegistry } from '../../registry/index.ts';
import { searchPolicy } from '../play/policy-text.ts';

interface Options {
  env: string;
  search?: string;
  data?: string;
}

export function registerPolicy(program: Command): void {
  program
    .command('policy')
    .description("Show a domain's agent policy, or the paragraphs that mention a word")
    .option(
      '--env <name>',
      'domain: retail, airline, a fetched one (retail@tau-bench) or one under --data',
      'retail',
    )
    .option('--search <word>', 'only the paragraphs that mention this word (case-insensitive)')
    .option('--data <dir>', 'a domain folder, or a folder of domain folders')
    .addHelpText(
      'after',
      `
Examples:
  sigma policy --env retail
  sigma policy --env airline --search baggage`,
    )
    .action(async (options: Options) => {
      const registry = new DomainRegistry(options.data === undefined ? {} : { data: options.data });
      const domain = await registry.get(options.env);
      if (options.search === undefined) {
        process.stdout.write(`${domain.policy.trimEnd()}\n`);
        return;
      }
      const found = searchPolicy(domain.policy, options.search);
      process.stdout.write(
        found.length === 0
          ? `No paragraph of the ${domain.name} policy mentions "${options.search}".\n`
          : `${found.join('\n\n')}\n`,
      );
    });
}
