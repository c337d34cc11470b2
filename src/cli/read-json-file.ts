import { readFileSync } from 'node:fs';
import { DataError, InputError } from '../core/errors.ts';
import { JsonSyntaxError, type PyValue, parsePyJson } from '../core/python/index.ts';

/** Reads a JSON file given on the command line, with clear errors. */
export function readJsonFile(path: string): PyValue {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
  try {
    return parsePyJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new DataError(path, `invalid JSON: ${error.message}`);
    throw error;
  }
}
