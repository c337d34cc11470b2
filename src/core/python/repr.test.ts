import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashableRepr, strRepr } from './repr.ts';
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
) as { python: string; unicode: string; str_repr: [string, string][]; hashable: [Tagged, string][] };

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

describe('strRepr', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", '"it\'s"'],
    [`both ' and "`, `'both \\' and "'`],
    ['back\\slash\ttab', "'back\\\\slash\\ttab'"],
    ['\x00\x7f\x80\xa0\xad', "'\\x00\\x7f\\x80\\xa0\\xad'"],
    ['\u200b\u2028\u3000', "'\\u200b\\u2028\\u3000'"],
    ['caf\u00e9 \ud83d\ude00', "'caf\u00e9 \ud83d\ude00'"],
    ['\u{e0001}', "'\\U000e0001'"],
  ])('repr(%j) is %s', (s, text) => {
    expect(strRepr(s)).toBe(text);
  });

  it(`matches CPython ${fixture.python} (Unicode ${fixture.unicode}) on ${fixture.str_repr.length} strings`, () => {
    const problems = fixture.str_repr
      .filter(([s, text]) => strRepr(s) !== text)
      .map(([s, text]) => `${JSON.stringify(s)}: want ${text}, got ${strRepr(s)}`);
    expect(problems).toEqual([]);
  });
});

describe('hashableRepr', () => {
  it('writes dicts as sorted pairs and lists as tuples, one-element tuples with a comma', () => {
    const value = build({
      dict: [
        ['b', [{ int: '1' }]],
        ['a', { dict: [] }],
        ['c', [[], { float: '3ff0000000000000' }]],
      ],
    });
    expect(hashableRepr(value)).toBe("(('a', ()), ('b', (1,)), ('c', ((), 1.0)))");
    expect(hashableRepr(build({ dict: [['k', null]] }))).toBe("(('k', None),)");
    expect(hashableRepr([true, false, 'x'])).toBe("(True, False, 'x')");
  });

  it(`matches str(to_hashable(x)) of CPython ${fixture.python} on ${fixture.hashable.length} nested values`, () => {
    const problems = fixture.hashable
      .filter(([value, text]) => hashableRepr(build(value)) !== text)
      .map(([value, text]) => `want ${text}, got ${hashableRepr(build(value))}`);
    expect(problems).toEqual([]);
  });
});
