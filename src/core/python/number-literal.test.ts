import { describe, expect, it } from 'vitest';
import { decimalLiteral, hasLeadingZeros, INT_MAX_STR_DIGITS } from './number-literal.ts';

describe('decimal number literals', () => {
  it('are ints without a fraction or exponent, floats with one', () => {
    expect(decimalLiteral('0')).toBe(0n);
    expect(decimalLiteral('-12')).toBe(-12n);
    expect(decimalLiteral('123456789012345678901234567890')).toBe(123456789012345678901234567890n);
    expect(decimalLiteral('1.0')).toBe(1);
    expect(decimalLiteral('1.')).toBe(1);
    expect(decimalLiteral('.5')).toBe(0.5);
    expect(decimalLiteral('1e3')).toBe(1000);
    expect(decimalLiteral('2E-1')).toBe(0.2);
    expect(Object.is(decimalLiteral('-0.0'), -0)).toBe(true);
    // Correctly rounded, as CPython's float(): 2^53 + 1 is a tie, which goes to the even 2^53.
    expect(decimalLiteral('9007199254740993.0')).toBe(9007199254740992);
    expect(decimalLiteral('1e400')).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuse leading zeros in an int, as Python does, but not a run of zeros', () => {
    expect(hasLeadingZeros('007')).toBe(true);
    expect(hasLeadingZeros('0001')).toBe(true);
    expect(hasLeadingZeros('000')).toBe(false);
    expect(hasLeadingZeros('0')).toBe(false);
    expect(hasLeadingZeros('70')).toBe(false);
  });

  it("know CPython's int digit limit", () => {
    expect(INT_MAX_STR_DIGITS).toBe(4300);
  });
});
