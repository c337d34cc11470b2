export { calculate, calculateTool } from './calculate.ts';
export { type ExpressionNode, PythonError, parseExpression } from './expression.ts';
export { evaluateExpression, type PyObject, pyFloat } from './expression-evaluate.ts';
export { thinkTool } from './think.ts';
export { transferToHumanAgentsTool } from './transfer-to-human-agents.ts';
