import { describe, expect, it } from 'vitest';
import { MockModelClient } from '../testing/index.ts';
import { createCustomer, customerConfig } from '../users/index.ts';
import { applyJsonChange, jsonChange } from './memory-change.ts';

function roundTrip(before: unknown, after: unknown): unknown {
  // Stored as JSON text, as the store keeps it.
  const change = JSON.parse(JSON.stringify(jsonChange(before, after)));
  return applyJsonChange(before, change);
}

describe('jsonChange', () => {
  it('is null for equal values, whatever their key order', () => {
    expect(jsonChange({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBeNull();
    expect(jsonChange({ a: 1, gone: undefined }, { a: 1 })).toBeNull();
    expect(jsonChange(null, null)).toBeNull();
  });

  it('keeps only what changed: appended items, changed keys, dropped keys', () => {
    const before = { strategy: 'llm', messages: [{ role: 'system', content: 'long' }], turns: 1, note: 'x' };
    const after = {
      strategy: 'llm',
      messages: [...before.messages, { role: 'user', content: 'hi' }],
      turns: 2,
    };
    expect(jsonChange(before, after)).toEqual({
      keys: { messages: { append: [{ role: 'user', content: 'hi' }] }, turns: { set: 2 } },
      drop: ['note'],
    });
  });

  it('round-trips every kind of change exactly', () => {
    const cases: Array<[unknown, unknown]> = [
      [{ a: [1, 2, 3] }, { a: [1, 2] }],
      [{ a: [1, 2] }, { a: [9, 2, 3] }],
      [{ a: { b: { c: 1 } } }, { a: { b: { c: 2, d: [] } } }],
      [[1], { a: 1 }],
      [{ a: 1 }, 'text'],
      [{ a: null }, { a: { b: 1 } }],
      [{ a: 1 }, { a: 1, b: undefined, c: false }],
      [{}, JSON.parse('{"__proto__": {"polluted": true}}')],
      [{ list: [{ x: 1 }] }, { list: [{ x: 1 }, { x: 2 }, { y: [null] }] }],
    ];
    for (const [before, after] of cases) {
      expect(roundTrip(before, after), JSON.stringify([before, after])).toEqual(
        JSON.parse(JSON.stringify(after)),
      );
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never writes into the value it changes', () => {
    const before = Object.freeze({ messages: Object.freeze([1]), n: 1 });
    expect(applyJsonChange(before, jsonChange(before, { messages: [1, 2], n: 2 }))).toEqual({
      messages: [1, 2],
      n: 2,
    });
    expect(before).toEqual({ messages: [1], n: 1 });
  });
});

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
