import { Command } from 'commander';
import { VERSION } from '../version.ts';
import { registerData } from './commands/data.ts';
import { registerEnvs } from './commands/envs.ts';
import { registerExport } from './commands/export.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerParity } from './commands/parity.ts';
import { registerPersona } from './commands/persona.ts';
import { registerPlay } from './commands/play.ts';
import { registerPolicy } from './commands/policy.ts';
import { registerRescore } from './commands/rescore.ts';
import { registerRun } from './commands/run.ts';
import { registerScenarios } from './commands/scenarios.ts';
import { registerServe } from './commands/serve.ts';
import { registerTasks } from './commands/tasks.ts';
import { registerWorker } from './commands/worker.ts';

/** The `sigma` command and its sub-commands; `play` is the default (`sigma --env retail`). */
export function createProgram(): Command {
  const program = new Command('sigma')
    .description('Sigma: play, evaluate and train customer-service agents on tau-bench-exact domains')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Quick start (no key, no network: built-in data and the scripted customer):
  sigma --env retail           play a random retail task
  sigma tasks --env airline    list airline tasks; then sigma --env airline --task-index N`,
    );
  registerPlay(program);
  registerTasks(program);
  registerEnvs(program);
  registerPolicy(program);
  registerParity(program);
  registerRescore(program);
  registerData(program);
  registerGenerate(program);
  registerPersona(program);
  registerScenarios(program);
  registerServe(program);
  registerExport(program);
  registerRun(program);
  registerWorker(program);
  return program;
}
