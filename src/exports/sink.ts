import { createHash, randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  type WriteStream,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError, StorageError } from '../core/errors.ts';

/** One file being written: appended to in order, with its size and SHA-256 kept as it goes. */
export interface SinkFile {
  write(chunk: string): Promise<void>;
  /** Ends the file; its size and digest. */
  close(): Promise<{ bytes: number; sha256: string }>;
}

/**
 * Where an export goes. Nothing is visible until `commit`: an export that fails (bad input found
 * midway, a full disk) leaves the destination as it was.
 */
export interface ExportSink {
  /** Names the destination in messages. */
  readonly location: string;
  /** Fails, changing nothing, when the destination cannot take the export. */
  prepare(options: { force: boolean }): Promise<void>;
  open(name: string): SinkFile;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** A digest and byte count kept over what is written (strings hashed as UTF-8, without copies). */
export class Digest {
  private readonly hash = createHash('sha256');
  bytes = 0;
  add(chunk: string): void {
    this.hash.update(chunk, 'utf8');
    this.bytes += Buffer.byteLength(chunk, 'utf8');
  }
  hex(): string {
    return this.hash.digest('hex');
  }
}

/** Files an export writes into its folder; another export's files there are replaced only with `force`. */
export const EXPORT_FILE =
  /^(manifest\.json|README\.md|(train|validation)\.jsonl|results(-validation)?\.json)$/;

const WRITE_SIZE = 1 << 20;

/** A local folder: files are written into a hidden staging folder inside it, then moved in place. */
export class DirectorySink implements ExportSink {
  readonly location: string;
  private readonly staging: string;
  private readonly names: string[] = [];

  constructor(dir: string) {
    this.location = resolve(dir);
    this.staging = join(this.location, `.sigma-export-${randomBytes(4).toString('hex')}`);
  }

  async prepare({ force }: { force: boolean }): Promise<void> {
    if (existsSync(this.location)) {
      if (!statSync(this.location).isDirectory())
        throw new InputError(`--out ${this.location} is a file, not a folder`);
      const taken = readdirSync(this.location).filter((n) => EXPORT_FILE.test(n));
      if (taken.length > 0 && !force)
        throw new InputError(
          `--out ${this.location} already holds an export (${taken.join(', ')}): choose an empty folder, or add --force to replace it`,
        );
    }
    try {
      mkdirSync(this.staging, { recursive: true });
    } catch (error) {
      throw new StorageError(`cannot write to ${this.location}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  open(name: string): SinkFile {
    this.names.push(name);
    const stream = createWriteStream(join(this.staging, name));
    const digest = new Digest();
    let failed: Error | undefined;
    stream.on('error', (error) => {
      failed = error;
    });
    // Rows are gathered into writes of about a megabyte: one system call (and one buffer) for many rows.
    let pending: string[] = [];
    let size = 0;
    const flush = () => {
      const data = pending.join('');
      pending = [];
      size = 0;
      return writeChunk(stream, data, () => failed);
    };
    return {
      write: (chunk) => {
        digest.add(chunk);
        pending.push(chunk);
        size += chunk.length;
        return size >= WRITE_SIZE ? flush() : Promise.resolve();
      },
      close: async () => {
        if (size > 0) await flush();
        return new Promise((done, fail) => {
          if (failed !== undefined) return fail(new StorageError(`writing ${name}: ${failed.message}`));
          stream.end(() => done({ bytes: digest.bytes, sha256: digest.hex() }));
        });
      },
    };
  }

  async commit(): Promise<void> {
    for (const name of readdirSync(this.location))
      if (EXPORT_FILE.test(name) && !this.names.includes(name)) rmSync(join(this.location, name));
    for (const name of this.names) renameSync(join(this.staging, name), join(this.location, name));
    rmSync(this.staging, { recursive: true, force: true });
  }

  async abort(): Promise<void> {
    rmSync(this.staging, { recursive: true, force: true });
  }
}

function writeChunk(stream: WriteStream, data: string, failed: () => Error | undefined): Promise<void> {
  const error = failed();
  if (error !== undefined)
    return Promise.reject(new StorageError(`writing an export file: ${error.message}`));
  if (stream.write(data)) return Promise.resolve();
  return new Promise((done) => stream.once('drain', done));
}

/**
 * A sink that sends the data file (`train.jsonl`, or tau2's `results.json`) to a stream as it is
 * written, and keeps the manifest and card to itself (`manifest` after the export): a server's
 * streaming export. One split only.
 */
export class StreamSink implements ExportSink {
  readonly location = 'the response';
  manifestText: string | undefined;
  private readonly send: (chunk: string) => Promise<void>;

  constructor(send: (chunk: string) => Promise<void>) {
    this.send = send;
  }

  async prepare(): Promise<void> {}

  open(name: string): SinkFile {
    const digest = new Digest();
    const data = EXPORT_FILE.test(name) && name !== 'manifest.json' && name !== 'README.md';
    let kept = '';
    return {
      write: async (chunk) => {
        digest.add(chunk);
        if (data) await this.send(chunk);
        else if (name === 'manifest.json') kept += chunk;
      },
      close: async () => {
        if (name === 'manifest.json') this.manifestText = kept;
        return { bytes: digest.bytes, sha256: digest.hex() };
      },
    };
  }

  async commit(): Promise<void> {}
  async abort(): Promise<void> {}
}
