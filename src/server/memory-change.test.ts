import { describe, expect, it } from 'vitest';
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
