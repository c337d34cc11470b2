import type { ProposedAction, TrajectoryMessage } from '../contracts/trajectory.ts';
import { ModelError } from '../core/errors.ts';
import type { ModelClient, ModelRequestMessage, ModelResponse } from '../core/model/types.ts';

/**
 * A model's answer as an agent action, as tau-bench's tool-calling agent reads it: the first tool call
 * if it made any (the others are dropped: one action per step), else its text as a message to the
 * customer. `raw` keeps the whole answer, every call included.
 */
export function readModelAnswer(
  response: Pick<ModelResponse, 'text' | 'toolCalls' | 'attempts'>,
  model: Pick<ModelClient, 'provider' | 'model'>,
): { action: ProposedAction; raw: string } {
  const calls = response.toolCalls ?? [];
  const first = calls[0];
  if (first !== undefined) {
    return {
      action: { type: 'tool_call', name: first.name, arguments: first.arguments },
      raw: JSON.stringify({ content: response.text, tool_calls: calls }),
    };
  }
  if (response.text.trim() === '') {
    throw new ModelError({
      provider: model.provider,
      model: model.model,
      kind: 'empty-reply',
      status: null,
      attempts: response.attempts,
      reason: 'the model answered with neither a tool call nor a message',
    });
  }
  return { action: { type: 'reply', content: response.text }, raw: response.text };
}

/** The conversation as a model sees it: the customer's messages, the agent's turns and tool results. */
export function modelMessages(history: readonly TrajectoryMessage[]): ModelRequestMessage[] {
  const messages: ModelRequestMessage[] = [];
  for (const m of history) {
    if (m.role === 'system') continue;
    if (m.role === 'user') messages.push({ role: 'user', content: m.content });
    else if (m.role === 'tool')
      messages.push({ role: 'tool', toolCallId: m.tool_call_id, name: m.name, content: m.content });
    else if (m.tool_calls !== undefined && m.tool_calls.length > 0) {
      messages.push({
        role: 'assistant',
        content: m.content ?? '',
        toolCalls: m.tool_calls.map((c) => ({
          id: c.id,
          name: c.function.name,
          arguments: c.function.arguments,
        })),
      });
    } else messages.push({ role: 'assistant', content: m.content ?? '' });
  }
  return messages;
}
