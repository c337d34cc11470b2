// A tool's arguments being filled in from its JSON schema: a draft of text fields, turned into the
// arguments' JSON text (numbers kept as typed, so `100.0` stays a float) with an error per field.

export interface JsonSchema {
  type?: string;
  description?: string;
  enum?: readonly unknown[];
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  items?: JsonSchema;
}

/** What a person has entered: text for scalars, a flag for booleans, lists and records for the rest. */
export type Draft = string | boolean | Draft[] | { [key: string]: Draft };

/** The empty draft of a schema: objects with every property, arrays with no item. */
export function emptyDraft(schema: JsonSchema): Draft {
  if (schema.type === 'object') {
    const out: Record<string, Draft> = {};
    for (const [key, sub] of Object.entries(schema.properties ?? {})) out[key] = emptyDraft(sub);
    return out;
  }
  if (schema.type === 'array') return [];
  if (schema.type === 'boolean') return false;
  return '';
}

/** A field's path, as used for its error and its element id: `passengers.0.first_name`. */
export type FieldPath = string;

export interface Built {
  /** The arguments' JSON text, when every field is valid. */
  json?: string;
  /** A message per field that is wrong. */
  errors: Record<FieldPath, string>;
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The draft's JSON text (undefined: left out), with the errors found on the way. */
function build(
  schema: JsonSchema,
  draft: Draft,
  path: FieldPath,
  required: boolean,
  errors: Record<FieldPath, string>,
): string | undefined {
  const type = schema.type;
  if (type === 'object') {
    const record = (typeof draft === 'object' && !Array.isArray(draft) ? draft : {}) as Record<string, Draft>;
    const parts: string[] = [];
    const requiredNames = new Set(schema.required ?? []);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      const child = path === '' ? key : `${path}.${key}`;
      const text = build(sub, record[key] ?? emptyDraft(sub), child, requiredNames.has(key), errors);
      if (text !== undefined) parts.push(`${JSON.stringify(key)}: ${text}`);
    }
    return `{${parts.join(', ')}}`;
  }
  if (type === 'array') {
    const items = Array.isArray(draft) ? draft : [];
    if (items.length === 0) {
      if (required) errors[path] = 'add at least one item';
      return required ? undefined : undefined;
    }
    const parts = items.map((item, i) => build(schema.items ?? {}, item, `${path}.${i}`, true, errors));
    return `[${parts.join(', ')}]`;
  }
  if (type === 'boolean') return draft === true ? 'true' : 'false';
  const text = typeof draft === 'string' ? draft : '';
  const trimmed = text.trim();
  if (trimmed === '' && type !== 'string') {
    if (required) errors[path] = 'required';
    return undefined;
  }
  if (text === '' && type === 'string') {
    if (required) errors[path] = 'required';
    return undefined;
  }
  if (schema.enum !== undefined && !schema.enum.includes(type === 'string' ? text : Number(trimmed))) {
    errors[path] = `choose one of: ${schema.enum.map(String).join(', ')}`;
    return undefined;
  }
  if (type === 'integer') {
    if (!INTEGER.test(trimmed)) {
      errors[path] = 'a whole number, such as 2';
      return undefined;
    }
    return trimmed;
  }
  if (type === 'number') {
    if (!NUMBER.test(trimmed)) {
      errors[path] = 'a number, such as 12.5';
      return undefined;
    }
    return trimmed;
  }
  return JSON.stringify(text);
}

/** The arguments of a tool from a draft of its parameters. */
export function buildArguments(schema: JsonSchema, draft: Draft): Built {
  const errors: Record<FieldPath, string> = {};
  const json = build(schema, draft, '', true, errors);
  return Object.keys(errors).length === 0 && json !== undefined ? { json, errors } : { errors };
}

/** Raw JSON typed by a person: an object, or a message saying what is wrong. */
export function checkRawArguments(text: string): { json?: string; error?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `not JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { error: 'the arguments must be a JSON object, such as {"order_id": "#W1"}' };
  return { json: text };
}

/** The draft at a path, replaced by `value`, returning a new draft (drafts are never mutated). */
export function setAt(draft: Draft, path: readonly (string | number)[], value: Draft): Draft {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(draft)) {
    const copy = [...draft];
    copy[head as number] = setAt(copy[head as number] ?? '', rest, value);
    return copy;
  }
  const record = typeof draft === 'object' ? draft : {};
  return { ...record, [head as string]: setAt(record[head as string] ?? '', rest, value) };
}
