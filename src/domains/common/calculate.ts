import { floatRepr, pyRound } from '../../core/python/index.ts';
import { argString, type ToolDefinition, ToolError } from '../../core/tools/tool.ts';
import { PythonError } from './expression.ts';
import { evaluateExpression, pyFloat } from './expression-evaluate.ts';

const ALLOWED = /^[0-9+\-*/(). ]*$/;

/**
 * The observation of the reference's calculator: the expression's value as a float rounded to two
 * decimals (`7.5`, `280.0`), or `Error: <what Python raised>`. Only digits, `+ - * / ( ) .` and
 * spaces are accepted; the text is parsed and evaluated here with Python's rules, never run as code.
 */
export function calculate(expression: string): string {
  if (!ALLOWED.test(expression)) throw new ToolError('invalid characters in expression');
  try {
    return floatRepr(pyRound(pyFloat(evaluateExpression(expression)), 2) as number);
  } catch (error) {
    if (error instanceof PythonError) throw new ToolError(error.message);
    throw error;
  }
}

export const calculateTool: ToolDefinition = {
  name: 'calculate',
  description:
    'Evaluate an arithmetic expression and return the result rounded to two decimal places. ' +
    'Use it for sums, differences, price changes and refunds instead of doing the arithmetic yourself.',
  parameters: {
    type: 'object',
    properties: {
      expression: {
        type: 'string',
        description:
          "The arithmetic to evaluate, e.g. '(120.5 + 30) * 2'. Only digits, decimal points, spaces, " +
          'parentheses and the operators + - * / are allowed.',
      },
    },
    required: ['expression'],
  },
  access: 'read',
  invoke: (_db, args) => calculate(argString(args, 'expression')),
};
