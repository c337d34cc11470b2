// The change a reply makes to a model customer's memory, as the server stores it: small, and enough to
// rebuild the memory exactly, for each strategy that keeps a conversation.
import { describe, expect, it } from 'vitest';
import { applyJsonChange, jsonChange } from '../src/server/memory-change.ts';
import { MockModelClient } from '../src/testing/index.ts';
import { createCustomer, customerConfig } from '../src/users/index.ts';

describe('a model customer memory, turn by turn', () => {
  it('is rebuilt exactly from its first memory and one change per turn, each change small', async () => {
    const task = { id: 't', instruction: 'You are Mia Li. You want a refund.', actions: [], outputs: [] };
    for (const strategy of ['llm', 'react', 'verify'] as const) {
      let line = 0;
      const model = new MockModelClient({
        handler: (request) => {
          if (strategy === 'verify' && request.system?.includes('PASS')) return 'PASS';
          const text = `Customer line ${line++}, with a few more words to it.`;
          return strategy === 'react' ? `Thought: I go on.\nReply: ${text}` : text;
        },
      });
      const customer = createCustomer(customerConfig(strategy), { model });
      await customer.start({ domain: 'retail', task, userGuidelines: 'Be brief.' });
      let rebuilt: unknown = JSON.parse(JSON.stringify(customer.memory()));
      let largest = 0;
      for (let turn = 0; turn < 12; turn++) {
        const before = customer.memory();
        await customer.reply(`Agent message ${turn}: how else can I help?`);
        const change = JSON.stringify(jsonChange(before, customer.memory()));
        largest = Math.max(largest, change.length);
        rebuilt = applyJsonChange(rebuilt, JSON.parse(change));
      }
      expect(rebuilt, strategy).toEqual(JSON.parse(JSON.stringify(customer.memory())));
      // A change holds the turn, not the conversation.
      expect(largest, strategy).toBeLessThan(JSON.stringify(customer.memory()).length / 4);
    }
  });
});
