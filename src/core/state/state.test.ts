import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dictKeys, hashableRepr, type PyDict, parsePyJson } from '../python/index.ts';
import { BaseData } from './base-data.ts';
import { diffStates, sameState } from './compare.ts';
import { tauBenchStateHash } from './hash.ts';
import { type Db, State } from './state.ts';

function makeBase(): BaseData {
  const data = parsePyJson(
    '{"users": {"u1": {"name": "Ann", "balance": 10, "cards": ["a"]}, "u2": {"name": "Bo", "balance": 2.5, "cards": []}},' +
      ' "items": {"20": {"price": 1.0}, "3": {"price": 2}}}',
  ) as PyDict;
  return BaseData.fromTables(
    Object.keys(data).map((t) => {
      const table = data[t] as PyDict;
      return [t, dictKeys(table).map((id) => [id, table[id] as PyDict])] as [string, Array<[string, PyDict]>];
    }),
  );
}

/** The reference's hash, computed the slow way from a plain dump of the state. */
function naiveHash(state: State): string {
  const data: PyDict = {};
  for (const table of state.tableNames()) {
    const records: PyDict = {};
    for (const id of state.ids(table)) records[id] = state.get(table, id) as PyDict;
    data[table] = records;
  }
  return createHash('sha256').update(hashableRepr(data)).digest('hex');
}

describe('State', () => {
  it('reads the base until written, and writes only to its own overlay', () => {
    const base = makeBase();
    const a = new State(base);
    const b = new State(base);
    a.transact((db) => {
      db.edit('users', 'u1').balance = 11n;
    });
    expect(a.get('users', 'u1')?.balance).toBe(11n);
    expect(b.get('users', 'u1')?.balance).toBe(10n);
    expect(base.table('users').records.get('u1')?.balance).toBe(10n);
    expect(a.writeCount).toBe(1);
    expect(b.writeCount).toBe(0);
  });

  it('never lets a base record be changed in place', () => {
    const state = new State(makeBase());
    expect(() => {
      (state.get('users', 'u1') as PyDict).balance = 99n;
    }).toThrow(TypeError);
    expect(() =>
      state.transact((db) => {
        (db.get('users', 'u2') as PyDict).name = 'X';
      }),
    ).toThrow(TypeError);
    expect(state.get('users', 'u2')?.name).toBe('Bo');
  });

  it('applies all writes of a call or none', () => {
    const state = new State(makeBase());
    const before = tauBenchStateHash(state);
    expect(() =>
      state.transact((db) => {
        db.edit('users', 'u1').balance = 0n;
        db.put('users', 'u3', { name: 'Cy', balance: 0n, cards: [] });
        throw new Error('refused halfway');
      }),
    ).toThrow('refused halfway');
    expect(tauBenchStateHash(state)).toBe(before);
    expect(state.has('users', 'u3')).toBe(false);
  });

  it('keeps insertion order of ids like a Python dict', () => {
    const state = new State(makeBase());
    expect(state.ids('items')).toEqual(['20', '3']);
    state.transact((db) => db.put('items', '1', { price: 3n }));
    state.transact((db) => db.put('users', 'u0', { name: 'Zed', balance: 1n, cards: [] }));
    expect(state.ids('items')).toEqual(['20', '3', '1']);
    expect(state.ids('users')).toEqual(['u1', 'u2', 'u0']);
    state.transact((db) => db.delete('users', 'u1'));
    state.transact((db) => db.put('users', 'u1', { name: 'Ann', balance: 10n, cards: ['a'] }));
    expect(state.ids('users')).toEqual(['u2', 'u0', 'u1']);
  });

  it('restores a snapshot exactly', () => {
    const state = new State(makeBase());
    const snap = state.snapshot();
    const hash = tauBenchStateHash(state);
    state.transact((db) => {
      db.edit('users', 'u2').balance = 0.0;
      db.put('items', '7', { price: 7.5 });
    });
    expect(tauBenchStateHash(state)).not.toBe(hash);
    state.restore(snap);
    expect(tauBenchStateHash(state)).toBe(hash);
    expect(state.ids('items')).toEqual(['20', '3']);
  });

  it('hashes exactly like the reference algorithm, including added and deleted records', () => {
    const state = new State(makeBase());
    expect(tauBenchStateHash(state)).toBe(naiveHash(state));
    state.transact((db) => {
      db.edit('users', 'u1').cards = ['a', 'b'];
      db.put('items', '100', { price: 1n });
      db.delete('items', '3');
    });
    expect(tauBenchStateHash(state)).toBe(naiveHash(state));
  });

  it('compares states as the hash does: int 1 differs from float 1.0, dict order does not matter', () => {
    const base = makeBase();
    const a = new State(base);
    const b = new State(base);
    a.transact((db) => {
      db.edit('users', 'u1').balance = 1n;
    });
    b.transact((db) => {
      db.edit('users', 'u1').balance = 1.0;
    });
    expect(sameState(a, b)).toBe(false);
    expect(tauBenchStateHash(a) === tauBenchStateHash(b)).toBe(false);
    b.transact((db) => {
      const u = db.edit('users', 'u1');
      u.balance = 1n;
    });
    expect(sameState(a, b)).toBe(true);
    expect(tauBenchStateHash(a)).toBe(tauBenchStateHash(b));
  });

  it('diffs field by field', () => {
    const base = makeBase();
    const fresh = new State(base);
    const changed = new State(base);
    changed.transact((db) => {
      db.edit('users', 'u1').balance = 12n;
      db.edit('users', 'u2').cards = ['z'];
      db.put('items', '9', { price: 9.0 });
      db.delete('items', '3');
    });
    const diff = diffStates(fresh, changed);
    expect(diff.map((d) => [d.table, d.id, d.kind])).toEqual([
      ['users', 'u1', 'changed'],
      ['users', 'u2', 'changed'],
      ['items', '9', 'added'],
      ['items', '3', 'removed'],
    ]);
    expect(diff[0]!.changes).toEqual([{ path: ['balance'], before: 10n, after: 12n }]);
    expect(diff[1]!.changes).toEqual([{ path: ['cards', 0], before: undefined, after: 'z' }]);
  });

  it('takes back writes through its journal: nested snapshots, deletes and re-adds, in order', () => {
    const state = new State(makeBase());
    const start = state.snapshot();
    const hashes = [tauBenchStateHash(state)];
    const marks = [start];
    const steps: Array<(db: Db) => void> = [
      (db) => db.put('items', '7', { price: 7.5 }),
      (db) => db.delete('users', 'u1'),
      (db) => db.put('users', 'u1', { name: 'Ann', balance: 0n, cards: [] }),
      (db) => {
        db.edit('users', 'u2').balance = 3n;
        db.delete('items', '7');
      },
      (db) => db.put('items', '7', { price: 8.0 }),
    ];
    const idLists: string[][] = [[...state.ids('users'), '|', ...state.ids('items')]];
    for (const step of steps) {
      state.transact(step);
      marks.push(state.snapshot());
      hashes.push(tauBenchStateHash(state));
      idLists.push([...state.ids('users'), '|', ...state.ids('items')]);
      expect(hashes.at(-1)).toBe(naiveHash(state));
    }
    expect(idLists.at(-1)).toEqual(['u2', 'u1', '|', '20', '3', '7']);
    for (let i = steps.length - 1; i >= 0; i--) {
      state.restore(marks[i]!);
      expect(tauBenchStateHash(state)).toBe(hashes[i]);
      expect([...state.ids('users'), '|', ...state.ids('items')]).toEqual(idLists[i]);
    }
    expect(state.writeCount).toBe(0);
  });

  it('refuses a snapshot of writes that were taken back, or of another state', () => {
    const base = makeBase();
    const state = new State(base);
    const start = state.snapshot();
    state.transact((db) => db.put('items', '7', { price: 7.5 }));
    const later = state.snapshot();
    state.restore(start);
    state.transact((db) => db.put('items', '8', { price: 8.5 }));
    expect(() => state.restore(later)).toThrow(RangeError);
    expect(() => new State(base).restore(start)).toThrow(RangeError);
    expect(state.ids('items')).toEqual(['20', '3', '8']);
    state.restore(start);
    expect(state.ids('items')).toEqual(['20', '3']);
  });

  it('returns the stored id list, without copying, until the table gains or loses a record', () => {
    const base = makeBase();
    const state = new State(base);
    expect(state.ids('users')).toBe(base.table('users').ids);
    state.transact((db) => {
      db.edit('users', 'u1').balance = 1n;
    });
    expect(state.ids('users')).toBe(base.table('users').ids);
    state.transact((db) => db.put('users', 'u9', { name: 'Nine', balance: 9n, cards: [] }));
    const ids = state.ids('users');
    expect(ids).toEqual(['u1', 'u2', 'u9']);
    expect(state.ids('users')).toBe(ids);
    expect(Object.isFrozen(ids)).toBe(true);
  });

  it('forks with the same data and id order', () => {
    const state = new State(makeBase());
    state.transact((db) => {
      db.delete('users', 'u1');
      db.put('users', 'u0', { name: 'Zed', balance: 1n, cards: [] });
    });
    state.transact((db) => db.put('users', 'u1', { name: 'Ann', balance: 10n, cards: ['a'] }));
    const copy = state.fork();
    expect(copy.ids('users')).toEqual(['u2', 'u0', 'u1']);
    expect(tauBenchStateHash(copy)).toBe(tauBenchStateHash(state));
    copy.transact((db) => db.delete('users', 'u0'));
    expect(state.ids('users')).toEqual(['u2', 'u0', 'u1']);
  });
});
