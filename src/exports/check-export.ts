import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ExportManifestSchema } from '../contracts/export-manifest.ts';
import { Tau2ResultsSchema } from '../contracts/tau2-results.ts';
import { DataError, InputError } from '../core/errors.ts';
import type { ExportFormatName } from './format.ts';
import { JSONL_FORMATS } from './registry.ts';

export interface CheckReport {
  ok: boolean;
  format: string;
  files: Array<{ path: string; rows: number }>;
  /** The first problem: where (file and line) and what. */
  problem?: { file: string; line?: number; message: string };
}

/**
 * Checks an export folder as its consumers would: the manifest, each file's SHA-256 and row count,
 * and every row against its format's schema and rules. Stops at the first bad row, naming its line.
 */
export async function checkExport(dir: string): Promise<CheckReport> {
  const root = resolve(dir);
  const manifestPath = join(root, 'manifest.json');
  if (!existsSync(manifestPath))
    throw new InputError(`${root} has no manifest.json: is it a sigma export folder?`);
  let manifestValue: unknown;
  try {
    manifestValue = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new DataError(manifestPath, `is not JSON: ${(error as Error).message}`);
  }
  const parsed = ExportManifestSchema.safeParse(manifestValue);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail('?', [], 'manifest.json', `${issue.path.join('.')}: ${issue.message}`);
  }
  const manifest = parsed.data;
  const format = manifest.format as ExportFormatName;
  const checked: CheckReport['files'] = [];
  for (const entry of manifest.files) {
    const path = join(root, entry.path);
    if (!existsSync(path)) return fail(format, checked, entry.path, 'is missing');
    const digest = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (digest !== entry.sha256)
      return fail(
        format,
        checked,
        entry.path,
        `SHA-256 ${digest} differs from the manifest's ${entry.sha256}`,
      );
    const problem = format === 'tau2-results' ? checkTau2(path) : await checkLines(format, path);
    if (problem !== undefined) return fail(format, checked, entry.path, problem.message, problem.line);
    checked.push({ path: entry.path, rows: entry.rows });
  }
  return { ok: true, format, files: checked };
}

function fail(
  format: string,
  files: CheckReport['files'],
  file: string,
  message: string,
  line?: number,
): CheckReport {
  return { ok: false, format, files, problem: { file, ...(line === undefined ? {} : { line }), message } };
}

async function checkLines(
  format: ExportFormatName,
  path: string,
): Promise<{ line?: number; message: string } | undefined> {
  const spec = JSONL_FORMATS[format as Exclude<ExportFormatName, 'tau2-results'>];
  if (spec === undefined) return { message: `unknown format "${format}"` };
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const text of lines) {
    n++;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (error) {
      return { line: n, message: `not JSON: ${(error as Error).message}` };
    }
    const result = spec.schema.safeParse(row);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      return { line: n, message: `${issue.path.join('.') || '(row)'}: ${issue.message}` };
    }
    const broken = spec.check?.(row);
    if (broken !== undefined) return { line: n, message: broken };
  }
  return undefined;
}

function checkTau2(path: string): { line?: number; message: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { message: `not JSON: ${(error as Error).message}` };
  }
  const result = Tau2ResultsSchema.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  return { message: `${issue.path.join('.')}: ${issue.message}` };
}
