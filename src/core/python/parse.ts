import { decimalLiteral } from './number-literal.ts';
import { isArrayIndexKey, MAX_NESTING, type PyDict, type PyValue, setKeyOrder } from './value.ts';

/** A JSON text that could not be read, with the position of the problem. */
export class JsonSyntaxError extends SyntaxError {
  readonly position: number;
  /** The problem without its place. */
  readonly reason: string;
  constructor(message: string, position: number, text: string) {
    const line = text.slice(0, position).split('\n').length;
    const column = position - text.lastIndexOf('\n', position - 1);
    super(`${message} at line ${line} column ${column}`);
    this.name = 'JsonSyntaxError';
    this.position = position;
    this.reason = message;
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters a string cannot hold as they are
const SPECIAL_IN_STRING = /[\\\x00-\x1f]/;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Parses JSON the way Python's `json.loads` does: integers become bigint (Python int), numbers with a
 * fraction or exponent become number (Python float), object keys keep their insertion order, a repeated
 * key keeps its first place and its last value, and `NaN`, `Infinity` and `-Infinity` are accepted.
 */
export function parsePyJson(text: string): PyValue {
  let pos = 0;
  let depth = 0;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, pos, text);
  };
  const skip = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      pos++;
    }
  };

  const parseString = (): string => {
    pos++; // opening quote
    // most strings have no escape and no control character: their text up to the next quote is the value
    const quote = text.indexOf('"', pos);
    if (quote >= 0) {
      const plain = text.slice(pos, quote);
      if (!SPECIAL_IN_STRING.test(plain)) {
        pos = quote + 1;
        return plain;
      }
    }
    let out = '';
    let start = pos;
    for (;;) {
      if (pos >= text.length) fail('Unterminated string');
      const code = text.charCodeAt(pos);
      if (code === 0x22) {
        out += text.slice(start, pos);
        pos++;
        return out;
      }
      if (code === 0x5c) {
        out += text.slice(start, pos);
        const esc = text[pos + 1];
        if (esc === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\uXXXX escape');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          pos += 6;
        } else if (esc !== undefined && esc in ESCAPES) {
          out += ESCAPES[esc];
          pos += 2;
        } else {
          fail('Invalid \\escape');
        }
        start = pos;
        continue;
      }
      if (code < 0x20) fail('Invalid control character');
      pos++;
    }
  };

  const parseValue = (): PyValue => {
    skip();
    const ch = text[pos];
    switch (ch) {
      case '{': {
        pos++;
        if (++depth > MAX_NESTING) fail(`Nested deeper than ${MAX_NESTING} levels`);
        const dict: PyDict = {};
        const keys: string[] = [];
        let ordered = false;
        skip();
        if (text[pos] === '}') {
          pos++;
          depth--;
          return dict;
        }
        for (;;) {
          skip();
          if (text.charCodeAt(pos) !== 0x22) fail('Expecting property name enclosed in double quotes');
          const key = parseString();
          skip();
          if (text.charCodeAt(pos) !== 0x3a) fail("Expecting ':' delimiter");
          pos++;
          const value = parseValue();
          if (!Object.hasOwn(dict, key)) {
            keys.push(key);
            if (isArrayIndexKey(key)) ordered = true;
          }
          // assigned, except `__proto__`, which assignment would take for the prototype
          if (key === '__proto__') {
            Object.defineProperty(dict, key, { value, enumerable: true, writable: true, configurable: true });
          } else dict[key] = value;
          skip();
          const next = text.charCodeAt(pos);
          if (next === 0x2c) {
            pos++;
            continue;
          }
          if (next === 0x7d) {
            pos++;
            break;
          }
          fail("Expecting ',' delimiter");
        }
        if (ordered) setKeyOrder(dict, keys);
        depth--;
        return dict;
      }
      case '[': {
        pos++;
        if (++depth > MAX_NESTING) fail(`Nested deeper than ${MAX_NESTING} levels`);
        const list: PyValue[] = [];
        skip();
        if (text[pos] === ']') {
          pos++;
          depth--;
          return list;
        }
        for (;;) {
          list.push(parseValue());
          skip();
          const next = text.charCodeAt(pos);
          if (next === 0x2c) {
            pos++;
            continue;
          }
          if (next === 0x5d) {
            pos++;
            depth--;
            return list;
          }
          fail("Expecting ',' delimiter");
        }
      }
      case '"':
        return parseString();
      case 't':
        return literal('true', true);
      case 'f':
        return literal('false', false);
      case 'n':
        return literal('null', null);
      case 'N':
        return literal('NaN', Number.NaN);
      case 'I':
        return literal('Infinity', Number.POSITIVE_INFINITY);
      default: {
        if (ch === '-' && text.startsWith('-Infinity', pos))
          return literal('-Infinity', Number.NEGATIVE_INFINITY);
        NUMBER.lastIndex = pos;
        const match = NUMBER.exec(text);
        if (match === null) return fail('Expecting value');
        pos += match[0].length;
        return decimalLiteral(match[0]);
      }
    }
  };

  const literal = <T extends PyValue>(word: string, value: T): T => {
    if (!text.startsWith(word, pos)) fail('Expecting value');
    pos += word.length;
    return value;
  };

  const value = parseValue();
  skip();
  if (pos !== text.length) fail('Extra data');
  return value;
}

/**
 * `parsePyJson`'s value, by the engine's own `JSON.parse` (several times faster), for the texts it reads
 * exactly as Python does; undefined for any other text, which `parsePyJson` then reads. `JSON.parse`
 * keeps duplicate keys and `__proto__` as Python does, but it cannot tell `2` from `2.0` and puts
 * array-index keys first, so a text with an integer-valued number or such a key is left to
 * `parsePyJson`, as is one nested deeper than `MAX_NESTING` and one `JSON.parse` refuses (the exact
 * error, `NaN` and `Infinity` are `parsePyJson`'s). Task files without numbers, the usual case, take it.
 */
export function quickPyJson(text: string): PyValue | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return readsAsPython(value, 0) ? (value as PyValue) : undefined;
}

function readsAsPython(value: unknown, depth: number): boolean {
  if (typeof value === 'number') return !Number.isInteger(value);
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= MAX_NESTING) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!readsAsPython(item, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (isArrayIndexKey(key) || !readsAsPython((value as Record<string, unknown>)[key], depth + 1))
      return false;
  }
  return true;
}
