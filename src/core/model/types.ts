/**
 * What the core needs of a language model: one chat completion at a time. Implementations (the AI SDK
 * over OpenAI, Anthropic, Google, Azure, any OpenAI-compatible server; the mock model for tests) live
 * in `src/llm/`.
 */

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface ModelRequest {
  /** The system prompt. */
  system?: string;
  messages: ChatMessage[];
  temperature?: number;
  seed?: number;
  maxOutputTokens?: number;
  abortSignal?: AbortSignal;
}

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  /** US dollars, when the model's price is known; null when it is not. */
  costUsd: number | null;
}

export interface ModelResponse {
  text: string;
  usage: ModelUsage;
  /** Calls made for this response, retries included. */
  attempts: number;
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
