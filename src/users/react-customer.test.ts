import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.ts';
import { adaContext, echoOf, FakeModel } from './fake-model.test-helper.ts';
import { REACT_1_ATTEMPTS } from './prompts/react-1.ts';
import { parseReact, ReactCustomer } from './react-customer.ts';
import { customerConfig } from './strategies.ts';

const config = customerConfig('react', { provider: 'fake', model: 'fake-1' });

describe('parseReact', () => {
  it('splits a thought from the reply', () => {
    expect(parseReact('Thought: they need my order.\nReply: It is #W1000001.')).toEqual({
      thought: 'they need my order.',
      reply: 'It is #W1000001.',
    });
    expect(parseReact('**Thought:** hmm\n\n**Reply:** Yes, go ahead.')).toEqual({
      thought: 'hmm',
      reply: 'Yes, go ahead.',
    });
    // The last label wins, so a thought that mentions a reply does not cut the message short.
    expect(parseReact('Thought: my reply: keep it short\nReply: Sure.')).toEqual({
      thought: 'my reply: keep it short',
      reply: 'Sure.',
    });
    expect(parseReact('Reply: Just this.')).toEqual({ thought: '', reply: 'Just this.' });
  });

  it('reports what is wrong with an unreadable answer', () => {
    expect(parseReact('I think I will say hello.')).toEqual({ problem: 'it has no line starting "Reply:"' });
    expect(parseReact('Thought: ok\nReply:   ')).toEqual({ problem: 'nothing follows "Reply:"' });
  });
});

describe('ReactCustomer', () => {
  it('asks for a thought and a reply, sends only the reply, and keeps the thought for the model', async () => {
    const model = new FakeModel([
      'Thought: I should state my goal briefly.\nReply: Hi, I want to cancel an order.',
      'Thought: They ask which order.\nReply: Order #W1000001.',
    ]);
    const customer = new ReactCustomer(config, model);
    expect(await customer.start(adaContext())).toBe('Hi, I want to cancel an order.');
    expect(await customer.reply('Which order?')).toBe('Order #W1000001.');
    expect(model.requests[0]!.system).toContain('Thought:');
    expect(model.requests[0]!.system).toContain('Reply:');
    expect(model.requests[0]!.system).toContain('You want to cancel order #W1000001');
    expect(model.requests[1]!.messages.at(1)).toEqual({
      role: 'assistant',
      content: 'Thought: I should state my goal briefly.\nReply: Hi, I want to cancel an order.',
    });
  });

  it('sends an unreadable answer back with a reminder, then uses the readable one', async () => {
    const model = new FakeModel(['Hello there!', 'Thought: fix the format.\nReply: Hello there!']);
    const customer = new ReactCustomer(config, model);
    expect(await customer.start(adaContext())).toBe('Hello there!');
    const retry = model.requests[1]!;
    expect(retry.messages.at(-2)).toEqual({ role: 'assistant', content: 'Hello there!' });
    expect(retry.messages.at(-1)!.role).toBe('user');
    expect(retry.messages.at(-1)!.content).toContain('"Reply:"');
    // The failed attempt and the reminder are not part of the conversation afterwards.
    expect(customer.memory().messages).toHaveLength(3);
    expect(customer.usage().inputTokens).toBe(1 + 3);
  });

  it(`gives up with a ModelError after ${REACT_1_ATTEMPTS} unreadable answers`, async () => {
    const model = new FakeModel(Array.from({ length: REACT_1_ATTEMPTS }, () => 'no labels here'));
    const customer = new ReactCustomer(config, model);
    const error = await customer.start(adaContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: 'invalid-response', attempts: REACT_1_ATTEMPTS, provider: 'fake' });
    expect((error as Error).message).toContain('no line starting "Reply:"');
    expect(model.pending).toBe(0);
  });

  it('restores its memory exactly and continues the same way', async () => {
    const answer = (request: Parameters<typeof echoOf>[0]) => `Thought: t\nReply: ${echoOf(request)}`;
    const model = new FakeModel([answer, answer, answer, answer]);
    const customer = new ReactCustomer(config, model);
    await customer.start(adaContext());
    const saved = customer.memory();
    const straight = await customer.reply('Which order?');
    const fresh = new ReactCustomer(config, model);
    fresh.restore(saved);
    expect(fresh.memory()).toEqual(saved);
    expect(await fresh.reply('Which order?')).toBe(straight);
    expect(model.requests[2]).toEqual(model.requests[1]);
  });
});
