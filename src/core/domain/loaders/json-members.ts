// Finding the members of a JSON object without building them: a loader keeps each record as its
// text and the value model is built when the record is first read (`DeferredRecord`).

import { DataError } from '../../errors.ts';

/** One member of an object: its key and where its value's text starts and ends. */
export interface Member {
  key: string;
  start: number;
  end: number;
}

/**
 * The text is not a well-formed object of members: malformed data, caught by the loader, which then
 * parses the text in full for the exact error (file, line and column).
 */
export class NotMembers extends DataError {
  constructor(problem: string) {
    super('JSON object', problem);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** 1 for the characters `skipValue` looks at inside brackets: `"`, `{`, `}`, `[`, `]` and newline. */
const STRUCTURAL = new Uint8Array(0x7e);
for (const c of '"{}[]\n') STRUCTURAL[c.charCodeAt(0)] = 1;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(text: string, pos: number): number {
  while (isSpace(text.charCodeAt(pos))) pos++;
  return pos;
}

/** The position after the string starting at `pos` (its opening quote). */
function skipString(text: string, pos: number): number {
  let at = pos + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) throw new NotMembers('unterminated string');
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** The position after the value starting at `pos`. Brackets and strings are matched; scalars are not read. */
function skipValue(text: string, pos: number): number {
  const first = text.charCodeAt(pos);
  if (first === QUOTE) return skipString(text, pos);
  if (first === 0x7b || first === 0x5b) {
    const stack: number[] = [first === 0x7b ? 0x7d : 0x5d];
    let at = pos + 1;
    while (at < text.length) {
      const c = text.charCodeAt(at);
      // most characters are none of `"{}[]` or a newline: one table lookup passes them
      if (c > 0x7d || STRUCTURAL[c] === 0) {
        at++;
        continue;
      }
      if (c === 0x0a) {
        // indented text: a line's indentation in one tight loop
        at++;
        while (text.charCodeAt(at) === 0x20) at++;
        continue;
      }
      if (c === QUOTE) {
        at = skipString(text, at);
        continue;
      }
      if (c === 0x7b) stack.push(0x7d);
      else if (c === 0x5b) stack.push(0x5d);
      else if (stack.pop() !== c) throw new NotMembers('mismatched bracket');
      else if (stack.length === 0) return at + 1;
      at++;
    }
    throw new NotMembers('unclosed bracket');
  }
  let at = pos;
  for (;;) {
    const c = text.charCodeAt(at);
    if (Number.isNaN(c) || c === 0x2c || c === 0x7d || c === 0x5d || isSpace(c)) break;
    at++;
  }
  if (at === pos) throw new NotMembers('expected a value');
  return at;
}

function readKey(text: string, pos: number): [string, number] {
  const end = skipString(text, pos);
  const raw = text.slice(pos + 1, end - 1);
  // a key with an escape is decoded by JSON.parse; the common case is the text itself
  return [raw.includes('\\') ? (JSON.parse(text.slice(pos, end)) as string) : raw, end];
}

/**
 * The members of the object whose `{` is at `pos` (after any whitespace), and the position after its
 * `}`. Throws `NotMembers` for text that is not such an object.
 */
export function objectMembers(text: string, pos: number): { members: Member[]; end: number } {
  return scanObject(text, pos, (at) => skipValue(text, at));
}

/** A member of a database: a table, with the members of its value when that is an object. */
export interface TableMember extends Member {
  records: Member[] | undefined;
}

/**
 * The tables of a whole text that is one object of tables, each with its records' places: one pass
 * over the text.
 */
export function databaseMembers(text: string): TableMember[] {
  const records: Array<Member[] | undefined> = [];
  const { members, end } = scanObject(text, 0, (at) => {
    if (text.charCodeAt(at) !== 0x7b) {
      records.push(undefined);
      return skipValue(text, at);
    }
    const inner = objectMembers(text, at);
    records.push(inner.members);
    return inner.end;
  });
  if (skipSpace(text, end) !== text.length) throw new NotMembers('extra data');
  return members.map((member, i) => ({ ...member, records: records[i] }));
}

function scanObject(
  text: string,
  pos: number,
  skip: (at: number) => number,
): { members: Member[]; end: number } {
  let at = skipSpace(text, pos);
  if (text.charCodeAt(at) !== 0x7b) throw new NotMembers('expected an object');
  const members: Member[] = [];
  at = skipSpace(text, at + 1);
  if (text.charCodeAt(at) === 0x7d) return { members, end: at + 1 };
  for (;;) {
    if (text.charCodeAt(at) !== QUOTE) throw new NotMembers('expected a key');
    const [key, afterKey] = readKey(text, at);
    at = skipSpace(text, afterKey);
    if (text.charCodeAt(at) !== 0x3a) throw new NotMembers("expected ':'");
    const start = skipSpace(text, at + 1);
    const end = skip(start);
    members.push({ key, start, end });
    at = skipSpace(text, end);
    const c = text.charCodeAt(at);
    if (c === 0x7d) return { members, end: at + 1 };
    if (c !== 0x2c) throw new NotMembers("expected ',' or '}'");
    at = skipSpace(text, at + 1);
  }
}

/** The members of a whole text that is one object (nothing but whitespace after it). */
export function documentMembers(text: string): Member[] {
  const { members, end } = objectMembers(text, 0);
  if (skipSpace(text, end) !== text.length) throw new NotMembers('extra data');
  return members;
}
