import { dictKeys, type PyDict, type PyValue } from '../../python/index.ts';
import type { Tau2Action } from './criteria.ts';
import { pyEquals } from './equals.ts';
import type { Tau2Message, Tau2ToolCall } from './messages.ts';

/**
 * Whether an agent's tool call matches a ground-truth action as tau2 decides it: the same tool, and
 * equal values for the compared arguments (`compare_args`, or when that is null, the arguments the
 * call passes). An empty list of compared arguments matches any call of the tool.
 */
export function tau2ActionMatches(action: Tau2Action, call: Tau2ToolCall): boolean {
  if (action.name !== call.name) return false;
  const compared = action.compareArgs ?? dictKeys(call.arguments);
  if (compared.length === 0) return true;
  const pick = (args: PyDict): PyDict => {
    const out: PyDict = {};
    for (const key of compared) if (Object.hasOwn(args, key)) out[key] = args[key] as PyValue;
    return out;
  };
  return pyEquals(pick(call.arguments), pick(action.arguments));
}

export interface Tau2ActionCheck {
  action: Tau2Action;
  matched: boolean;
  reward: number;
}

/** Each ground-truth action and whether some tool call of the conversation (agent's or user's) matches it. */
export function checkTau2Actions(
  actions: readonly Tau2Action[],
  messages: readonly Tau2Message[],
): Tau2ActionCheck[] {
  const calls: Tau2ToolCall[] = [];
  for (const m of messages) if (m.role !== 'tool') calls.push(...(m.toolCalls ?? []));
  return actions.map((action) => {
    const matched = calls.some((call) => tau2ActionMatches(action, call));
    return { action, matched, reward: matched ? 1.0 : 0.0 };
  });
}
