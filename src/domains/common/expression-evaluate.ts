import { floatRepr } from '../../core/python/index.ts';
import * as c from './complex.ts';
import { type BinaryOperator, type ExpressionNode, PythonError, parseExpression } from './expression.ts';

/**
 * Runs a parsed expression with Python 3.11's semantics: ints are exact (bigint), floats are doubles,
 * `/` always gives a float (an int quotient rounded correctly, not through two conversions), `//`
 * floors, `**` of ints stays an int unless the exponent is negative, and every error is the
 * exception CPython raises, with its message.
 */

export type PyObject = bigint | number | c.Complex | { kind: 'tuple' } | { kind: 'ellipsis' };

const EMPTY_TUPLE: PyObject = Object.freeze({ kind: 'tuple' });
const ELLIPSIS: PyObject = Object.freeze({ kind: 'ellipsis' });

/** Ints above this many bits are refused as Python would refuse an allocation it cannot make. */
const MAX_INT_BITS = 1 << 23;
const MAX_STR_DIGITS = 4300;
const SSIZE_MAX = (1n << 63n) - 1n;

const typeError = (message: string) => new PythonError('TypeError', message);
const zeroDivision = (message: string) => new PythonError('ZeroDivisionError', message);
const overflow = (message: string) => new PythonError('OverflowError', message);
const memoryError = () => new PythonError('MemoryError', '');

export function typeName(value: PyObject): string {
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'float';
  return value.kind;
}

/** Python's `str()` of a value. */
export function pyStr(value: PyObject): string {
  if (typeof value === 'bigint') {
    // past 14300 bits there are surely more than 4300 digits: refuse before converting, as CPython does
    const digits = bitLength(value) > 14300 ? '' : value.toString();
    if (digits === '' || digits.length - (value < 0n ? 1 : 0) > MAX_STR_DIGITS) {
      throw new PythonError(
        'ValueError',
        `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`,
      );
    }
    return digits;
  }
  if (typeof value === 'number') return floatRepr(value);
  if (value.kind === 'complex') return c.complexRepr(value);
  return value.kind === 'tuple' ? '()' : 'Ellipsis';
}

const isNumber = (v: PyObject): v is bigint | number | c.Complex =>
  typeof v === 'bigint' || typeof v === 'number' || v.kind === 'complex';

function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  const hex = (n < 0n ? -n : n).toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(Number.parseInt(hex[0]!, 16)));
}

function checkIntSize(bits: number): void {
  if (bits > MAX_INT_BITS) throw memoryError();
}

/** Python's `float(int)`: correctly rounded, OverflowError past the largest double. */
function intToFloat(n: bigint): number {
  const x = Number(n);
  if (!Number.isFinite(x)) throw overflow('int too large to convert to float');
  return x;
}

function toFloat(v: bigint | number): number {
  return typeof v === 'bigint' ? intToFloat(v) : v;
}

function toComplex(v: bigint | number | c.Complex): c.Complex {
  return typeof v === 'object' ? v : c.complex(toFloat(v), 0);
}

/** n / d (n >= 0, d > 0) correctly rounded to a double, half to even; Infinity when too large. */
function ratioToFloat(n: bigint, d: bigint): number {
  if (n === 0n) return 0;
  let e = bitLength(n) - bitLength(d); // n/d lies in [2^(e-1), 2^(e+1))
  if (e >= 0 ? n < d << BigInt(e) : n << BigInt(-e) < d) e -= 1;
  if (e > 1023) return Number.POSITIVE_INFINITY;
  const unit = Math.max(e - 52, -1074); // exponent of the last bit kept
  const shift = unit - 1; // keep one more bit to round with
  const num = shift < 0 ? n << BigInt(-shift) : n;
  const den = shift > 0 ? d << BigInt(shift) : d;
  const t = num / den;
  let q = t >> 1n;
  if ((t & 1n) === 1n && (num !== t * den || (q & 1n) === 1n)) q += 1n;
  return Number(q) * 2 ** unit;
}

function intTrueDivide(a: bigint, b: bigint): number {
  if (b === 0n) throw zeroDivision('division by zero');
  const magnitude = ratioToFloat(a < 0n ? -a : a, b < 0n ? -b : b);
  if (magnitude === Number.POSITIVE_INFINITY) throw overflow('integer division result too large for a float');
  return a < 0n !== b < 0n ? -magnitude : magnitude;
}

function intFloorDivide(a: bigint, b: bigint): bigint {
  if (b === 0n) throw zeroDivision('integer division or modulo by zero');
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** CPython's float floor division: fmod, then a correction so the result is the exact floor. */
function floatFloorDivide(x: number, y: number): number {
  if (y === 0) throw zeroDivision('float floor division by zero');
  let mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0 && y < 0 !== mod < 0) {
    mod += y;
    div -= 1;
  }
  if (div === 0) return x / y < 0 || Object.is(x / y, -0) ? -0 : 0;
  let floor = Math.floor(div);
  if (div - floor > 0.5) floor += 1;
  return floor;
}

const isOddInteger = (x: number): boolean => Math.abs(x) % 2 === 1;

/** CPython's `float.__pow__`, special cases first; a negative base with a fractional exponent is complex. */
function floatPower(x: number, y: number): number | 'complex' {
  if (y === 0) return 1;
  if (Number.isNaN(x)) return x;
  if (Number.isNaN(y)) return x === 1 ? 1 : y;
  if (!Number.isFinite(y)) {
    const ax = Math.abs(x);
    if (ax === 1) return 1;
    return y > 0 === ax > 1 ? Math.abs(y) : 0;
  }
  if (!Number.isFinite(x)) {
    if (y > 0) return isOddInteger(y) ? x : Math.abs(x);
    return isOddInteger(y) ? (x < 0 ? -0 : 0) : 0;
  }
  if (x === 0) {
    if (y < 0) throw zeroDivision('0.0 cannot be raised to a negative power');
    return isOddInteger(y) ? x : 0;
  }
  let negate = false;
  if (x < 0) {
    if (y !== Math.floor(y)) return 'complex';
    x = -x;
    negate = isOddInteger(y);
  }
  if (x === 1) return negate ? -1 : 1;
  const result = x ** y;
  if (result === Number.POSITIVE_INFINITY) throw overflow("(34, 'Numerical result out of range')");
  return negate ? -result : result;
}

function intPower(base: bigint, exponent: bigint): PyObject {
  if (exponent < 0n) return floatPower(intToFloat(base), intToFloat(exponent)) as number;
  if (base === 0n || base === 1n) return exponent === 0n ? 1n : base;
  if (base === -1n) return exponent % 2n === 0n ? 1n : -1n;
  if (exponent > BigInt(MAX_INT_BITS)) throw memoryError();
  checkIntSize((bitLength(base) - 1) * Number(exponent));
  return base ** exponent;
}

function complexResult(result: c.ComplexResult, zeroDivisionMessage: string): c.Complex {
  if (result.fault === 'zero-division') throw zeroDivision(zeroDivisionMessage);
  if (result.fault === 'overflow') throw overflow('complex exponentiation');
  return result.value;
}

function power(a: bigint | number | c.Complex, b: bigint | number | c.Complex): PyObject {
  if (typeof a === 'object' || typeof b === 'object') {
    return complexResult(c.pow(toComplex(a), toComplex(b)), '0.0 to a negative or complex power');
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return intPower(a, b);
  const result = floatPower(toFloat(a), toFloat(b));
  if (result !== 'complex') return result;
  return complexResult(c.pow(toComplex(a), toComplex(b)), '0.0 to a negative or complex power');
}

function arithmetic(
  operator: BinaryOperator,
  a: bigint | number | c.Complex,
  b: bigint | number | c.Complex,
): PyObject {
  if (operator === '**') return power(a, b);
  if (typeof a === 'object' || typeof b === 'object') {
    if (operator === '//')
      throw typeError(`unsupported operand type(s) for //: '${typeName(a)}' and '${typeName(b)}'`);
    const x = toComplex(a);
    const y = toComplex(b);
    if (operator === '+') return c.add(x, y);
    if (operator === '-') return c.sub(x, y);
    if (operator === '*') return c.mul(x, y);
    return complexResult(c.div(x, y), 'complex division by zero');
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    switch (operator) {
      case '+':
      case '-':
        checkIntSize(Math.max(bitLength(a), bitLength(b)) + 1);
        return operator === '+' ? a + b : a - b;
      case '*':
        checkIntSize(bitLength(a) + bitLength(b));
        return a * b;
      case '/':
        return intTrueDivide(a, b);
      default:
        return intFloorDivide(a, b);
    }
  }
  const x = toFloat(a);
  const y = toFloat(b);
  switch (operator) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      if (y === 0) throw zeroDivision('float division by zero');
      return x / y;
    default:
      return floatFloorDivide(x, y);
  }
}

/** `()` repeated n times: still `()`, but n must be an int that fits in a C ssize_t. */
function repeatTuple(count: PyObject): PyObject {
  if (typeof count !== 'bigint')
    throw typeError(`can't multiply sequence by non-int of type '${typeName(count)}'`);
  if (count > SSIZE_MAX || count < -SSIZE_MAX - 1n)
    throw overflow("cannot fit 'int' into an index-sized integer");
  return EMPTY_TUPLE;
}

function binaryOperation(operator: BinaryOperator, a: PyObject, b: PyObject): PyObject {
  if (isNumber(a) && isNumber(b)) return arithmetic(operator, a, b);
  const aIsTuple = typeof a === 'object' && a.kind === 'tuple';
  const bIsTuple = typeof b === 'object' && b.kind === 'tuple';
  if (operator === '+' && aIsTuple) {
    if (bIsTuple) return EMPTY_TUPLE;
    throw typeError(`can only concatenate tuple (not "${typeName(b)}") to tuple`);
  }
  if (operator === '*' && aIsTuple) return repeatTuple(b);
  if (operator === '*' && bIsTuple) return repeatTuple(a);
  const shown = operator === '**' ? '** or pow()' : operator;
  throw typeError(`unsupported operand type(s) for ${shown}: '${typeName(a)}' and '${typeName(b)}'`);
}

function unaryOperation(operator: '+' | '-', value: PyObject): PyObject {
  if (!isNumber(value)) throw typeError(`bad operand type for unary ${operator}: '${typeName(value)}'`);
  if (operator === '+') return value;
  if (typeof value === 'object') return c.neg(value);
  return -value;
}

/** A call: nothing here is callable, but the argument is evaluated and unpacked first. */
function call(
  callee: PyObject,
  kind: 'positional' | 'star' | 'double-star' | null,
  argument: PyObject | null,
): never {
  if (kind === 'star' && !(typeof argument === 'object' && argument?.kind === 'tuple')) {
    throw typeError(`${pyStr(callee)} argument after * must be an iterable, not ${typeName(argument!)}`);
  }
  if (kind === 'double-star') {
    throw typeError(`${pyStr(callee)} argument after ** must be a mapping, not ${typeName(argument!)}`);
  }
  throw typeError(`'${typeName(callee)}' object is not callable`);
}

export function evaluateTree(tree: ExpressionNode): PyObject {
  switch (tree.type) {
    case 'int':
    case 'float':
      return tree.value;
    case 'ellipsis':
      return ELLIPSIS;
    case 'empty-tuple':
      return EMPTY_TUPLE;
    case 'unary':
      return unaryOperation(tree.operator, evaluateTree(tree.operand));
    case 'binary': {
      const left = evaluateTree(tree.left);
      return binaryOperation(tree.operator, left, evaluateTree(tree.right));
    }
    case 'call': {
      const callee = evaluateTree(tree.callee);
      const argument = tree.argument === null ? null : evaluateTree(tree.argument.value);
      return call(callee, tree.argument?.kind ?? null, argument);
    }
  }
}

/** Python's `eval(source)` for the calculator's characters; throws PythonError as CPython raises. */
export function evaluateExpression(source: string): PyObject {
  return evaluateTree(parseExpression(source));
}

/** Python's `float(value)`. */
export function pyFloat(value: PyObject): number {
  if (typeof value === 'bigint') return intToFloat(value);
  if (typeof value === 'number') return value;
  throw typeError(`float() argument must be a string or a real number, not '${typeName(value)}'`);
}
