// Azure Blob storage: finished trajectories archived one blob each, and the blob client exports use.

import type { SessionStore } from '../store/types.ts';
import { type ArchiveOptions, TrajectoryArchive } from './archive.ts';
import { ArchivingStore } from './archiving-store.ts';
import { containerClient, DEFAULT_ARCHIVE_CONTAINER, parseBlobTarget } from './azure-blob.ts';

export { type ArchivedRecord, type ArchiveOptions, archivedName, TrajectoryArchive } from './archive.ts';
export { ArchivingStore } from './archiving-store.ts';
export {
  type BlobTarget,
  blobName,
  containerClient,
  DEFAULT_ARCHIVE_CONTAINER,
  parseBlobTarget,
} from './azure-blob.ts';

/**
 * The store with archiving when it is asked for — `archive` (`azure://container[/prefix]`) or
 * `AZURE_STORAGE_CONNECTION_STRING` in `env` (then the container `sigma-trajectories`) — else the
 * store as it is (local storage only, as without Azure).
 */
export function withArchive(
  store: SessionStore,
  env: Record<string, string | undefined>,
  archive?: string,
  options: ArchiveOptions = {},
): SessionStore {
  const connection = env.AZURE_STORAGE_CONNECTION_STRING;
  if (archive === undefined && (connection === undefined || connection.trim() === '')) return store;
  const target = parseBlobTarget(archive ?? `azure://${DEFAULT_ARCHIVE_CONTAINER}`);
  return new ArchivingStore(
    store,
    new TrajectoryArchive(containerClient(connection, target), target, options),
  );
}
