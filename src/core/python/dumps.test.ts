import { describe, expect, it } from 'vitest';
import { buildTagged as build, readPythonCases, type Tagged } from '../../../test/support/python-fixture.ts';
import { compareCodePoints, pyDumps } from './dumps.ts';
import { parsePyJson } from './parse.ts';
import { cloneValue, deepFreeze, type PyDict, toJs } from './value.ts';

const fixture = readPythonCases<{
  python: string;
  dumps: { value: Tagged; plain: string; sorted: string; unicode: string }[];
}>();

describe('pyDumps', () => {
  it('writes floats, escapes and separators as json.dumps does', () => {
    const value = build({
      dict: [
        ['b', { float: '4059000000000000' }],
        ['a', ['\u00e9\ud83d\ude00', '"\\\n\u007f']],
      ],
    });
    expect(pyDumps(value)).toBe('{"b": 100.0, "a": ["\\u00e9\\ud83d\\ude00", "\\"\\\\\\n\\u007f"]}');
    expect(pyDumps(value, { sortKeys: true })).toBe(
      '{"a": ["\\u00e9\\ud83d\\ude00", "\\"\\\\\\n\\u007f"], "b": 100.0}',
    );
    expect(pyDumps(value, { ensureAscii: false })).toBe(
      '{"b": 100.0, "a": ["\u00e9\ud83d\ude00", "\\"\\\\\\n\u007f"]}',
    );
  });

  it('orders keys by code point, astral characters after the whole BMP', () => {
    expect(['\ud83d\ude00', '\uffff', 'z', '\u00e9'].sort(compareCodePoints)).toEqual([
      'z',
      '\u00e9',
      '\uffff',
      '\ud83d\ude00',
    ]);
  });

  it(`matches CPython ${fixture.python} on ${fixture.dumps.length} nested values`, () => {
    const problems: string[] = [];
    for (const { value, plain, sorted, unicode } of fixture.dumps) {
      const v = build(value);
      if (pyDumps(v) !== plain) problems.push(`dumps: want ${plain}, got ${pyDumps(v)}`);
      if (pyDumps(v, { sortKeys: true }) !== sorted) problems.push(`sort_keys: want ${sorted}`);
      if (pyDumps(v, { ensureAscii: false }) !== unicode)
        problems.push(`ensure_ascii=False: want ${unicode}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('pyDumps of values frozen whole', () => {
  it('prints them once and gives the same text as their unfrozen copy, for each option', () => {
    const record = parsePyJson('{"b": 1.0, "a": [1, {"3": "x", "1": "\\u00e9"}], "10": null}') as PyDict;
    const copy = cloneValue(record);
    deepFreeze(record);
    for (const options of [{}, { sortKeys: true }, { ensureAscii: false }, { indent: 2 }]) {
      expect(pyDumps(record, options)).toBe(pyDumps(copy, options));
      expect(pyDumps(record, options)).toBe(pyDumps(record, options));
    }
    expect(pyDumps(record)).toBe('{"b": 1.0, "a": [1, {"3": "x", "1": "\\u00e9"}], "10": null}');
  });
});

describe('toJs', () => {
  it('keeps a __proto__ key as an own key, not as the prototype', () => {
    const value = parsePyJson('{"__proto__": {"polluted": true}, "a": 1}') as PyDict;
    const plain = toJs(value) as Record<string, unknown>;
    expect(Object.hasOwn(plain, '__proto__')).toBe(true);
    expect(JSON.stringify(plain)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
  });
});
