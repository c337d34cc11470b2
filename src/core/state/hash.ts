import { createHash } from 'node:crypto';
import { hashablePairRepr, type PyDict, strRepr } from '../python/index.ts';
import type { BaseData } from './base-data.ts';
import { idsInOrder, sortedBase, writtenByTable } from './hash-order.ts';
import type { State } from './state.ts';

/** The `(id, record)` reprs of the base records, computed once per base, by table. */
const caches = new WeakMap<BaseData, Map<string, Map<string, string>>>();

function cacheFor(base: BaseData): Map<string, Map<string, string>> {
  let cache = caches.get(base);
  if (cache === undefined) {
    cache = new Map();
    caches.set(base, cache);
  }
  return cache;
}

function basePair(
  cache: Map<string, Map<string, string>>,
  base: BaseData,
  table: string,
  id: string,
): string {
  let pairs = cache.get(table);
  if (pairs === undefined) {
    pairs = new Map();
    cache.set(table, pairs);
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
  const written = writtenByTable(state);
  const hash = createHash('sha256');
  const tables = sortedBase(base).tables;
  hash.update('(');
  tables.forEach((table, t) => {
    const touched = written.get(table);
    const ids = idsInOrder(state, table, touched);
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
