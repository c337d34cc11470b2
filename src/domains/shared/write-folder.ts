import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../../core/errors.ts';

/**
 * Writes a folder of files all at once: into a temporary folder beside `dir`, renamed into place at
 * the end, so a failure leaves nothing half-written. An existing `dir` is refused unless it is empty
 * or `overwrite` is set (then it is replaced only once the new folder is complete).
 */
export function writeFolderAtomically(
  dir: string,
  files: Readonly<Record<string, string>>,
  options: { overwrite?: boolean } = {},
): string {
  const target = resolve(dir);
  const exists = existsSync(target);
  if (exists && options.overwrite !== true && readdirSync(target).length > 0) {
    throw new InputError(
      `${dir} already exists and is not empty: choose another folder, or let it be replaced (--force on the command line)`,
    );
  }
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    throw new InputError(
      `cannot write ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const temporary = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(temporary);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(temporary, name), text);
    if (exists) {
      const old = `${temporary}-old`;
      renameSync(target, old);
      renameSync(temporary, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(temporary, target);
    }
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  return target;
}
