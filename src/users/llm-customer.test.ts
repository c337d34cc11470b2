import { describe, expect, it } from 'vitest';
import { ConflictError, InputError, ModelError } from '../core/errors.ts';
import { adaContext, echoOf, FakeModel } from './fake-model.test-helper.ts';
import { LlmCustomer } from './llm-customer.ts';
import { OPENING_LINE_1 } from './prompts/llm-1.ts';
import { customerConfig } from './strategies.ts';

const config = customerConfig('llm', { provider: 'fake', model: 'fake-1', temperature: 0, seed: 7 });

describe('LlmCustomer', () => {
  it('sends the goal and guidelines as the system prompt and the agent text as the conversation', async () => {
    const model = new FakeModel(['Hi, I need to cancel an order.', 'It is #W1000001.']);
    const customer = new LlmCustomer(config, model);
    expect(await customer.start(adaContext())).toBe('Hi, I need to cancel an order.');
    expect(await customer.reply('Sure. Which order?')).toBe('It is #W1000001.');

    const [opening, reply] = model.requests;
    expect(opening!.system).toContain('You want to cancel order #W1000001 because you no longer need it.');
    expect(opening!.system).toContain('Reply briefly. Give your email only when asked.');
    expect(opening!.system).toContain('###STOP###');
    expect(opening!.system).toContain('retail');
    expect(opening!.messages).toEqual([{ role: 'user', content: OPENING_LINE_1 }]);
    expect(opening).toMatchObject({ temperature: 0, seed: 7 });
    expect(reply!.system).toBe(opening!.system);
    expect(reply!.messages).toEqual([
      { role: 'user', content: OPENING_LINE_1 },
      { role: 'assistant', content: 'Hi, I need to cancel an order.' },
      { role: 'user', content: 'Sure. Which order?' },
    ]);
    // Only text reaches the model: no tool calls, tool results or agent-side fields.
    for (const request of model.requests) {
      expect(Object.keys(request).sort()).toEqual(['messages', 'seed', 'system', 'temperature']);
      for (const message of request.messages)
        expect(Object.keys(message).sort()).toEqual(['content', 'role']);
    }
  });

  it('leaves temperature and seed out when the configuration does not set them', async () => {
    const model = new FakeModel(['Hello.']);
    await new LlmCustomer(customerConfig('llm'), model).start(adaContext());
    expect(Object.keys(model.requests[0]!).sort()).toEqual(['messages', 'system']);
  });

  it('writes one message at a time: a transcript the model runs on with is cut at the agent', async () => {
    const model = new FakeModel([
      'Customer: Hi, I want to cancel.\nAgent: Sure, which order?\nCustomer: #W1000001',
    ]);
    const customer = new LlmCustomer(config, model);
    expect(await customer.start(adaContext())).toBe('Hi, I want to cancel.');
    expect(customer.memory().messages.at(-1)).toEqual({
      role: 'assistant',
      content: 'Hi, I want to cancel.',
    });
  });

  it('passes the stop marker through when the goal is met', async () => {
    const model = new FakeModel(['Please cancel #W1000001.', 'Thanks, that is all. ###STOP###']);
    const customer = new LlmCustomer(config, model);
    await customer.start(adaContext());
    expect(await customer.reply('Done: the order is cancelled.')).toBe('Thanks, that is all. ###STOP###');
  });

  it('uses a custom persona instead of the task goal', async () => {
    const model = new FakeModel(['Hello.']);
    await new LlmCustomer(config, model).start(
      adaContext({ persona: 'You are a pirate asking about parrots.' }),
    );
    expect(model.requests[0]!.system).toContain('You are a pirate asking about parrots.');
    expect(model.requests[0]!.system).not.toContain('#W1000001');
  });

  it('fails with a ModelError on an empty reply and keeps its memory as it was', async () => {
    const model = new FakeModel(['Hi.', '   ']);
    const customer = new LlmCustomer(config, model);
    await customer.start(adaContext());
    const before = customer.memory();
    const error = await customer.reply('Which order?').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).kind).toBe('empty-reply');
    expect(customer.memory().messages).toEqual(before.messages);
  });

  it('sums usage over calls with addUsage', async () => {
    const model = new FakeModel(['Hi.', 'Yes.']);
    const customer = new LlmCustomer(config, model);
    await customer.start(adaContext());
    await customer.reply('Shall I?');
    // Input tokens are messages sent: 1 then 3; output tokens are characters: 3 + 4.
    expect(customer.usage()).toEqual({ inputTokens: 4, outputTokens: 7, costUsd: 0.5 });
    expect(customer.memory().usage).toEqual(customer.usage());
  });

  it('restores its memory exactly and continues as if there had been no detour', async () => {
    const model = new FakeModel([echoOf, echoOf, echoOf, echoOf, echoOf]);
    const customer = new LlmCustomer(config, model);
    await customer.start(adaContext());
    await customer.reply('What can I do?');
    const saved = customer.memory();
    const straight = await customer.reply('Anything else?');
    const straightRequest = model.requests.at(-1);

    customer.restore(saved);
    expect(customer.memory()).toEqual(saved);
    expect(await customer.reply('Anything else?')).toBe(straight);
    expect(model.requests.at(-1)).toEqual(straightRequest);

    // A customer that never started continues the same way from the memory alone.
    const fresh = new LlmCustomer(config, model);
    fresh.restore(JSON.parse(JSON.stringify(saved)));
    expect(fresh.memory()).toEqual(saved);
    expect(await fresh.reply('Anything else?')).toBe(straight);
    expect(model.requests.at(-1)).toEqual(straightRequest);
  });

  it('refuses to reply before it starts and to restore another strategy', async () => {
    const customer = new LlmCustomer(config, new FakeModel());
    await expect(customer.reply('Hi')).rejects.toThrow(ConflictError);
    expect(() => customer.restore({ strategy: 'scripted', messages: [], usage: customer.usage() })).toThrow(
      InputError,
    );
  });
});
