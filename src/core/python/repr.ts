import { compareCodePoints } from './dumps.ts';
import { floatRepr } from './float-repr.ts';
import type { PyValue } from './value.ts';

const NOT_PRINTABLE = /^[\p{C}\p{Z}]$/u;
const PLAIN = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** Python's `repr(str)`. */
export function strRepr(s: string): string {
  if (PLAIN.test(s)) return `'${s}'`;
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f) out += ch;
    else if (ch !== ' ' && NOT_PRINTABLE.test(ch)) {
      if (code <= 0xff) out += `\\x${hex(code, 2)}`;
      else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
      else out += `\\U${hex(code, 8)}`;
    } else out += ch;
  }
  return out + quote;
}

/** Python's `repr` of a scalar. */
export function scalarRepr(v: null | boolean | bigint | number | string): string {
  switch (typeof v) {
    case 'string':
      return strRepr(v);
    case 'bigint':
      return v.toString();
    case 'number':
      return floatRepr(v);
    case 'boolean':
      return v ? 'True' : 'False';
    default:
      return 'None';
  }
}

function tupleRepr(items: string[]): string {
  if (items.length === 1) return `(${items[0]},)`;
  return `(${items.join(', ')})`;
}

/**
 * `str(to_hashable(value))` as tau-bench computes it for its state hash: dicts become tuples of
 * `(key, value)` pairs sorted by key, lists become tuples, scalars print as Python prints them.
 * (Strictly this is `repr`, which differs from `str` only for a bare top-level string: the hash
 * always starts from a dict.)
 */
export function hashableRepr(value: PyValue): string {
  if (value === null || typeof value !== 'object') return scalarRepr(value);
  if (Array.isArray(value)) return tupleRepr(value.map(hashableRepr));
  const keys = Object.keys(value).sort(compareCodePoints);
  return tupleRepr(keys.map((k) => `(${strRepr(k)}, ${hashableRepr(value[k] as PyValue)})`));
}

/** The `(key, value)` pair of a sorted dict entry, as it appears inside `hashableRepr`. */
export function hashablePairRepr(key: string, value: PyValue): string {
  return `(${strRepr(key)}, ${hashableRepr(value)})`;
}

export { tupleRepr };
