import type { PyNum } from './value.ts';

/**
 * Python arithmetic on ints (bigint) and floats (number): int op int stays an int, anything with a
 * float is a float, `/` is always a float.
 */
export function add(a: PyNum, b: PyNum): PyNum {
  return typeof a === 'bigint' && typeof b === 'bigint' ? a + b : Number(a) + Number(b);
}

export function sub(a: PyNum, b: PyNum): PyNum {
  return typeof a === 'bigint' && typeof b === 'bigint' ? a - b : Number(a) - Number(b);
}

export function mul(a: PyNum, b: PyNum): PyNum {
  return typeof a === 'bigint' && typeof b === 'bigint' ? a * b : Number(a) * Number(b);
}

export function neg(a: PyNum): PyNum {
  return typeof a === 'bigint' ? -a : -a;
}

/** Python's built-in `sum` (starts from int 0). */
export function sum(values: Iterable<PyNum>): PyNum {
  let total: PyNum = 0n;
  for (const v of values) total = add(total, v);
  return total;
}

/** Numeric comparison across ints and floats: negative, zero or positive. */
export function compare(a: PyNum, b: PyNum): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

export function isNum(v: unknown): v is PyNum {
  return typeof v === 'bigint' || typeof v === 'number';
}

/** Python's `float(x)`. */
export function toFloat(a: PyNum): number {
  return Number(a);
}
