import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { loadDomainFolder } from '../core/domain/loaders/index.ts';
import { InputError, SigmaError } from '../core/errors.ts';
import { builtInToolKits } from '../domains/toolkits.ts';
import { type DataManifest, PINNED_MANIFEST, type PinnedFile, SOURCES, type SourceName } from './manifest.ts';
import { convertTauBenchTasks } from './tau-bench-tasks.ts';

export const DEFAULT_BASE_URL = 'https://raw.githubusercontent.com';
export const DEFAULT_TIMEOUT_MS = 60_000;
/** The provenance file written in every fetched domain folder. */
export const PROVENANCE_FILE = 'source.json';

/** A download failed: the network, the server, or a timeout. The message names the URL and the cause. */
export class DownloadError extends SigmaError {
  readonly url: string;
  constructor(url: string, cause: string, options?: ErrorOptions) {
    super(`could not download ${url}: ${cause}`, options);
    this.url = url;
  }
}

/** A downloaded or written file is not the pinned one. */
export class ChecksumError extends SigmaError {
  readonly file: string;
  readonly expected: string;
  readonly actual: string;
  /** What was compared: `SHA-256` (the default), `length` or `git blob`. */
  constructor(file: string, expected: string, actual: string, what: string, kind = 'SHA-256') {
    super(`checksum mismatch for ${file} (${what}): expected ${kind} ${expected}, got ${actual}`);
    this.file = file;
    this.expected = expected;
    this.actual = actual;
  }
}

export interface FetchOptions {
  source: SourceName;
  /** Domains to fetch (default: every domain of the source). */
  domains?: readonly string[];
  /** Where domain folders go: `<data home>/domains`. */
  domainsDir: string;
  /** Serves `/<repository>/<commit>/<path>` (default: raw.githubusercontent.com). */
  baseUrl?: string;
  /** Replace a domain folder that already exists. */
  force?: boolean;
  /** The pins (default: the ones in manifest.ts). Tests and mirrors pass their own. */
  manifest?: DataManifest;
  /** Per download (default 60 s). */
  timeoutMs?: number;
  /** One line per step, for a progress display. */
  onProgress?: (line: string) => void;
  now?: () => Date;
}

export interface FetchedDomain {
  /** Folder name, e.g. `retail@tau-bench`. */
  name: string;
  dir: string;
  source: SourceName;
  domain: string;
  repository: string;
  commit: string;
  /** Tasks per split. */
  tasks: Record<string, number>;
  /** Downloaded bytes. */
  bytes: number;
}

/** What `source.json` holds. */
export interface Provenance {
  source: SourceName;
  domain: string;
  repository: string;
  commit: string;
  baseUrl: string;
  fetchedAt: string;
  files: Array<{
    path: string;
    url: string;
    bytes: number;
    sha256: string;
    target: string;
    convert: PinnedFile['convert'];
    targetSha256: string;
    /** The git blob id, for a file pinned by it. */
    gitBlob?: string;
  }>;
}

/** The folder name of a fetched domain: `<domain>@<source>`. */
export function domainFolderName(domain: string, source: SourceName): string {
  return `${domain}@${source}`;
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The id git gives a file's content: SHA-1 of `blob <length>\0` followed by the bytes. */
export function gitBlobId(data: Uint8Array): string {
  return createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
}

/** Checks a download against its pinned length and git blob id, when it has them; returns the id. */
function checkGitBlob(file: PinnedFile, url: string, data: Uint8Array): string | undefined {
  if (file.gitBlob === undefined) return undefined;
  const what = `downloaded from ${url}`;
  if (data.length !== file.gitBlob.bytes) {
    throw new ChecksumError(file.path, `${file.gitBlob.bytes} bytes`, `${data.length} bytes`, what, 'length');
  }
  const id = gitBlobId(data);
  if (id !== file.gitBlob.sha1) throw new ChecksumError(file.path, file.gitBlob.sha1, id, what, 'git blob');
  return id;
}

function describeCause(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error) {
      if (cause.name === 'TimeoutError') return 'timed out';
      return cause.message || (cause as { code?: string }).code || error.message;
    }
    return error.message;
  }
  return String(error);
}

async function download(url: string, timeoutMs: number): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const cause = describeCause(error);
    throw new DownloadError(url, cause === 'timed out' ? `timed out after ${timeoutMs / 1000} s` : cause, {
      cause: error,
    });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    const text = response.statusText ? ` ${response.statusText}` : '';
    throw new DownloadError(url, `HTTP ${response.status}${text}`);
  }
  try {
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    const cause = describeCause(error);
    throw new DownloadError(url, cause === 'timed out' ? `timed out after ${timeoutMs / 1000} s` : cause, {
      cause: error,
    });
  }
}

function kB(bytes: number): string {
  return bytes >= 1_000_000
    ? `${(bytes / 1_000_000).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1000))} kB`;
}

/** Chooses the domains to fetch, with a clear error for an unknown one. */
function pickDomains(
  source: SourceName,
  available: readonly string[],
  wanted: readonly string[] | undefined,
): string[] {
  if (wanted === undefined || wanted.length === 0) return [...available];
  for (const d of wanted) {
    if (!available.includes(d)) {
      throw new InputError(`${source} has no domain "${d}"; choose one of: ${available.join(', ')}`);
    }
  }
  return [...new Set(wanted)];
}

/**
 * Downloads the pinned files of a source's domains, checks each against its pins, converts what
 * needs converting, checks that the folder loads, and only then moves it into place as
 * `<domainsDir>/<domain>@<source>`. Nothing half-written is ever left: work happens in a temporary
 * folder inside `domainsDir` that is removed on any failure. An existing folder is replaced only with
 * `force`.
 */
export async function fetchData(options: FetchOptions): Promise<FetchedDomain[]> {
  const { source, domainsDir } = options;
  if (!SOURCES.includes(source)) {
    throw new InputError(`unknown source "${String(source)}"; choose one of: ${SOURCES.join(', ')}`);
  }
  const manifest = options.manifest ?? PINNED_MANIFEST;
  const pin = manifest[source];
  if (pin === undefined) throw new InputError(`the data manifest has no entry for ${source}`);
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(baseUrl))
    throw new InputError(`base URL must start with http:// or https://: ${baseUrl}`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const progress = options.onProgress ?? (() => {});
  const now = options.now ?? (() => new Date());
  const domains = pickDomains(source, Object.keys(pin.domains), options.domains);

  // Refuse before downloading anything when a folder exists and may not be replaced.
  for (const domain of domains) {
    const dir = join(domainsDir, domainFolderName(domain, source));
    if (existsSync(dir) && !options.force) {
      throw new InputError(
        `${dir} already exists; run again with --force to replace it (or remove the folder first)`,
      );
    }
  }
  mkdirSync(domainsDir, { recursive: true });

  const results: FetchedDomain[] = [];
  for (const domain of domains) {
    const name = domainFolderName(domain, source);
    const finalDir = join(domainsDir, name);
    const files = pin.domains[domain]!;
    const tmp = mkdtempSync(join(domainsDir, `.tmp-${name}-`));
    try {
      progress(
        `${name}: downloading ${files.length} files from ${pin.repository}@${pin.commit.slice(0, 12)}`,
      );
      const downloads = await Promise.all(
        files.map(async (file) => {
          const url = `${baseUrl}/${pin.repository}/${pin.commit}/${file.path}`;
          const data = await download(url, timeoutMs);
          const hash = sha256(data);
          if (file.sha256 !== undefined && hash !== file.sha256) {
            throw new ChecksumError(file.path, file.sha256, hash, `downloaded from ${url}`);
          }
          const blob = checkGitBlob(file, url, data);
          return { file, url, data, hash, blob };
        }),
      );
      const provenance: Provenance = {
        source,
        domain,
        repository: pin.repository,
        commit: pin.commit,
        baseUrl,
        fetchedAt: now().toISOString(),
        files: [],
      };
      let bytes = 0;
      for (const { file, url, data, hash, blob } of downloads) {
        const written =
          file.convert === 'tau-bench-tasks'
            ? Buffer.from(convertTauBenchTasks(data.toString('utf8'), file.path).json, 'utf8')
            : data;
        const writtenHash = written === data ? hash : sha256(written);
        if (file.targetSha256 !== undefined && writtenHash !== file.targetSha256) {
          throw new ChecksumError(
            file.path,
            file.targetSha256,
            writtenHash,
            `after conversion to ${file.target}`,
          );
        }
        writeFileSync(join(tmp, file.target), written);
        bytes += data.length;
        provenance.files.push({
          path: file.path,
          url,
          bytes: data.length,
          sha256: hash,
          target: file.target,
          convert: file.convert,
          targetSha256: writtenHash,
          ...(blob === undefined ? {} : { gitBlob: blob }),
        });
        progress(
          `${name}: ${file.path} (${kB(data.length)}) checked${written === data ? '' : ` -> ${file.target}`}`,
        );
      }
      writeFileSync(join(tmp, PROVENANCE_FILE), `${JSON.stringify(provenance, null, 2)}\n`);
      const loaded = await loadDomainFolder(tmp, builtInToolKits).catch((error: unknown) => {
        const why = error instanceof Error ? error.message.replace(tmp, name) : String(error);
        throw new SigmaError(`${name}: the downloaded files check out, but Sigma cannot load them: ${why}`, {
          cause: error,
        });
      });
      const tasks: Record<string, number> = {};
      for (const [split, list] of loaded.tasks) tasks[split] = list.length;
      moveIntoPlace(tmp, finalDir, domainsDir, name);
      progress(`${name}: written to ${finalDir}`);
      results.push({
        name,
        dir: finalDir,
        source,
        domain,
        repository: pin.repository,
        commit: pin.commit,
        tasks,
        bytes,
      });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return results;
}

/** Renames the finished folder into place, replacing an existing one only after the new one is ready. */
function moveIntoPlace(tmp: string, finalDir: string, domainsDir: string, name: string): void {
  if (!existsSync(finalDir)) {
    renameSync(tmp, finalDir);
    return;
  }
  const old = mkdtempSync(join(domainsDir, `.old-${name}-`));
  const parked = join(old, name);
  renameSync(finalDir, parked);
  try {
    renameSync(tmp, finalDir);
  } catch (error) {
    renameSync(parked, finalDir);
    throw error;
  } finally {
    if (existsSync(finalDir)) rmSync(old, { recursive: true, force: true });
  }
}

export interface DomainFolderInfo {
  name: string;
  dir: string;
  /** From `source.json`; absent for folders that were not fetched. */
  provenance?: Provenance;
}

/** The domain folders in `domainsDir` (hidden work folders excluded), with their provenance when fetched. */
export function listDomainFolders(domainsDir: string): DomainFolderInfo[] {
  if (!existsSync(domainsDir)) return [];
  const out: DomainFolderInfo[] = [];
  for (const entry of readdirSync(domainsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = join(domainsDir, entry.name);
    const info: DomainFolderInfo = { name: entry.name, dir };
    const file = join(dir, PROVENANCE_FILE);
    if (existsSync(file)) {
      try {
        info.provenance = JSON.parse(readFileSync(file, 'utf8')) as Provenance;
      } catch {
        // An unreadable provenance file leaves the folder listed without it.
      }
    }
    out.push(info);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
