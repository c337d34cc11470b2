import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareCodePoints, pyDumps } from './dumps.ts';
import { dictSet, type PyDict, type PyValue } from './value.ts';

type Tagged =
  | null
  | boolean
  | string
  | Tagged[]
  | { int: string }
  | { float: string }
  | { dict: [string, Tagged][] };

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/python/python-cases.json', import.meta.url), 'utf8'),
) as { python: string; dumps: { value: Tagged; plain: string; sorted: string; unicode: string }[] };

/** Builds a value from the fixture's tagged form, keys in Python's insertion order, without the parser. */
function build(tagged: Tagged): PyValue {
  if (tagged === null || typeof tagged !== 'object') return tagged;
  if (Array.isArray(tagged)) return tagged.map(build);
  if ('int' in tagged) return BigInt(tagged.int);
  if ('float' in tagged) {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt(`0x${tagged.float}`));
    return view.getFloat64(0);
  }
  const dict: PyDict = {};
  for (const [key, value] of tagged.dict) dictSet(dict, key, build(value));
  return dict;
}

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
