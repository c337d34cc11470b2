import { readFileSync } from 'node:fs';
import { DataError, InputError } from './errors.ts';
import { JsonSyntaxError, type PyValue, parsePyJson } from './python/index.ts';

/** Reads a text file a user named, with a clear error for a missing or unreadable one. */
export function readUserFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
}

/** Reads a JSON file a user named (Python-exact values), with clear errors for a missing or broken file. */
export function readJsonFile(path: string): PyValue {
  const text = readUserFile(path);
  try {
    return parsePyJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new DataError(path, `invalid JSON: ${error.message}`);
    throw error;
  }
}
