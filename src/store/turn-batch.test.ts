import { describe, expect, it } from 'vitest';
import { fulfilled, NOT_NOW, rejected, TurnBatch } from './turn-batch.ts';

/** A batch with a minimum interval that gives each item back, and the items of each of its runs. */
function echoing(minIntervalMs: number) {
  const batches: number[][] = [];
  const batch = new TurnBatch<number, number>(
    (items) => {
      batches.push(items);
      return items.map((n) => fulfilled(n));
    },
    () => true,
    minIntervalMs,
  );
  return { batch, batches };
}

describe('TurnBatch', () => {
  it('runs what was added in one turn as one batch, each caller getting its own outcome', async () => {
    const batches: number[][] = [];
    const batch = new TurnBatch<number, number>((items) => {
      batches.push(items);
      return items.map((n) => (n < 0 ? rejected(new Error(`negative ${n}`)) : fulfilled(n * 2)));
    });
    const outcomes = await Promise.allSettled([batch.add(1), batch.add(-1), batch.add(3)]);
    expect(batches).toEqual([[1, -1, 3]]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      2,
      'negative -1',
      6,
    ]);
    expect(await batch.add(5)).toBe(10);
    expect(batches).toHaveLength(2);
  });

  it('waits while it may not run, and fails every caller when the batch itself throws', async () => {
    let open = false;
    const batch = new TurnBatch<string, string>(
      (items) => {
        if (items.includes('boom')) throw new Error('the store is gone');
        return items.map((s) => fulfilled(s.toUpperCase()));
      },
      () => open,
    );
    let settled = false;
    const waiting = batch.add('a').then((v) => {
      settled = true;
      return v;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    open = true;
    expect(await waiting).toBe('A');
    await expect(Promise.all([batch.add('x'), batch.add('boom')])).rejects.toThrow('the store is gone');
  });

  it('drains: an asynchronous batch in flight is waited for', async () => {
    let finished = false;
    const batch = new TurnBatch<number, void>(async (items) => {
      await new Promise((r) => setTimeout(r, 10));
      finished = true;
      return items.map(() => fulfilled(undefined));
    });
    const added = batch.add(1);
    await batch.drain();
    expect(finished).toBe(true);
    await added;
  });

  it('with a minimum interval, runs an item at the next turn when idle, and gathers the items of the interval after a batch of several', async () => {
    const { batch, batches } = echoing(1000);
    const first = [batch.add(1), batch.add(2)];
    await new Promise((r) => setImmediate(r));
    // Idle before: the first items ran at the next turn, not after the interval.
    expect(batches).toEqual([[1, 2]]);
    expect(await Promise.all(first)).toEqual([1, 2]);
    // Added over several turns within the interval, after a batch of several (load): they wait for
    // it, then run as one batch.
    const later: Promise<number>[] = [];
    for (const n of [3, 4, 5]) {
      later.push(batch.add(n));
      await new Promise((r) => setImmediate(r));
    }
    expect(batches).toEqual([[1, 2]]);
    expect(await Promise.all(later)).toEqual([3, 4, 5]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('with a minimum interval, never makes a caller that waits for each item before the next wait for it', async () => {
    // Ten minutes: a caller made to wait for the interval would outlast the test's time limit.
    const { batch, batches } = echoing(600_000);
    for (let n = 1; n <= 5; n++) expect(await batch.add(n)).toBe(n);
    expect(batches).toEqual([[1], [2], [3], [4], [5]]);
  }, 10_000);

  it('keeps a batch that cannot run yet first in line, with what is added meanwhile, and tries again', async () => {
    const tries: number[][] = [];
    let locked = true;
    const batch = new TurnBatch<number, number>((items) => {
      tries.push(items);
      if (locked) return NOT_NOW;
      return items.map((n) => fulfilled(n * 10));
    });
    const first = batch.add(1);
    await new Promise((r) => setImmediate(r));
    expect(tries).toEqual([[1]]);
    const second = batch.add(2);
    await new Promise((r) => setTimeout(r, 5));
    expect(tries.length).toBeGreaterThan(1);
    expect(tries.at(-1)).toEqual([1, 2]);
    locked = false;
    expect(await Promise.all([first, second])).toEqual([10, 20]);
    expect(tries.at(-1)).toEqual([1, 2]);
  });
});
