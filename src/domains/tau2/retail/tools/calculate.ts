import { argString, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import { calculate, calculateTool } from '../../../common/index.ts';

const ALLOWED = /^[0-9+\-*/(). ]*$/;

/** The shared calculator with tau2's refusal text for characters outside digits, operators and spaces. */
export const tau2CalculateTool: ToolDefinition = {
  ...calculateTool,
  invoke(_db, args) {
    const expression = argString(args, 'expression');
    if (!ALLOWED.test(expression)) throw new ToolError('Invalid characters in expression');
    return calculate(expression);
  },
};
