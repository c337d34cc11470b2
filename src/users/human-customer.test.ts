import { describe, expect, it } from 'vitest';
import { ConflictError, InputError } from '../core/errors.ts';
import { adaContext } from './fake-model.test-helper.ts';
import { HumanCustomer } from './human-customer.ts';
import { customerConfig } from './strategies.ts';

const config = customerConfig('human');

describe('HumanCustomer', () => {
  it('asks the person for each message, showing the goal, and records the conversation', async () => {
    const asked: Array<[string | null, string]> = [];
    const typed = ['Hi, I want to cancel an order.', 'It is #W1000001.'];
    const customer = new HumanCustomer(config, async (agentMessage, goal) => {
      asked.push([agentMessage, goal]);
      return typed.shift()!;
    });
    expect(await customer.start(adaContext())).toBe('Hi, I want to cancel an order.');
    expect(await customer.reply('Which order?')).toBe('It is #W1000001.');
    const goal = adaContext().task.instruction;
    expect(asked).toEqual([
      [null, goal],
      ['Which order?', goal],
    ]);
    expect(customer.memory()).toEqual({
      strategy: 'human',
      messages: [
        { role: 'assistant', content: 'Hi, I want to cancel an order.' },
        { role: 'user', content: 'Which order?' },
        { role: 'assistant', content: 'It is #W1000001.' },
      ],
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
      extra: { goal },
    });
  });

  it('refuses an empty message without recording anything', async () => {
    const customer = new HumanCustomer(config, async (agentMessage) => (agentMessage === null ? 'Hi' : '  '));
    await customer.start(adaContext());
    const before = customer.memory();
    await expect(customer.reply('Yes?')).rejects.toThrow(InputError);
    expect(customer.memory()).toEqual(before);
  });

  it('restores its memory exactly, goal included', async () => {
    const customer = new HumanCustomer(config, async () => 'Hello');
    await customer.start(adaContext({ persona: 'A curious shopper.' }));
    const saved = customer.memory();
    const seen: string[] = [];
    const fresh = new HumanCustomer(config, async (_message, goal) => {
      seen.push(goal);
      return 'Again';
    });
    await expect(fresh.reply('x')).rejects.toThrow(ConflictError);
    fresh.restore(saved);
    expect(fresh.memory()).toEqual(saved);
    await fresh.reply('Anything else?');
    expect(seen).toEqual(['A curious shopper.']);
  });
});
