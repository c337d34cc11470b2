/**
 * The rules the consumers of each format enforce beyond the row's shape, checked on every row written
 * and by `sigma export --check`. Each returns the first broken rule in words, or undefined.
 */

interface AnyMessage {
  role?: string;
  content?: unknown;
  tool_calls?: Array<{ id?: string; function?: { arguments?: unknown } }>;
  tool_call_id?: string;
  weight?: number;
}

/** TRL's conversational shape: a tool result follows an assistant tool call; some assistant turn. */
export function checkTrlMessages(messages: readonly unknown[]): string | undefined {
  const list = messages as AnyMessage[];
  if (!list.some((m) => m.role === 'assistant')) return 'no assistant message';
  for (const [i, m] of list.entries()) {
    if (m.role === 'system' && i !== 0) return `message ${i}: a system message must come first`;
    if (m.role !== 'tool') continue;
    const before = list[i - 1];
    if (before?.role !== 'assistant' && before?.role !== 'tool')
      return `message ${i}: a tool result must follow the assistant's tool call`;
  }
  return undefined;
}

/**
 * OpenAI's chat fine-tuning rules: roles are system/user/assistant/tool; every tool result answers a
 * tool call of the assistant message before it by `tool_call_id`, and every call is answered; tool-call
 * arguments are JSON text; an assistant message has content or tool calls.
 */
export function checkOpenAiMessages(messages: readonly unknown[]): string | undefined {
  const list = messages as AnyMessage[];
  const open: string[] = [];
  for (const [i, m] of list.entries()) {
    if (m.role === 'tool') {
      const at = open.indexOf(m.tool_call_id ?? '');
      if (at < 0) return `message ${i}: tool_call_id "${m.tool_call_id}" answers no open tool call`;
      open.splice(at, 1);
      continue;
    }
    if (open.length > 0) return `message ${i}: tool call ${open[0]} has no result before it`;
    if (m.role === 'system' && i !== 0) return `message ${i}: a system message must come first`;
    if (m.role === 'assistant') {
      const calls = m.tool_calls ?? [];
      if (calls.length === 0 && (typeof m.content !== 'string' || m.content === ''))
        return `message ${i}: an assistant message needs content or tool_calls`;
      for (const call of calls) {
        const args = call.function?.arguments;
        if (typeof args !== 'string') return `message ${i}: tool-call arguments must be a JSON string`;
        try {
          JSON.parse(args);
        } catch {
          return `message ${i}: tool-call arguments are not valid JSON`;
        }
        open.push(call.id ?? '');
      }
    }
  }
  return undefined;
}

/** An SFT example trains on something: at least one assistant message with weight 1. */
export function checkOpenAiSft(row: unknown): string | undefined {
  const messages = (row as { messages: AnyMessage[] }).messages;
  const broken = checkOpenAiMessages(messages);
  if (broken !== undefined) return broken;
  if (!messages.some((m) => m.role === 'assistant' && m.weight !== 0))
    return 'no assistant message with weight 1: the example trains on nothing';
  return undefined;
}

/** OpenAI preference rows: the input is a valid conversation; each output is one assistant message. */
export function checkOpenAiDpo(row: unknown): string | undefined {
  const r = row as {
    input: { messages: AnyMessage[] };
    preferred_output: AnyMessage[];
    non_preferred_output: AnyMessage[];
  };
  const broken = checkOpenAiMessages(r.input.messages);
  if (broken !== undefined) return `input: ${broken}`;
  for (const side of ['preferred_output', 'non_preferred_output'] as const) {
    const out = r[side];
    if (out.length !== 1 || out[0]?.role !== 'assistant') return `${side}: must be one assistant message`;
  }
  return undefined;
}

/** TRL's preference shape: the prompt ends where the agent acts (a user or tool message). */
export function checkTrlPreference(row: unknown): string | undefined {
  const r = row as { prompt: AnyMessage[] };
  const last = r.prompt.at(-1);
  if (last?.role !== 'user' && last?.role !== 'tool')
    return 'prompt: must end with the customer or a tool result, where the agent acts';
  return undefined;
}
