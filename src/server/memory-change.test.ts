import { describe, expect, it } from 'vitest';
import { applyJsonChange, type JsonChange, JsonChangeMismatch, jsonChange } from './memory-change.ts';

/** As the store keeps a value: JSON text, read back. */
function stored<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/** JSON text with every object's keys sorted: equal for values JSON cannot tell apart. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

function roundTrip(before: unknown, after: unknown): unknown {
  return applyJsonChange(stored(before), stored(jsonChange(before, after)));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
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
      keys: { messages: { append: [{ role: 'user', content: 'hi' }], at: 1 }, turns: { set: 2 } },
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
      [JSON.parse('{"__proto__": 1, "a": 2}'), { a: 2 }],
      [{ toString: 'x', constructor: 1 }, { a: 1 }],
      [{ a: 1 }, { toString: 'x', constructor: 1, hasOwnProperty: null }],
      [{ list: [{ x: 1 }] }, { list: [{ x: 1 }, { x: 2 }, { y: [null] }] }],
      [
        { set: 1, append: [], keys: {} },
        { set: 2, append: [1], keys: { drop: [] } },
      ],
      [[], [[]]],
      [
        { a: 1.5e-7, b: -0 },
        { a: 0.1 + 0.2, b: 1e308 },
      ],
    ];
    for (const [before, after] of cases) {
      expect(canonical(roundTrip(before, after)), canonical([before, after])).toBe(canonical(after));
      expect(roundTrip(before, after)).toEqual(stored(after));
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

  it('refuses a change made from another value instead of building a wrong one', () => {
    const change = jsonChange({ messages: [1, 2] }, { messages: [1, 2, 3] });
    expect(applyJsonChange({ messages: [1, 2] }, change)).toEqual({ messages: [1, 2, 3] });
    expect(() => applyJsonChange({ messages: [1] }, change)).toThrow(JsonChangeMismatch);
    expect(() => applyJsonChange({ messages: 'x' }, change)).toThrow(JsonChangeMismatch);
    expect(() => applyJsonChange([1], change)).toThrow(JsonChangeMismatch);
    // A change without `at` appends to a list of any length.
    expect(applyJsonChange([0], { append: [1] })).toEqual([0, 1]);
  });
});

/** A small seeded generator (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Keys a memory might hold, the change format's own words, and names an object inherits. */
const KEYS = ['messages', 'usage', 'extra', 'a', 'b', '', 'set', 'append', 'at', 'keys', 'drop'];
const TRICKY_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

class Generator {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = random(seed);
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  key(): string {
    return this.next() < 0.15 ? this.pick(TRICKY_KEYS) : this.pick(KEYS);
  }

  value(depth: number): unknown {
    const kind = this.int(depth <= 0 ? 4 : 6);
    switch (kind) {
      case 0:
        return this.pick([null, true, false]);
      case 1:
        return this.pick([0, -1, 42, 1.5, 0.1 + 0.2, -2.5e-8, 1e21, Number.MAX_SAFE_INTEGER]);
      case 2:
        return this.pick(['', 'x', 'a longer text', 'ünïcödé ✓', '"quoted"\n', '\u0000']);
      case 3:
        return depth <= 0 ? [] : {};
      case 4:
        return Array.from({ length: this.int(5) }, () => this.value(depth - 1));
      default: {
        const object: Record<string, unknown> = {};
        for (let i = this.int(5); i > 0; i--) {
          defineOwn(object, this.key(), this.next() < 0.1 ? undefined : this.value(depth - 1));
        }
        return object;
      }
    }
  }

  /** A new value a turn might make of `value` (which is left as it is). */
  edit(value: unknown, depth: number): unknown {
    const roll = this.next();
    if (roll < 0.1) return value;
    if (roll < 0.2) return this.value(depth);
    if (Array.isArray(value)) {
      const items = [...value];
      const how = this.int(4);
      if (how === 0 || items.length === 0) {
        for (let i = 1 + this.int(3); i > 0; i--) items.push(this.value(depth - 1));
      } else if (how === 1) items.length = this.int(items.length);
      else {
        const i = this.int(items.length);
        items[i] = this.edit(items[i], depth - 1);
      }
      return items;
    }
    if (value !== null && typeof value === 'object') {
      const object: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const how = this.next();
        if (how < 0.15) continue;
        const next = how < 0.5 ? this.edit(item, depth - 1) : item;
        defineOwn(object, key, next);
      }
      for (let i = this.int(3); i > 0; i--) {
        defineOwn(object, this.key(), this.next() < 0.1 ? undefined : this.value(depth - 1));
      }
      return object;
    }
    return this.value(depth);
  }
}

describe('jsonChange, on generated values', () => {
  it('rebuilds every value from the one before it, through JSON text, over long chains of edits', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const gen = new Generator(seed);
      let before = deepFreeze(gen.value(4));
      // What a replay holds: the first value read back from JSON, then each change applied to it.
      let rebuilt = stored(before);
      for (let step = 0; step < 20; step++) {
        const after = deepFreeze(gen.edit(before, 4));
        const change = jsonChange(before, after);
        const where = `seed ${seed}, step ${step}: ${canonical([before, after])}`;
        expect(canonical(applyJsonChange(before, change)), where).toBe(canonical(after));
        rebuilt = applyJsonChange(rebuilt, stored(change));
        expect(canonical(rebuilt), where).toBe(canonical(after));
        expect(jsonChange(after, stored(after)), where).toBeNull();
        expect(jsonChange(stored(after), rebuilt), where).toBeNull();
        before = after;
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('holds only the appended items of a list that grew, however long it was', () => {
    const gen = new Generator(7);
    let memory = { messages: [] as unknown[], usage: { inputTokens: 0 } };
    for (let turn = 0; turn < 300; turn++) {
      const added = Array.from({ length: 1 + gen.int(2) }, () => gen.value(2));
      const after = { messages: [...memory.messages, ...added], usage: { inputTokens: turn + 1 } };
      const change = jsonChange(memory, after) as JsonChange & { keys: Record<string, JsonChange> };
      expect(change.keys.messages).toEqual({ append: added, at: memory.messages.length });
      expect(JSON.stringify(change).length).toBeLessThanOrEqual(JSON.stringify(added).length + 100);
      memory = after;
    }
  });
});

/** Sets an own, plain key (even `__proto__`), as `JSON.parse` makes them. */
function defineOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
