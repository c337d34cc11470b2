import { describe, expect, it } from 'vitest';
import { adaContext, FakeModel } from './fake-model.test-helper.ts';
import { CHECK_SYSTEM_1 } from './prompts/check-1.ts';
import { REFLECT_SYSTEM_1, REFLECTION_1_ATTEMPTS } from './prompts/reflection-1.ts';
import { ReflectionCustomer } from './reflection-customer.ts';
import { customerConfig } from './strategies.ts';

const config = customerConfig('reflection', { provider: 'fake', model: 'fake-1' });

describe('ReflectionCustomer', () => {
  it('sends a draft that passes review without reflecting', async () => {
    const model = new FakeModel(['Hi, I want to cancel an order.', 'PASS']);
    const customer = new ReflectionCustomer(config, model);
    expect(await customer.start(adaContext())).toBe('Hi, I want to cancel an order.');
    expect(model.requests.map((r) => r.system === REFLECT_SYSTEM_1)).toEqual([false, false]);
  });

  it('reflects on a rejected draft and writes again with the reflection', async () => {
    const model = new FakeModel([
      'As an AI, I cannot have orders.',
      'FAIL: it breaks character',
      'I spoke as a model; I should simply say what I want as the customer.',
      'Hi, I want to cancel order #W1000001.',
      'PASS',
    ]);
    const customer = new ReflectionCustomer(config, model);
    expect(await customer.start(adaContext())).toBe('Hi, I want to cancel order #W1000001.');
    const [first, review, reflect, retry] = model.requests;
    expect(review!.system).toBe(CHECK_SYSTEM_1);
    expect(reflect!.system).toBe(REFLECT_SYSTEM_1);
    expect(reflect!.messages[0]!.content).toContain('As an AI, I cannot have orders.');
    expect(reflect!.messages[0]!.content).toContain('it breaks character');
    expect(reflect!.messages[0]!.content).toContain('You want to cancel order #W1000001');
    expect(retry!.system).toContain(first!.system!);
    expect(retry!.system).toContain('I spoke as a model; I should simply say what I want as the customer.');
    expect(retry!.messages).toEqual(first!.messages);
    expect(customer.memory().extra?.rejections).toEqual([
      {
        turn: 0,
        draft: 'As an AI, I cannot have orders.',
        reason: 'it breaks character',
        reflection: 'I spoke as a model; I should simply say what I want as the customer.',
      },
    ]);
  });

  it(`does not reflect after the last of ${REFLECTION_1_ATTEMPTS} drafts, and sends it`, async () => {
    const answers: string[] = [];
    for (let i = 0; i < REFLECTION_1_ATTEMPTS; i++) {
      answers.push(`draft ${i}`, 'FAIL: no');
      if (i < REFLECTION_1_ATTEMPTS - 1) answers.push(`reflection ${i}`);
    }
    const model = new FakeModel(answers);
    const customer = new ReflectionCustomer(config, model);
    expect(await customer.start(adaContext())).toBe(`draft ${REFLECTION_1_ATTEMPTS - 1}`);
    expect(model.pending).toBe(0);
    const lastRetry = model.requests.at(-2)!;
    expect(lastRetry.system).toContain('- reflection 0\n- reflection 1');
    const rejections = customer.memory().extra?.rejections as Array<Record<string, unknown>>;
    expect(rejections.at(-1)).toEqual({
      turn: 0,
      draft: `draft ${REFLECTION_1_ATTEMPTS - 1}`,
      reason: 'no',
      sent: true,
    });
  });

  it('restores its memory exactly', async () => {
    const model = new FakeModel([
      'Hi.',
      'FAIL: too short',
      'Say what you want.',
      'Hi, I want to cancel.',
      'PASS',
    ]);
    const customer = new ReflectionCustomer(config, model);
    await customer.start(adaContext());
    const saved = customer.memory();
    const fresh = new ReflectionCustomer(config, model);
    fresh.restore(saved);
    expect(fresh.memory()).toEqual(saved);
    expect(fresh.usage()).toEqual(customer.usage());
  });
});
