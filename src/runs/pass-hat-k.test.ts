import { describe, expect, it } from 'vitest';
import { choose, passHatK, passHatKs } from './pass-hat-k.ts';

describe("tau-bench's pass^k", () => {
  it('matches values worked out by hand', () => {
    // Task a: 3 of 4 trials succeed; task b: 1 of 4; task c: 4 of 4.
    const trials = new Map([
      ['a', [1, 1, 0, 1]],
      ['b', [0, 0, 1, 0]],
      ['c', [1, 1, 1, 1]],
    ]);
    // k=1: (3/4 + 1/4 + 1) / 3 = 2/3; k=2: (3/6 + 0 + 1) / 3 = 1/2; k=3: (1/4 + 0 + 1) / 3 = 5/12; k=4: 1/3.
    const all = passHatKs(trials, 4);
    expect(all['1']!.value).toBeCloseTo(2 / 3, 12);
    expect(all['2']!.value).toBeCloseTo(1 / 2, 12);
    expect(all['3']!.value).toBeCloseTo(5 / 12, 12);
    expect(all['4']!.value).toBeCloseTo(1 / 3, 12);
    expect(all['4']!.tasks).toBe(3);
  });

  it('counts a reward within 1e-6 of 1 as a success, and nothing below', () => {
    expect(passHatK(new Map([['a', [1 - 1e-7, 0.999]]]), 1).value).toBe(0.5);
  });

  it('gives a 95% interval over tasks, clipped to [0, 1]', () => {
    const { value, low, high } = passHatK(
      new Map([
        ['a', [1]],
        ['b', [0]],
        ['c', [1]],
        ['d', [1]],
      ]),
      1,
    );
    expect(value).toBe(0.75);
    const half = 1.96 * Math.sqrt(0.25 / 4);
    expect(low).toBeCloseTo(0.75 - half, 12);
    expect(high).toBe(1);
  });

  it('C(n, k)', () => {
    expect([choose(4, 2), choose(5, 0), choose(3, 4), choose(10, 3)]).toEqual([6, 1, 0, 120]);
  });
});
