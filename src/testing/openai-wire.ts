/**
 * The OpenAI Chat Completions wire format, as far as the loopback server speaks it: reading a request
 * into a `RecordedRequest`, and writing a completion as one JSON body or as server-sent events.
 */
import type { CompletionResponse, ScriptedToolCall } from './scripted-response.ts';

/** One message of a chat request, as sent. `content` is a string, or an array of parts for rich input. */
export interface ChatCompletionMessage {
  role: string;
  content?: unknown;
  [field: string]: unknown;
}

/** A request the server received, with the fields tests most often check pulled out. */
export interface RecordedRequest {
  /** 0 for the first request the server received. */
  index: number;
  method: string;
  /** The URL path without the query, e.g. `/v1/chat/completions`. */
  path: string;
  query: Record<string, string>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  rawBody: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  body: unknown;
  model: string | undefined;
  messages: ChatCompletionMessage[];
  temperature: number | undefined;
  seed: number | undefined;
  /** `max_tokens` or `max_completion_tokens`. */
  maxTokens: number | undefined;
  stream: boolean;
  /** The tools offered (`tools`), as sent; empty when none. */
  tools: Array<{ type?: string; function?: { name?: string; description?: string; parameters?: unknown } }>;
}

export function recordRequest(
  index: number,
  method: string,
  url: URL,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
): RecordedRequest {
  let body: unknown;
  try {
    body = rawBody === '' ? undefined : JSON.parse(rawBody);
  } catch {
    body = undefined;
  }
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    index,
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toLowerCase(), [value ?? ''].flat().join(', ')]),
    ),
    rawBody,
    body,
    model: typeof fields.model === 'string' ? fields.model : undefined,
    messages: Array.isArray(fields.messages) ? (fields.messages as ChatCompletionMessage[]) : [],
    temperature: number(fields.temperature),
    seed: number(fields.seed),
    maxTokens: number(fields.max_tokens) ?? number(fields.max_completion_tokens),
    stream: fields.stream === true,
    tools: Array.isArray(fields.tools) ? (fields.tools as RecordedRequest['tools']) : [],
  };
}

/** About one token per four characters: enough for usage and cost arithmetic in tests. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function messageText(message: ChatCompletionMessage): string {
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content)) return '';
  return message.content
    .map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : ''))
    .join('');
}

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

function usageOf(request: RecordedRequest, response: CompletionResponse): Usage {
  const prompt = response.inputTokens ?? estimateTokens(request.messages.map(messageText).join('\n'));
  const written = response.text + (response.toolCalls ?? []).map((c) => c.name + c.arguments).join('');
  const completion = response.outputTokens ?? estimateTokens(written);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function header(request: RecordedRequest, object: string) {
  return {
    id: `chatcmpl-sigma-${request.index}`,
    object,
    created: Math.floor(Date.now() / 1000),
    model: request.model ?? 'sigma-test-model',
  };
}

/** The calls in OpenAI's shape, each with its id (`call_<request>_<n>` unless the script gave one). */
function wireToolCalls(request: RecordedRequest, calls: readonly ScriptedToolCall[]) {
  return calls.map((call, i) => ({
    id: call.id ?? `call_${request.index}_${i}`,
    type: 'function' as const,
    function: { name: call.name, arguments: call.arguments },
  }));
}

function finishReason(response: CompletionResponse): string {
  return response.finishReason ?? ((response.toolCalls ?? []).length > 0 ? 'tool_calls' : 'stop');
}

/** A non-streamed completion body. */
export function completionBody(request: RecordedRequest, response: CompletionResponse): string {
  const calls = response.toolCalls ?? [];
  const message =
    calls.length === 0
      ? { role: 'assistant', content: response.text }
      : {
          role: 'assistant',
          content: response.text === '' ? null : response.text,
          tool_calls: wireToolCalls(request, calls),
        };
  return JSON.stringify({
    ...header(request, 'chat.completion'),
    choices: [{ index: 0, message, finish_reason: finishReason(response) }],
    usage: usageOf(request, response),
  });
}

/**
 * A streamed completion: a role chunk, the text word by word, each tool call (its id and name, then its
 * arguments in two pieces, as OpenAI streams them), the finish chunk, a usage chunk when the client
 * asked for one (`stream_options.include_usage`), and `[DONE]`.
 */
export function completionEvents(request: RecordedRequest, response: CompletionResponse): string[] {
  const base = header(request, 'chat.completion.chunk');
  const chunk = (delta: object, finishReason: string | null) =>
    JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finishReason }] });
  const events = [chunk({ role: 'assistant', content: '' }, null)];
  for (const piece of response.text.match(/\s*\S+\s*|\s+/g) ?? [])
    events.push(chunk({ content: piece }, null));
  wireToolCalls(request, response.toolCalls ?? []).forEach((call, index) => {
    const args = call.function.arguments;
    const half = Math.ceil(args.length / 2);
    events.push(
      chunk(
        {
          tool_calls: [
            { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } },
          ],
        },
        null,
      ),
    );
    for (const piece of [args.slice(0, half), args.slice(half)])
      if (piece !== '') events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null));
  });
  events.push(chunk({}, finishReason(response)));
  const options = (request.body as { stream_options?: { include_usage?: boolean } } | undefined)
    ?.stream_options;
  if (options?.include_usage === true) {
    events.push(JSON.stringify({ ...base, choices: [], usage: usageOf(request, response) }));
  }
  events.push('[DONE]');
  return events.map((data) => `data: ${data}\n\n`);
}
