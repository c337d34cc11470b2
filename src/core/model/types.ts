/**
 * What the core needs of a language model: one chat completion at a time. Implementations (the AI SDK
 * over OpenAI, Anthropic, Google, Azure, any OpenAI-compatible server; the mock model for tests) live
 * in `src/llm/`.
 */

/** A tool call a model made: `arguments` is the JSON text exactly as the model wrote it. */
export interface ModelToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A tool the model may call: a function with a JSON Schema for its arguments. */
export interface ModelTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** A text message of a conversation with a model. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** A model turn that called tools (with the text it wrote alongside, often empty). */
export interface ToolCallsMessage {
  role: 'assistant';
  content: string;
  toolCalls: ModelToolCall[];
}

/** The result of one tool call, given back to the model. */
export interface ToolResultMessage {
  role: 'tool';
  toolCallId: string;
  name: string;
  content: string;
}

/** Any message of a request: text, a model turn with tool calls, or a tool's result. */
export type ModelRequestMessage = ChatMessage | ToolCallsMessage | ToolResultMessage;

export interface ModelRequest {
  /** The system prompt. */
  system?: string;
  messages: ModelRequestMessage[];
  /** Tools the model may call; it answers with text, tool calls, or both. */
  tools?: ModelTool[];
  temperature?: number;
  seed?: number;
  maxOutputTokens?: number;
  abortSignal?: AbortSignal;
  /** Asks for a JSON object of this schema instead of free text (structured output). */
  output?: ModelObjectOutput;
  /**
   * Called with each piece of the text as the model writes it (the answer is streamed). A call that
   * fails once pieces have been given is not retried: what was shown cannot be taken back.
   */
  onText?: (delta: string) => void;
}

/** A structured answer: the JSON Schema the model's object must match, with a name for providers that take one. */
export interface ModelObjectOutput {
  name: string;
  description?: string;
  schema: Record<string, unknown>;
}

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  /** US dollars, when the model's price is known; null when it is not. */
  costUsd: number | null;
}

export interface ModelResponse {
  text: string;
  /** The tool calls of the answer, in the model's order (absent or empty when it called none). */
  toolCalls?: ModelToolCall[];
  usage: ModelUsage;
  /** Calls made for this response, retries included. */
  attempts: number;
  /** With `output`: the object the model wrote, when it is JSON matching the schema. */
  object?: unknown;
  /** With `output`: why the answer is not such an object (`object` is then absent). */
  outputProblem?: string;
}

export interface ModelClient {
  /** e.g. `openai`, `anthropic`, `openai-compatible`. */
  readonly provider: string;
  /** e.g. `gpt-4o`. */
  readonly model: string;
  complete(request: ModelRequest): Promise<ModelResponse>;
}

export const ZERO_USAGE: ModelUsage = Object.freeze({ inputTokens: 0, outputTokens: 0, costUsd: 0 });

/** Sums usage; the cost is unknown (null) as soon as one part's cost is unknown. */
export function addUsage(a: ModelUsage, b: ModelUsage): ModelUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: a.costUsd === null || b.costUsd === null ? null : a.costUsd + b.costUsd,
  };
}
