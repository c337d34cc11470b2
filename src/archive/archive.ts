import type { ContainerClient } from '@azure/storage-blob';
import { type BlobTarget, blobName } from './azure-blob.ts';

/** What an archived trajectory's blob is named by: its domain, its end (or start) time and its id. */
export interface ArchivedRecord {
  id: string;
  domain: string;
  /** ISO 8601. */
  at: string;
  /** The trajectory as JSON text. */
  text: string;
}

/**
 * The blob of a trajectory: `trajectories/<domain>/<yyyy>/<mm>/<dd>/<id>.json`, so listing by prefix
 * finds a domain's trajectories, or one day's.
 */
export function archivedName(target: BlobTarget, record: ArchivedRecord): string {
  const day = record.at.slice(0, 10).split('-');
  const domain = encodeURIComponent(record.domain);
  return blobName(target, `trajectories/${domain}/${day.join('/')}/${record.id}.json`);
}

export interface ArchiveOptions {
  /** Called with a line when an upload fails (it is retried) and when one succeeds after failing. */
  log?: (message: string) => void;
  /** First wait before retrying a failed upload; doubles up to `maxDelayMs`. */
  retryDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Uploads finished trajectories to Azure Blob storage, one blob each, in the background. The store
 * keeps every trajectory first, so the archive never holds the only copy: an upload that fails (the
 * blob service is unreachable, or went away midway) is retried with backoff until it succeeds or the
 * archive is closed, in order; a container that disappeared is created again.
 */
export class TrajectoryArchive {
  private readonly queue: ArchivedRecord[] = [];
  private running: Promise<void> | undefined;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly client: ContainerClient;
  private readonly target: BlobTarget;
  private readonly options: Required<ArchiveOptions>;
  /** Uploads done, and failed attempts (retried), since the start. */
  readonly stats = { uploaded: 0, failedAttempts: 0 };

  constructor(client: ContainerClient, target: BlobTarget, options: ArchiveOptions = {}) {
    this.client = client;
    this.target = target;
    this.options = { log: () => {}, retryDelayMs: 250, maxDelayMs: 10_000, ...options };
  }

  /** Trajectories waiting to be uploaded (the one being uploaded included). */
  get pending(): number {
    return this.queue.length;
  }

  enqueue(record: ArchivedRecord): void {
    if (this.closed) return;
    this.queue.push(record);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when every queued trajectory is uploaded (or `timeoutMs` passed: false). */
  async flush(timeoutMs = 60_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
    return this.queue.length === 0;
  }

  /** Waits up to `timeoutMs` for the queue, then stops; says how many were left (still in the store). */
  async close(timeoutMs = 10_000): Promise<number> {
    await this.flush(timeoutMs);
    this.closed = true;
    this.wake?.();
    await this.running;
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    let delay = this.options.retryDelayMs;
    while (this.queue.length > 0 && !this.closed) {
      const record = this.queue[0]!;
      const name = archivedName(this.target, record);
      try {
        await this.upload(name, record.text);
        this.queue.shift();
        this.stats.uploaded++;
        if (delay !== this.options.retryDelayMs) this.options.log(`archive: ${name} uploaded after retrying`);
        delay = this.options.retryDelayMs;
      } catch (error) {
        this.stats.failedAttempts++;
        this.options.log(
          `archive: uploading ${name} failed (${(error as Error).message}); retrying in ${delay} ms`,
        );
        await new Promise<void>((done) => {
          const timer = setTimeout(done, delay);
          this.wake = () => {
            clearTimeout(timer);
            done();
          };
        });
        delay = Math.min(delay * 2, this.options.maxDelayMs);
      }
    }
  }

  private async upload(name: string, text: string): Promise<void> {
    const blob = this.client.getBlockBlobClient(name);
    const data = Buffer.from(text, 'utf8');
    const options = { blobHTTPHeaders: { blobContentType: 'application/json' } };
    try {
      await blob.uploadData(data, options);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      await this.client.createIfNotExists();
      await blob.uploadData(data, options);
    }
  }
}
