import { InputError } from '../errors.ts';
/**
 * The value model shared by every domain: JSON data with Python's distinctions kept.
 *
 * The reference environments are Python programs, and their observations and state hashes depend on
 * two things plain JavaScript values lose: whether a number is an int or a float (`100` vs `100.0`),
 * and the insertion order of dictionary keys that look like array indices. Sigma therefore reads
 * JSON into these values:
 *   - Python int   -> bigint
 *   - Python float -> number
 *   - dict         -> plain object; when insertion order differs from JavaScript's enumeration order,
 *                     the order is kept under the `KEY_ORDER` symbol
 */

export type PyValue = null | boolean | bigint | number | string | PyValue[] | PyDict;
export interface PyDict {
  [key: string]: PyValue;
}
export type PyNum = bigint | number;

/** Insertion order of a dict's keys, kept only where JavaScript would enumerate them differently. */
export const KEY_ORDER: unique symbol = Symbol.for('sigma.keyOrder');

type Ordered = PyDict & { [KEY_ORDER]?: readonly string[] };

const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

/** True for the keys JavaScript enumerates first, in ascending numeric order. */
export function isArrayIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  if (!(first >= 0x30 && first <= 0x39)) return false; // most keys: not a digit first, no regex needed
  return ARRAY_INDEX.test(key) && Number(key) < 4294967295;
}

export function isDict(value: unknown): value is PyDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys of a dict in Python's insertion order. */
export function dictKeys(dict: PyDict): string[] {
  const order = (dict as Ordered)[KEY_ORDER];
  const own = Object.keys(dict);
  if (order === undefined) return own;
  const present = new Set(own);
  const keys = order.filter((key) => present.has(key));
  if (keys.length === own.length) return keys;
  const listed = new Set(keys);
  for (const key of own) if (!listed.has(key)) keys.push(key);
  return keys;
}

/** Records `keys` as the insertion order of `dict` when JavaScript would enumerate them differently. */
export function setKeyOrder(dict: PyDict, keys: readonly string[]): void {
  const own = Object.keys(dict);
  if (own.length === keys.length && own.every((key, i) => key === keys[i])) return;
  Object.defineProperty(dict, KEY_ORDER, {
    value: Object.freeze([...keys]),
    enumerable: false,
    writable: true,
  });
}

/** Sets a key the way Python's `d[key] = value` does: an existing key keeps its place, a new one goes last. */
export function dictSet(dict: PyDict, key: string, value: PyValue): void {
  const order = (dict as Ordered)[KEY_ORDER];
  const isNew = !Object.hasOwn(dict, key);
  Object.defineProperty(dict, key, { value, enumerable: true, writable: true, configurable: true });
  if (isNew && (order !== undefined || isArrayIndexKey(key))) {
    setKeyOrder(dict, [...dictKeys(dict).filter((k) => k !== key), key]);
  }
}

/** A deep copy that keeps int/float and key order. */
export function cloneValue<T extends PyValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => cloneValue(item)) as T;
  const copy: PyDict = {};
  const keys = dictKeys(value);
  for (const key of keys) {
    Object.defineProperty(copy, key, {
      value: cloneValue(value[key] as PyValue),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  setKeyOrder(copy, keys);
  return copy as T;
}

/** Roots of values frozen whole by `deepFreeze`: they never change again, so their printed forms can be kept. */
const frozenTrees = new WeakSet<object>();

function freezeAll(value: PyValue): boolean {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return false;
  Object.freeze(value);
  for (const item of Array.isArray(value) ? value : Object.values(value)) freezeAll(item);
  return true;
}

/** Freezes a value and everything inside it. */
export function deepFreeze<T extends PyValue>(value: T): T {
  // Only the root is remembered: it is what gets printed whole.
  if (freezeAll(value)) frozenTrees.add(value as object);
  return value;
}

/** True for a value `deepFreeze` froze whole (it and everything inside it can never change). */
export function isFrozenTree(value: object): boolean {
  return frozenTrees.has(value);
}

/**
 * Python equality of two values as the state hash sees them: same types (int 1 and float 1.0 print
 * differently), dicts equal as sets of pairs, lists element by element.
 */
export function sameValue(a: PyValue, b: PyValue): boolean {
  if (typeof a === 'number') {
    // repr tells -0.0 from 0.0 and prints every NaN alike: exactly Object.is
    return typeof b === 'number' && Object.is(a, b);
  }
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i] as PyValue, b[i] as PyValue)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const bd = b as PyDict;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(bd).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(bd, key) || !sameValue(a[key] as PyValue, bd[key] as PyValue)) return false;
  }
  return true;
}

/**
 * Converts a plain JavaScript value (from a library caller) into the value model: integral numbers
 * become ints, as JSON text with the same digits would; everything else keeps its meaning.
 */
/**
 * How deeply lists and objects may nest in data Sigma reads (`parsePyJson`, `fromJs`). Python's own
 * parser stops at its recursion limit (about 1000); no real data comes near this, and a deeper value
 * could exhaust the stack.
 */
export const MAX_NESTING = 500;

export function fromJs(value: unknown, depth = 0): PyValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
    case 'bigint':
      return value;
    case 'number':
      return Number.isInteger(value) && !Object.is(value, -0) ? BigInt(value) : value;
    case 'object': {
      if (depth >= MAX_NESTING) throw new InputError(`the value is nested deeper than ${MAX_NESTING} levels`);
      if (Array.isArray(value)) return value.map((item) => fromJs(item, depth + 1));
      const out: PyDict = {};
      for (const [key, item] of Object.entries(value)) {
        Object.defineProperty(out, key, {
          value: fromJs(item, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    default:
      throw new TypeError(`cannot represent a ${typeof value} as data`);
  }
}

/** Converts a value to plain JavaScript (ints become numbers), for JSON output to non-Python consumers. */
export function toJs(value: PyValue): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toJs);
  const out: Record<string, unknown> = {};
  for (const key of dictKeys(value)) {
    const item = toJs(value[key] as PyValue);
    // assigning `__proto__` would set the prototype and lose the key: define it
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    } else out[key] = item;
  }
  return out;
}
