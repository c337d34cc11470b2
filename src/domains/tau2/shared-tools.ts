import { argString, type ToolDefinition, ToolError } from '../../core/tools/tool.ts';
import { calculate, calculateTool, transferToHumanAgentsTool } from '../common/index.ts';

/** Tools every tau2 domain shares, in tau2's wording. */

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

/**
 * In tau2 a transfer is an ordinary tool: the conversation goes on until the customer (or the agent)
 * stops it.
 */
export const tau2TransferTool: ToolDefinition = {
  ...transferToHumanAgentsTool,
  description:
    "Transfer the customer to a human agent, with a summary of their issue. Only do so when the customer asks for a human, or when the policy and the tools do not let you solve the customer's issue.",
  terminates: false,
};
