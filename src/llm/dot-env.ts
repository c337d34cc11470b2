import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { InputError } from '../core/errors.ts';

export interface LoadDotEnvOptions {
  /** Folder holding the file; the working directory by default. */
  cwd?: string;
  /** File name inside `cwd`; `.env` by default. */
  file?: string;
  /** The environment to fill; `process.env` by default. */
  env?: Record<string, string | undefined>;
}

export interface LoadedDotEnv {
  /** The file read. */
  path: string;
  /** Variables taken from the file. */
  loaded: string[];
  /** Variables in the file that were already set, and so left as they were. */
  skipped: string[];
}

/**
 * Reads `.env` from the working directory into the environment, if the file exists. A variable already
 * set wins over the file, so a key given on the command line is never replaced by a stale one on disk.
 * Parsing is Node's own (`util.parseEnv`), the same as `node --env-file`.
 */
export function loadDotEnv(options: LoadDotEnvOptions = {}): LoadedDotEnv | null {
  const path = join(options.cwd ?? process.cwd(), options.file ?? '.env');
  const env = options.env ?? process.env;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  const loaded: string[] = [];
  const skipped: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined) {
      skipped.push(name);
    } else {
      env[name] = value;
      loaded.push(name);
    }
  }
  return { path, loaded, skipped };
}
