import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/shared-data.ts';
import { ToolError } from '../../core/tools/tool.ts';
import { calculate, calculateTool } from './calculate.ts';

/** The observation the agent reads: the result, or `Error: ...` from a refusal. */
function observe(expression: string): string {
  try {
    return calculate(expression);
  } catch (error) {
    if (error instanceof ToolError) return `Error: ${error.message}`;
    throw error;
  }
}

interface Fixture {
  python: string;
  cases: { expression: string; observation: string }[];
}

const fixture = JSON.parse(
  readFileSync(`${repoRoot}/test/fixtures/python/calculate-cases.json`, 'utf8'),
) as Fixture;

describe('calculate', () => {
  it.each([
    ['(2 + 3) * 4.5 / 3', '7.5'],
    ['100 * 3 - 20', '280.0'],
    ['430 + 412 - (136 + 109)', '597.0'],
    ['135.24 - 153.23', '-17.99'],
    ['2.675', '2.67'],
    ['10 ** 16', '1e+16'],
    ['-2 ** 2', '-4.0'],
    ['2 ** -2 ** 2', '0.06'],
    ['7 // -2', '-4.0'],
  ])('%s -> %s', (expression, observation) => {
    expect(observe(expression)).toBe(observation);
  });

  it.each([
    ['import os', 'Error: invalid characters in expression'],
    ['2 % 3', 'Error: invalid characters in expression'],
    ['1 / 0', 'Error: division by zero'],
    ['1.0 / 0', 'Error: float division by zero'],
    ['1 // 0', 'Error: integer division or modulo by zero'],
    ['1.5 // 0', 'Error: float floor division by zero'],
    ['', 'Error: invalid syntax (<string>, line 0)'],
    ['(1 + 2', "Error: '(' was never closed (<string>, line 1)"],
    ['1 + 2)', "Error: unmatched ')' (<string>, line 1)"],
    ['(1 2)', 'Error: invalid syntax. Perhaps you forgot a comma? (<string>, line 1)'],
    ['12 34', 'Error: invalid syntax (<string>, line 1)'],
    [
      '07 + 1',
      'Error: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers (<string>, line 1)',
    ],
    ['()', "Error: float() argument must be a string or a real number, not 'tuple'"],
  ])('refuses %j as Python does', (expression, observation) => {
    expect(observe(expression)).toBe(observation);
  });

  it(`matches CPython ${fixture.python} on all ${fixture.cases.length} fixture expressions`, () => {
    const problems = fixture.cases
      .map(({ expression, observation }) => ({ expression, observation, got: observe(expression) }))
      .filter((c) => c.got !== c.observation)
      .map((c) => `${JSON.stringify(c.expression.slice(0, 80))}: want ${c.observation}, got ${c.got}`);
    expect(problems).toEqual([]);
    expect(fixture.cases.length).toBeGreaterThan(500);
  });

  it('answers 9**9**9**9 as the reference does: Python runs out of memory, and MemoryError has no message', () => {
    // tau-bench returns f"Error: {e}" for whatever eval raised. 9**9**9 is an int of about 1.2e9 bits;
    // raising 9 to it makes CPython square ever larger ints until an allocation fails, and
    // str(MemoryError()) is empty (the fixture's nesting cases, recorded from CPython, show the same).
    expect(observe('9**9**9**9')).toBe('Error: ');
    expect(fixture.cases.filter((c) => c.observation === 'Error: ').length).toBeGreaterThan(0);
  });

  it('is a read-only tool with one required string argument', () => {
    expect(calculateTool.access).toBe('read');
    expect(calculateTool.parameters.required).toEqual(['expression']);
    expect(calculateTool.invoke(null as never, { expression: '1 + 1' })).toBe('2.0');
  });
});
