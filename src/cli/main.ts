#!/usr/bin/env node
// The `sigma` entry. It checks the running Node first: every import here is evaluated before any of
// this module's code (ESM hoists them), and an old Node cannot load parts of Sigma (`node:sqlite`),
// so the rest of the CLI is loaded only afterwards, by a dynamic import.
import { EXIT_NODE_TOO_OLD, nodeVersionProblem } from '../node-version.ts';
import { settleColour } from './colour-env.ts';
import { exportHeapMb, exportRelaunchFlags, relaunchExport } from './export-heap.ts';

const problem = nodeVersionProblem();
if (problem === undefined) {
  settleColour();
  const heap = process.argv[2] === 'export' ? exportHeapMb(process.env) : undefined;
  const flags =
    typeof heap === 'number'
      ? exportRelaunchFlags(process.argv, process.execArgv, process.env, heap)
      : undefined;
  if (typeof heap === 'object') {
    process.stderr.write(`sigma: ${heap.problem}\n`);
    process.exitCode = 2;
  } else if (flags !== undefined) await relaunchExport(flags, heap!);
  else await import('./run.ts');
} else {
  process.stderr.write(`sigma: ${problem}\n`);
  process.exitCode = EXIT_NODE_TOO_OLD;
}
