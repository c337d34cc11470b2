import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { floatRepr } from './float-repr.ts';
import { pyRound } from './round.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/python/python-cases.json', import.meta.url), 'utf8'),
) as { python: string; round: [string, number, string][]; round_int: [string, number, string][] };

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('pyRound', () => {
  it.each([
    [2.675, 2, '2.67'],
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [1.005, 2, '1.0'],
    [2.5, 0, '2.0'],
    [3.5, 0, '4.0'],
    [-0.001, 2, '-0.0'],
    [1e300, 2, '1e+300'],
  ])('round(%d, %d) is %s, the exact double rounded half to even', (x, n, text) => {
    expect(floatRepr(pyRound(x, n) as number)).toBe(text);
  });

  it(`matches CPython ${fixture.python} on ${fixture.round.length} floats, n from 0 to 4`, () => {
    const problems = fixture.round
      .map(([hex, n, text]) => ({ x: fromBits(hex), n, text }))
      .filter(({ x, n, text }) => floatRepr(pyRound(x, n) as number) !== text)
      .map(
        ({ x, n, text }) =>
          `round(${floatRepr(x)}, ${n}): want ${text}, got ${floatRepr(pyRound(x, n) as number)}`,
      );
    expect(problems).toEqual([]);
  });

  it('keeps ints as ints, rounding to tens, hundreds and thousands half to even', () => {
    const problems = fixture.round_int
      .filter(([digits, n, text]) => String(pyRound(BigInt(digits), n)) !== text)
      .map(([digits, n, text]) => `round(${digits}, ${n}): want ${text}, got ${pyRound(BigInt(digits), n)}`);
    expect(problems).toEqual([]);
    expect(typeof pyRound(5n, 2)).toBe('bigint');
  });
});
