import { createHash } from 'node:crypto';
import { compareCodePoints, hashablePairRepr, type PyDict, strRepr } from '../python/index.ts';
import type { BaseData } from './base-data.ts';
import type { State } from './state.ts';

/** Cached `(id, record)` reprs and sorted ids of the base records, computed once per base. */
interface BaseReprCache {
  sortedTables: string[];
  sortedIds: Map<string, string[]>;
  pairs: Map<string, Map<string, string>>;
}

const caches = new WeakMap<BaseData, BaseReprCache>();

function cacheFor(base: BaseData): BaseReprCache {
  let cache = caches.get(base);
  if (cache === undefined) {
    const sortedIds = new Map<string, string[]>();
    for (const [name, table] of base.tables) sortedIds.set(name, [...table.ids].sort(compareCodePoints));
    cache = { sortedTables: [...base.tables.keys()].sort(compareCodePoints), sortedIds, pairs: new Map() };
    caches.set(base, cache);
  }
  return cache;
}

function basePair(cache: BaseReprCache, base: BaseData, table: string, id: string): string {
  let pairs = cache.pairs.get(table);
  if (pairs === undefined) {
    pairs = new Map();
    cache.pairs.set(table, pairs);
  }
  let repr = pairs.get(id);
  if (repr === undefined) {
    repr = hashablePairRepr(id, base.table(table).records.get(id) as PyDict);
    pairs.set(id, repr);
  }
  return repr;
}

/** A Python tuple's repr from its items' reprs. */
function tupleText(items: string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/**
 * tau-bench's state hash: SHA-256 of `str(to_hashable(data))`, where `data` maps each table name to
 * its records. Reprs of untouched base records are cached per process, so hashing a state costs one
 * pass of SHA-256 over the text plus the reprs of the records the episode wrote.
 */
export function tauBenchStateHash(state: State): string {
  const base = state.base;
  const cache = cacheFor(base);
  const written = new Map<string, Set<string>>();
  for (const [table, id] of state.touched()) {
    let ids = written.get(table);
    if (ids === undefined) {
      ids = new Set();
      written.set(table, ids);
    }
    ids.add(id);
  }
  const hash = createHash('sha256');
  const tables = cache.sortedTables;
  hash.update('(');
  tables.forEach((table, t) => {
    const touched = written.get(table);
    let ids = cache.sortedIds.get(table)!;
    if (touched !== undefined) {
      const inBase = base.table(table).records;
      const extra = [...touched].filter((id) => !inBase.has(id));
      if (extra.length > 0) ids = [...ids, ...extra].sort(compareCodePoints);
    }
    const pairs: string[] = [];
    for (const id of ids) {
      if (touched?.has(id)) {
        const record = state.get(table, id);
        if (record !== undefined) pairs.push(hashablePairRepr(id, record as PyDict));
      } else pairs.push(basePair(cache, base, table, id));
    }
    if (t > 0) hash.update(', ');
    hash.update(`(${strRepr(table)}, `);
    hash.update(tupleText(pairs));
    hash.update(')');
  });
  hash.update(tables.length === 1 ? ',)' : ')');
  return hash.digest('hex');
}
