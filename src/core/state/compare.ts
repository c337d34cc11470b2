import { type PyDict, type PyValue, sameValue } from '../python/index.ts';
import type { State } from './state.ts';

function touchedKeys(a: State, b: State): Array<[string, string]> {
  const seen = new Set<string>();
  const out: Array<[string, string]> = [];
  for (const pair of [...a.touched(), ...b.touched()]) {
    const key = `${pair[0]}\u0000${pair[1]}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(pair);
    }
  }
  return out;
}

/**
 * Whether two states on the same base hold the same data as the state hash sees it (dict key order
 * ignored, list order and int/float kept). Only records either state wrote are compared.
 */
export function sameState(a: State, b: State): boolean {
  if (a.base !== b.base) throw new Error('states on different bases cannot be compared record by record');
  for (const [table, id] of touchedKeys(a, b)) {
    const x = a.get(table, id);
    const y = b.get(table, id);
    if (x === y) continue;
    if (x === undefined || y === undefined || !sameValue(x as PyValue, y as PyValue)) return false;
  }
  return true;
}

export interface FieldChange {
  /** Path inside the record, e.g. `["payment_methods", "gift_card_1", "balance"]`. */
  path: Array<string | number>;
  before: PyValue | undefined;
  after: PyValue | undefined;
}

export interface RecordDiff {
  table: string;
  id: string;
  kind: 'added' | 'removed' | 'changed';
  before?: Readonly<PyDict>;
  after?: Readonly<PyDict>;
  changes: FieldChange[];
}

function diffValues(
  before: PyValue | undefined,
  after: PyValue | undefined,
  path: Array<string | number>,
  out: FieldChange[],
): void {
  if (before !== undefined && after !== undefined && sameValue(before, after)) return;
  const bothLists = Array.isArray(before) && Array.isArray(after);
  const bothDicts =
    typeof before === 'object' &&
    typeof after === 'object' &&
    before !== null &&
    after !== null &&
    !Array.isArray(before) &&
    !Array.isArray(after);
  if (bothLists) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) diffValues(before[i], after[i], [...path, i], out);
  } else if (bothDicts) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) diffValues(before[key], after[key], [...path, key], out);
  } else {
    out.push({ path, before, after });
  }
}

/** Field-level differences from state `from` to state `to`: records added, removed and changed. */
export function diffStates(from: State, to: State): RecordDiff[] {
  const diffs: RecordDiff[] = [];
  for (const [table, id] of touchedKeys(from, to)) {
    const before = from.get(table, id);
    const after = to.get(table, id);
    if (before === after) continue;
    if (before === undefined && after !== undefined) {
      diffs.push({ table, id, kind: 'added', after, changes: [] });
    } else if (after === undefined && before !== undefined) {
      diffs.push({ table, id, kind: 'removed', before, changes: [] });
    } else if (before !== undefined && after !== undefined) {
      const changes: FieldChange[] = [];
      diffValues(before as PyDict, after as PyDict, [], changes);
      if (changes.length > 0) diffs.push({ table, id, kind: 'changed', before, after, changes });
    }
  }
  return diffs;
}
