// The model client through real HTTP against the loopback server, over each wire the providers use.
import { afterEach, describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.ts';
import type { ModelClient } from '../core/model/types.ts';
import { ConcurrencyLimits } from '../llm/concurrency.ts';
import { createModelClient, type ModelClientOptions } from '../llm/model-client.ts';
import type { ModelSpec } from '../llm/model-spec.ts';
import { type OpenAICompatibleTestServer, startOpenAICompatibleServer } from './openai-compatible-server.ts';
import { reply } from './scripted-response.ts';

const KEY = 'sk-sigma-test';
let server: OpenAICompatibleTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(...responses: Parameters<OpenAICompatibleTestServer['enqueue']>) {
  server = await startOpenAICompatibleServer({ responses, apiKey: KEY });
  return server;
}

interface Wire {
  name: string;
  spec: ModelSpec;
  env: (url: string, key: string) => Record<string, string>;
  keyVariable: string;
  /** How the key reaches the server. */
  auth: (key: string) => Record<string, string>;
}

const wires: Wire[] = [
  {
    name: 'openai-compatible provider',
    spec: { provider: 'openai-compatible', model: 'llama3.1:8b' },
    env: (url, key) => ({ SIGMA_OPENAI_COMPATIBLE_BASE_URL: url, SIGMA_OPENAI_COMPATIBLE_API_KEY: key }),
    keyVariable: 'SIGMA_OPENAI_COMPATIBLE_API_KEY',
    auth: (key) => ({ authorization: `Bearer ${key}` }),
  },
  {
    name: 'openai.chat with OPENAI_BASE_URL',
    spec: { provider: 'openai', model: 'gpt-4o' },
    env: (url, key) => ({ OPENAI_API_KEY: key, OPENAI_BASE_URL: url }),
    keyVariable: 'OPENAI_API_KEY',
    auth: (key) => ({ authorization: `Bearer ${key}` }),
  },
  {
    name: 'azure.chat with AZURE_BASE_URL',
    spec: { provider: 'azure', model: 'my-gpt-4o' },
    env: (url, key) => ({ AZURE_API_KEY: key, AZURE_BASE_URL: url }),
    keyVariable: 'AZURE_API_KEY',
    auth: (key) => ({ 'api-key': key }),
  },
];

/** Instant retries that record their waits; each client gets its own concurrency queues. */
function client(wire: Wire, options: ModelClientOptions = {}, key = KEY) {
  const waits: number[] = [];
  const modelClient: ModelClient = createModelClient(wire.spec, {
    env: wire.env(server!.url, key),
    limits: new ConcurrencyLimits(),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { modelClient, waits };
}

const hello = { messages: [{ role: 'user' as const, content: 'Hello?' }] };

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe.each(wires)('model client over HTTP: $name', (wire) => {
  it('chats: sends the system prompt, messages, temperature and seed, and reads the reply and usage', async () => {
    await start(reply.text('I want to cancel order #W123.', { inputTokens: 42, outputTokens: 9 }));
    const { modelClient } = client(wire);
    const response = await modelClient.complete({
      system: 'You are a customer of an online shop.',
      messages: [
        { role: 'user', content: 'Hi! How can I help you today?' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'What do you need?' },
      ],
      temperature: 0.2,
      seed: 11,
    });
    expect(response.text).toBe('I want to cancel order #W123.');
    expect(response.attempts).toBe(1);
    expect(response.usage).toMatchObject({ inputTokens: 42, outputTokens: 9 });
    const request = server!.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers).toMatchObject(wire.auth(KEY));
    expect(request.model).toBe(wire.spec.model);
    expect(request.messages).toEqual([
      { role: 'system', content: 'You are a customer of an online shop.' },
      { role: 'user', content: 'Hi! How can I help you today?' },
      { role: 'assistant', content: 'Hello.' },
      { role: 'user', content: 'What do you need?' },
    ]);
    expect([request.temperature, request.seed, request.stream]).toEqual([0.2, 11, false]);
    server!.assertDone();
  });

  it('calls tools: sends the tools and past calls and results, and reads the calls with their exact arguments', async () => {
    await start(
      reply.toolCalls([
        { name: 'get_order_details', arguments: '{"order_id": "#W1", "amount": 1.0}', id: 'call_a' },
        { name: 'no_such_tool', arguments: '{"x": [1, 2]}' },
      ]),
    );
    const { modelClient } = client(wire);
    const parameters = {
      type: 'object',
      properties: { order_id: { type: 'string' }, amount: { type: 'number' } },
      required: ['order_id'],
    };
    const response = await modelClient.complete({
      system: 'You are an agent.',
      tools: [{ name: 'get_order_details', description: 'Looks an order up.', parameters }],
      messages: [
        { role: 'user', content: 'Where is my order?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_0', name: 'get_order_details', arguments: '{"order_id": "#W0"}' }],
        },
        { role: 'tool', toolCallId: 'call_0', name: 'get_order_details', content: 'Error: order not found' },
        { role: 'assistant', content: 'Which order?' },
        { role: 'user', content: '#W1' },
      ],
    });
    expect(response.text).toBe('');
    expect(response.toolCalls).toEqual([
      { id: 'call_a', name: 'get_order_details', arguments: '{"order_id": "#W1", "amount": 1.0}' },
      { id: 'call_0_1', name: 'no_such_tool', arguments: '{"x": [1, 2]}' },
    ]);
    expect(response.attempts).toBe(1);
    const request = server!.requests[0]!;
    expect(request.tools).toEqual([
      {
        type: 'function',
        function: expect.objectContaining({ name: 'get_order_details', description: 'Looks an order up.' }),
      },
    ]);
    expect(request.tools[0]!.function!.parameters).toMatchObject(parameters);
    expect(request.messages.slice(1, 5)).toEqual([
      { role: 'user', content: 'Where is my order?' },
      expect.objectContaining({
        role: 'assistant',
        tool_calls: [
          {
            id: 'call_0',
            type: 'function',
            function: { name: 'get_order_details', arguments: '{"order_id":"#W0"}' },
          },
        ],
      }),
      { role: 'tool', tool_call_id: 'call_0', content: 'Error: order not found' },
      { role: 'assistant', content: 'Which order?' },
    ]);
    server!.assertDone();
  });

  it('takes an answer with tool calls and no text as an answer, not an empty reply', async () => {
    await start(
      reply.toolCall('list_all_product_types'),
      reply.toolCall('think', { thought: 'ok' }, { text: 'Let me think.' }),
    );
    const { modelClient } = client(wire);
    const tools = [{ name: 'list_all_product_types', description: 'Lists.', parameters: { type: 'object' } }];
    const first = await modelClient.complete({ ...hello, tools });
    expect(first.toolCalls).toEqual([{ id: 'call_0_0', name: 'list_all_product_types', arguments: '{}' }]);
    const second = await modelClient.complete({ ...hello, tools });
    expect(second.text).toBe('Let me think.');
    expect(second.toolCalls?.[0]).toMatchObject({ name: 'think', arguments: '{"thought":"ok"}' });
    expect([first.attempts, second.attempts]).toEqual([1, 1]);
  });

  it('gives no tool calls for a text answer', async () => {
    await start('Just text.');
    const { modelClient } = client(wire);
    expect((await modelClient.complete(hello)).toolCalls).toEqual([]);
  });

  it("retries after a 429, waiting the server's retry-after", async () => {
    await start(reply.rateLimited(3), 'ok');
    const { modelClient, waits } = client(wire);
    expect(await modelClient.complete(hello)).toMatchObject({ text: 'ok', attempts: 2 });
    expect(waits).toEqual([3000]);
    expect(server!.requests).toHaveLength(2);
  });

  it('retries after a 500 and a 503, backing off', async () => {
    await start(reply.serverError(500), reply.serverError(503), 'ok');
    const { modelClient, waits } = client(wire);
    expect(await modelClient.complete(hello)).toMatchObject({ text: 'ok', attempts: 3 });
    expect(waits).toEqual([750, 1500]);
  });

  it('retries an empty completion', async () => {
    await start(reply.empty(), 'there you are');
    const { modelClient } = client(wire);
    expect(await modelClient.complete(hello)).toMatchObject({ text: 'there you are', attempts: 2 });
  });

  it('retries a reply that is not JSON, and a dropped connection', async () => {
    await start(reply.malformedJson(), reply.hangUp(), 'ok');
    const kinds: string[] = [];
    const { modelClient } = client(wire, { onRetry: (event) => kinds.push(event.kind) });
    expect(await modelClient.complete(hello)).toMatchObject({ text: 'ok', attempts: 3 });
    expect(kinds).toEqual(['invalid-response', 'network']);
  });

  it('times out a slow reply and retries it', async () => {
    await start(reply.delayed(10_000, 'too late'), 'in time');
    const { modelClient } = client(wire, { timeoutMs: 200 });
    expect(await modelClient.complete(hello)).toMatchObject({ text: 'in time', attempts: 2 });
    expect(server!.requests).toHaveLength(2);
  });

  it('does not retry a 401, and names the key variable to check', async () => {
    await start('never sent');
    const { modelClient, waits } = client(wire, {}, 'sk-wrong');
    const error = await failure(modelClient.complete(hello));
    expect(error).toMatchObject({ kind: 'http', status: 401, attempts: 1, provider: wire.spec.provider });
    expect(error.message).toBe(
      `Model ${wire.spec.provider}:${wire.spec.model} failed after 1 call: HTTP 401: Incorrect API key provided (check the API key in ${wire.keyVariable})`,
    );
    expect(waits).toEqual([]);
    expect(server!.requests).toHaveLength(1);
    expect(server!.pending).toBe(1);
  });
});

describe('model client over HTTP: limits, usage and cost', () => {
  const openai = wires[1]!;

  it('sums the usage of every billed call and prices it for a known model', async () => {
    await start(
      reply.empty({ inputTokens: 1000, outputTokens: 0 }),
      reply.serverError(502),
      reply.text('Here.', { inputTokens: 1000, outputTokens: 200 }),
    );
    const { modelClient } = client(openai);
    const response = await modelClient.complete(hello);
    expect(response.attempts).toBe(3);
    expect(response.usage.inputTokens).toBe(2000);
    expect(response.usage.outputTokens).toBe(200);
    expect(response.usage.costUsd).toBeCloseTo((2000 * 2.5 + 200 * 10) / 1e6, 12);
  });

  it('has no cost for a model without a known price', async () => {
    await start('hi');
    const { modelClient } = client(wires[0]!);
    expect((await modelClient.complete(hello)).usage.costUsd).toBeNull();
  });

  it('keeps at most `concurrency` calls in flight at the server, across clients of one provider', async () => {
    server = await startOpenAICompatibleServer({ apiKey: KEY, handler: () => reply.delayed(50, 'ok') });
    const limits = new ConcurrencyLimits();
    const options = { env: openai.env(server.url, KEY), limits };
    const a = createModelClient(openai.spec, { ...options, concurrency: 3 });
    const b = createModelClient({ provider: 'openai', model: 'gpt-4o-mini' }, options);
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).complete({ messages: [{ role: 'user', content: `#${i}` }] }),
      ),
    );
    expect(replies.map((r) => r.text)).toEqual(Array(12).fill('ok'));
    expect(server.requests).toHaveLength(12);
    expect(server.maxInFlight).toBe(3);
  });

  it('uses the real wait when none is injected (retry-after: 0)', async () => {
    await start(reply.rateLimited(0), 'ok');
    const modelClient = createModelClient(openai.spec, {
      env: openai.env(server!.url, KEY),
      limits: new ConcurrencyLimits(),
    });
    expect(await modelClient.complete(hello)).toMatchObject({ text: 'ok', attempts: 2 });
  });

  it('fails with a ModelError after the last retry of a server that keeps timing out', async () => {
    server = await startOpenAICompatibleServer({ handler: () => reply.delayed(10_000, 'late') });
    const { modelClient, waits } = client(wires[0]!, { timeoutMs: 100, maxRetries: 1 });
    const error = await failure(modelClient.complete(hello));
    expect(error.message).toBe(
      'Model openai-compatible:llama3.1:8b failed after 2 calls: no reply within 100 ms',
    );
    expect(error).toMatchObject({ kind: 'timeout', status: null, attempts: 2 });
    expect(waits).toHaveLength(1);
  });

  it('reports a server that cannot be reached as a network failure', async () => {
    await start();
    const url = server!.url;
    await server!.close();
    server = undefined;
    const modelClient = createModelClient(wires[0]!.spec, {
      env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: url },
      limits: new ConcurrencyLimits(),
      maxRetries: 1,
      sleep: async () => {},
    });
    const error = await failure(modelClient.complete(hello));
    expect(error).toMatchObject({ kind: 'network', status: null, attempts: 2 });
    expect(error.message).toMatch(
      /^Model openai-compatible:llama3\.1:8b failed after 2 calls: .*ECONNREFUSED/,
    );
  });
});
