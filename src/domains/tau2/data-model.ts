import { DataError } from '../../core/errors.ts';
import { dictKeys, isDict, type PyDict, type PyValue, setKeyOrder } from '../../core/python/index.ts';

/**
 * A small description of tau2's pydantic data models, enough to turn a source record into exactly
 * what `model_dump()` gives: fields in the model's declared order, optional fields present as `null`
 * when absent, ints in float fields converted to floats, whole floats in int fields converted to ints,
 * unknown fields dropped (pydantic's default).
 * The state hash and every observation are printed from that dump.
 */
export type FieldType =
  | { kind: 'str' }
  | { kind: 'float' }
  | { kind: 'int' }
  | { kind: 'bool' }
  | { kind: 'literal'; values: readonly string[] }
  | { kind: 'list'; of: FieldType }
  | { kind: 'dict'; of: FieldType }
  | { kind: 'model'; model: Model }
  | { kind: 'union'; tag: string; models: Readonly<Record<string, Model>> };

export interface Field {
  name: string;
  type: FieldType;
  /** `Optional[...] = None`: may be absent (dumped as null) or null. */
  optional?: boolean;
}

export interface Model {
  name: string;
  fields: readonly Field[];
}

export const str: FieldType = { kind: 'str' };
export const float: FieldType = { kind: 'float' };
export const int: FieldType = { kind: 'int' };
export const bool: FieldType = { kind: 'bool' };
export const literal = (...values: string[]): FieldType => ({ kind: 'literal', values });
export const listOf = (of: FieldType): FieldType => ({ kind: 'list', of });
export const dictOf = (of: FieldType): FieldType => ({ kind: 'dict', of });
export const model = (m: Model): FieldType => ({ kind: 'model', model: m });
/** A union told apart by the value of one field (as pydantic picks the one member that validates). */
export const union = (tag: string, models: Record<string, Model>): FieldType => ({
  kind: 'union',
  tag,
  models,
});

/** A record that does not fit its model; the message names the path of the field. */
export class DataModelError extends DataError {}

function fail(path: string, problem: string): never {
  throw new DataModelError(path === '' ? 'record' : path, problem);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function validate(type: FieldType, value: PyValue, path: string): PyValue {
  switch (type.kind) {
    case 'str':
      if (typeof value !== 'string') fail(path, 'must be a string');
      return value;
    case 'float':
      if (typeof value === 'bigint') return Number(value);
      if (typeof value !== 'number') fail(path, 'must be a number');
      return value;
    case 'int':
      // pydantic's lax mode: a float without a fractional part becomes an int.
      if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
      if (typeof value !== 'bigint') fail(path, 'must be an integer');
      return value;
    case 'bool':
      if (typeof value !== 'boolean') fail(path, 'must be true or false');
      return value;
    case 'literal':
      if (typeof value !== 'string' || !type.values.includes(value)) {
        fail(path, `must be one of ${type.values.map((v) => JSON.stringify(v)).join(', ')}`);
      }
      return value;
    case 'list':
      if (!Array.isArray(value)) fail(path, 'must be a list');
      return value.map((item, i) => validate(type.of, item, `${path}[${i}]`));
    case 'dict': {
      if (!isDict(value)) fail(path, 'must be an object');
      const out: PyDict = {};
      const keys = dictKeys(value);
      for (const key of keys) {
        Object.defineProperty(out, key, {
          value: validate(type.of, value[key] as PyValue, join(path, key)),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      setKeyOrder(out, keys);
      return out;
    }
    case 'model':
      return dumpModel(type.model, value, path);
    case 'union': {
      if (!isDict(value)) fail(path, 'must be an object');
      const tag = value[type.tag];
      const member = typeof tag === 'string' ? type.models[tag] : undefined;
      if (member === undefined) {
        fail(
          join(path, type.tag),
          `must be one of ${Object.keys(type.models)
            .map((v) => JSON.stringify(v))
            .join(', ')}`,
        );
      }
      return dumpModel(member, value, path);
    }
  }
}

/** The `model_dump()` of a record validated into `m`; throws `DataModelError` naming the field that does not fit. */
export function dumpModel(m: Model, value: PyValue, path = ''): PyDict {
  if (!isDict(value)) fail(path, `must be an object (${m.name})`);
  const out: PyDict = {};
  for (const field of m.fields) {
    const raw = value[field.name];
    const at = join(path, field.name);
    if (raw === undefined || raw === null) {
      if (field.optional === true) out[field.name] = null;
      else fail(at, raw === undefined ? `is missing (${m.name})` : 'must not be null');
      continue;
    }
    out[field.name] = validate(field.type, raw, at);
  }
  return out;
}
