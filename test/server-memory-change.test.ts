// The change a reply makes to a customer's memory, as the server stores it: small, and enough to rebuild
// the memory exactly, for every strategy, from real customers (model ones on the mock model).
import { describe, expect, it } from 'vitest';
import { CUSTOMER_STRATEGIES } from '../src/contracts/customer.ts';
import type {
  Customer,
  CustomerContext,
  CustomerMemory,
  CustomerStrategy,
} from '../src/core/customer/types.ts';
import type { ModelRequest } from '../src/core/model/types.ts';
import { applyJsonChange, jsonChange } from '../src/server/memory-change.ts';
import { MockModelClient } from '../src/testing/index.ts';
import { createCustomer, customerConfig } from '../src/users/index.ts';

const context: CustomerContext = {
  domain: 'retail',
  task: {
    id: 't',
    userId: 'mia_li_3668',
    instruction:
      'You are Mia Li in 92101, email mia.li3818@example.com. You want a refund for order #W4817420 ' +
      'because the kettle arrived broken. You also want to change the address of order #W7282738.',
    actions: [],
    outputs: [],
  },
  userGuidelines: 'Be brief.',
};

/** What the agent says at each turn: questions the scripted customer answers in different ways. */
const AGENT_LINES = [
  'Hello! Could you give me your email so I can find your account?',
  'Thanks. What is the order id?',
  'I can refund it to the original payment method. Shall I proceed (yes/no)?',
  'Done: the refund is on its way. Is there anything else I can help with?',
  'What is the new address?',
  'Could you tell me your zip code?',
  'Let me check that for you.',
];

/** The model's answers: a customer line; the reviewer turns every third draft down, with a reason. */
function mockModel(strategy: CustomerStrategy): MockModelClient {
  let line = 0;
  let checks = 0;
  return new MockModelClient({
    handler: (request: ModelRequest) => {
      if (request.system?.includes('PASS')) {
        return ++checks % 3 === 0 ? 'FAIL: the draft says the order id before being asked' : 'PASS';
      }
      if (request.system?.startsWith('You coach')) return 'Say less: answer only what was asked.';
      const text = `Customer line ${line++}, with a few more words to it.`;
      return strategy === 'react' ? `Thought: I go on.\nReply: ${text}` : text;
    },
  });
}

function customerOf(strategy: CustomerStrategy): Customer {
  switch (strategy) {
    case 'llm':
    case 'react':
    case 'verify':
    case 'reflection':
      return createCustomer(customerConfig(strategy), { model: mockModel(strategy) });
    case 'scripted':
      return createCustomer(customerConfig('scripted', { seed: 3 }));
    case 'replay':
      return createCustomer(customerConfig('replay'), {
        replay: { turns: Array.from({ length: 16 }, (_, i) => `Recorded customer turn ${i}.`) },
      });
    case 'human': {
      let line = 0;
      return createCustomer(customerConfig('human'), {
        human: { ask: async () => `A person's line ${line++}, typed by hand.` },
      });
    }
  }
}

const STRATEGIES = CUSTOMER_STRATEGIES;

describe("a customer's memory, turn by turn", () => {
  it.each(STRATEGIES)(
    '%s: rebuilt exactly from its first memory and one change per turn, undo included; each change small',
    async (strategy) => {
      const customer = customerOf(strategy);
      await customer.start(context);
      /** What a replay holds: the opening's memory read back from JSON, then each stored change applied. */
      const rebuilt: unknown[] = [JSON.parse(JSON.stringify(customer.memory()))];
      const taken: CustomerMemory[] = [customer.memory()];
      let largest = 0;
      for (let turn = 0; turn < 24; turn++) {
        if (turn % 7 === 6) {
          // An undo: the session puts back the memory it took before the last turn; the next change
          // is made from that memory, and a replay applies it to the memory it has put back too.
          taken.pop();
          rebuilt.pop();
          customer.restore(taken.at(-1)!);
        }
        const before = customer.memory();
        await customer.reply(AGENT_LINES[turn % AGENT_LINES.length]!);
        const after = customer.memory();
        const change = JSON.stringify(jsonChange(before, after));
        largest = Math.max(largest, change.length);
        rebuilt.push(applyJsonChange(rebuilt.at(-1), JSON.parse(change)));
        taken.push(after);
        expect(rebuilt.at(-1), `${strategy}, turn ${turn}`).toEqual(JSON.parse(JSON.stringify(after)));
      }
      const memory = customer.memory();
      // The rebuilt memory, put into a fresh customer, is the same memory.
      const fresh = customerOf(strategy);
      fresh.restore(rebuilt.at(-1) as CustomerMemory);
      expect(fresh.memory()).toEqual(memory);
      if (strategy === 'verify' || strategy === 'reflection') {
        expect(memory.extra?.rejections).not.toEqual([]);
        expect(memory.extra?.rejections).toEqual(expect.any(Array));
      }
      // A change holds the turn, not the conversation (the scripted customer keeps its facts besides).
      expect(largest).toBeLessThan(JSON.stringify(memory).length / 4);
    },
  );
});
