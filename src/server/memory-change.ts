/**
 * How a customer's memory changed over one turn, small enough to store with every reply. A model
 * customer's memory holds the whole conversation; storing it whole after each turn would make a
 * session's events grow with the square of its length. The change is JSON:
 *
 * - `{ "set": value }`: the value was replaced;
 * - `{ "append": [...] }`: a list grew at its end (the conversation, most of the time);
 * - `{ "keys": { "k": change, ... }, "drop": ["k", ...] }`: some keys of an object changed or went.
 *
 * `null` means nothing changed. A key holding `undefined` counts as absent, as in JSON.
 */
export type JsonChange =
  | { set: unknown }
  | { append: unknown[] }
  | { keys: Record<string, JsonChange>; drop?: string[] };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    return (
      keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length &&
      keys.every((k) => b[k] !== undefined && sameJson(a[k], b[k]))
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
    return { append: after.slice(before.length) };
  }
  if (isObject(before) && isObject(after)) {
    const keys: Record<string, JsonChange> = {};
    for (const [key, value] of Object.entries(after)) {
      if (value === undefined) continue;
      const old = Object.hasOwn(before, key) ? before[key] : undefined;
      const change = old === undefined ? { set: value } : jsonChange(old, value);
      if (change !== null) put(keys, key, change);
    }
    const drop = Object.keys(before).filter((k) => before[k] !== undefined && after[k] === undefined);
    return drop.length === 0 ? { keys } : { keys, drop };
  }
  return { set: after };
}

/** `before` with `change` applied (nothing is modified: changed parts are new objects). */
export function applyJsonChange(before: unknown, change: JsonChange | null): unknown {
  if (change === null) return before;
  if ('set' in change) return change.set;
  if ('append' in change) {
    if (!Array.isArray(before)) throw new Error('a change appends to a list, but the value is not a list');
    return [...before, ...change.append];
  }
  if (!isObject(before)) throw new Error('a change edits the keys of an object, but the value is not one');
  const after: JsonObject = { ...before };
  for (const key of change.drop ?? []) delete after[key];
  for (const [key, keyChange] of Object.entries(change.keys)) {
    put(after, key, applyJsonChange(Object.hasOwn(before, key) ? before[key] : undefined, keyChange));
  }
  return after;
}
