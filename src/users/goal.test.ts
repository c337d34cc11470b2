import { describe, expect, it } from 'vitest';
import { adaContext } from './fake-model.test-helper.ts';
import { customerGoal } from './goal.ts';

describe('customerGoal', () => {
  it("is the task's instruction by default", () => {
    expect(customerGoal(adaContext())).toBe(adaContext().task.instruction);
  });

  it('is the persona when one is given', () => {
    expect(customerGoal(adaContext({ persona: '  A shopper who wants a refund.  ' }))).toBe(
      'A shopper who wants a refund.',
    );
    expect(customerGoal(adaContext({ persona: '   ' }))).toBe(adaContext().task.instruction);
  });

  it('lays out a tau2 user scenario by its parts', () => {
    const task = {
      ...adaContext().task,
      instruction: 'flattened by the loader',
      userScenario: {
        persona: 'Calm and brief.',
        instructions: {
          domain: 'retail',
          reason_for_call: 'You want to cancel order #W1.',
          known_info: 'You are Ada Park in 12345.',
          unknown_info: 'You do not remember your email.',
          task_instructions: 'Only cancel if refunded to the gift card.',
        },
      },
    };
    expect(customerGoal(adaContext({ task }))).toBe(
      [
        'Who you are:\nCalm and brief.',
        'Why you are getting in touch:\nYou want to cancel order #W1.',
        'What you know:\nYou are Ada Park in 12345.',
        'What you do not know:\nYou do not remember your email.',
        'How you behave:\nOnly cancel if refunded to the gift card.',
      ].join('\n\n'),
    );
  });
});
