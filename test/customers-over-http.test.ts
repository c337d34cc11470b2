// Every model-played customer strategy through real HTTP: Sigma's model client talks to the loopback
// OpenAI-compatible server, which answers from a script. Checks what goes over the wire (the goal in
// the system message, only text, temperature and seed) and that retries below the customer (429, 500,
// an empty completion) are invisible to it.
import { afterEach, describe, expect, it } from 'vitest';
import type { CustomerStrategy } from '../src/core/customer/types.ts';
import { ConcurrencyLimits, createModelClient } from '../src/llm/index.ts';
import {
  type OpenAICompatibleTestServer,
  reply,
  type ScriptedResponse,
  startOpenAICompatibleServer,
} from '../src/testing/index.ts';
import { createCustomer, customerConfig } from '../src/users/index.ts';

const KEY = 'sk-sigma-test';
const GOAL = 'You are Ada Park in 12345. You want to cancel order #W1000001 because you no longer need it.';
const context = {
  domain: 'retail',
  task: { id: 'test-0', userId: 'ada_park_1234', instruction: GOAL, actions: [], outputs: [] },
  userGuidelines: 'Reply briefly.',
};

let server: OpenAICompatibleTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function customerOverHttp(strategy: CustomerStrategy, responses: ScriptedResponse[]) {
  server = await startOpenAICompatibleServer({ responses, apiKey: KEY });
  const model = createModelClient(
    { provider: 'openai-compatible', model: 'llama3.1:8b' },
    {
      env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: server.url, SIGMA_OPENAI_COMPATIBLE_API_KEY: KEY },
      limits: new ConcurrencyLimits(),
      sleep: async () => {},
      random: () => 0.5,
    },
  );
  return createCustomer(customerConfig(strategy, { temperature: 0, seed: 1 }), { model });
}

/** The system message of a request the server received. */
function systemOf(index: number): string {
  const first = server!.requests[index]!.messages[0]!;
  expect(first.role).toBe('system');
  return String(first.content);
}

/** Every request carried only chat text: no tools, and messages with a role and text content. */
function expectTextOnly(): void {
  for (const request of server!.requests) {
    const body = request.body as Record<string, unknown>;
    expect(body.tools).toBeUndefined();
    for (const message of request.messages) {
      expect(['system', 'user', 'assistant']).toContain(message.role);
      expect(message.tool_calls).toBeUndefined();
    }
  }
}

describe('simulated customers over HTTP', () => {
  it('llm: one message per call, goal in the system message, retries unseen', async () => {
    const customer = await customerOverHttp('llm', [
      reply.rateLimited(0),
      reply.serverError(),
      'Hi, I would like to cancel an order.',
      reply.empty(),
      'It is order #W1000001.',
      'Great, thank you! ###STOP###',
    ]);
    expect(await customer.start(context)).toBe('Hi, I would like to cancel an order.');
    expect(await customer.reply('Sure, which order is it?')).toBe('It is order #W1000001.');
    expect(await customer.reply('It is cancelled. Anything else?')).toBe('Great, thank you! ###STOP###');
    server!.assertDone();
    expectTextOnly();
    expect(systemOf(0)).toContain(GOAL);
    expect(systemOf(0)).toContain('Reply briefly.');
    const last = server!.lastRequest!;
    expect(last.temperature).toBe(0);
    expect(last.seed).toBe(1);
    expect(last.messages.slice(1).map((m) => [m.role, m.content])).toEqual([
      ['user', expect.any(String)],
      ['assistant', 'Hi, I would like to cancel an order.'],
      ['user', 'Sure, which order is it?'],
      ['assistant', 'It is order #W1000001.'],
      ['user', 'It is cancelled. Anything else?'],
    ]);
    expect(customer.config).toMatchObject({ provider: 'openai-compatible', model: 'llama3.1:8b' });
    expect(customer.usage().inputTokens).toBeGreaterThan(0);
  });

  it('react: an unreadable answer is sent back, and only the reply reaches the agent', async () => {
    const customer = await customerOverHttp('react', [
      'Hello, I want to cancel something.',
      'Thought: I should say what I want, briefly.\nReply: Hi, I would like to cancel an order.',
      'Thought: They need the order id.\nReply: It is #W1000001.',
    ]);
    expect(await customer.start(context)).toBe('Hi, I would like to cancel an order.');
    expect(await customer.reply('Which order?')).toBe('It is #W1000001.');
    server!.assertDone();
    expectTextOnly();
    expect(systemOf(0)).toContain('Reply:');
    expect(String(server!.requests[1]!.messages.at(-1)!.content)).toContain('could not be used');
    expect(String(server!.lastRequest!.messages.at(2)!.content)).toContain(
      'Thought: I should say what I want',
    );
  });

  it('verify: a second call reviews the draft, and a rejected draft is written again', async () => {
    const customer = await customerOverHttp('verify', [
      'I am Ada Park, zip 12345, user ada_park_1234, cancel #W1000001 because I no longer need it.',
      'FAIL: it gives everything at once',
      'Hi, I would like to cancel an order.',
      'PASS',
    ]);
    expect(await customer.start(context)).toBe('Hi, I would like to cancel an order.');
    server!.assertDone();
    expectTextOnly();
    expect(systemOf(1)).toContain('You review one message');
    expect(String(server!.requests[1]!.messages[1]!.content)).toContain(GOAL);
    expect(systemOf(2)).toContain('(reason: it gives everything at once)');
    expect(customer.memory().extra?.rejections).toHaveLength(1);
  });

  it('reflection: after a rejection the model reflects, then writes again with it', async () => {
    const customer = await customerOverHttp('reflection', [
      'As an AI language model, I want to cancel an order.',
      'FAIL: it breaks character',
      'I spoke as a model. I should just ask as the customer.',
      'Hi, I would like to cancel an order.',
      'PASS',
    ]);
    expect(await customer.start(context)).toBe('Hi, I would like to cancel an order.');
    server!.assertDone();
    expectTextOnly();
    expect(systemOf(2)).toContain('You coach someone');
    expect(systemOf(3)).toContain('I spoke as a model. I should just ask as the customer.');
  });
});
