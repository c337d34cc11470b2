import { InternalError } from '../core/errors.ts';
/**
 * How a customer's memory changed over one turn, small enough to store with every reply. A model
 * customer's memory holds the whole conversation; storing it whole after each turn would make a
 * session's events grow with the square of its length. The change is JSON:
 *
 * - `{ "set": value }`: the value was replaced;
 * - `{ "append": [...], "at": n }`: a list of `n` items grew at its end (the conversation, most of
 *   the time); `at` lets the change refuse a list of another length instead of rebuilding a wrong one;
 * - `{ "keys": { "k": change, ... }, "drop": ["k", ...] }`: some keys of an object changed or went.
 *
 * `null` means nothing changed. A key holding `undefined` counts as absent, as in JSON. Values are
 * JSON data (plain objects, lists, strings, numbers, booleans, null): applying the change to `before`
 * as read back from JSON gives `after` as it reads back from JSON.
 */
export type JsonChange =
  | { set: unknown }
  | { append: unknown[]; at?: number }
  | { keys: Record<string, JsonChange>; drop?: string[] };

type JsonObject = Record<string, unknown>;

/** A change that does not fit the value it is applied to: not the value it was made from. */
export class JsonChangeMismatch extends InternalError {}

function isObject(value: unknown): value is JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The value of an own key (never one inherited, such as `toString`), `undefined` when absent. */
function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** The keys that hold a value (a key holding `undefined` is absent in JSON). */
function presentKeys(object: JsonObject): string[] {
  return Object.keys(object).filter((key) => object[key] !== undefined);
}

/** Sets an own key, even `__proto__` (which plain assignment would take for the prototype). */
function put(object: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = presentKeys(a);
    return (
      keys.length === presentKeys(b).length &&
      keys.every((key) => own(b, key) !== undefined && sameJson(a[key], b[key]))
    );
  }
  return false;
}

/** The change that turns `before` into `after`; `null` when they are the same. */
export function jsonChange(before: unknown, after: unknown): JsonChange | null {
  if (sameJson(before, after)) return null;
  if (
    Array.isArray(before) &&
    Array.isArray(after) &&
    after.length > before.length &&
    before.every((item, i) => sameJson(item, after[i]))
  ) {
    return { append: after.slice(before.length), at: before.length };
  }
  if (isObject(before) && isObject(after)) {
    const keys: Record<string, JsonChange> = {};
    for (const key of presentKeys(after)) {
      const old = own(before, key);
      const change = old === undefined ? { set: after[key] } : jsonChange(old, after[key]);
      if (change !== null) put(keys, key, change);
    }
    const drop = presentKeys(before).filter((key) => own(after, key) === undefined);
    return drop.length === 0 ? { keys } : { keys, drop };
  }
  return { set: after };
}

/**
 * `before` with `change` applied (nothing is modified: changed parts are new objects, the rest is
 * shared). Throws `JsonChangeMismatch` when the change was made from a value of another shape.
 */
export function applyJsonChange(before: unknown, change: JsonChange | null): unknown {
  if (change === null) return before;
  if ('set' in change) return change.set;
  if ('append' in change) {
    if (!Array.isArray(before))
      throw new JsonChangeMismatch('a change appends to a list, but the value is not one');
    if (change.at !== undefined && change.at !== before.length) {
      throw new JsonChangeMismatch(
        `a change appends to a list of ${change.at} items, but the list has ${before.length}`,
      );
    }
    return [...before, ...change.append];
  }
  if (!isObject(before))
    throw new JsonChangeMismatch('a change edits the keys of an object, but the value is not one');
  const after: JsonObject = { ...before };
  for (const key of change.drop ?? []) delete after[key];
  for (const [key, keyChange] of Object.entries(change.keys)) {
    put(after, key, applyJsonChange(own(before, key), keyChange));
  }
  return after;
}
