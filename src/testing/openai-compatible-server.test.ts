import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { jsonSchema, streamText, tool } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenAICompatibleTestServer, startOpenAICompatibleServer } from './openai-compatible-server.ts';
import { reply } from './scripted-response.ts';

let server: OpenAICompatibleTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function chat(body: object, headers: Record<string, string> = {}, path = '/chat/completions') {
  return fetch(`${server!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** The parts of a completion or error body the tests read. */
interface Body {
  choices: Array<{ message: { content: string } }>;
  usage: { prompt_tokens: number };
  error: { type: string; code: string | null };
}

async function body(response: Response | Promise<Response>): Promise<Body> {
  return (await (await response).json()) as Body;
}

const question = { model: 'test-model', messages: [{ role: 'user', content: 'Where is my order?' }] };

describe('the loopback OpenAI-compatible server', () => {
  it('listens on loopback on a free port and answers from the script, in order', async () => {
    server = await startOpenAICompatibleServer({
      responses: ['first', reply.text('second', { inputTokens: 3 })],
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const first = await (await chat(question)).json();
    expect(first).toMatchObject({
      object: 'chat.completion',
      model: 'test-model',
      choices: [{ index: 0, message: { role: 'assistant', content: 'first' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
    const second = await body(chat(question));
    expect(second.choices[0]?.message.content).toBe('second');
    expect(second.usage.prompt_tokens).toBe(3);
    server.assertDone();
  });

  it('records every request with its messages and settings', async () => {
    server = await startOpenAICompatibleServer({ responses: ['ok'] });
    await chat({ ...question, temperature: 0, seed: 42, max_tokens: 64 }, { authorization: 'Bearer abc' });
    expect(server.requests).toHaveLength(1);
    expect(server.lastRequest).toMatchObject({
      index: 0,
      method: 'POST',
      path: '/v1/chat/completions',
      model: 'test-model',
      messages: [{ role: 'user', content: 'Where is my order?' }],
      temperature: 0,
      seed: 42,
      maxTokens: 64,
      stream: false,
    });
    expect(server.lastRequest?.headers.authorization).toBe('Bearer abc');
    expect(server.lastRequest?.body).toEqual({ ...question, temperature: 0, seed: 42, max_tokens: 64 });
  });

  it('asks the handler once the queue is empty', async () => {
    server = await startOpenAICompatibleServer({
      responses: ['scripted'],
      handler: (request) => `echo: ${request.messages.at(-1)?.content}`,
    });
    const texts = [];
    for (let i = 0; i < 2; i++) texts.push((await body(chat(question))).choices[0]?.message.content);
    expect(texts).toEqual(['scripted', 'echo: Where is my order?']);
  });

  it('answers with an HTTP error in OpenAI form, with retry-after', async () => {
    server = await startOpenAICompatibleServer({ responses: [reply.rateLimited(2), reply.serverError(503)] });
    const limited = await chat(question);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await limited.json()).toEqual({
      error: { message: 'Rate limit reached, slow down', type: 'rate_limit_error', code: null },
    });
    const failed = await chat(question);
    expect(failed.status).toBe(503);
    expect((await body(failed)).error.type).toBe('server_error');
  });

  it('answers with malformed JSON, or drops the connection', async () => {
    server = await startOpenAICompatibleServer({ responses: [reply.malformedJson(), reply.hangUp()] });
    const malformed = await chat(question);
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow(SyntaxError);
    await expect(chat(question)).rejects.toThrow('fetch failed');
  });

  it('waits before answering when told to', async () => {
    server = await startOpenAICompatibleServer({ responses: [reply.delayed(150, 'slow')] });
    const started = performance.now();
    const answer = await body(chat(question));
    expect(answer.choices[0]?.message.content).toBe('slow');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('refuses a wrong key with 401 when it has one, without using a scripted answer', async () => {
    server = await startOpenAICompatibleServer({ responses: ['ok'], apiKey: 'right' });
    const refused = await chat(question, { authorization: 'Bearer wrong' });
    expect(refused.status).toBe(401);
    expect((await body(refused)).error.code).toBe('invalid_api_key');
    expect((await chat(question, { 'api-key': 'right' })).status).toBe(200);
    expect(server.requests).toHaveLength(2);
    server.assertDone();
  });

  it('serves any path ending in /chat/completions, and 404s the rest', async () => {
    server = await startOpenAICompatibleServer({ responses: ['azure'] });
    const azure = await fetch(`${server.origin}/openai/v1/chat/completions?api-version=v1`, {
      method: 'POST',
      body: JSON.stringify(question),
    });
    expect(azure.status).toBe(200);
    expect(server.lastRequest?.query).toEqual({ 'api-version': 'v1' });
    expect((await fetch(`${server.url}/models`)).status).toBe(404);
    expect(server.problems).toEqual(['request #1: no route for GET /v1/models']);
  });

  it('rejects a body that is not JSON with 400', async () => {
    server = await startOpenAICompatibleServer({ responses: ['unused'] });
    const response = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: '{oops' });
    expect(response.status).toBe(400);
    expect(server.lastRequest?.rawBody).toBe('{oops');
    expect(server.pending).toBe(1);
  });

  it('is strict: assertDone fails on leftover answers and on requests with no answer', async () => {
    server = await startOpenAICompatibleServer({ responses: ['a', 'b'] });
    await chat(question);
    expect(() => server!.assertDone()).toThrow('1 scripted response(s) were never requested');
    await chat(question);
    const unanswered = await chat(question);
    expect(unanswered.status).toBe(500);
    expect(() => server!.assertDone()).toThrow('request #2: no scripted response left');
  });

  it('reports a handler that throws as a 500 and a problem', async () => {
    server = await startOpenAICompatibleServer({
      handler: () => {
        throw new Error('no idea');
      },
    });
    expect((await chat(question)).status).toBe(500);
    expect(server.problems).toEqual(['request #0: the handler threw: no idea']);
  });

  it('counts the requests in flight', async () => {
    server = await startOpenAICompatibleServer({ handler: () => reply.delayed(80, 'ok') });
    await Promise.all([chat(question), chat(question), chat(question)]);
    expect(server.maxInFlight).toBe(3);
    expect(server.inFlight).toBe(0);
  });

  it('streams a completion as server-sent events, with usage when asked', async () => {
    server = await startOpenAICompatibleServer({
      responses: [reply.text('Hello there, agent.', { outputTokens: 4 })],
    });
    const provider = createOpenAICompatible({ name: 'loopback', baseURL: server.url, includeUsage: true });
    const result = streamText({ model: provider.chatModel('test-model'), prompt: 'hi', maxRetries: 0 });
    const parts: string[] = [];
    for await (const part of result.textStream) parts.push(part);
    expect(parts.join('')).toBe('Hello there, agent.');
    expect(parts.length).toBeGreaterThan(1);
    expect((await result.usage).outputTokens).toBe(4);
    expect(server.lastRequest?.stream).toBe(true);
  });

  it('answers with tool calls in the OpenAI wire format, plain and streamed', async () => {
    const calls = reply.toolCalls(
      [
        { name: 'get_order_details', arguments: '{"order_id": "#W1", "n": 1.0}', id: 'call_x' },
        { name: 'think', arguments: { thought: 'hm' } },
      ],
      { text: 'Looking.' },
    );
    server = await startOpenAICompatibleServer({ responses: [calls, calls] });
    const plain = (await (await chat(question)).json()) as {
      choices: Array<{ message: unknown; finish_reason: string }>;
    };
    expect(plain.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: 'Looking.',
        tool_calls: [
          {
            id: 'call_x',
            type: 'function',
            function: { name: 'get_order_details', arguments: '{"order_id": "#W1", "n": 1.0}' },
          },
          { id: 'call_0_1', type: 'function', function: { name: 'think', arguments: '{"thought":"hm"}' } },
        ],
      },
      finish_reason: 'tool_calls',
    });

    const provider = createOpenAICompatible({ name: 'loopback', baseURL: server.url });
    const streamed = streamText({
      model: provider.chatModel('test-model'),
      prompt: 'hi',
      maxRetries: 0,
      tools: {
        get_order_details: tool({ inputSchema: jsonSchema({ type: 'object' }) }),
        think: tool({ inputSchema: jsonSchema({ type: 'object' }) }),
      },
    });
    const inputs: string[] = [];
    for await (const part of streamed.fullStream)
      if (part.type === 'tool-input-delta') inputs.push(part.delta);
    expect(await streamed.text).toBe('Looking.');
    expect((await streamed.toolCalls).map((c) => [c.toolCallId, c.toolName, c.input])).toEqual([
      ['call_x', 'get_order_details', { order_id: '#W1', n: 1 }],
      ['call_1_1', 'think', { thought: 'hm' }],
    ]);
    expect(inputs.join('')).toBe('{"order_id": "#W1", "n": 1.0}{"thought":"hm"}');
    expect(await streamed.finishReason).toBe('tool-calls');
    server.assertDone();
  });

  it('closes promptly while a delayed answer is pending', async () => {
    server = await startOpenAICompatibleServer({ responses: [reply.delayed(60_000, 'never')] });
    const pending = chat(question).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    await server.close();
    server = undefined;
    expect(await pending).toBeInstanceOf(Error);
  });
});
