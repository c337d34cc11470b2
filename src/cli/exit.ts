import { CommanderError } from 'commander';
import { CancelledError, isOperationalError } from '../core/errors.ts';
import { pcErr as pc } from './colour.ts';

/** Exit codes, decided here and nowhere else. */
export const EXIT = {
  ok: 0,
  /** The command ran and its check failed (parity disagreement, rewards that differ). */
  checkFailed: 1,
  /** The user's input was wrong: bad flag, missing file, malformed data (or an unsupported Node: main.ts); or a model or the store failed. */
  badInput: 2,
  /** A bug in Sigma. */
  internal: 70,
  /** The person pressed Ctrl-C (or the input ended) and the command stopped. */
  interrupted: 130,
} as const;

/**
 * Prints an error as one clear line and gives the exit code, by its class in the tree of
 * `core/errors.ts`: an operational failure (the user's, the data's, a model's, the store's) is one line
 * (a stack trace only with SIGMA_DEBUG=1); a cancellation is one line too; anything else is a bug,
 * reported with its stack.
 */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  if (isOperationalError(error) || error instanceof CancelledError) {
    process.stderr.write(`${pc.red('sigma:')} ${error.message}\n`);
    if (process.env.SIGMA_DEBUG === '1') process.stderr.write(`${error.stack}\n`);
    return error instanceof CancelledError ? EXIT.interrupted : EXIT.badInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${pc.red('sigma: internal error:')} ${message}\n`);
  if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.stderr.write('This is a bug in Sigma; please report it with the command you ran.\n');
  return EXIT.internal;
}
