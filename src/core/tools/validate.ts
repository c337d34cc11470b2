import { dictKeys, isDict, type PyValue } from '../python/index.ts';
import type { JsonSchema } from './tool.ts';

export interface ValidateOptions {
  /**
   * Whether values outside an `enum` are refused. The tau-bench reference does not enforce enums
   * (it accepts some values outside them and refuses others with its own text), so domains that
   * reproduce it leave enforcement to the tool.
   */
  enforceEnums: boolean;
}

function typeName(value: PyValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function describe(value: PyValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return typeName(value);
}

function matchesType(schema: JsonSchema, value: PyValue): boolean {
  switch (schema.type) {
    case undefined:
      return true;
    case 'integer':
      return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
    case 'number':
      return typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value));
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isDict(value);
    case 'null':
      return value === null;
    default:
      return typeof value === schema.type;
  }
}

/**
 * Checks a value against a tool's parameter schema. Returns the first problem as a sentence naming
 * the argument, what it got and what is allowed, or `null` when the value fits.
 */
export function validateValue(
  schema: JsonSchema,
  value: PyValue,
  path: string,
  options: ValidateOptions,
): string | null {
  if (!matchesType(schema, value)) {
    return `argument '${path}' must be ${article(schema.type ?? 'value')}, got ${describe(value)}`;
  }
  if (schema.enum !== undefined && options.enforceEnums) {
    const allowed = schema.enum.map(String);
    if (!allowed.includes(String(value)) || typeof value === 'object') {
      return `argument '${path}' must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}`;
    }
  }
  if (schema.type === 'array' && schema.items !== undefined && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = validateValue(schema.items, value[i] as PyValue, `${path}[${i}]`, options);
      if (problem !== null) return problem;
    }
  }
  if (schema.type === 'object' && isDict(value)) {
    const properties = schema.properties ?? {};
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(value, name)) return `missing required argument '${join(path, name)}'`;
    }
    for (const name of dictKeys(value)) {
      // own properties only: `__proto__` (or `toString`) is an argument name like any other
      const property = Object.hasOwn(properties, name) ? properties[name] : undefined;
      if (property === undefined) {
        // JSON Schema allows extra properties unless told otherwise; a tool's own top-level
        // arguments are closed, as a Python function refuses an unexpected keyword argument.
        const closed =
          schema.additionalProperties === false || (path === '' && schema.additionalProperties !== true);
        if (!closed) continue;
        const known = Object.keys(properties);
        const hint = known.length > 0 ? `; expected ${known.join(', ')}` : '; it takes no arguments';
        return `unexpected argument '${join(path, name)}'${hint}`;
      }
      const problem = validateValue(property, value[name] as PyValue, join(path, name), options);
      if (problem !== null) return problem;
    }
  }
  return null;
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
