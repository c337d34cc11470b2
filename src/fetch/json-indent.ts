import { dictKeys, dumpString, floatRepr, type PyValue } from '../core/python/index.ts';

/**
 * Python's `json.dumps(value, indent=n)`: one item per line, separators `","` and `": "`, non-ASCII
 * escaped, floats and ints as Python writes them, empty lists and dicts as `[]` and `{}`.
 */
export function pyDumpsIndented(value: PyValue, indent: number): string {
  const write = (v: PyValue, level: number): string => {
    switch (typeof v) {
      case 'string':
        return dumpString(v);
      case 'bigint':
        return v.toString();
      case 'number':
        if (Number.isNaN(v)) return 'NaN';
        if (v === Number.POSITIVE_INFINITY) return 'Infinity';
        if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
        return floatRepr(v);
      case 'boolean':
        return v ? 'true' : 'false';
      default:
        break;
    }
    if (v === null) return 'null';
    const inner = `\n${' '.repeat(indent * (level + 1))}`;
    const outer = `\n${' '.repeat(indent * level)}`;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${inner}${v.map((item) => write(item, level + 1)).join(`,${inner}`)}${outer}]`;
    }
    const keys = dictKeys(v);
    if (keys.length === 0) return '{}';
    const items = keys.map((k) => `${dumpString(k)}: ${write(v[k] as PyValue, level + 1)}`);
    return `{${inner}${items.join(`,${inner}`)}${outer}}`;
  };
  return write(value, 0);
}
