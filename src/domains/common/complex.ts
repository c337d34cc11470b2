import { floatRepr } from '../../core/python/index.ts';

/**
 * Python's complex numbers, as far as the `calculate` tool can reach them: a negative number raised
 * to a fractional power (`(-8) ** (1/3)`) is complex in Python, and arithmetic on it continues until
 * the final `float()` refuses it. What the agent can see of them is an error type and, in one error
 * message, the number's repr, so the operations follow CPython 3.11's algorithms step by step
 * (`_Py_c_quot`, `_Py_c_pow`, `c_powi`), including which failures they report.
 */
export interface Complex {
  kind: 'complex';
  re: number;
  im: number;
}

export const complex = (re: number, im: number): Complex => ({ kind: 'complex', re, im });

/** How a complex operation failed, as CPython's `errno` tells it. */
export type ComplexFault = 'zero-division' | 'overflow' | null;

export interface ComplexResult {
  value: Complex;
  fault: ComplexFault;
}

export const add = (a: Complex, b: Complex): Complex => complex(a.re + b.re, a.im + b.im);
export const sub = (a: Complex, b: Complex): Complex => complex(a.re - b.re, a.im - b.im);
export const neg = (a: Complex): Complex => complex(-a.re, -a.im);

export function mul(a: Complex, b: Complex): Complex {
  return complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
}

/** Division by Smith's method; a zero divisor is a fault (ZeroDivisionError in Python). */
export function div(a: Complex, b: Complex): ComplexResult {
  const absRe = Math.abs(b.re);
  const absIm = Math.abs(b.im);
  if (absRe >= absIm) {
    if (absRe === 0) return { value: complex(0, 0), fault: 'zero-division' };
    const ratio = b.im / b.re;
    const denom = b.re + b.im * ratio;
    return { value: complex((a.re + a.im * ratio) / denom, (a.im - a.re * ratio) / denom), fault: null };
  }
  if (absIm >= absRe) {
    const ratio = b.re / b.im;
    const denom = b.re * ratio + b.im;
    return { value: complex((a.re * ratio + a.im) / denom, (a.im * ratio - a.re) / denom), fault: null };
  }
  return { value: complex(Number.NaN, Number.NaN), fault: null };
}

/** `a ** n` for a small non-negative int, by repeated squaring. */
function powUnsigned(a: Complex, n: number): Complex {
  let result = complex(1, 0);
  let square = a;
  for (let mask = 1; n >= mask; mask *= 2) {
    if ((n & mask) !== 0) result = mul(result, square);
    square = mul(square, square);
  }
  return result;
}

/** The general power through polar form; `fault` is set as the C library would set `errno`. */
function powGeneral(a: Complex, b: Complex): ComplexResult {
  if (b.re === 0 && b.im === 0) return { value: complex(1, 0), fault: null };
  if (a.re === 0 && a.im === 0) {
    return { value: complex(0, 0), fault: b.im !== 0 || b.re < 0 ? 'zero-division' : null };
  }
  const modulus = Math.hypot(a.re, a.im);
  let length = modulus ** b.re;
  const angle = Math.atan2(a.im, a.re);
  let phase = angle * b.re;
  if (b.im !== 0) {
    length /= Math.exp(angle * b.im);
    phase += b.im * Math.log(modulus);
  }
  // cos and sin of an infinite angle are a domain error (EDOM), reported like a zero base
  const fault =
    phase === Number.POSITIVE_INFINITY || phase === Number.NEGATIVE_INFINITY ? 'zero-division' : null;
  return { value: complex(length * Math.cos(phase), length * Math.sin(phase)), fault };
}

/** Python's `a ** b` on complex numbers: ZeroDivisionError or OverflowError come back as `fault`. */
export function pow(a: Complex, b: Complex): ComplexResult {
  let result: ComplexResult;
  if (b.im === 0 && b.re === Math.floor(b.re) && Math.abs(b.re) <= 100) {
    const n = b.re;
    result = n > 0 ? { value: powUnsigned(a, n), fault: null } : div(complex(1, 0), powUnsigned(a, -n));
  } else {
    result = powGeneral(a, b);
  }
  if (result.fault === null && (isInfinite(result.value.re) || isInfinite(result.value.im))) {
    return { value: result.value, fault: 'overflow' };
  }
  return result;
}

const isInfinite = (x: number): boolean => x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY;

/** Python's `repr(complex)`: `1j`, `(1+2j)`, `(6.123233995736766e-17+1j)`, `(nan+infj)`. */
export function complexRepr(z: Complex): string {
  const part = (x: number) => floatRepr(x).replace(/\.0$/, '');
  if (z.re === 0 && !Object.is(z.re, -0)) return `${part(z.im)}j`;
  const im = part(z.im);
  const sign = im.startsWith('-') ? '' : '+';
  return `(${part(z.re)}${sign}${im}j)`;
}
