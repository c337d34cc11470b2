import type { Domain } from '../core/domain/types.ts';
import { dictKeys, dictSet, isDict, type PyDict, type PyValue } from '../core/python/index.ts';

/** A JSON type as Python reads it: `int` and `float` differ, as they do in the reference data. */
export type Kind = 'null' | 'bool' | 'int' | 'float' | 'str' | 'list' | 'dict';

/**
 * What the values of one place in a table look like, learnt from the table's own records: their kinds,
 * and for objects either fixed fields (every record has the same ones, e.g. an address) or, when the
 * keys vary (payment methods by id), the shape of every value; for lists, the shape of the items.
 */
export interface Shape {
  kinds: Set<Kind>;
  fields?: Map<string, Shape>;
  /** Fields only some of the records have. */
  optional?: Set<string>;
  values?: Shape;
  items?: Shape;
}

/** How many records of a table are read to learn its shape. */
const SAMPLE = 400;

export function kindOf(value: PyValue): Kind {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'float';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

/** The shape of a set of values seen at one place. */
export function inferShape(values: readonly PyValue[]): Shape {
  const shape: Shape = { kinds: new Set(values.map(kindOf)) };
  const dicts = values.filter(isDict);
  if (dicts.length > 0) {
    const keyLists = dicts.map((d) => dictKeys(d));
    const common = keyLists.reduce((acc, keys) => acc.filter((k) => keys.includes(k)));
    if (common.length > 0) {
      // Records: the fields all of them have, and those only some have (optional).
      const all = [...new Set(keyLists.flat())];
      shape.fields = new Map(
        all.map((key) => [key, inferShape(dicts.filter((d) => key in d).map((d) => d[key] as PyValue))]),
      );
      const optional = all.filter((key) => !common.includes(key));
      if (optional.length > 0) shape.optional = new Set(optional);
    } else {
      shape.values = inferShape(dicts.flatMap((d) => dictKeys(d).map((k) => d[k] as PyValue)));
    }
  }
  const lists = values.filter((v): v is PyValue[] => Array.isArray(v));
  if (lists.length > 0) shape.items = inferShape(lists.flat());
  return shape;
}

const shapes = new WeakMap<Domain['base'], Map<string, Shape>>();

/** The shape of a table's records, learnt once per loaded domain. */
export function tableShape(domain: Domain, table: string): Shape | undefined {
  let byTable = shapes.get(domain.base);
  if (byTable === undefined) {
    byTable = new Map();
    shapes.set(domain.base, byTable);
  }
  const known = byTable.get(table);
  if (known !== undefined) return known;
  const data = domain.base.tables.get(table);
  if (data === undefined || data.ids.length === 0) return undefined;
  const step = Math.max(1, Math.floor(data.ids.length / SAMPLE));
  const sample: PyValue[] = [];
  for (let i = 0; i < data.ids.length; i += step) sample.push(data.records.get(data.ids[i]!)!);
  const shape = inferShape(sample);
  byTable.set(table, shape);
  return shape;
}

/**
 * What is wrong with a value for a shape, each problem naming where (`at`): a kind the data never has
 * there (an int where floats are is accepted, as Python compares them equal), a missing or unknown
 * field of a fixed-field object, and the same inside.
 */
export function shapeProblems(value: PyValue, shape: Shape, at: string): string[] {
  const kind = kindOf(value);
  const accepted = shape.kinds.has(kind) || (kind === 'int' && shape.kinds.has('float'));
  if (!accepted) return [`${at} is ${article(kind)}, expected ${[...shape.kinds].map(article).join(' or ')}`];
  const problems: string[] = [];
  if (isDict(value) && shape.fields !== undefined) {
    const expected = [...shape.fields.keys()];
    const have = dictKeys(value);
    const missing = expected.filter((f) => !have.includes(f) && !shape.optional?.has(f));
    const extra = have.filter((f) => !shape.fields!.has(f));
    if (missing.length > 0) problems.push(`${at} lacks ${missing.join(', ')}`);
    if (extra.length > 0)
      problems.push(`${at} has unknown fields ${extra.join(', ')} (it has: ${expected.join(', ')})`);
    for (const key of have) {
      const inner = shape.fields.get(key);
      if (inner !== undefined) problems.push(...shapeProblems(value[key] as PyValue, inner, `${at}.${key}`));
    }
  } else if (isDict(value) && shape.values !== undefined) {
    for (const key of dictKeys(value))
      problems.push(...shapeProblems(value[key] as PyValue, shape.values, `${at}.${key}`));
  } else if (Array.isArray(value) && shape.items !== undefined) {
    value.forEach((item, i) => {
      problems.push(...shapeProblems(item, shape.items!, `${at}[${i}]`));
    });
  }
  return problems;
}

function article(kind: Kind): string {
  return {
    null: 'null',
    bool: 'a boolean',
    int: 'an int',
    float: 'a float',
    str: 'a string',
    list: 'a list',
    dict: 'an object',
  }[kind];
}

/** The fields of a record, for prompts: `{address: {...}, email: str, ...}` in one line. */
export function describeShape(shape: Shape, depth = 0): string {
  if (shape.fields !== undefined && depth < 3) {
    return `{${[...shape.fields].map(([k, s]) => `${k}: ${describeShape(s, depth + 1)}`).join(', ')}}`;
  }
  if (shape.values !== undefined && depth < 3) return `{<id>: ${describeShape(shape.values, depth + 1)}}`;
  if (shape.items !== undefined && depth < 3) return `[${describeShape(shape.items, depth + 1)}]`;
  return [...shape.kinds].join('|');
}

/**
 * A drawn record made whole for a domain whose data models write every field (tau2: a field with no
 * value is `null`): each field the table's records always have, may be null, and the record lacks is
 * added as null, at every depth; a customer gets their `user_id` as a field when the table's records
 * have one. Other domains' records are returned as they are.
 */
export function fitRecord(domain: Domain, table: string, record: PyDict, id?: string): PyDict {
  if (domain.flavour.acceptsActionGroundTruth) return record;
  const shape = tableShape(domain, table);
  if (shape === undefined) return record;
  const named =
    table === 'users' && id !== undefined && shape.fields?.has('user_id') && !('user_id' in record)
      ? { user_id: id, ...record }
      : record;
  return fill(named, shape) as PyDict;
}

function fill(value: PyValue, shape: Shape): PyValue {
  if (isDict(value) && shape.fields !== undefined) {
    const out: PyDict = {};
    for (const key of dictKeys(value)) {
      const inner = shape.fields.get(key);
      dictSet(out, key, inner === undefined ? (value[key] as PyValue) : fill(value[key] as PyValue, inner));
    }
    for (const [key, inner] of shape.fields)
      if (!(key in value) && !shape.optional?.has(key) && inner.kinds.has('null')) dictSet(out, key, null);
    return out;
  }
  if (isDict(value) && shape.values !== undefined) {
    const out: PyDict = {};
    for (const key of dictKeys(value)) dictSet(out, key, fill(value[key] as PyValue, shape.values));
    return out;
  }
  if (Array.isArray(value) && shape.items !== undefined) return value.map((item) => fill(item, shape.items!));
  return value;
}
