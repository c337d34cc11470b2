import { CommanderError } from 'commander';
import pc from 'picocolors';
import { SigmaError } from '../core/errors.ts';

/** Exit codes, decided here and nowhere else. */
export const EXIT = {
  ok: 0,
  /** The command ran and its check failed (parity disagreement, rewards that differ). */
  checkFailed: 1,
  /** The user's input was wrong: bad flag, missing file, malformed data (or an unsupported Node: main.ts). */
  badInput: 2,
  /** A bug in Sigma. */
  internal: 70,
} as const;

/** Prints an error as one clear line (a stack trace only for bugs, or with SIGMA_DEBUG=1). */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  if (error instanceof SigmaError) {
    process.stderr.write(`${pc.red('sigma:')} ${error.message}\n`);
    if (process.env.SIGMA_DEBUG === '1') process.stderr.write(`${error.stack}\n`);
    return EXIT.badInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${pc.red('sigma: internal error:')} ${message}\n`);
  if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.stderr.write('This is a bug in Sigma; please report it with the command you ran.\n');
  return EXIT.internal;
}
