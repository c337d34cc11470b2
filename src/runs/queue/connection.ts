import { type BackendFactory, createPostgresBackend, createRedisBackend } from 'bullmq';
import { Redis } from 'ioredis';
import { InputError } from '../../core/errors.ts';

/** The queue names, under the prefix: one job per run (the parent) and one per attempt (its children). */
export const RUNS_QUEUE = 'sigma-runs';
export const ATTEMPTS_QUEUE = 'sigma-attempts';

export interface QueueAddress {
  /** `redis://host:6379` (or `rediss://`), or `postgres://…` for BullMQ's PostgreSQL backend. */
  url: string;
  /** Redis key prefix (default `sigma`); on PostgreSQL the schema, unless the URL has `?schema=NAME`. */
  prefix?: string;
}

/** What BullMQ's classes are built with: the connection and, for PostgreSQL, the backend factory. */
export interface QueueBackend {
  kind: 'redis' | 'postgres';
  connection: never;
  factory: BackendFactory;
  prefix: string;
  close(): void;
}

/** Refuses a `--queue` value Sigma cannot use, saying what it takes. */
export function checkQueueUrl(url: string): 'redis' | 'postgres' {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  if (/^rediss?:\/\//i.test(url)) return 'redis';
  throw new InputError(
    `--queue ${url}: give a Redis URL (redis://127.0.0.1:6379) or a PostgreSQL one (postgres://user@host:5432/db)`,
  );
}

/**
 * Connects to the queue: Redis through a built ioredis client (BullMQ needs
 * `maxRetriesPerRequest: null`), or PostgreSQL through BullMQ 6's PostgreSQL backend, whose tables are
 * created in their own schema on first use.
 */
export function openQueueBackend(address: QueueAddress): QueueBackend {
  const prefix = address.prefix ?? 'sigma';
  if (checkQueueUrl(address.url) === 'redis') {
    const redis = new Redis(address.url, { maxRetriesPerRequest: null });
    return {
      kind: 'redis',
      connection: redis as never,
      factory: createRedisBackend,
      prefix,
      close: () => redis.disconnect(),
    };
  }
  const url = new URL(address.url);
  const schema = url.searchParams.get('schema') ?? prefix.replace(/[^a-zA-Z0-9_]/g, '_');
  url.searchParams.delete('schema');
  return {
    kind: 'postgres',
    connection: { connectionString: url.toString(), schema, migrate: true } as never,
    factory: createPostgresBackend as unknown as BackendFactory,
    prefix,
    close: () => {},
  };
}
