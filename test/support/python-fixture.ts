import { readFileSync } from 'node:fs';
import { dictSet, type PyDict, type PyValue } from '../../src/core/python/index.ts';

/** A Python value as `scripts/fixtures/python-cases.py` writes it: ints and floats tagged, dicts as pairs. */
export type Tagged =
  | null
  | boolean
  | string
  | Tagged[]
  | { int: string }
  | { float: string }
  | { dict: [string, Tagged][] };

/** Reads `test/fixtures/python/python-cases.json` (made by CPython). */
export function readPythonCases<T>(): T {
  return JSON.parse(
    readFileSync(new URL('../fixtures/python/python-cases.json', import.meta.url), 'utf8'),
  ) as T;
}

/** Builds a value from the fixture's tagged form, keys in Python's insertion order, without the parser. */
export function buildTagged(tagged: Tagged): PyValue {
  if (tagged === null || typeof tagged !== 'object') return tagged;
  if (Array.isArray(tagged)) return tagged.map(buildTagged);
  if ('int' in tagged) return BigInt(tagged.int);
  if ('float' in tagged) {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt(`0x${tagged.float}`));
    return view.getFloat64(0);
  }
  const dict: PyDict = {};
  for (const [key, value] of tagged.dict) dictSet(dict, key, buildTagged(value));
  return dict;
}
