import { type Action, type Domain, RESPOND_ACTION } from '../../domain/types.ts';
import type { PyDict } from '../../python/index.ts';
import { State } from '../../state/index.ts';
import { callTool } from '../../tools/dispatch.ts';
import type { Tau2Requestor } from './criteria.ts';

// Conversations

export interface Tau2ToolCall {
  id: string;
  name: string;
  arguments: PyDict;
  /** Who made the call (the agent unless said otherwise). */
  requestor?: Tau2Requestor;
}

/** One message of a half-duplex tau2 conversation. */
export type Tau2Message =
  | { role: 'assistant' | 'user'; content: string | null; toolCalls?: Tau2ToolCall[] }
  | { role: 'tool'; id: string; content: string; error: boolean };

/**
 * How a conversation ended. Only the agent's or the customer's stop lets it be scored; any other end
 * (a step limit, too many errors, a player giving up) scores 0 with the reason.
 */
export type Tau2Termination = 'user-stop' | 'agent-stop' | (string & {});

/** A Sigma episode's actions and observations as tau2 messages (tool calls, their results, texts). */
export function tau2MessagesFromActions(
  actions: readonly Action[],
  observations: readonly string[],
): Tau2Message[] {
  const messages: Tau2Message[] = [];
  actions.forEach((action, i) => {
    const observation = observations[i] ?? '';
    if (action.name === RESPOND_ACTION) {
      const content = action.kwargs.content;
      messages.push({ role: 'assistant', content: typeof content === 'string' ? content : null });
      messages.push({ role: 'user', content: observation });
    } else {
      const id = `call_${i}`;
      messages.push({
        role: 'assistant',
        content: null,
        toolCalls: [{ id, name: action.name, arguments: action.kwargs }],
      });
      messages.push({ role: 'tool', id, content: observation, error: observation.startsWith('Error:') });
    }
  });
  return messages;
}

export interface Tau2ReplayedCall {
  /** Index of the message holding the call. */
  messageIndex: number;
  call: Tau2ToolCall;
  observation: string;
  error: boolean;
}

/**
 * Replays every tool call of a conversation on a fresh state, in order, as tau2 rebuilds the agent's
 * data before scoring. Returns the state and each call's result.
 */
export function replayTau2Messages(
  domain: Domain,
  messages: readonly Tau2Message[],
): { state: State; calls: Tau2ReplayedCall[] } {
  const state = new State(domain.base);
  const calls: Tau2ReplayedCall[] = [];
  messages.forEach((message, messageIndex) => {
    if (message.role === 'tool') return;
    for (const call of message.toolCalls ?? []) {
      const result = callTool(domain, state, call.name, call.arguments);
      calls.push({ messageIndex, call, observation: result.observation, error: !result.ok });
    }
  });
  return { state, calls };
}
