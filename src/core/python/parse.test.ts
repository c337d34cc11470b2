import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pyDumps } from './dumps.ts';
import { JsonSyntaxError, parsePyJson } from './parse.ts';
import { dictKeys, fromJs, MAX_NESTING, type PyDict } from './value.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/python/python-cases.json', import.meta.url), 'utf8'),
) as { python: string; loads: [string, string][] };

describe('parsePyJson', () => {
  it('keeps ints and floats apart', () => {
    expect(parsePyJson('[1, 1.0, 1e2, -0, -0.0, 12345678901234567890123]')).toEqual([
      1n,
      1,
      100,
      0n,
      -0,
      12345678901234567890123n,
    ]);
    expect(Object.is((parsePyJson('[-0.0]') as number[])[0], -0)).toBe(true);
  });

  it('keeps the insertion order of integer-like keys, a repeated key keeping its first place', () => {
    const dict = parsePyJson('{"10": 1, "2": 2, "a": 3, "1": 4, "2": 5}') as PyDict;
    expect(dictKeys(dict)).toEqual(['10', '2', 'a', '1']);
    expect(dict['2']).toBe(5n);
  });

  it('refuses what json.loads refuses', () => {
    for (const text of ['', '[1,]', '{"a" 1}', '01', '"\\x"', '[1] 2', "{'a': 1}"]) {
      expect(() => parsePyJson(text), text).toThrow(JsonSyntaxError);
    }
  });

  it(`gives back json.dumps(json.loads(text)) of CPython ${fixture.python} on ${fixture.loads.length} texts`, () => {
    const problems = fixture.loads
      .filter(([text, dumped]) => pyDumps(parsePyJson(text)) !== dumped)
      .map(([text, dumped]) => `${text.slice(0, 80)}: want ${dumped}, got ${pyDumps(parsePyJson(text))}`);
    expect(problems).toEqual([]);
  });

  it('refuses nesting deeper than MAX_NESTING with a syntax error, not a stack overflow', () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(() => parsePyJson(nested(MAX_NESTING))).not.toThrow();
    expect(() => parsePyJson(nested(MAX_NESTING + 1))).toThrow(JsonSyntaxError);
    expect(() => parsePyJson(`{"a": ${nested(100_000)}}`)).toThrow(/Nested deeper than 500 levels/);
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => fromJs(deep)).toThrow(/nested deeper than 500 levels/);
  });
});
