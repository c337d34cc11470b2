import { Command } from 'commander';
import { VERSION } from '../version.ts';
import { registerData } from './commands/data.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerParity } from './commands/parity.ts';
import { registerRescore } from './commands/rescore.ts';

/** The `sigma` command and its sub-commands. */
export function createProgram(): Command {
  const program = new Command('sigma')
    .description('Sigma: play, evaluate and train customer-service agents on tau-bench-exact domains')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerParity(program);
  registerRescore(program);
  registerGenerate(program);
  registerData(program);
  return program;
}
