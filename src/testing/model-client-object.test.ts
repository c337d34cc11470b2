// Structured output through the model client, over real HTTP against the loopback server.
import { afterEach, describe, expect, it } from 'vitest';
import { createModelClient } from '../llm/model-client.ts';
import { type OpenAICompatibleTestServer, startOpenAICompatibleServer } from './openai-compatible-server.ts';

let server: OpenAICompatibleTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const schema = {
  type: 'object',
  properties: { name: { type: 'string' }, count: { type: 'integer' } },
  required: ['name', 'count'],
  additionalProperties: false,
};

function client() {
  return createModelClient(
    { provider: 'openai-compatible', model: 'local' },
    {
      env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: server!.url, SIGMA_OPENAI_COMPATIBLE_API_KEY: 'k' },
      maxRetries: 0,
    },
  );
}

describe('object output', () => {
  it('returns the object the model wrote and sends the schema as the response format', async () => {
    server = await startOpenAICompatibleServer({ responses: ['{"name": "lamp", "count": 2}'] });
    const answer = await client().complete({
      messages: [{ role: 'user', content: 'one thing' }],
      output: { name: 'thing', schema },
    });
    expect(answer.object).toEqual({ name: 'lamp', count: 2 });
    expect(answer.outputProblem).toBeUndefined();
    const body = server.requests[0]!.body as { response_format?: { type: string } };
    expect(['json_object', 'json_schema']).toContain(body.response_format?.type);
  });

  it('reports an answer that does not match the schema, with its text and usage', async () => {
    server = await startOpenAICompatibleServer({
      responses: [{ type: 'completion', text: '{"name": "lamp"}', inputTokens: 11, outputTokens: 5 }],
    });
    const answer = await client().complete({
      messages: [{ role: 'user', content: 'one thing' }],
      output: { name: 'thing', schema },
    });
    expect(answer.object).toBeUndefined();
    expect(answer.outputProblem).toMatch(/count/);
    expect(answer.text).toBe('{"name": "lamp"}');
    expect(answer.usage.inputTokens).toBe(11);
  });

  it('reports text that is not JSON', async () => {
    server = await startOpenAICompatibleServer({ responses: ['Sure! Here it is.'] });
    const answer = await client().complete({
      messages: [{ role: 'user', content: 'one thing' }],
      output: { name: 'thing', schema },
    });
    expect(answer.object).toBeUndefined();
    expect(answer.outputProblem).toBeTruthy();
  });
});
