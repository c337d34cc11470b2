import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { floatRepr } from './float-repr.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/python/python-cases.json', import.meta.url), 'utf8'),
) as { python: string; float_repr: [string, string][] };

/** A double from the 16 hex digits of its IEEE-754 bits. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('floatRepr', () => {
  it.each([
    [100, '100.0'],
    [-0, '-0.0'],
    [1e16, '1e+16'],
    [9999999999999998, '9999999999999998.0'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0.1 + 0.2, '0.30000000000000004'],
    [Number.NaN, 'nan'],
    [Number.NEGATIVE_INFINITY, '-inf'],
  ])('repr(%d) is %s', (x, text) => {
    expect(floatRepr(x)).toBe(text);
  });

  it(`matches CPython ${fixture.python} on ${fixture.float_repr.length} doubles of every magnitude`, () => {
    const problems = fixture.float_repr
      .filter(([hex, text]) => floatRepr(fromBits(hex)) !== text)
      .map(([hex, text]) => `${hex}: want ${text}, got ${floatRepr(fromBits(hex))}`);
    expect(problems).toEqual([]);
  });
});
