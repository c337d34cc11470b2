import type { Command } from 'commander';
import { DomainRegistry } from '../../registry/index.ts';
import { renderPolicySearch } from '../play/policy-text.ts';

interface Options {
  env: string;
  search?: string;
  data?: string;
}

export function registerPolicy(program: Command): void {
  program
    .command('policy')
    .description("Show a domain's agent policy, or search it")
    .option(
      '--env <name>',
      'domain: retail, airline, a fetched one (retail@tau-bench) or one under --data',
      'retail',
    )
    .option(
      '--search <words>',
      'only the sections and bullet groups that match, best first (other forms of a word match too: modify finds modified)',
    )
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
      process.stdout.write(`${renderPolicySearch(domain.policy, options.search, domain.name)}\n`);
    });
}
