import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { noSharedData, shared, skipReason } from '../../../test/support/shared-data.ts';
import { parsePyJson, quickPyJson } from './parse.ts';
import { MAX_NESTING } from './value.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/python/python-cases.json', import.meta.url), 'utf8'),
) as { loads: [string, string][] };

/** The quick value, when there is one, is `parsePyJson`'s to the key order. */
function sameAsPython(text: string): 'quick' | 'left to parsePyJson' {
  const quick = quickPyJson(text);
  if (quick === undefined) return 'left to parsePyJson';
  const exact = parsePyJson(text);
  expect(isDeepStrictEqual(quick, exact)).toBe(true);
  expect(JSON.stringify(quick)).toBe(JSON.stringify(exact));
  return 'quick';
}

describe('quickPyJson', () => {
  it.each([
    [
      'strings, lists, booleans and null',
      '{"a": ["x", true, null, {"b": "y\\u00e9\\n"}], "c": false}',
      'quick',
    ],
    ['a float with a fraction', '{"price": 47.84, "tiny": 1e-7}', 'quick'],
    ['a repeated key: its first place, its last value', '{"a": "1", "b": "2", "a": "3"}', 'quick'],
    ['a __proto__ key', '{"__proto__": {"x": "y"}, "z": "w"}', 'quick'],
    ['an int', '{"amount": 250}', 'left to parsePyJson'],
    ['an integer-valued float', '{"amount": 2.0}', 'left to parsePyJson'],
    ['an int beyond 2**53', '[12345678901234567890123]', 'left to parsePyJson'],
    ['an array-index key', '{"b": "x", "1": "y"}', 'left to parsePyJson'],
    ['NaN', '[NaN]', 'left to parsePyJson'],
    ['invalid JSON', '{"a": }', 'left to parsePyJson'],
    ['a control character in a string', '["a\tb"]', 'left to parsePyJson'],
  ])('%s', (_what, text, expected) => {
    expect(sameAsPython(text)).toBe(expected);
  });

  it('leaves a text nested deeper than parsePyJson takes to it, and takes the deepest it accepts', () => {
    expect(sameAsPython(`${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}`)).toBe('quick');
    expect(quickPyJson(`${'['.repeat(MAX_NESTING + 1)}${']'.repeat(MAX_NESTING + 1)}`)).toBeUndefined();
  });

  it('reads every text of the Python fixture as parsePyJson does, or leaves it to parsePyJson', () => {
    const outcomes = fixture.loads.map(([text]) => sameAsPython(text));
    // both ways are taken: the fixture holds texts of each kind
    expect(new Set(outcomes)).toEqual(new Set(['quick', 'left to parsePyJson']));
  });

  it.skipIf(noSharedData)(
    `takes the retail task files, and gives parsePyJson's value ${noSharedData ? skipReason : ''}`,
    () => {
      for (const file of [
        'tau-bench/retail/tasks_test.json',
        'tau-bench/retail/tasks_train.json',
        'tau2/retail/tasks.json',
      ]) {
        expect(sameAsPython(readFileSync(shared(file), 'utf8'))).toBe('quick');
      }
      // airline's tasks have ints: left to parsePyJson
      expect(quickPyJson(readFileSync(shared('tau-bench/airline/tasks_test.json'), 'utf8'))).toBeUndefined();
    },
  );
});
