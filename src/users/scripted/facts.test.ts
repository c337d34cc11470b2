import { describe, expect, it } from 'vitest';
import { noSharedData, shared, skipReason } from '../../../test/support/shared-data.ts';
import { adaContext, referenceTask } from '../fake-model.test-helper.ts';
import { readFacts } from './facts.ts';

const context = (file: string[], index: number) =>
  adaContext({ task: referenceTask(shared(...file), index) });

describe('readFacts', () => {
  it('separates who the customer is, the opening request, further requests and details', () => {
    const facts = readFacts(
      adaContext({
        task: {
          ...adaContext().task,
          instruction:
            'You are Ada Park in 12345. You want to cancel order #W1000001 because you no longer need it. ' +
            'The refund should go to your gift card. You also want to return the lamp from #W1000002. ' +
            'You are reactive to the agent and will not say anything that is not asked.',
        },
      }),
    );
    expect(facts.identity).toMatchObject({ name: 'Ada Park', zip: '12345', userId: 'ada_park_1234' });
    expect(facts.opening).toBe('I want to cancel order #W1000001 because I no longer need it.');
    expect(facts.details).toEqual([
      'The refund should go to my gift card.',
      'I also want to return the lamp from #W1000002.',
    ]);
    expect(facts.requests).toEqual([1]);
  });

  it('takes a custom persona instead of the task, and not the task user id', () => {
    const facts = readFacts(adaContext({ persona: 'You are Bo Chen. You want to know the store hours.' }));
    expect(facts.opening).toBe('I want to know the store hours.');
    expect(facts.identity.name).toBe('Bo Chen');
    expect(facts.identity.userId).toBeUndefined();
  });

  describe.skipIf(noSharedData)(`on the reference tasks ${noSharedData ? skipReason : ''}`, () => {
    it('reads a tau-bench retail task', () => {
      const facts = readFacts(context(['tau-bench', 'retail', 'tasks_test.json'], 0));
      expect(facts.identity).toMatchObject({ name: 'Yusuf Rossi', zip: '19122', orderIds: ['#W2378156'] });
      expect(facts.opening).toMatch(
        /^I received my order #W2378156 and wish to exchange the mechanical keyboard/,
      );
      expect(facts.details[0]).toBe(
        "If there is no keyboard that is clicky, RGB backlight, full size, I'd go for no backlight.",
      );
    });

    it('reads a tau-bench airline task', () => {
      const facts = readFacts(context(['tau-bench', 'airline', 'tasks_test.json'], 0));
      expect(facts.identity).toMatchObject({ userId: 'mia_li_3668', name: 'Mia Li' });
      expect(facts.opening).toBe('I want to fly from New York to Seattle on May 20 (one way).');
      expect(facts.details).toContain('I have 3 baggages.');
      expect(facts.details).toContain('I do not want insurance.');
    });

    it('reads a tau2 scenario: reason for the call, known and unknown info, behaviour', () => {
      const facts = readFacts(context(['tau2', 'retail', 'tasks.json'], 0));
      expect(facts.identity).toMatchObject({ name: 'Yusuf Rossi', zip: '19122', forgotten: ['email'] });
      expect(facts.opening).toMatch(/^I received my order #W2378156/);
      expect(facts.details).toContain('I do not remember my email address.');
      const airline = readFacts(context(['tau2', 'airline', 'tasks.json'], 3));
      expect(airline.identity).toMatchObject({ userId: 'anya_garcia_5901', reservationIds: ['JMO1MG'] });
    });
  });
});
