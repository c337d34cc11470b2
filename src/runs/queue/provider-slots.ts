import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Semaphore } from 'redis-semaphore';
import type { ModelClient, ModelRequest, ModelResponse } from '../../core/model/types.ts';
import type { ModelFactory } from '../play-attempt.ts';
import { checkQueueUrl, type QueueAddress } from './connection.ts';

/** How long a slot outlives a worker that stopped renewing it (Redis): a dead worker's slots come back after it. */
export const DEFAULT_SLOT_LEASE_MS = 10_000;
/** How often a call waiting for a slot asks again. */
const RETRY_MS = 25;

export interface ProviderSlotOptions extends QueueAddress {
  /** Model calls in flight per provider across every worker of the queue. */
  limits: Readonly<Record<string, number>>;
  /** Redis: a held slot's lease, renewed while its call runs (default 10 s). */
  leaseMs?: number;
}

/** Per-provider limits shared by every worker of a queue: each model call holds a slot while it runs. */
export interface ProviderSlots {
  /** The same clients, each call waiting for a slot of its provider when the provider has a limit. */
  models(factory: ModelFactory): ModelFactory;
  close(): Promise<void>;
}

interface Slot {
  release(): Promise<void>;
}

type Acquire = (provider: string, limit: number) => Promise<Slot>;

/**
 * Global per-provider limits on the queue's own service. Redis: one `redis-semaphore` counting semaphore
 * per provider (`<prefix>:provider-limit:<provider>`), each slot a lease renewed while its call runs, so
 * a worker killed holding slots gives them back once their lease lapses. PostgreSQL: slot `i` of a
 * provider is a session advisory lock held on its own connection, so a dead worker's slots are freed
 * as soon as its connections drop. Every worker should give the same limits: each compares the shared
 * count with its own number.
 */
export function providerSlots(options: ProviderSlotOptions): ProviderSlots {
  const prefix = options.prefix ?? 'sigma';
  const { acquire, close } =
    checkQueueUrl(options.url) === 'redis'
      ? redisSlots(options.url, prefix, options.leaseMs ?? DEFAULT_SLOT_LEASE_MS)
      : postgresSlots(options.url, prefix);
  return {
    models(factory) {
      const clients = new Map<ModelClient, ModelClient>();
      return (spec) => {
        const client = factory(spec);
        const limit = options.limits[spec.provider];
        if (limit === undefined) return client;
        let limited = clients.get(client);
        if (limited === undefined) {
          limited = {
            provider: client.provider,
            model: client.model,
            async complete(request: ModelRequest): Promise<ModelResponse> {
              const slot = await acquire(spec.provider, limit);
              try {
                return await client.complete(request);
              } finally {
                await slot.release();
              }
            },
          };
          clients.set(client, limited);
        }
        return limited;
      };
    },
    close,
  };
}

function redisSlots(
  url: string,
  prefix: string,
  leaseMs: number,
): { acquire: Acquire; close(): Promise<void> } {
  // Connected on the first limited call: a worker without limits opens nothing.
  let redis: Redis | undefined;
  return {
    async acquire(provider, limit) {
      redis ??= new Redis(url, { maxRetriesPerRequest: null });
      const semaphore = new Semaphore(redis, `${prefix}:provider-limit:${provider}`, limit, {
        lockTimeout: leaseMs,
        // Renewed three times a lease: a busy event loop that misses one renewal does not lose the slot.
        refreshInterval: Math.max(1, Math.floor(leaseMs / 3)),
        acquireTimeout: 2 ** 31 - 1,
        retryInterval: RETRY_MS,
        // A lease lost (Redis unreachable longer than it) lets the count run over for a moment; the call goes on.
        onLockLost: () => {},
      });
      await semaphore.acquire();
      return { release: () => semaphore.release() };
    },
    async close() {
      redis?.disconnect();
    },
  };
}

function postgresSlots(url: string, prefix: string): { acquire: Acquire; close(): Promise<void> } {
  const address = new URL(url);
  const schema = address.searchParams.get('schema') ?? prefix;
  address.searchParams.delete('schema');
  const pools = new Map<string, pg.Pool>();
  const poolOf = (provider: string, limit: number) => {
    let pool = pools.get(provider);
    if (pool === undefined) {
      // A connection per slot this process can hold, and one to look for a free slot.
      pool = new pg.Pool({ connectionString: address.toString(), max: limit + 1 });
      pool.on('error', () => {});
      pools.set(provider, pool);
    }
    return pool;
  };
  return {
    async acquire(provider, limit) {
      const pool = poolOf(provider, limit);
      const key = lockKey(`${schema}:provider-limit:${provider}`);
      for (;;) {
        for (let slot = 0; slot < limit; slot++) {
          const connection = await pool.connect();
          const { rows } = await connection.query<{ ok: boolean }>(
            'select pg_try_advisory_lock($1::int, $2::int) as ok',
            [key, slot],
          );
          if (rows[0]?.ok === true)
            return {
              async release() {
                try {
                  await connection.query('select pg_advisory_unlock($1::int, $2::int)', [key, slot]);
                  connection.release();
                } catch (error) {
                  // A connection that cannot unlock is dropped: its locks go with it.
                  connection.release(error as Error);
                }
              },
            };
          connection.release();
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    },
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.end()));
    },
  };
}

/** A 32-bit advisory lock key for a name. */
function lockKey(name: string): number {
  return createHash('sha256').update(name).digest().readInt32BE(0);
}
