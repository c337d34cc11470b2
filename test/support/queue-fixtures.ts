import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach } from 'vitest';
import { repoRoot } from './shared-data.ts';

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

/** A `sigma` command started from source: what it prints so far, and its exit. */
export interface CliProcess {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Standard output and error as they came, interleaved. */
  output: () => string;
  closed: Promise<number | null>;
}

/** Starts `sigma ARGS` from source without colour, added to `children` (see `killedAfterEach`). */
export function spawnCli(children: ChildProcess[], args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [join(repoRoot, 'src/cli/main.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  let both = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    out += c;
    both += c;
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    err += c;
    both += c;
  });
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    output: () => both,
    closed: new Promise((resolve) => child.on('close', resolve)),
  };
}
