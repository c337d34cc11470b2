// A deterministic model for batch runs on the loopback OpenAI-compatible server: it plays the agent of
// retail task 0 (cancel #W1392577, no longer needed) and, for the LLM customer, that task's customer.
// Whether an attempt's agent solves the task is decided by its seed (`failSeeds`), so a test knows each
// attempt's reward in advance. On any other task the agent only apologises, so it ends at max_steps.
import {
  type ChatCompletionMessage,
  type RecordedRequest,
  reply,
  type ScriptedResponse,
} from '../../src/testing/index.ts';

const AGENT_PROMPT_START = 'You act as the customer-service agent';

function text(m: ChatCompletionMessage): string {
  return typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '');
}

export interface RunModelOptions {
  /** Agent seeds whose attempts cancel with the wrong reason (reward 0). */
  failSeeds?: ReadonlySet<number>;
  /** Wait before every answer. */
  delayMs?: number;
}

export function isAgentRequest(request: RecordedRequest): boolean {
  return request.messages[0]?.role === 'system' && text(request.messages[0]).startsWith(AGENT_PROMPT_START);
}

/** The answer to one chat request, from the request alone (no state): the same request, the same answer. */
export function runModelAnswer(request: RecordedRequest, options: RunModelOptions = {}): ScriptedResponse {
  const delay = options.delayMs === undefined ? {} : { delayMs: options.delayMs };
  const turn = request.messages.filter((m) => m.role === 'assistant').length;
  if (!isAgentRequest(request)) return customerAnswer(turn, delay);
  const opening = text(request.messages.find((m) => m.role === 'user') ?? { role: 'user', content: '' });
  if (!opening.includes('#W1392577')) return reply.text('I am sorry, I cannot help with that.', delay);
  const reason = options.failSeeds?.has(request.seed ?? -1) ? 'ordered by mistake' : 'no longer needed';
  const steps: ScriptedResponse[] = [
    reply.text('Could you give me your name and zip code?', delay),
    reply.toolCall(
      'find_user_id_by_name_zip',
      { first_name: 'Bruno', last_name: 'Haddad', zip: '99219' },
      delay,
    ),
    reply.text(`I will cancel order #W1392577 (reason: ${reason}). Shall I go ahead?`, delay),
    reply.toolCall('cancel_pending_order', { order_id: '#W1392577', reason }, delay),
    reply.text('Done: the order is cancelled. Anything else?', delay),
  ];
  return steps[turn] ?? reply.text('Is there anything else I can do?', delay);
}

function customerAnswer(turn: number, delay: { delayMs?: number }): ScriptedResponse {
  const lines = [
    'Hi! I want to cancel order #W1392577 because I no longer need it.',
    'My name is Bruno Haddad and my zip code is 99219.',
    'Yes, please go ahead.',
    'No, that is all. Thank you! ###STOP###',
  ];
  return reply.text(lines[Math.min(turn, lines.length - 1)]!, delay);
}
