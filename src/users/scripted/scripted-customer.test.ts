import { describe, expect, it } from 'vitest';
import { noSharedData, shared, skipReason } from '../../../test/support/shared-data.ts';
import type { CustomerContext } from '../../core/customer/types.ts';
import { ConflictError } from '../../core/errors.ts';
import { adaContext, referenceTask } from '../fake-model.test-helper.ts';
import { customerConfig } from '../strategies.ts';
import { SCRIPTED_MAX_REPLIES, SCRIPTED_MAX_UNCLEAR, ScriptedCustomer } from './scripted-customer.ts';

const STOP = '###STOP###';

/** Plays a whole conversation: the opening, then one reply per agent message. */
async function play(
  context: CustomerContext,
  agent: string[],
  seed?: number,
  promptVersion?: string,
): Promise<string[]> {
  const options = {
    ...(seed === undefined ? {} : { seed }),
    ...(promptVersion === undefined ? {} : { promptVersion }),
  };
  const customer = new ScriptedCustomer(customerConfig('scripted', options));
  const said = [await customer.start(context)];
  for (const message of agent) said.push(await customer.reply(message));
  return said;
}

describe('ScriptedCustomer', () => {
  it('opens with the request, answers identity questions, says yes, and stops when done', async () => {
    const said = await play(adaContext(), [
      'Could you please provide your email, or your name and zip code?',
      'Which order would you like to cancel?',
      'I will cancel order #W1000001 for reason "no longer needed". Shall I proceed? (yes/no)',
      'The order has been cancelled. Is there anything else I can help with?',
    ]);
    expect(said[0]).toMatch(/I want to cancel order #W1000001 because I no longer need it\.$/);
    expect(said[1]).toBe(
      "I don't have my email at hand. But my name is Ada Park, my zip code is 12345 and my user id is ada_park_1234.",
    );
    expect(said[2]).toBe('The order id is #W1000001.');
    expect(said[3]).toMatch(/^Yes/);
    expect(said[4]).toMatch(/###STOP###$/);
  });

  it('is deterministic, and the seed only changes the wording', async () => {
    const agent = ['Please share your user ID.', 'Do you want to proceed? (yes/no)', 'Done. Anything else?'];
    expect(await play(adaContext(), agent, 3)).toEqual(await play(adaContext(), agent, 3));
    const bySeed = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((seed) => play(adaContext(), agent, seed)));
    expect(new Set(bySeed.map((said) => said.join('|'))).size).toBeGreaterThan(1);
    for (const said of bySeed) {
      expect(said[1]).toBe('My user id is ada_park_1234.');
      expect(said[3]).toContain(STOP);
    }
  });

  it('ends on a transfer or a refusal, and only says the stop marker afterwards', async () => {
    const transfer = await play(adaContext(), ['I am transferring you to a human agent.', 'Hello?']);
    expect(transfer.slice(1)).toEqual([`Okay, thank you. ${STOP}`, STOP]);
    const refusal = await play(
      adaContext(),
      ['Sorry, I cannot cancel an order that has been delivered.'],
      0,
      'scripted-1',
    );
    expect(refusal[1]).toContain(STOP);
    // scripted-2 asks once more, and accepts the second refusal.
    const twice = await play(adaContext(), [
      'Sorry, I cannot cancel an order that has been delivered.',
      'I am sorry, it is not possible to cancel it.',
    ]);
    expect(twice[1]).not.toContain(STOP);
    expect(twice[1]).toContain('I want to cancel order #W1000001');
    expect(twice[2]).toContain(STOP);
  });

  it('acknowledges statements and gives up after questions it cannot place', async () => {
    const said = await play(adaContext(), [
      'One moment while I look that up.',
      ...Array.from({ length: SCRIPTED_MAX_UNCLEAR }, () => 'What is your favourite colour?'),
    ]);
    expect(said[1]).not.toContain(STOP);
    expect(said.slice(2, -1).every((reply) => !reply.includes(STOP))).toBe(true);
    expect(said[2]).toContain('I want to cancel order #W1000001');
    expect(said.at(-1)).toContain(STOP);
  });

  it(`leaves after ${SCRIPTED_MAX_REPLIES} replies at most`, async () => {
    const said = await play(
      adaContext(),
      Array.from({ length: SCRIPTED_MAX_REPLIES + 1 }, () => 'Still checking, one moment.'),
    );
    expect(said.slice(1, -1).some((reply) => reply.includes(STOP))).toBe(false);
    expect(said.at(-1)).toContain(STOP);
  });

  it('restores its memory exactly and continues as if there had been no detour', async () => {
    const customer = new ScriptedCustomer(customerConfig('scripted', { seed: 5 }));
    await customer.start(adaContext());
    await customer.reply('Please share your user ID.');
    const saved = customer.memory();
    const straight = [
      await customer.reply('What is your favourite colour?'),
      await customer.reply('Anything else?'),
    ];
    customer.restore(saved);
    expect(customer.memory()).toEqual(saved);
    const fresh = new ScriptedCustomer(customerConfig('scripted', { seed: 5 }));
    fresh.restore(JSON.parse(JSON.stringify(saved)));
    expect(fresh.memory()).toEqual(saved);
    for (const again of [customer, fresh]) {
      expect([
        await again.reply('What is your favourite colour?'),
        await again.reply('Anything else?'),
      ]).toEqual(straight);
    }
    expect(customer.usage()).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
    await expect(new ScriptedCustomer(customerConfig('scripted')).reply('hi')).rejects.toThrow(ConflictError);
  });

  describe.skipIf(noSharedData)(`on the reference tasks ${noSharedData ? skipReason : ''}`, () => {
    it('plays a tau-bench retail exchange from the customer side', async () => {
      const context = adaContext({
        task: referenceTask(shared('tau-bench', 'retail', 'tasks_test.json'), 0),
      });
      const said = await play(context, [
        'Hi! To get started, could you please provide your email address, or your name and zip code?',
        'Thank you, Yusuf. Which items would you like to exchange?',
        'Is there a backlight you would prefer if the clicky keyboard is not available with RGB backlight?',
        'To confirm: I will exchange the keyboard and the thermostat in order #W2378156. Shall I proceed? (yes/no)',
        'The exchange has been requested successfully. Is there anything else I can help you with?',
      ]);
      expect(said[0]).toContain('I received my order #W2378156 and wish to exchange the mechanical keyboard');
      expect(said[1]).toContain('my name is Yusuf Rossi');
      expect(said[1]).toContain('my zip code is 19122');
      expect(said[2]).toContain('exchange the mechanical keyboard');
      expect(said[3]).toBe(
        "If there is no keyboard that is clicky, RGB backlight, full size, I'd go for no backlight.",
      );
      expect(said[4]).toMatch(/^Yes/);
      expect(said[5]).toMatch(/###STOP###$/);
    });

    it('plays a tau-bench airline booking from the customer side', async () => {
      const context = adaContext({
        domain: 'airline',
        task: referenceTask(shared('tau-bench', 'airline', 'tasks_test.json'), 0),
      });
      const said = await play(context, [
        'Hello! Could you please provide your user ID?',
        'Is this a one-way or round trip, and which cabin class would you prefer?',
        'Here are the flights: HAT136 departs 12:00, HAT039 departs 09:00. Which flight would you like?',
        'How many checked bags will you have?',
        'Would you like to add travel insurance?',
        'How would you like to pay?',
        'Could you give me the date of birth of the passenger?',
        'Flight HAT136, economy, 3 bags, no insurance. Do you confirm (yes) that I should book it?',
        'Your reservation has been booked. Anything else?',
      ]);
      expect(said[0]).toContain('I want to fly from New York to Seattle on May 20 (one way).');
      expect(said[1]).toBe('My user id is mia_li_3668.');
      expect(said[2]).toBe('I want to fly in economy.');
      expect(said[3]).toContain('I do not want to fly before 11am est.');
      expect(said[4]).toBe('I have 3 baggages.');
      expect(said[5]).toBe('I do not want insurance.');
      expect(said[6]).toContain('I want to use my two certificates to pay.');
      expect(said[7]).toBe('My birthday is in my user profile so I do not prefer to provide it.');
      expect(said[8]).toMatch(/^Yes/);
      expect(said[9]).toMatch(/###STOP###$/);
    });

    it('plays a tau2 retail scenario: forgets the email, raises the second request when asked', async () => {
      const context = adaContext({ task: referenceTask(shared('tau2', 'retail', 'tasks.json'), 2) });
      const said = await play(context, [
        'Can you share your email so I can find your account?',
        'There are 10 t-shirt options available right now.',
        'Is there anything else I can help you with?',
        'Which items would you like to return, and from which order?',
        'Do you want me to refund to the original payment method? Please confirm (yes/no).',
        'The return has been processed. Anything else?',
      ]);
      expect(said[0]).toContain('how many tshirt options are available');
      expect(said[1]).toBe("I don't remember my email. But my name is Yusuf Rossi and my zip code is 19122.");
      expect(said[2]).not.toContain(STOP);
      expect(said[3]).toContain('I want to also return the cleaner, headphone, and smart watch.');
      expect(said[5]).toMatch(/^Yes/);
      expect(said[6]).toMatch(/###STOP###$/);
    });
  });
});
