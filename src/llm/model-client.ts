import { generateText, type LanguageModel, NoObjectGeneratedError, Output, streamText } from 'ai';
import { z } from 'zod';
import { InputError, ModelError, type ModelFailureKind } from '../core/errors.ts';
import type {
  ModelClient,
  ModelObjectOutput,
  ModelRequest,
  ModelResponse,
  ModelToolCall,
} from '../core/model/types.ts';
import { classifyFailure, type Failure } from './classify-failure.ts';
import { type ConcurrencyLimits, sharedConcurrencyLimits } from './concurrency.ts';
import { createLanguageModel } from './language-model.ts';
import {
  describeOutcome,
  describeRequest,
  type ModelDebugLog,
  modelDebugLog,
  nextDebugCall,
} from './model-debug.ts';
import type { ModelSpec } from './model-spec.ts';
import { costOf, type ModelPrice, priceOf } from './prices.ts';
import { type Env, readProviderConfig } from './provider-config.ts';
import { checkRetryPolicy, DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from './retry-policy.ts';
import { capturingToolCalls, toolCallsOf, toSdkMessages, toSdkTools } from './sdk-messages.ts';

export const DEFAULT_TIMEOUT_MS = 60_000;

/** Told before each wait between two calls, e.g. to show "retrying in 2 s (HTTP 429)". */
export interface RetryEvent {
  provider: string;
  model: string;
  /** The call that failed (1 for the first). */
  attempt: number;
  kind: ModelFailureKind;
  status: number | null;
  reason: string;
  delayMs: number;
}

export interface ModelClientOptions extends Partial<RetryPolicy> {
  /** Where keys and base URLs are read; `process.env` by default (call `loadDotEnv` first for `.env`). */
  env?: Env;
  /** Per call, retries each getting their own; 60 s by default. */
  timeoutMs?: number;
  /** Calls in flight for this provider, shared with every client using the same `limits`. */
  concurrency?: number;
  /** The per-provider queues; the process-wide ones by default. */
  limits?: ConcurrencyLimits;
  /** Overrides the price table (for a model it does not list); null for "unknown". */
  price?: ModelPrice | null;
  /** Waits between retries; replace it in tests so they do not wait. It must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds since the epoch, for reading a `retry-after` date. */
  now?: () => number;
  /** In [0, 1), for the backoff's jitter. */
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
  /** Who calls the model, for the debug log: `customer`, `copilot agent`, `judge`. */
  role?: string;
  /**
   * Where every prompt and reply is logged (keys redacted); by default the one `DEBUG_SIMULATOR` in
   * `env` asks for (`1`: stderr, or a file), none when it is not set; null for none whatever it says.
   */
  debug?: ModelDebugLog | null;
}

/** A model client for a named model, with its key and address read from the environment. */
export function createModelClient(spec: ModelSpec, options: ModelClientOptions = {}): ModelClient {
  const config = readProviderConfig(spec.provider, options.env ?? process.env);
  return new SdkModelClient(
    createLanguageModel(spec, config),
    spec.provider,
    spec.model,
    options,
    config.keyVariable,
  );
}

/** A model client over any AI SDK model, e.g. the SDK's `MockLanguageModelV4` in tests. */
export function createModelClientFromLanguageModel(
  languageModel: LanguageModel,
  options: ModelClientOptions & { provider: string; model: string },
): ModelClient {
  return new SdkModelClient(languageModel, options.provider, options.model, options, undefined);
}

type Outcome =
  | {
      type: 'reply';
      text: string;
      toolCalls: ModelToolCall[];
      inputTokens: number;
      outputTokens: number;
      object?: { value: unknown } | { problem: string };
    }
  | { type: 'failure'; failure: Failure; streamed?: boolean };

class SdkModelClient implements ModelClient {
  readonly provider: string;
  readonly model: string;
  /** Created on first use (the provider package is loaded then). */
  readonly #languageModel: LanguageModel | Promise<LanguageModel>;
  readonly #policy: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #limits: ConcurrencyLimits;
  readonly #price: ModelPrice | null;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #onRetry: ((event: RetryEvent) => void) | undefined;
  readonly #keyVariable: string | undefined;
  readonly #debug: ModelDebugLog | undefined;
  readonly #who: string;

  constructor(
    languageModel: LanguageModel | Promise<LanguageModel>,
    provider: string,
    model: string,
    options: ModelClientOptions,
    keyVariable: string | undefined,
  ) {
    this.provider = provider;
    this.model = model;
    this.#languageModel = languageModel;
    this.#policy = checkRetryPolicy({
      maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
      initialDelayMs: options.initialDelayMs ?? DEFAULT_RETRY_POLICY.initialDelayMs,
      maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    });
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(this.#timeoutMs) || this.#timeoutMs <= 0) {
      throw new InputError(
        `The model timeout must be a number of milliseconds > 0, not ${options.timeoutMs}.`,
      );
    }
    this.#limits = options.limits ?? sharedConcurrencyLimits;
    // Set the provider's limit now, so a bad value fails at setup rather than at the first call.
    this.#limits.for(provider, options.concurrency);
    this.#price = options.price !== undefined ? options.price : priceOf(provider, model);
    this.#sleep = options.sleep ?? sleep;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#onRetry = options.onRetry;
    this.#keyVariable = keyVariable;
    this.#debug =
      options.debug === null ? undefined : (options.debug ?? modelDebugLog(options.env ?? process.env));
    this.#who = `${options.role === undefined ? '' : `${options.role} · `}${provider}:${model}`;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    let inputTokens = 0;
    let outputTokens = 0;
    const debugCall = this.#debug === undefined ? 0 : nextDebugCall();
    this.#debug?.write(describeRequest(debugCall, this.#who, request));
    for (let attempt = 1; ; attempt++) {
      request.abortSignal?.throwIfAborted();
      // Each call queues on its own, so a client waiting out a backoff does not hold a slot.
      const started = Date.now();
      const outcome = await this.#limits.for(this.provider)(() => this.#call(request));
      this.#debug?.write(
        describeOutcome(
          debugCall,
          attempt,
          Date.now() - started,
          outcome.type === 'reply' ? { reply: outcome } : { failure: outcome.failure.reason },
        ),
      );
      let failure: Failure;
      if (outcome.type === 'reply') {
        // Empty replies were billed too, so their tokens count.
        inputTokens += outcome.inputTokens;
        outputTokens += outcome.outputTokens;
        // An answer that calls a tool may have no text.
        if (outcome.text.trim() !== '' || outcome.toolCalls.length > 0) {
          const costUsd = costOf(this.#price, inputTokens, outputTokens);
          return {
            text: outcome.text,
            toolCalls: outcome.toolCalls,
            usage: { inputTokens, outputTokens, costUsd },
            attempts: attempt,
            ...objectFields(outcome.object),
          };
        }
        failure = {
          kind: 'empty-reply',
          retryable: true,
          status: null,
          reason: 'the model returned an empty reply',
        };
      } else {
        failure = outcome.failure;
      }
      // Pieces of a streamed answer already went out: a retry would write a second answer after them.
      const shown = outcome.type === 'failure' && outcome.streamed === true;
      if (!failure.retryable || shown || attempt > this.#policy.maxRetries)
        throw this.#error(failure, attempt);
      const delayMs = retryDelayMs(attempt, this.#policy, failure.retryAfterMs, this.#random);
      this.#onRetry?.({
        provider: this.provider,
        model: this.model,
        attempt,
        kind: failure.kind,
        status: failure.status,
        reason: failure.reason,
        delayMs,
      });
      await this.#sleep(delayMs, request.abortSignal);
    }
  }

  /** One call with its own timeout; a failure is returned, except the caller's own abort, which is thrown. */
  async #call(request: ModelRequest): Promise<Outcome> {
    const streaming = { started: false };
    const outcome = await this.#callOnce(request, streaming);
    return outcome.type === 'failure' && streaming.started ? { ...outcome, streamed: true } : outcome;
  }

  async #callOnce(request: ModelRequest, streaming: { started: boolean }): Promise<Outcome> {
    request.abortSignal?.throwIfAborted();
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new DOMException(`no reply within ${this.#timeoutMs} ms`, 'TimeoutError')),
      this.#timeoutMs,
    );
    const signal = request.abortSignal
      ? AbortSignal.any([request.abortSignal, timeout.signal])
      : timeout.signal;
    try {
      const tools = request.tools !== undefined && request.tools.length > 0 ? request.tools : undefined;
      // With tools, one step: the calls come back to the caller (no tool has an `execute`).
      const { model, raw } = tools
        ? capturingToolCalls(await this.#languageModel)
        : { model: await this.#languageModel, raw: new Map<string, ModelToolCall>() };
      if (request.onText !== undefined && tools === undefined && request.output === undefined)
        return await this.#stream(model, request, signal, request.onText, streaming);
      const result = await generateText({
        model,
        system: request.system,
        messages: toSdkMessages(request.messages),
        ...(tools === undefined ? {} : { tools: toSdkTools(tools) }),
        ...(request.output === undefined ? {} : { output: objectOutput(request.output) }),
        temperature: request.temperature,
        seed: request.seed,
        maxOutputTokens: request.maxOutputTokens,
        abortSignal: signal,
        // Retries are ours: the SDK's would not retry empty replies, honour our limits or count attempts.
        maxRetries: 0,
      });
      return {
        type: 'reply',
        text: result.text,
        toolCalls: toolCallsOf(result.toolCalls, raw),
        inputTokens: result.usage.inputTokens ?? 0,
        outputTokens: result.usage.outputTokens ?? 0,
        ...(request.output === undefined ? {} : { object: { value: result.output as unknown } }),
      };
    } catch (error) {
      if (request.abortSignal?.aborted) throw request.abortSignal.reason;
      // The model answered, but not with an object of the schema: the caller decides what to do.
      if (request.output !== undefined && NoObjectGeneratedError.isInstance(error)) {
        return {
          type: 'reply',
          text: error.text ?? '',
          toolCalls: [],
          inputTokens: error.usage?.inputTokens ?? 0,
          outputTokens: error.usage?.outputTokens ?? 0,
          object: { problem: outputProblemOf(error) },
        };
      }
      if (timeout.signal.aborted) {
        const reason = `no reply within ${formatDuration(this.#timeoutMs)}`;
        return {
          type: 'failure',
          failure: { kind: 'timeout', retryable: true, status: null, reason, cause: error },
        };
      }
      const failure = classifyFailure(error, this.#now());
      if (failure === null) throw error;
      return { type: 'failure', failure };
    } finally {
      clearTimeout(timer);
    }
  }

  /** A text answer streamed: each piece goes to `onText` as it arrives; the whole is the reply. */
  async #stream(
    model: LanguageModel,
    request: ModelRequest,
    signal: AbortSignal,
    onText: (delta: string) => void,
    streaming: { started: boolean },
  ): Promise<Outcome> {
    const result = streamText({
      model,
      system: request.system,
      messages: toSdkMessages(request.messages),
      temperature: request.temperature,
      seed: request.seed,
      maxOutputTokens: request.maxOutputTokens,
      abortSignal: signal,
      maxRetries: 0,
    });
    let text = '';
    let inputTokens = 0;
    let outputTokens = 0;
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') {
        if (part.text === '') continue;
        text += part.text;
        streaming.started = true;
        onText(part.text);
      } else if (part.type === 'error') {
        throw part.error;
      } else if (part.type === 'abort') {
        throw signal.reason ?? new DOMException('the stream was aborted', 'AbortError');
      } else if (part.type === 'finish') {
        inputTokens = part.totalUsage.inputTokens ?? 0;
        outputTokens = part.totalUsage.outputTokens ?? 0;
      }
    }
    return { type: 'reply', text, toolCalls: [], inputTokens, outputTokens };
  }

  #error(failure: Failure, attempts: number): ModelError {
    let reason = failure.reason;
    if ((failure.status === 401 || failure.status === 403) && this.#keyVariable !== undefined) {
      reason += ` (check the API key in ${this.#keyVariable})`;
    } else if (failure.status === 404) {
      reason += ` (check the model name "${this.model}" and the provider's base URL)`;
    } else if (!failure.retryable && failure.kind === 'http') {
      reason += ' (not retried: a retry cannot fix this)';
    }
    return new ModelError(
      {
        provider: this.provider,
        model: this.model,
        kind: failure.kind,
        status: failure.status,
        attempts,
        reason,
      },
      { cause: failure.cause },
    );
  }
}

function objectOutput(output: ModelObjectOutput) {
  // Through zod, so the SDK checks the answer against the schema (a plain JSON Schema is not checked).
  return Output.object({
    schema: z.fromJSONSchema(output.schema as Parameters<typeof z.fromJSONSchema>[0]),
    name: output.name,
    ...(output.description === undefined ? {} : { description: output.description }),
  });
}

function objectFields(object: { value: unknown } | { problem: string } | undefined) {
  if (object === undefined) return {};
  return 'value' in object ? { object: object.value } : { outputProblem: object.problem };
}

/** Why an answer is not the object asked for, in a line a model can act on. */
function outputProblemOf(error: NoObjectGeneratedError): string {
  const cause = error.cause instanceof Error ? error.cause.message : error.message;
  return cause.replace(/\s+/g, ' ').slice(0, 500);
}

function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** A wait that ends early, rejecting, when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
