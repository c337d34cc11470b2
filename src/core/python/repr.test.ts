import { describe, expect, it } from 'vitest';
import { buildTagged as build, readPythonCases, type Tagged } from '../../../test/support/python-fixture.ts';
import { hashableRepr, strRepr } from './repr.ts';

const fixture = readPythonCases<{
  python: string;
  unicode: string;
  str_repr: [string, string][];
  hashable: [Tagged, string][];
}>();

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
