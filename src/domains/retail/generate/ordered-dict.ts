import { type PyDict, type PyValue, setKeyOrder } from '../../../core/python/index.ts';

/**
 * A dict with exactly these entries in this order. Keys such as 10-digit item ids look like array
 * indices, which JavaScript would enumerate first in numeric order: the insertion order is kept the
 * way the value model keeps it, so `pyDumps` prints the entries as given.
 */
export function orderedDict(entries: ReadonlyArray<readonly [string, PyValue]>): PyDict {
  const dict: PyDict = {};
  for (const [key, value] of entries) dict[key] = value;
  setKeyOrder(
    dict,
    entries.map(([key]) => key),
  );
  return dict;
}
