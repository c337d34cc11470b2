import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach } from 'vitest';

/** The Redis server the queue tests use (the machine's, on loopback). */
export const REDIS = 'redis://127.0.0.1:6379';

/** A Redis key prefix of the test file's own, so parallel runs never share queues. */
export function redisPrefix(label: string): string {
  return `sigma-test-${label}-${randomBytes(4).toString('hex')}`;
}

/** Deletes the Redis keys whose names start with `start`. */
export async function dropRedisKeys(start: string): Promise<void> {
  const redis = new Redis(REDIS);
  try {
    const keys = await redis.keys(`${start}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** A list for the processes a test starts: whatever is still running when the test ends is killed. */
export function killedAfterEach(): ChildProcess[] {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  return children;
}
