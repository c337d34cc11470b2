import type { LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import { APICallError } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { InputError, ModelError } from '../core/errors.ts';
import { ConcurrencyLimits } from './concurrency.ts';
import {
  createModelClient,
  createModelClientFromLanguageModel,
  type RetryEvent,
  sleep,
} from './model-client.ts';

function result(text: string, inputTokens = 10, outputTokens = 5): LanguageModelV4GenerateResult {
  return {
    content: text === '' ? [] : [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
    },
    warnings: [],
  };
}

function httpError(status: number, headers: Record<string, string> = {}, message = `status ${status}`) {
  return new APICallError({
    message,
    url: 'https://api.example.test/v1/chat/completions',
    requestBodyValues: {},
    statusCode: status,
    responseHeaders: headers,
    responseBody: JSON.stringify({ error: { message } }),
  });
}

/** A model that answers from a script of results and errors, one per call. */
function scriptedModel(script: Array<LanguageModelV4GenerateResult | Error>) {
  const queue = [...script];
  return new MockLanguageModelV4({
    provider: 'mock',
    modelId: 'mock-model',
    doGenerate: async () => {
      const next = queue.shift();
      if (next === undefined) throw new Error('the test script ran out');
      if (next instanceof Error) throw next;
      return next;
    },
  });
}

/** Options that make retries instant and record the waits. */
function fastRetries() {
  const waits: number[] = [];
  const events: RetryEvent[] = [];
  return {
    waits,
    events,
    options: {
      sleep: async (ms: number) => {
        waits.push(ms);
      },
      random: () => 0.5,
      onRetry: (event: RetryEvent) => events.push(event),
      limits: new ConcurrencyLimits(),
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe('a model client over an AI SDK model', () => {
  it('sends the system prompt, messages and settings, and returns text, usage and cost', async () => {
    const model = scriptedModel([result('Hi, I need to return a lamp.', 1200, 300)]);
    const client = createModelClientFromLanguageModel(model, { provider: 'openai', model: 'gpt-4o' });
    const response = await client.complete({
      system: 'You are a customer.',
      messages: [
        { role: 'user', content: 'Hello, how can I help?' },
        { role: 'assistant', content: 'I have a question.' },
        { role: 'user', content: 'Go ahead.' },
      ],
      temperature: 0.3,
      seed: 7,
      maxOutputTokens: 200,
    });
    expect(response).toEqual({
      text: 'Hi, I need to return a lamp.',
      toolCalls: [],
      usage: { inputTokens: 1200, outputTokens: 300, costUsd: (1200 * 2.5 + 300 * 10) / 1e6 },
      attempts: 1,
    });
    const call = model.doGenerateCalls[0] as LanguageModelV4CallOptions;
    expect(call.prompt).toEqual([
      { role: 'system', content: 'You are a customer.' },
      { role: 'user', content: [{ type: 'text', text: 'Hello, how can I help?' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'I have a question.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Go ahead.' }] },
    ]);
    expect(call).toMatchObject({ temperature: 0.3, seed: 7, maxOutputTokens: 200 });
    expect(client.provider).toBe('openai');
    expect(client.model).toBe('gpt-4o');
  });

  it('reports an unknown price as a null cost, and takes a price given explicitly', async () => {
    const unpriced = createModelClientFromLanguageModel(scriptedModel([result('ok')]), {
      provider: 'openai-compatible',
      model: 'llama3.1:8b',
    });
    expect(
      (await unpriced.complete({ messages: [{ role: 'user', content: 'hi' }] })).usage.costUsd,
    ).toBeNull();
    const priced = createModelClientFromLanguageModel(scriptedModel([result('ok', 1_000_000, 1_000_000)]), {
      provider: 'openai-compatible',
      model: 'llama3.1:8b',
      price: { inputPerMillion: 0.1, outputPerMillion: 0.2 },
    });
    expect(
      (await priced.complete({ messages: [{ role: 'user', content: 'hi' }] })).usage.costUsd,
    ).toBeCloseTo(0.3);
  });

  it("retries a 429 after the server's retry-after, then a 500 after backoff", async () => {
    const { waits, events, options } = fastRetries();
    const model = scriptedModel([httpError(429, { 'retry-after': '7' }), httpError(503), result('done')]);
    const client = createModelClientFromLanguageModel(model, { provider: 'mock', model: 'm', ...options });
    const response = await client.complete({ messages: [{ role: 'user', content: 'hi' }] });
    expect(response.text).toBe('done');
    expect(response.attempts).toBe(3);
    expect(waits).toEqual([7000, 1500]);
    expect(events.map((e) => [e.attempt, e.kind, e.status, e.delayMs])).toEqual([
      [1, 'http', 429, 7000],
      [2, 'http', 503, 1500],
    ]);
    expect(events[0]?.reason).toBe('HTTP 429: status 429');
  });

  it('does not retry a 400 or a 401, and says what to check', async () => {
    const { waits, options } = fastRetries();
    const bad = createModelClientFromLanguageModel(
      scriptedModel([httpError(400, {}, 'temperature is too high')]),
      {
        provider: 'mock',
        model: 'm',
        ...options,
      },
    );
    const error = await failure(bad.complete({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(error.message).toBe(
      'Model mock:m failed after 1 call: HTTP 400: temperature is too high (not retried: a retry cannot fix this)',
    );
    expect(error).toMatchObject({ provider: 'mock', model: 'm', kind: 'http', status: 400, attempts: 1 });
    expect(error.cause).toBeInstanceOf(APICallError);
    expect(waits).toEqual([]);
  });

  it('retries an empty reply, and counts the tokens it cost', async () => {
    const { waits, events, options } = fastRetries();
    const model = scriptedModel([result('', 100, 0), result('  \n', 100, 2), result('Finally.', 100, 4)]);
    const client = createModelClientFromLanguageModel(model, {
      provider: 'openai',
      model: 'gpt-4o-mini',
      ...options,
    });
    const response = await client.complete({ messages: [{ role: 'user', content: 'hi' }] });
    expect(response.text).toBe('Finally.');
    expect(response.attempts).toBe(3);
    expect(response.usage).toEqual({
      inputTokens: 300,
      outputTokens: 6,
      costUsd: (300 * 0.15 + 6 * 0.6) / 1e6,
    });
    expect(events.map((e) => e.kind)).toEqual(['empty-reply', 'empty-reply']);
    expect(waits).toEqual([750, 1500]);
  });

  it('fails with a ModelError when every reply is empty', async () => {
    const { options } = fastRetries();
    const model = scriptedModel([result(''), result(''), result('')]);
    const client = createModelClientFromLanguageModel(model, {
      provider: 'mock',
      model: 'm',
      maxRetries: 2,
      ...options,
    });
    const error = await failure(client.complete({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(error.message).toBe('Model mock:m failed after 3 calls: the model returned an empty reply');
    expect(error).toMatchObject({ kind: 'empty-reply', status: null, attempts: 3 });
  });

  it('gives up after maxRetries, keeping the last status', async () => {
    const { waits, options } = fastRetries();
    const model = scriptedModel([httpError(500), httpError(502), httpError(500)]);
    const client = createModelClientFromLanguageModel(model, {
      provider: 'mock',
      model: 'm',
      maxRetries: 2,
      ...options,
    });
    const error = await failure(client.complete({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(error).toMatchObject({ kind: 'http', status: 500, attempts: 3 });
    expect(waits).toEqual([750, 1500]);
  });

  it('does not retry at all with maxRetries 0', async () => {
    const { options } = fastRetries();
    const client = createModelClientFromLanguageModel(scriptedModel([httpError(429), result('never')]), {
      provider: 'mock',
      model: 'm',
      maxRetries: 0,
      ...options,
    });
    expect(await failure(client.complete({ messages: [{ role: 'user', content: 'hi' }] }))).toMatchObject({
      status: 429,
      attempts: 1,
    });
  });

  it('times out a call that does not answer, and retries it', async () => {
    const { events, options } = fastRetries();
    let calls = 0;
    const model = new MockLanguageModelV4({
      doGenerate: async ({ abortSignal }) => {
        calls++;
        if (calls === 2) return result('in time');
        return new Promise((_, reject) =>
          abortSignal?.addEventListener('abort', () => reject(abortSignal.reason)),
        );
      },
    });
    const client = createModelClientFromLanguageModel(model, {
      provider: 'mock',
      model: 'm',
      timeoutMs: 20,
      ...options,
    });
    const response = await client.complete({ messages: [{ role: 'user', content: 'hi' }] });
    expect(response).toMatchObject({ text: 'in time', attempts: 2 });
    expect(events[0]).toMatchObject({ kind: 'timeout', status: null, reason: 'no reply within 20 ms' });
  });

  it("stops at once on the caller's abort, without retrying or wrapping it", async () => {
    const { waits, options } = fastRetries();
    const controller = new AbortController();
    const model = new MockLanguageModelV4({
      doGenerate: async ({ abortSignal }) => {
        queueMicrotask(() => controller.abort(new Error('the user left')));
        return new Promise((_, reject) =>
          abortSignal?.addEventListener('abort', () => reject(abortSignal.reason)),
        );
      },
    });
    const client = createModelClientFromLanguageModel(model, { provider: 'mock', model: 'm', ...options });
    await expect(
      client.complete({ messages: [{ role: 'user', content: 'hi' }], abortSignal: controller.signal }),
    ).rejects.toThrow('the user left');
    expect(waits).toEqual([]);
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it('stops waiting out a backoff when the caller aborts', async () => {
    const controller = new AbortController();
    const client = createModelClientFromLanguageModel(
      scriptedModel([httpError(429, { 'retry-after': '60' })]),
      {
        provider: 'mock',
        model: 'm',
        limits: new ConcurrencyLimits(),
        onRetry: () => setTimeout(() => controller.abort(new Error('cancelled')), 10),
      },
    );
    const started = Date.now();
    await expect(
      client.complete({ messages: [{ role: 'user', content: 'hi' }], abortSignal: controller.signal }),
    ).rejects.toThrow('cancelled');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('lets through errors that are not the model’s (bugs), unwrapped', async () => {
    const client = createModelClientFromLanguageModel(scriptedModel([new RangeError('a bug')]), {
      provider: 'mock',
      model: 'm',
      ...fastRetries().options,
    });
    await expect(client.complete({ messages: [{ role: 'user', content: 'hi' }] })).rejects.toThrow(
      RangeError,
    );
  });

  it('retries network errors', async () => {
    const { events, options } = fastRetries();
    const refused = new APICallError({
      message: 'Cannot connect to API: connect ECONNREFUSED 127.0.0.1:9',
      url: 'http://127.0.0.1:9/v1/chat/completions',
      requestBodyValues: {},
      isRetryable: true,
    });
    const client = createModelClientFromLanguageModel(scriptedModel([refused, result('back')]), {
      provider: 'mock',
      model: 'm',
      ...options,
    });
    expect((await client.complete({ messages: [{ role: 'user', content: 'hi' }] })).text).toBe('back');
    expect(events[0]).toMatchObject({ kind: 'network', status: null });
  });

  it('holds calls of one provider to its concurrency limit, across clients', async () => {
    const limits = new ConcurrencyLimits();
    let inFlight = 0;
    let maxInFlight = 0;
    const slowModel = () =>
      new MockLanguageModelV4({
        doGenerate: async () => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 10));
          inFlight--;
          return result('ok');
        },
      });
    const a = createModelClientFromLanguageModel(slowModel(), {
      provider: 'p',
      model: 'a',
      limits,
      concurrency: 2,
    });
    const b = createModelClientFromLanguageModel(slowModel(), { provider: 'p', model: 'b', limits });
    const calls = Array.from({ length: 8 }, (_, i) =>
      (i % 2 === 0 ? a : b).complete({ messages: [{ role: 'user', content: String(i) }] }),
    );
    expect((await Promise.all(calls)).every((r) => r.text === 'ok')).toBe(true);
    expect(maxInFlight).toBe(2);
  });

  it('rejects bad settings at creation', () => {
    const model = scriptedModel([]);
    expect(() =>
      createModelClientFromLanguageModel(model, { provider: 'p', model: 'm', timeoutMs: 0 }),
    ).toThrow('The model timeout must be a number of milliseconds > 0, not 0.');
    expect(() =>
      createModelClientFromLanguageModel(model, {
        provider: 'p',
        model: 'm',
        limits: new ConcurrencyLimits(),
        concurrency: 0,
      }),
    ).toThrow('The model concurrency must be a whole number of at least 1, not 0.');
  });
});

describe('createModelClient', () => {
  it('names the variable to set when the key is missing', () => {
    expect(() =>
      createModelClient({ provider: 'anthropic', model: 'claude-sonnet-4-5' }, { env: {} }),
    ).toThrow(InputError);
    expect(() =>
      createModelClient({ provider: 'anthropic', model: 'claude-sonnet-4-5' }, { env: {} }),
    ).toThrow('set ANTHROPIC_API_KEY');
  });

  it('builds a client for every provider from its variables', () => {
    const env = {
      OPENAI_API_KEY: 'o',
      ANTHROPIC_API_KEY: 'a',
      GOOGLE_GENERATIVE_AI_API_KEY: 'g',
      AZURE_API_KEY: 'z',
      AZURE_RESOURCE_NAME: 'acme',
      SIGMA_OPENAI_COMPATIBLE_BASE_URL: 'http://localhost:11434/v1',
    };
    const limits = new ConcurrencyLimits();
    for (const [provider, model] of [
      ['openai', 'gpt-4o'],
      ['anthropic', 'claude-sonnet-4-5'],
      ['google', 'gemini-2.5-flash'],
      ['azure', 'my-deployment'],
      ['openai-compatible', 'llama3.1:8b'],
    ] as const) {
      const client = createModelClient({ provider, model }, { env, limits });
      expect([client.provider, client.model]).toEqual([provider, model]);
    }
  });
});

describe('sleep', () => {
  it('waits, and rejects with the reason when aborted', async () => {
    await sleep(5);
    await expect(sleep(5, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('now'));
    await expect(waiting).rejects.toThrow('now');
  });
});
