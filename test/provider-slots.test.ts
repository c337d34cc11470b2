// The slots behind `sigma worker --provider-limit`, on Redis and on PostgreSQL: a worker process holding
// both slots of a provider keeps them while it lives (its Redis leases are renewed past their length),
// so another worker's call waits; once it is killed (SIGKILL, no release), the slots come back — on
// Redis when the leases lapse, on PostgreSQL when its connections drop — and the waiting call runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ModelClient } from '../src/core/model/types.ts';
import type { ModelSpec } from '../src/llm/index.ts';
import { providerSlots } from '../src/runs/queue/index.ts';
import { testSchema } from './support/server-postgres.ts';
import { repoRoot } from './support/shared-data.ts';

const REDIS = 'redis://127.0.0.1:6379';
const prefix = `sigma-test-slots-${randomBytes(4).toString('hex')}`;
const schema = testSchema('slots');
const LEASE_MS = 3000;

const HOLDER = `
const { providerSlots } = await import(${JSON.stringify(join(repoRoot, 'src/runs/queue/index.ts'))});
const [url, prefix, lease] = process.argv.slice(1);
const slots = providerSlots({ url, prefix, limits: { openai: 2 }, leaseMs: Number(lease) });
let calls = 0;
const models = slots.models(() => ({
  provider: 'openai',
  model: 'held',
  complete: () => {
    if (++calls === 2) console.log('holding 2');
    return new Promise(() => {});
  },
}));
const client = models({ provider: 'openai', model: 'held' });
client.complete({});
client.complete({});
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  await schema.drop();
  const redis = new Redis(REDIS);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  { name: 'Redis', url: () => REDIS },
  { name: 'PostgreSQL', url: () => schema.url },
])('provider slots on $name', ({ url }) => {
  it('are held while their worker lives and freed when it is killed', async () => {
    const queuePrefix = `${prefix}-${randomBytes(3).toString('hex')}`;
    const holder = spawn(
      process.execPath,
      ['--input-type=module', '-e', HOLDER, url(), queuePrefix, String(LEASE_MS)],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(holder);
    let out = '';
    holder.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    for (let i = 0; i < 1200 && !out.includes('holding 2'); i++) await sleep(25);
    expect(out).toContain('holding 2');

    const slots = providerSlots({
      url: url(),
      prefix: queuePrefix,
      limits: { openai: 2 },
      leaseMs: LEASE_MS,
    });
    const inner: ModelClient = {
      provider: 'openai',
      model: 'waiting',
      complete: async () => ({ content: 'ok' }) as never,
    };
    const client = slots.models(() => inner)({ provider: 'openai', model: 'waiting' } as ModelSpec);
    let answered = false;
    const call = client.complete({} as never).then((r) => {
      answered = true;
      return r;
    });
    // Two lease lengths: the holder renews its slots, so the call still waits.
    await sleep(2 * LEASE_MS + 500);
    expect(answered).toBe(false);
    holder.kill('SIGKILL');
    expect(await call).toEqual({ content: 'ok' });
    await slots.close();
  }, 60_000);
});
