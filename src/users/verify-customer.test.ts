import { describe, expect, it } from 'vitest';
import type { ModelRequest } from '../core/model/types.ts';
import { adaContext, echoOf, FakeModel } from './fake-model.test-helper.ts';
import { CHECK_SYSTEM_1 } from './prompts/check-1.ts';
import { OPENING_LINE_1 } from './prompts/llm-1.ts';
import { VERIFY_1_ATTEMPTS } from './prompts/verify-1.ts';
import { customerConfig } from './strategies.ts';
import { VerifyCustomer } from './verify-customer.ts';

const config = customerConfig('verify', { provider: 'fake', model: 'fake-1' });

describe('VerifyCustomer', () => {
  it('reviews each draft with a second call and sends it when it passes', async () => {
    const model = new FakeModel(['Hi, I need to cancel an order.', 'PASS']);
    const customer = new VerifyCustomer(config, model);
    expect(await customer.start(adaContext())).toBe('Hi, I need to cancel an order.');
    const [draft, review] = model.requests;
    expect(draft!.system).toContain('You want to cancel order #W1000001');
    expect(review!.system).toBe(CHECK_SYSTEM_1);
    expect(review!.messages).toHaveLength(1);
    const material = review!.messages[0]!.content;
    expect(material).toContain('You want to cancel order #W1000001');
    expect(material).toContain(`Agent: ${OPENING_LINE_1}`);
    expect(material).toContain('Hi, I need to cancel an order.');
    expect(customer.memory().extra).toMatchObject({ rejections: [] });
  });

  it('writes again after a rejection, showing the turned-down draft and the reason', async () => {
    const model = new FakeModel([
      'Hi.',
      'PASS',
      'Thanks! ###STOP###',
      'FAIL: the agent is still waiting for the order id',
      'It is #W1000001.',
      'PASS',
    ]);
    const customer = new VerifyCustomer(config, model);
    await customer.start(adaContext());
    expect(await customer.reply('Which order is it?')).toBe('It is #W1000001.');
    const retry = model.requests[4]!;
    expect(retry.system).toContain(model.requests[2]!.system);
    expect(retry.system).toContain(
      'Turned down: "Thanks! ###STOP###" (reason: the agent is still waiting for the order id)',
    );
    expect(retry.messages).toEqual(model.requests[2]!.messages);
    expect(customer.memory().messages.at(-1)).toEqual({ role: 'assistant', content: 'It is #W1000001.' });
    expect(customer.memory().extra?.rejections).toEqual([
      { turn: 1, draft: 'Thanks! ###STOP###', reason: 'the agent is still waiting for the order id' },
    ]);
    expect(customer.usage().costUsd).toBe(6 * 0.25);
  });

  it(`sends the last draft after ${VERIFY_1_ATTEMPTS} rejections and records that it did not pass`, async () => {
    const answers = Array.from({ length: VERIFY_1_ATTEMPTS }, (_, i) => [
      `draft ${i}`,
      `FAIL: reason ${i}`,
    ]).flat();
    const model = new FakeModel(answers);
    const customer = new VerifyCustomer(config, model);
    expect(await customer.start(adaContext())).toBe(`draft ${VERIFY_1_ATTEMPTS - 1}`);
    const rejections = customer.memory().extra?.rejections as Array<Record<string, unknown>>;
    expect(rejections).toHaveLength(VERIFY_1_ATTEMPTS);
    expect(rejections.at(-1)).toEqual({ turn: 0, draft: 'draft 2', reason: 'reason 2', sent: true });
    expect(model.pending).toBe(0);
  });

  it('restores its memory, review log included, and continues the same way', async () => {
    const answer = (request: ModelRequest) =>
      request.system === CHECK_SYSTEM_1 ? 'FAIL: try again' : echoOf(request);
    const model = new FakeModel(Array.from({ length: 24 }, () => answer));
    const customer = new VerifyCustomer(config, model);
    await customer.start(adaContext());
    const saved = customer.memory();
    expect(saved.extra?.rejections).toHaveLength(VERIFY_1_ATTEMPTS);
    const straight = await customer.reply('Which order?');
    const after = customer.memory();
    const fresh = new VerifyCustomer(config, model);
    fresh.restore(saved);
    expect(fresh.memory()).toEqual(saved);
    expect(await fresh.reply('Which order?')).toBe(straight);
    expect(fresh.memory()).toEqual(after);
  });
});
