import { compareCodePoints } from '../python/index.ts';
import type { BaseData } from './base-data.ts';
import type { State } from './state.ts';

/** A base's table names and each table's record ids, sorted by code point: the order state hashes print in. */
export interface SortedBase {
  tables: string[];
  ids: Map<string, string[]>;
}

const sortedBases = new WeakMap<BaseData, SortedBase>();

/** The base's sorted names and ids, computed once per base. */
export function sortedBase(base: BaseData): SortedBase {
  let sorted = sortedBases.get(base);
  if (sorted === undefined) {
    const ids = new Map<string, string[]>();
    for (const [name, table] of base.tables) ids.set(name, [...table.ids].sort(compareCodePoints));
    sorted = { tables: [...base.tables.keys()].sort(compareCodePoints), ids };
    sortedBases.set(base, sorted);
  }
  return sorted;
}

/** The ids a state wrote (changed, added or removed), by table. */
export function writtenByTable(state: State): Map<string, Set<string>> {
  const written = new Map<string, Set<string>>();
  for (const [table, id] of state.touched()) {
    let ids = written.get(table);
    if (ids === undefined) {
      ids = new Set();
      written.set(table, ids);
    }
    ids.add(id);
  }
  return written;
}

/** A table's ids in print order: the base's, plus those the state added (`written` holds its writes there). */
export function idsInOrder(state: State, table: string, written: ReadonlySet<string> | undefined): string[] {
  const ids = sortedBase(state.base).ids.get(table)!;
  if (written === undefined) return ids;
  const inBase = state.base.table(table).records;
  const added = [...written].filter((id) => !inBase.has(id));
  return added.length === 0 ? ids : [...ids, ...added].sort(compareCodePoints);
}
