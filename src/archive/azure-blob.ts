import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { ConfigurationError, InputError } from '../core/errors.ts';

/** Where blobs go: a container and a name prefix inside it (`azure://container/prefix`). */
export interface BlobTarget {
  container: string;
  prefix: string;
}

/** The container Sigma archives trajectories in when only the connection string is given. */
export const DEFAULT_ARCHIVE_CONTAINER = 'sigma-trajectories';

/** Parses `azure://container[/prefix]`; the container name follows Azure's rules. */
export function parseBlobTarget(url: string, what = '--archive'): BlobTarget {
  const match = /^azure:\/\/([^/]+)(?:\/(.*))?$/.exec(url);
  if (match === null) throw new InputError(`${what} must be azure://container[/prefix], got "${url}"`);
  const container = match[1]!;
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(container))
    throw new InputError(
      `${what}: "${container}" is not a container name (3 to 63 lower-case letters, digits and single hyphens)`,
    );
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((part) => part === '..' || part === '.'))
    throw new InputError(`${what}: the prefix must not hold "." or ".." segments`);
  return { container, prefix };
}

/** A container client from the connection string (`AZURE_STORAGE_CONNECTION_STRING`). */
export function containerClient(connectionString: string | undefined, target: BlobTarget): ContainerClient {
  if (connectionString === undefined || connectionString.trim() === '')
    throw new ConfigurationError(
      "Azure Blob storage needs AZURE_STORAGE_CONNECTION_STRING (the storage account's connection string)",
    );
  let service: BlobServiceClient;
  try {
    service = BlobServiceClient.fromConnectionString(connectionString, {
      // Sigma retries uploads itself (the archive) or fails the export cleanly: a short SDK retry.
      retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000, tryTimeoutInMs: 30_000 },
    });
  } catch (error) {
    throw new ConfigurationError(
      `AZURE_STORAGE_CONNECTION_STRING is not a valid connection string: ${(error as Error).message}`,
    );
  }
  return service.getContainerClient(target.container);
}

export function blobName(target: BlobTarget, name: string): string {
  return target.prefix === '' ? name : `${target.prefix}/${name}`;
}
