import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.ts';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('KeyedMutex', () => {
  it('runs holders of one key one after the other, in order, and other keys in parallel', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const job = async (key: string, name: string) => {
      const release = await mutex.acquire(key);
      log.push(`${name}+`);
      await tick();
      log.push(`${name}-`);
      release();
      release(); // idempotent
    };
    await Promise.all([job('a', 'a1'), job('a', 'a2'), job('b', 'b1'), job('a', 'a3')]);
    const a = log.filter((l) => l.startsWith('a'));
    expect(a).toEqual(['a1+', 'a1-', 'a2+', 'a2-', 'a3+', 'a3-']);
    expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
    expect(mutex.busy('a')).toBe(false);
  });
});

describe('KeyedMutex.reserve', () => {
  it('takes a place at once and counts who holds or waits', async () => {
    const mutex = new KeyedMutex();
    const first = mutex.reserve('a');
    const second = mutex.reserve('a');
    expect(mutex.queued('a')).toBe(2);
    const log: string[] = [];
    void second.ready.then(() => log.push('second'));
    await first.ready;
    log.push('first');
    await tick();
    expect(log).toEqual(['first']);
    first.release();
    await second.ready;
    expect(log).toEqual(['first', 'second']);
    second.release();
    expect(mutex.queued('a')).toBe(0);
    expect(mutex.busy('a')).toBe(false);
  });
});
