import { cloneValue, deepFreeze, type PyDict } from '../python/index.ts';
import type { BaseData } from './base-data.ts';

/** The data a tool sees and changes during one call. */
export interface Db {
  /** The record, read-only (or this call's own editable copy once `edit` was called for it). */
  get(table: string, id: string): Readonly<PyDict> | undefined;
  has(table: string, id: string): boolean;
  /** Ids of a table in insertion order (base order, then records added later). */
  ids(table: string): string[];
  /** An editable copy of the record; the copy replaces the record when the call succeeds. */
  edit(table: string, id: string): PyDict;
  /** Adds a record, or replaces one (keeping its place). */
  put(table: string, id: string, record: PyDict): void;
  delete(table: string, id: string): void;
}

type Overlay = Map<string, Map<string, Readonly<PyDict> | null>>;

/** A frozen picture of an episode's writes, for undo and rollback. */
export interface StateSnapshot {
  readonly overlay: ReadonlyMap<string, ReadonlyMap<string, Readonly<PyDict> | null>>;
  readonly added: ReadonlyMap<string, readonly string[]>;
}

/**
 * An episode's database: the shared, immutable base plus a copy-on-write overlay of the records this
 * episode wrote. Creating one costs O(1); it holds only what the episode changed. Records in the
 * overlay are frozen once written, so a snapshot is a shallow copy of the overlay's maps.
 */
export class State {
  readonly base: BaseData;
  private overlay: Overlay = new Map();
  /** Ids that are not in the base table (or were deleted and added again), in insertion order. */
  private added = new Map<string, string[]>();

  constructor(base: BaseData) {
    this.base = base;
  }

  get(table: string, id: string): Readonly<PyDict> | undefined {
    const written = this.overlay.get(table);
    if (written?.has(id)) return written.get(id) ?? undefined;
    return this.base.table(table).records.get(id);
  }

  has(table: string, id: string): boolean {
    return this.get(table, id) !== undefined;
  }

  ids(table: string): string[] {
    const base = this.base.table(table);
    const written = this.overlay.get(table);
    const extra = this.added.get(table);
    if (written === undefined) return [...base.ids];
    const isAdded = new Set(extra);
    const ids = base.ids.filter((id) => !isAdded.has(id) && written.get(id) !== null);
    if (extra !== undefined) for (const id of extra) if (written.get(id)) ids.push(id);
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
    let n = 0;
    for (const written of this.overlay.values()) n += written.size;
    return n;
  }

  /** Runs `fn` against a transaction: its writes apply only if it returns; if it throws, none do. */
  transact<T>(fn: (db: Db) => T): T {
    const tx = new Transaction(this);
    const result = fn(tx);
    this.commit(tx.writes);
    return result;
  }

  snapshot(): StateSnapshot {
    const overlay = new Map<string, Map<string, Readonly<PyDict> | null>>();
    for (const [table, written] of this.overlay) overlay.set(table, new Map(written));
    const added = new Map<string, string[]>();
    for (const [table, ids] of this.added) added.set(table, [...ids]);
    return { overlay, added };
  }

  restore(snapshot: StateSnapshot): void {
    this.overlay = new Map();
    for (const [table, written] of snapshot.overlay) this.overlay.set(table, new Map(written));
    this.added = new Map();
    for (const [table, ids] of snapshot.added) this.added.set(table, [...ids]);
  }

  /** A new state on the same base with the same writes. */
  fork(): State {
    const copy = new State(this.base);
    copy.restore(this.snapshot());
    return copy;
  }

  private commit(writes: Overlay): void {
    for (const [table, records] of writes) {
      let written = this.overlay.get(table);
      if (written === undefined) {
        written = new Map();
        this.overlay.set(table, written);
      }
      for (const [id, record] of records) {
        const existed = this.has(table, id);
        if (record !== null && !existed) this.markAdded(table, id);
        written.set(id, record === null ? null : deepFreeze(record));
      }
    }
  }

  private markAdded(table: string, id: string): void {
    let extra = this.added.get(table);
    if (extra === undefined) {
      extra = [];
      this.added.set(table, extra);
    }
    // A key deleted and added again goes last, as in a Python dict.
    const at = extra.indexOf(id);
    if (at >= 0) extra.splice(at, 1);
    extra.push(id);
  }
}

class Transaction implements Db {
  readonly writes: Overlay = new Map();
  private readonly state: State;

  constructor(state: State) {
    this.state = state;
  }

  get(table: string, id: string): Readonly<PyDict> | undefined {
    const pending = this.writes.get(table);
    if (pending?.has(id)) return pending.get(id) ?? undefined;
    return this.state.get(table, id);
  }

  has(table: string, id: string): boolean {
    return this.get(table, id) !== undefined;
  }

  ids(table: string): string[] {
    const ids = this.state.ids(table);
    const pending = this.writes.get(table);
    if (pending === undefined) return ids;
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

  private pending(table: string): Map<string, Readonly<PyDict> | null> {
    let pending = this.writes.get(table);
    if (pending === undefined) {
      this.state.base.table(table);
      pending = new Map();
      this.writes.set(table, pending);
    }
    return pending;
  }
}
