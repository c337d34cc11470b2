import { describe, expect, it } from 'vitest';
import { type ExpressionNode, PythonError, parseExpression } from './expression.ts';
import { evaluateExpression, pyFloat } from './expression-evaluate.ts';

/** A tree written back with every operation in parentheses. */
function show(tree: ExpressionNode): string {
  switch (tree.type) {
    case 'int':
      return tree.value.toString();
    case 'float':
      return `${tree.value}f`;
    case 'ellipsis':
      return '...';
    case 'empty-tuple':
      return '()';
    case 'unary':
      return `(${tree.operator}${show(tree.operand)})`;
    case 'binary':
      return `(${show(tree.left)} ${tree.operator} ${show(tree.right)})`;
    case 'call': {
      const prefix = { positional: '', star: '*', 'double-star': '**' }[tree.argument?.kind ?? 'positional'];
      return `${show(tree.callee)}(${tree.argument === null ? '' : prefix + show(tree.argument.value)})`;
    }
  }
}

function raised(source: string): { type: string; message: string } {
  try {
    evaluateExpression(source);
  } catch (error) {
    if (error instanceof PythonError) return { type: error.type, message: error.message };
    throw error;
  }
  throw new Error(`${source} raised nothing`);
}

describe('parseExpression', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['8 / 4 // 2 * 3', '(((8 / 4) // 2) * 3)'],
    ['2 ** 3 ** 2', '(2 ** (3 ** 2))'],
    ['-2 ** 2', '(-(2 ** 2))'],
    ['2 ** -1', '(2 ** (-1))'],
    ['2 ** -3 ** 2', '(2 ** (-(3 ** 2)))'],
    ['--+1', '(-(-(+1)))'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['3. + .5 + 00.5', '((3f + 0.5f) + 0.5f)'],
    ['000', '0'],
    ['...', '...'],
    ['( )', '()'],
    ['(1)(2)', '1(2)'],
    ['1 (2)(*3)(**4)()', '1(2)(*3)(**4)()'],
    ['   1', '1'],
  ])('%s parses as %s', (source, shape) => {
    expect(show(parseExpression(source))).toBe(shape);
  });

  it('measures nesting as CPython does, a starred argument counting one level more', () => {
    expect(parseExpression('1').height).toBe(1);
    expect(parseExpression('-(1 + 2)').height).toBe(3);
    expect(parseExpression('1(*2)').height).toBe(3);
    expect(parseExpression('1(**2)').height).toBe(2);
  });

  it.each([
    ['', 'invalid syntax (<string>, line 0)'],
    ['1 +', 'invalid syntax (<string>, line 1)'],
    ['(1 2)', 'invalid syntax. Perhaps you forgot a comma? (<string>, line 1)'],
    ['(1) 2 (3)', 'invalid syntax (<string>, line 1)'],
    ['(1 2', "'(' was never closed (<string>, line 1)"],
    ['(1 2) )', "unmatched ')' (<string>, line 1)"],
    ['(*1)', 'cannot use starred expression here (<string>, line 1)'],
    ['(**1)', 'cannot use double starred expression here (<string>, line 1)'],
    ['(1 .', "'(' was never closed (<string>, line 1)"],
    [`${'('.repeat(201)}1${')'.repeat(201)}`, 'too many nested parentheses (<string>, line 1)'],
  ])('%j is a SyntaxError: %s', (source, message) => {
    expect(raised(source)).toEqual({ type: 'SyntaxError', message });
  });

  it('gives up on absurd nesting where CPython does', () => {
    expect(raised(`${'-'.repeat(2991)}1`).type).toBe('RecursionError');
    expect(raised(`${'-'.repeat(5976)}1`)).toEqual({ type: 'MemoryError', message: '' });
    expect(pyFloat(evaluateExpression(`${'-'.repeat(2990)}1`))).toBe(1);
  });
});

describe('evaluateExpression', () => {
  it('keeps ints exact and makes floats where Python does', () => {
    expect(evaluateExpression('2 ** 100')).toBe(2n ** 100n);
    expect(evaluateExpression('7 // 2')).toBe(3n);
    expect(evaluateExpression('-7 // 2')).toBe(-4n);
    expect(evaluateExpression('6 / 3')).toBe(2);
    expect(evaluateExpression('2 ** -1')).toBe(0.5);
    expect(evaluateExpression('1 + 1.')).toBe(2);
    expect(Object.is(evaluateExpression('0 / -5'), -0)).toBe(true);
    // rounded once from the exact quotient, not via two float conversions
    expect(evaluateExpression('(10 ** 30 + 1) / 3')).toBe(3.333333333333333e29);
    expect(evaluateExpression('(2 ** 53 + 1) / 1')).toBe(9007199254740992);
  });

  it('reaches the empty tuple, Ellipsis and complex numbers, and raises on them as Python does', () => {
    expect(raised('() * 3.5')).toEqual({
      type: 'TypeError',
      message: "can't multiply sequence by non-int of type 'float'",
    });
    expect(raised('... + 1')).toEqual({
      type: 'TypeError',
      message: "unsupported operand type(s) for +: 'ellipsis' and 'int'",
    });
    expect(raised('((-1) ** .5)(*2)')).toEqual({
      type: 'TypeError',
      message: '(6.123233995736766e-17+1j) argument after * must be an iterable, not int',
    });
    expect(raised('(-1) ** .5 / 0')).toEqual({
      type: 'ZeroDivisionError',
      message: 'complex division by zero',
    });
    expect(raised('10 ** 400 * 1.0')).toEqual({
      type: 'OverflowError',
      message: 'int too large to convert to float',
    });
  });
});
