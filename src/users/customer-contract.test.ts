// One suite every customer strategy must pass: memory is plain JSON, restore puts the customer back
// exactly (even a fresh one), and what follows a restore is what would have followed without the detour.
import { describe, expect, it } from 'vitest';
import { CUSTOMER_STRATEGIES } from '../contracts/customer.ts';
import type { Customer, CustomerStrategy } from '../core/customer/types.ts';
import type { ModelRequest } from '../core/model/types.ts';
import { createCustomer } from './create-customer.ts';
import { adaContext, echoOf, FakeModel } from './fake-model.test-helper.ts';
import { CHECK_SYSTEM_1 } from './prompts/check-1.ts';
import { customerConfig } from './strategies.ts';

/**
 * Answers every call from the request alone. A review fails about half the drafts (by the draft's
 * last hex digit), so the verify and reflection customers go through their rewrite paths too.
 */
function answer(request: ModelRequest): string {
  if (request.system === CHECK_SYSTEM_1) {
    return /[0-7]$/.test(request.messages[0]!.content.trim()) ? 'FAIL: try again' : 'PASS';
  }
  if (request.system?.includes('Reply:')) return `Thought: ok\nReply: ${echoOf(request)}`;
  return echoOf(request);
}

function build(strategy: CustomerStrategy): Customer {
  const model = new FakeModel(Array.from({ length: 200 }, () => answer));
  return createCustomer(customerConfig(strategy, strategy === 'scripted' ? { seed: 1 } : {}), {
    model,
    replay: { turns: ['Hi, I want to cancel an order.', 'It is #W1000001.', 'Yes.', 'Thanks ###STOP###'] },
    human: { ask: async (message) => `typed in answer to: ${message ?? 'nothing yet'}` },
  });
}

const AGENT = ['Please share your user ID.', 'Which order?', 'Shall I proceed? (yes/no)'];

describe.each(CUSTOMER_STRATEGIES)('the %s customer', (strategy) => {
  it('keeps a JSON memory that restores exactly and continues the same way', async () => {
    const customer = build(strategy);
    const opening = await customer.start(adaContext());
    expect(opening.trim()).not.toBe('');
    await customer.reply(AGENT[0]!);
    const saved = customer.memory();
    expect(saved.strategy).toBe(strategy);
    expect(JSON.parse(JSON.stringify(saved))).toEqual(saved);

    const straight = [await customer.reply(AGENT[1]!), await customer.reply(AGENT[2]!)];
    const after = customer.memory();
    expect(after).not.toEqual(saved);
    if (strategy === 'verify' || strategy === 'reflection') expect(after.extra?.rejections).not.toEqual([]);

    customer.restore(saved);
    expect(customer.memory()).toEqual(saved);
    expect(customer.usage()).toEqual(saved.usage);

    // The memory handed out is a copy: changing it changes nothing in the customer.
    saved.messages.push({ role: 'user', content: 'tampered' });
    expect(customer.memory().messages.at(-1)?.content).not.toBe('tampered');
    saved.messages.pop();

    const fresh = build(strategy);
    fresh.restore(JSON.parse(JSON.stringify(saved)));
    for (const again of [customer, fresh]) {
      expect([await again.reply(AGENT[1]!), await again.reply(AGENT[2]!)]).toEqual(straight);
      expect(again.memory()).toEqual(after);
    }
  });

  it('records the conversation from its own side: its messages are the assistant ones', async () => {
    const customer = build(strategy);
    const opening = await customer.start(adaContext());
    const reply = await customer.reply(AGENT[0]!);
    const messages = customer.memory().messages.filter((m) => m.role !== 'system');
    expect(messages.at(-2)).toEqual({ role: 'user', content: AGENT[0] });
    expect(messages.at(-1)!.role).toBe('assistant');
    expect(messages.at(-1)!.content).toContain(reply);
    expect(messages.some((m) => m.role === 'assistant' && m.content.includes(opening))).toBe(true);
  });
});
