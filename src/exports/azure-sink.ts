import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { type BlobTarget, blobName } from '../archive/azure-blob.ts';
import { InputError, StorageError } from '../core/errors.ts';
import { Digest, type ExportSink, type SinkFile } from './sink.ts';

const BLOCK = 4 << 20;

/**
 * An export into an Azure Blob container under a prefix: each file is uploaded as blocks while it is
 * written (memory holds one block), and the files become visible only when their block lists are
 * committed at the end, the manifest last. A failed export commits nothing.
 */
export class AzureBlobSink implements ExportSink {
  readonly location: string;
  private readonly files: Array<{ blob: BlockBlobClient; blocks: string[] }> = [];
  private readonly client: ContainerClient;
  private readonly target: BlobTarget;

  constructor(client: ContainerClient, target: BlobTarget) {
    this.client = client;
    this.target = target;
    this.location = `azure://${target.container}/${target.prefix}`;
  }

  async prepare({ force }: { force: boolean }): Promise<void> {
    try {
      await this.client.createIfNotExists();
      if (!force && (await this.client.getBlockBlobClient(blobName(this.target, 'manifest.json')).exists()))
        throw new InputError(
          `--out ${this.location} already holds an export: choose another prefix, or add --force`,
        );
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new StorageError(`cannot reach ${this.location}: ${(error as Error).message}`, { cause: error });
    }
  }

  open(name: string): SinkFile {
    const blob = this.client.getBlockBlobClient(blobName(this.target, name));
    const entry = { blob, blocks: [] as string[] };
    this.files.push(entry);
    const digest = new Digest();
    let pending: string[] = [];
    let size = 0;
    const stage = async () => {
      const data = Buffer.from(pending.join(''), 'utf8');
      pending = [];
      size = 0;
      const id = Buffer.from(String(entry.blocks.length).padStart(8, '0')).toString('base64');
      try {
        await blob.stageBlock(id, data, data.length);
      } catch (error) {
        throw new StorageError(`uploading ${name} to ${this.location}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      entry.blocks.push(id);
    };
    return {
      write: async (chunk) => {
        digest.add(chunk);
        pending.push(chunk);
        size += chunk.length;
        if (size >= BLOCK) await stage();
      },
      close: async () => {
        if (size > 0 || entry.blocks.length === 0) await stage();
        return { bytes: digest.bytes, sha256: digest.hex() };
      },
    };
  }

  async commit(): Promise<void> {
    // Data files first, the manifest (which names them) last.
    const ordered = [...this.files].sort(
      (a, b) => Number(a.blob.name.endsWith('manifest.json')) - Number(b.blob.name.endsWith('manifest.json')),
    );
    for (const { blob, blocks } of ordered) {
      try {
        await blob.commitBlockList(blocks, {
          blobHTTPHeaders: {
            blobContentType: blob.name.endsWith('.md') ? 'text/markdown' : 'application/json',
          },
        });
      } catch (error) {
        throw new StorageError(`committing ${blob.name} to ${this.location}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
  }

  async abort(): Promise<void> {
    // Staged blocks that are never committed are dropped by the service.
  }
}
