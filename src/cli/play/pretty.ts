import { dictKeys, isDict, type PyValue, parsePyJson, pyDumps } from '../../core/python/index.ts';

/**
 * A value laid out for reading: containers that fit on one line stay on one line, larger ones are
 * indented. Scalars print as Python's `json.dumps` does (so `12.0` stays `12.0`), non-ASCII text as is.
 */
export function prettyValue(value: PyValue, width = 100, indent = ''): string {
  const flat = pyDumps(value, { ensureAscii: false });
  if (indent.length + flat.length <= width || !(Array.isArray(value) || isDict(value))) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${prettyValue(v, width, inner)}`).join(',\n')}\n${indent}]`;
  }
  const keys = dictKeys(value);
  if (keys.length === 0) return '{}';
  const lines = keys.map(
    (k) => `${inner}${pyDumps(k, { ensureAscii: false })}: ${prettyValue(value[k] as PyValue, width, inner)}`,
  );
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/** A tool's observation: JSON laid out for reading, anything else as written. */
export function prettyObservation(text: string, width = 100): string {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return text;
  try {
    return prettyValue(parsePyJson(trimmed), width);
  } catch {
    return text;
  }
}

/** One line, cut to `max` characters with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** A value in a short form for tables: compact JSON cut to `max` characters; `undefined` as "(absent)". */
export function shortValue(value: PyValue | undefined, max = 48): string {
  if (value === undefined) return '(absent)';
  return oneLine(pyDumps(value, { ensureAscii: false }), max);
}
