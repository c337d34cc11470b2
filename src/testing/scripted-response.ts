/**
 * What the loopback OpenAI-compatible server answers to one request. Build them with `reply`, or write
 * the objects directly; a plain string is a completion with that text.
 */

interface Delayed {
  /** Wait this long before answering, e.g. to make a client time out. */
  delayMs?: number;
}

/** A tool call in a scripted completion; `arguments` is sent exactly as given. */
export interface ScriptedToolCall {
  /** `call_<request>_<n>` by default. */
  id?: string;
  name: string;
  /** JSON text, sent as it is. */
  arguments: string;
}

/** A normal chat completion. */
export interface CompletionResponse extends Delayed {
  type: 'completion';
  text: string;
  /** Tool calls the model makes (OpenAI's `tool_calls`); `finishReason` is then `tool_calls` by default. */
  toolCalls?: ScriptedToolCall[];
  /** Reported token counts; by default about one token per four characters. */
  inputTokens?: number;
  outputTokens?: number;
  /** `stop` by default. */
  finishReason?: string;
  /** Streamed: wait this long before each event after the first, so a client sees the text arrive in parts. */
  chunkDelayMs?: number;
  /** Streamed: send only the first this many pieces of the text, then drop the connection (a stream that breaks). */
  cutAfterPieces?: number;
}

/** An HTTP error with an OpenAI-style body: `{ "error": { "message", "type", "code" } }`. */
export interface ErrorResponse extends Delayed {
  type: 'error';
  status: number;
  message?: string;
  /** Sent as the `retry-after` header, in seconds. */
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
}

/** Any body at all, e.g. malformed JSON. */
export interface RawResponse extends Delayed {
  type: 'raw';
  status?: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** The connection is dropped without an answer, as when a server crashes mid-request. */
export interface HangUpResponse extends Delayed {
  type: 'hang-up';
}

export type ScriptedResponse = string | CompletionResponse | ErrorResponse | RawResponse | HangUpResponse;

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
};

/** Builders for the usual scripted answers. */
export const reply = {
  text(text: string, options: Omit<CompletionResponse, 'type' | 'text'> = {}): CompletionResponse {
    return { type: 'completion', text, ...options };
  },
  /**
   * A completion calling one tool; `args` is an object (written as JSON) or JSON text sent exactly.
   * `options.text` adds text beside the call.
   */
  toolCall(
    name: string,
    args: Record<string, unknown> | string = {},
    options: Omit<CompletionResponse, 'type' | 'text' | 'toolCalls'> & { id?: string; text?: string } = {},
  ): CompletionResponse {
    const { id, text, ...rest } = options;
    return reply.toolCalls([{ name, arguments: args, ...(id === undefined ? {} : { id }) }], {
      ...rest,
      ...(text === undefined ? {} : { text }),
    });
  },
  /** A completion calling several tools at once, in order. */
  toolCalls(
    calls: Array<{ name: string; arguments?: Record<string, unknown> | string; id?: string }>,
    options: Omit<CompletionResponse, 'type' | 'text' | 'toolCalls'> & { text?: string } = {},
  ): CompletionResponse {
    const { text = '', ...rest } = options;
    return {
      type: 'completion',
      text,
      toolCalls: calls.map((c) => ({
        name: c.name,
        arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}),
        ...(c.id === undefined ? {} : { id: c.id }),
      })),
      ...rest,
    };
  },
  /** A completion with no text: what makes a naive simulator crash or end early. */
  empty(options: Omit<CompletionResponse, 'type' | 'text'> = {}): CompletionResponse {
    return { type: 'completion', text: '', ...options };
  },
  error(status: number, options: Omit<ErrorResponse, 'type' | 'status'> = {}): ErrorResponse {
    return { type: 'error', status, ...options };
  },
  rateLimited(retryAfterSeconds?: number): ErrorResponse {
    return { type: 'error', status: 429, message: 'Rate limit reached, slow down', retryAfterSeconds };
  },
  serverError(status = 500): ErrorResponse {
    return { type: 'error', status, message: 'The server had an error while processing your request' };
  },
  unauthorized(): ErrorResponse {
    return { type: 'error', status: 401, message: 'Incorrect API key provided' };
  },
  malformedJson(): RawResponse {
    return {
      type: 'raw',
      status: 200,
      body: '{"id": "chatcmpl-cut", "choices": [',
      contentType: 'application/json',
    };
  },
  hangUp(): HangUpResponse {
    return { type: 'hang-up' };
  },
  /** Any response, answered after a wait. */
  delayed(delayMs: number, response: ScriptedResponse): Exclude<ScriptedResponse, string> {
    return { ...normalizeResponse(response), delayMs };
  },
};

export function normalizeResponse(response: ScriptedResponse): Exclude<ScriptedResponse, string> {
  return typeof response === 'string' ? { type: 'completion', text: response } : response;
}

/** OpenAI's error body for a status. */
export function errorBody(status: number, message: string): string {
  const type = ERROR_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
  return JSON.stringify({ error: { message, type, code: status === 401 ? 'invalid_api_key' : null } });
}
