import { floatRepr } from './float-repr.ts';
import { dictKeys, isFrozenTree, type PyValue } from './value.ts';

export interface DumpsOptions {
  /** `sort_keys=True`: keys in code-point order. */
  sortKeys?: boolean;
  /** `ensure_ascii` (default true): every character outside 0x20..0x7e is written as `\uXXXX`. */
  ensureAscii?: boolean;
  /** `indent=n`: one item per line, indented by n spaces per level; items separated by `","`. */
  indent?: number;
}

const SHORT_ESCAPES: Record<number, string> = {
  34: '\\"',
  92: '\\\\',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  8: '\\b',
  12: '\\f',
};

const NEEDS_ESCAPE_ASCII = /[^\x20-\x21\x23-\x5b\x5d-\x7e]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to escape
const NEEDS_ESCAPE = /["\\\x00-\x1f]/;

function hex4(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A string as `json.dumps` writes it. */
export function dumpString(s: string, ensureAscii = true): string {
  if (!(ensureAscii ? NEEDS_ESCAPE_ASCII : NEEDS_ESCAPE).test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const short = SHORT_ESCAPES[code];
    if (short !== undefined) out += short;
    else if (code < 0x20 || (ensureAscii && code > 0x7e)) out += hex4(code);
    else out += s[i];
  }
  return `${out}"`;
}

/** Compares two strings by code point, as Python's `sorted` does. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * Python's `json.dumps(value)` with its defaults: separators `", "` and `": "`, non-ASCII escaped,
 * floats as Python prints them (`100.0`), ints as written, `NaN`/`Infinity` allowed.
 */
export function pyDumps(value: PyValue, options: DumpsOptions = {}): string {
  if (typeof value === 'object' && value !== null && isFrozenTree(value)) {
    const key = optionsKey(options);
    if (key !== undefined) {
      let byOptions = printed.get(value);
      let text = byOptions?.[key];
      if (text === undefined) {
        text = print(value, options);
        byOptions ??= {};
        byOptions[key] = text;
        printed.set(value, byOptions);
      }
      return text;
    }
  }
  return print(value, options);
}

/**
 * The printed forms of values frozen whole (base records, committed records), which never change:
 * a read of such a record prints it once per process. By the options' key.
 */
const printed = new WeakMap<object, { plain?: string; sorted?: string }>();

function optionsKey(options: DumpsOptions): 'plain' | 'sorted' | undefined {
  if (options.indent !== undefined || options.ensureAscii === false) return undefined;
  return options.sortKeys === true ? 'sorted' : 'plain';
}

function print(value: PyValue, options: DumpsOptions): string {
  const sortKeys = options.sortKeys ?? false;
  const ensureAscii = options.ensureAscii ?? true;
  const indent = options.indent;
  /** The text before each item, the separator between items and the text before the closing bracket. */
  const layout = (level: number) => {
    if (indent === undefined) return { open: '', between: ', ', close: '' };
    const inner = `\n${' '.repeat(indent * (level + 1))}`;
    return { open: inner, between: `,${inner}`, close: `\n${' '.repeat(indent * level)}` };
  };
  const write = (v: PyValue, level: number): string => {
    switch (typeof v) {
      case 'string':
        return dumpString(v, ensureAscii);
      case 'bigint':
        return v.toString();
      case 'number':
        if (Number.isNaN(v)) return 'NaN';
        if (v === Number.POSITIVE_INFINITY) return 'Infinity';
        if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
        return floatRepr(v);
      case 'boolean':
        return v ? 'true' : 'false';
      default:
        break;
    }
    if (v === null) return 'null';
    const { open, between, close } = layout(level);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${open}${v.map((item) => write(item, level + 1)).join(between)}${close}]`;
    }
    const keys = sortKeys ? Object.keys(v).sort(compareCodePoints) : dictKeys(v);
    if (keys.length === 0) return '{}';
    const items = keys.map((k) => `${dumpString(k, ensureAscii)}: ${write(v[k] as PyValue, level + 1)}`);
    return `{${open}${items.join(between)}${close}}`;
  };
  return write(value, 0);
}
