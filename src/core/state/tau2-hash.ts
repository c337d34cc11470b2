import { createHash } from 'node:crypto';
import { dumpString, type PyDict, pyDumps } from '../python/index.ts';
import type { BaseData } from './base-data.ts';
import { idsInOrder, sortedBase, writtenByTable } from './hash-order.ts';
import type { State } from './state.ts';

/** Per base: the `"id": {...}` text of each base record once printed, and of each whole table. */
interface BaseJsonCache {
  entries: Map<string, Map<string, string>>;
  /** The whole `{...}` text of a table no state has written to, once printed. */
  tables: Map<string, string>;
}

const caches = new WeakMap<BaseData, BaseJsonCache>();

function cacheFor(base: BaseData): BaseJsonCache {
  let cache = caches.get(base);
  if (cache === undefined) {
    cache = { entries: new Map(), tables: new Map() };
    caches.set(base, cache);
  }
  return cache;
}

function entryText(id: string, record: Readonly<PyDict>): string {
  return `${dumpString(id)}: ${pyDumps(record as PyDict, { sortKeys: true })}`;
}

function baseEntry(cache: BaseJsonCache, base: BaseData, table: string, id: string): string {
  let entries = cache.entries.get(table);
  if (entries === undefined) {
    entries = new Map();
    cache.entries.set(table, entries);
  }
  let text = entries.get(id);
  if (text === undefined) {
    text = entryText(id, base.table(table).records.get(id)!);
    entries.set(id, text);
  }
  return text;
}

function untouchedTable(cache: BaseJsonCache, base: BaseData, table: string): string {
  let text = cache.tables.get(table);
  if (text === undefined) {
    const ids = sortedBase(base).ids.get(table)!;
    text = ids.length === 0 ? '{}' : `{${ids.map((id) => baseEntry(cache, base, table, id)).join(', ')}}`;
    cache.tables.set(table, text);
  }
  return text;
}

/**
 * tau2's database hash: SHA-256 of `json.dumps(db.model_dump(), sort_keys=True)`, where the dump maps
 * each table name to its records by id. The records must already be the data model's full dump (the
 * tau2 loader normalises them), so printing them with sorted keys gives the reference's text. The
 * text of untouched base records (and of whole untouched tables) is cached per process: hashing a
 * state costs one SHA-256 pass plus printing the records the episode wrote.
 */
export function tau2StateHash(state: State): string {
  const base = state.base;
  const cache = cacheFor(base);
  const written = writtenByTable(state);
  const hash = createHash('sha256');
  hash.update('{');
  sortedBase(base).tables.forEach((table, t) => {
    if (t > 0) hash.update(', ');
    hash.update(`${dumpString(table)}: `);
    const touched = written.get(table);
    if (touched === undefined) {
      hash.update(untouchedTable(cache, base, table));
      return;
    }
    const ids = idsInOrder(state, table, touched);
    let first = true;
    hash.update('{');
    for (const id of ids) {
      let text: string | undefined;
      if (touched.has(id)) {
        const record = state.get(table, id);
        if (record !== undefined) text = entryText(id, record);
      } else text = baseEntry(cache, base, table, id);
      if (text === undefined) continue;
      hash.update(first ? text : `, ${text}`);
      first = false;
    }
    hash.update('}');
  });
  hash.update('}');
  return hash.digest('hex');
}
