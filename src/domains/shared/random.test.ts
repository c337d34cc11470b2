import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';

describe('Random', () => {
  it('gives the same sequence for the same seed and different ones for different seeds', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random('42');
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('stays in range and covers it', () => {
    const r = new Random(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = r.int(3, 9);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(9);
      seen.add(n);
    }
    expect(seen.size).toBe(7);
    expect(() => r.int(5, 4)).toThrow(RangeError);
    expect(r.sample([1, 2, 3, 4], 4).sort()).toEqual([1, 2, 3, 4]);
    expect(r.digits(10)).toMatch(/^[1-9]\d{9}$/);
  });
});
