import { describe, expect, it } from 'vitest';
import { databaseMembers, documentMembers, NotMembers } from './json-members.ts';

const db = {
  users: {
    ann_1: { name: 'Ann "the} first"', tags: ['[', ']', '{'], note: 'back\\slash\\', zip: 10083 },
    bo_2: { name: 'Bo', orders: [{ id: '#W1', items: [[1, 2.5], []], ok: true }], address: null },
  },
  version: 3,
  empty: {},
};

describe('the members of a JSON object, found without building them', () => {
  it.each([
    ['indented', JSON.stringify(db, null, 4)],
    ['compact', JSON.stringify(db)],
    ['tabs and blank lines', JSON.stringify(db, null, '\t').replaceAll('\n', '\n\n')],
  ])('finds each table and record where it is, %s', (_layout, text) => {
    const tables = databaseMembers(text);
    expect(tables.map((t) => t.key)).toEqual(['users', 'version', 'empty']);
    const users = tables[0]!;
    expect(JSON.parse(text.slice(users.start, users.end))).toEqual(db.users);
    expect(users.records!.map((r) => [r.key, JSON.parse(text.slice(r.start, r.end))])).toEqual(
      Object.entries(db.users),
    );
    expect(tables[1]!.records).toBeUndefined();
    expect(text.slice(tables[1]!.start, tables[1]!.end)).toBe('3');
    expect(tables[2]!.records).toEqual([]);
  });

  it.each([
    ['a mismatched bracket', '{"a": {"b": [1, 2}}'],
    ['an unclosed bracket', '{"a": {"b": [1, 2]'],
    ['an unterminated string', '{"a": {"b": "x}}'],
    ['extra data', '{"a": 1} 2'],
    ['a missing comma', '{"a": 1 "b": 2}'],
  ])('refuses %s', (_problem, text) => {
    expect(() => documentMembers(text)).toThrow(NotMembers);
  });
});
