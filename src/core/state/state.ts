import { cloneValue, deepFreeze, type PyDict } from '../python/index.ts';
import type { BaseData } from './base-data.ts';

/** The data a tool sees and changes during one call. */
export interface Db {
  /** The record, read-only (or this call's own editable copy once `edit` was called for it). */
  get(table: string, id: string): Readonly<PyDict> | undefined;
  has(table: string, id: string): boolean;
  /** Ids of a table in insertion order (base order, then records added later). Not a copy: do not change it. */
  ids(table: string): readonly string[];
  /** An editable copy of the record; the copy replaces the record when the call succeeds. */
  edit(table: string, id: string): PyDict;
  /** Adds a record, or replaces one (keeping its place). */
  put(table: string, id: string, record: PyDict): void;
  delete(table: string, id: string): void;
}

/** A written record, or `null` for one deleted. */
type Entry = Readonly<PyDict> | null;

/** One write as the journal keeps it: what the key held before, to take the write back. */
interface JournalEntry {
  readonly serial: number;
  readonly table: string;
  readonly id: string;
  /** The overlay held the key before this write (with `previous` as its value). */
  readonly hadEntry: boolean;
  readonly previous: Entry | undefined;
  /** The write added the id to the table's added ids; `addedAt` is where it stood before (-1: nowhere). */
  readonly added: boolean;
  readonly addedAt: number;
  /** The write changed whether the record exists (so the table's id list changed). */
  readonly membership: boolean;
}

/**
 * A point in an episode's writes, for undo and rollback: O(1) to take. It can be restored on the state
 * that took it as long as the writes before it were not taken back since (undo and rollback only
 * ever go back, so theirs always can).
 */
export interface StateSnapshot {
  readonly owner: object;
  readonly length: number;
  /** Serial of the last journal entry at the time (0 for none): tells a later, different history apart. */
  readonly serial: number;
}

let nextSerial = 1;

/**
 * An episode's database: the shared, immutable base plus a copy-on-write overlay of the records this
 * episode wrote. Creating one costs O(1); it holds only what the episode changed. Every write is also
 * kept in a journal with what it replaced, so a snapshot is a position in the journal (O(1)) and
 * restoring one takes back only the writes after it: a step's cost does not grow with the records
 * written before it. Records in the overlay are frozen once written.
 */
export class State {
  readonly base: BaseData;
  private readonly overlay = new Map<string, Map<string, Entry>>();
  /** Ids that are not in the base table (or were deleted and added again), in insertion order. */
  private readonly added = new Map<string, string[]>();
  /** Each table's ids once computed after a change of its membership; dropped on the next change. */
  private readonly idLists = new Map<string, readonly string[]>();
  /** Tables whose membership (records added or deleted) differs from the base. */
  private readonly reshaped = new Set<string>();
  private journal: JournalEntry[] = [];
  private written = 0;

  constructor(base: BaseData) {
    this.base = base;
  }

  get(table: string, id: string): Readonly<PyDict> | undefined {
    const written = this.overlay.get(table);
    if (written !== undefined) {
      const entry = written.get(id);
      if (entry !== undefined) return entry ?? undefined;
    }
    return this.base.table(table).records.get(id);
  }

  has(table: string, id: string): boolean {
    return this.get(table, id) !== undefined;
  }

  /** The table's ids in insertion order; the stored list itself (frozen), not a copy. */
  ids(table: string): readonly string[] {
    const base = this.base.table(table);
    if (!this.reshaped.has(table)) return base.ids;
    let ids = this.idLists.get(table);
    if (ids === undefined) {
      const written = this.overlay.get(table)!;
      const extra = this.added.get(table);
      const isAdded = new Set(extra);
      const list = base.ids.filter((id) => !isAdded.has(id) && written.get(id) !== null);
      if (extra !== undefined) for (const id of extra) if (written.get(id)) list.push(id);
      ids = Object.freeze(list);
      this.idLists.set(table, ids);
    }
    return ids;
  }

  tableNames(): string[] {
    return [...this.base.tables.keys()];
  }

  /** Every (table, id) this state wrote, in the order of first write per table. */
  touched(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const [table, written] of this.overlay) for (const id of written.keys()) out.push([table, id]);
    return out;
  }

  /** Number of records this state holds apart from the base. */
  get writeCount(): number {
    return this.written;
  }

  /** Runs `fn` against a transaction: its writes apply only if it returns; if it throws, none do. */
  transact<T>(fn: (db: Db) => T): T {
    const tx = new Transaction(this);
    const result = fn(tx);
    if (tx.writes !== undefined) this.commit(tx.writes);
    return result;
  }

  snapshot(): StateSnapshot {
    const last = this.journal[this.journal.length - 1];
    return { owner: this, length: this.journal.length, serial: last?.serial ?? 0 };
  }

  /** Takes back every write made after `snapshot` was taken. */
  restore(snapshot: StateSnapshot): void {
    const at = snapshot.length;
    const valid =
      snapshot.owner === this &&
      at <= this.journal.length &&
      (at === 0 ? snapshot.serial === 0 : this.journal[at - 1]!.serial === snapshot.serial);
    if (!valid) {
      throw new RangeError('this snapshot belongs to another state, or to writes that were taken back since');
    }
    while (this.journal.length > at) this.takeBack(this.journal.pop()!);
  }

  /** A new state on the same base with the same data (its journal starts empty). */
  fork(): State {
    const copy = new State(this.base);
    for (const [table, written] of this.overlay) copy.overlay.set(table, new Map(written));
    for (const [table, ids] of this.added) copy.added.set(table, [...ids]);
    for (const table of this.reshaped) copy.reshaped.add(table);
    copy.written = this.written;
    return copy;
  }

  private commit(writes: Map<string, Map<string, Entry>>): void {
    for (const [table, records] of writes) {
      let written = this.overlay.get(table);
      if (written === undefined) {
        written = new Map();
        this.overlay.set(table, written);
      }
      for (const [id, record] of records) {
        const previous = written.get(id);
        const hadEntry = previous !== undefined;
        const existed = this.has(table, id);
        const exists = record !== null;
        let added = false;
        let addedAt = -1;
        if (exists && !existed) {
          added = true;
          addedAt = this.markAdded(table, id);
        }
        const membership = exists !== existed;
        if (!hadEntry) this.written++;
        written.set(id, record === null ? null : deepFreeze(record));
        if (membership) this.reshape(table);
        this.journal.push({
          serial: nextSerial++,
          table,
          id,
          hadEntry,
          previous,
          added,
          addedAt,
          membership,
        });
      }
    }
  }

  private takeBack(entry: JournalEntry): void {
    const written = this.overlay.get(entry.table)!;
    if (entry.hadEntry) written.set(entry.id, entry.previous!);
    else {
      written.delete(entry.id);
      this.written--;
    }
    if (entry.added) {
      const extra = this.added.get(entry.table)!;
      extra.pop(); // the id went last when added, and every later write is already taken back
      if (entry.addedAt >= 0) extra.splice(entry.addedAt, 0, entry.id);
    }
    if (entry.membership) this.reshape(entry.table);
  }

  private reshape(table: string): void {
    this.reshaped.add(table);
    this.idLists.delete(table);
  }

  /** Puts `id` last among the table's added ids; returns where it stood before (-1: not there). */
  private markAdded(table: string, id: string): number {
    let extra = this.added.get(table);
    if (extra === undefined) {
      extra = [];
      this.added.set(table, extra);
    }
    // A key deleted and added again goes last, as in a Python dict.
    const at = extra.indexOf(id);
    if (at >= 0) extra.splice(at, 1);
    extra.push(id);
    return at;
  }
}

class Transaction implements Db {
  writes: Map<string, Map<string, Entry>> | undefined;
  private readonly state: State;

  constructor(state: State) {
    this.state = state;
  }

  get(table: string, id: string): Readonly<PyDict> | undefined {
    const pending = this.writes?.get(table);
    if (pending?.has(id)) return pending.get(id) ?? undefined;
    return this.state.get(table, id);
  }

  has(table: string, id: string): boolean {
    return this.get(table, id) !== undefined;
  }

  ids(table: string): readonly string[] {
    const ids = this.state.ids(table);
    const pending = this.writes?.get(table);
    if (pending === undefined) return ids;
    let changed = false;
    for (const [id, record] of pending) {
      if ((record === null) === this.state.has(table, id)) {
        changed = true;
        break;
      }
    }
    if (!changed) return ids;
    const out = ids.filter((id) => !pending.has(id) || pending.get(id) !== null);
    const present = new Set(out);
    for (const [id, record] of pending) if (record !== null && !present.has(id)) out.push(id);
    return out;
  }

  edit(table: string, id: string): PyDict {
    const pending = this.pending(table);
    const own = pending.get(id);
    if (own) return own as PyDict;
    const current = this.state.get(table, id);
    if (current === undefined) throw new RangeError(`no record "${id}" in table "${table}"`);
    const copy = cloneValue(current as PyDict);
    pending.set(id, copy);
    return copy;
  }

  put(table: string, id: string, record: PyDict): void {
    this.state.base.table(table);
    this.pending(table).set(id, record);
  }

  delete(table: string, id: string): void {
    if (!this.has(table, id)) throw new RangeError(`no record "${id}" in table "${table}"`);
    this.pending(table).set(id, null);
  }

  private pending(table: string): Map<string, Entry> {
    this.writes ??= new Map();
    let pending = this.writes.get(table);
    if (pending === undefined) {
      this.state.base.table(table);
      pending = new Map();
      this.writes.set(table, pending);
    }
    return pending;
  }
}
