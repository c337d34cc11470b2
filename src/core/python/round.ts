import type { PyNum } from './value.ts';

const TWO = 2n;

/** The exact value of a finite double as numerator / 2^shift (shift >= 0). */
function exactBinary(x: number): { num: bigint; shift: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let e: number;
  if (exponent === 0) {
    e = -1074;
  } else {
    mantissa |= 1n << 52n;
    e = exponent - 1075;
  }
  let num = negative ? -mantissa : mantissa;
  let shift = 0n;
  if (e >= 0) num <<= BigInt(e);
  else shift = BigInt(-e);
  return { num, shift };
}

/** Integer division rounding half to even. */
function divRoundHalfEven(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const a = negative ? -n : n;
  let q = a / d;
  const r = a - q * d;
  const twice = r * TWO;
  if (twice > d || (twice === d && q % TWO === 1n)) q += 1n;
  return negative ? -q : q;
}

/**
 * Python's `round(x, ndigits)`: rounds the exact binary value of a float half to even at `ndigits`
 * decimal places (so `round(2.675, 2) == 2.67`), and leaves an int unchanged when `ndigits >= 0`.
 */
export function pyRound(x: PyNum, ndigits: number): PyNum {
  if (typeof x === 'bigint') {
    if (ndigits >= 0) return x;
    const unit = 10n ** BigInt(-ndigits);
    return divRoundHalfEven(x, unit) * unit;
  }
  if (!Number.isFinite(x) || x === 0) return x;
  const { num, shift } = exactBinary(x);
  let rounded: bigint;
  if (ndigits >= 0) {
    rounded = divRoundHalfEven(num * 10n ** BigInt(ndigits), 1n << shift);
  } else {
    rounded = divRoundHalfEven(num, (1n << shift) * 10n ** BigInt(-ndigits));
  }
  const text = ndigits >= 0 ? `${rounded}e-${ndigits}` : `${rounded}e${-ndigits}`;
  const result = Number(text);
  // Python keeps the sign of zero: round(-0.001, 2) == -0.0
  return result === 0 && x < 0 ? -0 : result;
}
