import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../errors.ts';
import {
  isDict,
  JsonSyntaxError,
  type PyDict,
  type PyValue,
  parsePyJson,
  quickPyJson,
} from '../../python/index.ts';

export function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

export function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

export function readText(dir: string, name: string): string {
  const path = join(dir, name);
  if (!isFile(path)) throw new DataError(path, 'file is missing');
  return readFileSync(path, 'utf8');
}

export function readOptionalText(dir: string, name: string): string {
  const path = join(dir, name);
  return isFile(path) ? readFileSync(path, 'utf8') : '';
}

/** Reads a JSON file into the value model, with a clear error naming the file and position. */
export function readJson(dir: string, name: string): PyValue {
  const path = join(dir, name);
  const text = readText(dir, name);
  try {
    return quickPyJson(text) ?? parsePyJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new DataError(path, `invalid JSON: ${error.message}`);
    throw error;
  }
}

export function readJsonObject(dir: string, name: string): PyDict {
  const value = readJson(dir, name);
  if (!isDict(value)) throw new DataError(join(dir, name), 'expected a JSON object');
  return value;
}
