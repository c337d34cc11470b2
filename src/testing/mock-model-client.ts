import type { ModelClient, ModelRequest, ModelResponse } from '../core/model/types.ts';
import { estimateTokens } from './openai-wire.ts';
import type { ScriptedToolCall } from './scripted-response.ts';

/**
 * One scripted answer: a text, a text with token counts and tool calls (what `reply.text`,
 * `reply.toolCall` and `reply.toolCalls` build), or an error to throw (e.g. a `ModelError`).
 */
export type MockReply =
  | string
  | Error
  | { text: string; inputTokens?: number; outputTokens?: number; toolCalls?: ScriptedToolCall[] };

export interface MockModelClientOptions {
  /** Answers, in order, one per call. */
  replies?: MockReply[];
  /** Answers calls once `replies` is used up. */
  handler?: (request: ModelRequest, index: number) => MockReply | Promise<MockReply>;
  /** `mock` by default. */
  provider?: string;
  /** `mock-model` by default. */
  model?: string;
}

/**
 * A `ModelClient` that answers from a script, with no SDK and no HTTP: for testing code that takes a
 * model client, such as a simulated customer. It records every request, and is strict: a call with no
 * answer left throws, and `assertDone` fails on answers never used. Usage is counted at about one token
 * per four characters, at no cost.
 */
export class MockModelClient implements ModelClient {
  readonly provider: string;
  readonly model: string;
  /** Copies of every request, in order (without the abort signal). */
  readonly requests: Array<Omit<ModelRequest, 'abortSignal'>> = [];
  readonly #replies: MockReply[];
  readonly #handler: MockModelClientOptions['handler'];
  readonly #problems: string[] = [];

  constructor(options: MockModelClientOptions = {}) {
    this.provider = options.provider ?? 'mock';
    this.model = options.model ?? 'mock-model';
    this.#replies = [...(options.replies ?? [])];
    this.#handler = options.handler;
  }

  /** Adds answers to the end of the script. */
  enqueue(...replies: MockReply[]): void {
    this.#replies.push(...replies);
  }

  /** Scripted answers not used yet. */
  get pending(): number {
    return this.#replies.length;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    request.abortSignal?.throwIfAborted();
    const { abortSignal: _signal, ...rest } = request;
    // Copy the messages: callers often keep appending to the array they passed.
    const recorded = { ...rest, messages: request.messages.map((m) => ({ ...m })) };
    const index = this.requests.push(recorded) - 1;
    let reply = this.#replies.shift();
    if (reply === undefined && this.#handler !== undefined) reply = await this.#handler(recorded, index);
    if (reply === undefined) {
      const problem = `call #${index}: no scripted reply left`;
      this.#problems.push(problem);
      throw new Error(`MockModelClient: ${problem}`);
    }
    if (reply instanceof Error) throw reply;
    const answer = typeof reply === 'string' ? { text: reply } : reply;
    const prompt = [request.system ?? '', ...request.messages.map((m) => m.content)].join('\n');
    const toolCalls = (answer.toolCalls ?? []).map((call, i) => ({
      id: call.id ?? `mock_call_${index}_${i}`,
      name: call.name,
      arguments: call.arguments,
    }));
    return {
      text: answer.text,
      toolCalls,
      usage: {
        inputTokens: answer.inputTokens ?? estimateTokens(prompt),
        outputTokens:
          answer.outputTokens ??
          estimateTokens(answer.text + toolCalls.map((c) => c.name + c.arguments).join('')),
        costUsd: 0,
      },
      attempts: 1,
      ...(request.output === undefined ? {} : parsedObject(answer.text)),
    };
  }

  /** Throws unless every scripted reply was used and no call went unanswered. */
  assertDone(): void {
    const lines = [...this.#problems];
    if (this.#replies.length > 0)
      lines.push(`${this.#replies.length} scripted reply(s) were never requested`);
    if (lines.length > 0) throw new Error(`MockModelClient:\n  ${lines.join('\n  ')}`);
  }
}

export function createMockModelClient(options: MockModelClientOptions = {}): MockModelClient {
  return new MockModelClient(options);
}

/** An object answer as the mock gives it: the reply's JSON, parsed (the schema is not checked here). */
function parsedObject(text: string): { object: unknown } | { outputProblem: string } {
  try {
    return { object: JSON.parse(text) as unknown };
  } catch (error) {
    return { outputProblem: `the answer is not JSON: ${(error as Error).message}` };
  }
}
