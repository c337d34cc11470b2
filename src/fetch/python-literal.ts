import { DataError } from '../core/errors.ts';
import {
  decimalLiteral,
  hasLeadingZeros,
  type PyDict,
  type PyValue,
  setKeyOrder,
} from '../core/python/index.ts';

/**
 * A reader for the restricted Python that tau-bench's task files are written in: imports, and
 * `NAME = <literal>` assignments whose literals are strings (any quoting, escapes, implicit
 * concatenation), ints, floats, `True`/`False`/`None`, lists, tuples, dicts, and calls to a few
 * allowed constructors (`Task(...)`, `Action(...)`) with keyword arguments. It never runs Python:
 * anything else (other calls, names, attribute access, operators, comprehensions) is refused with the
 * line and column where it starts.
 */

/** A position in the source: 1-based line and column. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A literal the reader understood, still with its position (calls are kept as calls). */
export type PyNode =
  | { kind: 'value'; value: null | boolean | bigint | number | string; at: number }
  | { kind: 'list' | 'tuple'; items: PyNode[]; at: number }
  | { kind: 'dict'; entries: Array<[string, PyNode]>; at: number }
  | { kind: 'call'; callee: string; args: PyNode[]; kwargs: Array<[string, PyNode]>; at: number };

export interface PyImport {
  /** `from <module> import ...`, or the module of `import <module>`. */
  module: string;
  names: string[];
}

export interface PyModule {
  imports: PyImport[];
  /** Top-level assignments in source order. */
  assignments: Map<string, PyNode>;
  /** Where a node starts, as line and column. */
  position(node: PyNode): SourcePosition;
}

/** The source is not the restricted literal Python Sigma reads; the message names line and column. */
export class PythonLiteralError extends DataError {
  readonly line: number;
  readonly column: number;
  constructor(file: string, at: SourcePosition, problem: string) {
    super(file, `line ${at.line}, column ${at.column}: ${problem}`);
    this.line = at.line;
    this.column = at.column;
  }
}

type TokenKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'indent' | 'eof';
interface Token {
  kind: TokenKind;
  /** The name, the operator, or the number's text. */
  text: string;
  /** The decoded value of a string or number. */
  value?: string | bigint | number;
  at: number;
}

const NAME_START = /[A-Za-z_\u0080-\uffff]/;
const NAME_PART = /[A-Za-z0-9_\u0080-\uffff]/;
const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
];
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

class Source {
  readonly file: string;
  readonly text: string;
  private lineStarts: number[] | null = null;
  constructor(file: string, text: string) {
    this.file = file;
    this.text = text;
  }

  position(at: number): SourcePosition {
    if (this.lineStarts === null) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text[i] === '\n') this.lineStarts.push(i + 1);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - starts[lo]! + 1 };
  }

  fail(at: number, problem: string): never {
    throw new PythonLiteralError(this.file, this.position(at), problem);
  }
}

function tokenize(src: Source): Token[] {
  const text = src.text;
  const tokens: Token[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let depth = 0;
  let lineStart = true;
  const push = (kind: TokenKind, tokenText: string, at: number, value?: string | bigint | number) => {
    tokens.push(value === undefined ? { kind, text: tokenText, at } : { kind, text: tokenText, at, value });
    lineStart = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') {
      if (depth === 0 && !lineStart) {
        tokens.push({ kind: 'newline', text: '\n', at: i });
      }
      if (depth === 0) lineStart = true;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f') {
      let j = i;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\f')) j++;
      const next = text[j];
      if (
        lineStart &&
        depth === 0 &&
        next !== undefined &&
        next !== '\n' &&
        next !== '\r' &&
        next !== '#' &&
        !(next === '\\' && (text[j + 1] === '\n' || text[j + 1] === '\r'))
      ) {
        tokens.push({ kind: 'indent', text: '', at: j });
      }
      i = j;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (c === '\\') {
      const n = text[i + 1];
      if (n === '\n' || n === '\r') {
        i += n === '\r' && text[i + 2] === '\n' ? 3 : 2;
        continue;
      }
      src.fail(i, 'unexpected character "\\" outside a string');
    }
    if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < text.length && NAME_PART.test(text[j]!)) j++;
      const word = text.slice(i, j);
      if ((text[j] === '"' || text[j] === "'") && /^[rRuUbBfF]{1,2}$/.test(word)) {
        i = readString(src, i, j, word, push);
        continue;
      }
      push('name', word, i);
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      i = readString(src, i, i, '', push);
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      i = readNumber(src, i, push);
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    const op = OPERATORS.find((o) => text.startsWith(o, i)) ?? c;
    if (!/[()[\]{},:;=.+\-*/%@&|^~<>!]/.test(op[0]!)) {
      src.fail(i, `unexpected character ${JSON.stringify(c)}`);
    }
    push('op', op, i);
    i += op.length;
  }
  if (!lineStart) tokens.push({ kind: 'newline', text: '\n', at: text.length });
  tokens.push({ kind: 'eof', text: '', at: text.length });
  return tokens;
}

function readString(
  src: Source,
  start: number,
  quoteAt: number,
  prefix: string,
  push: (kind: TokenKind, text: string, at: number, value?: string) => void,
): number {
  const text = src.text;
  const p = prefix.toLowerCase();
  if (p.includes('b')) src.fail(start, 'bytes literals are not supported (only text strings)');
  if (p.includes('f')) src.fail(start, 'f-strings are not literals: they run code');
  const raw = p.includes('r');
  const q = text[quoteAt]!;
  const triple = text.startsWith(q.repeat(3), quoteAt);
  const close = triple ? q.repeat(3) : q;
  let i = quoteAt + close.length;
  let out = '';
  for (;;) {
    if (i >= text.length) src.fail(start, `unterminated ${triple ? 'triple-quoted ' : ''}string`);
    const c = text[i]!;
    if (text.startsWith(close, i)) {
      i += close.length;
      break;
    }
    if ((c === '\n' || c === '\r') && !triple)
      src.fail(start, 'unterminated string (a newline inside quotes)');
    if (c === '\\') {
      const n = text[i + 1];
      if (n === undefined) src.fail(start, 'unterminated string');
      if (raw) {
        out += c + n;
        i += 2;
        continue;
      }
      if (n === '\n') {
        i += 2;
        continue;
      }
      if (n === '\r') {
        i += text[i + 2] === '\n' ? 3 : 2;
        continue;
      }
      const simple = SIMPLE_ESCAPES[n];
      if (simple !== undefined) {
        out += simple;
        i += 2;
        continue;
      }
      if (/[0-7]/.test(n)) {
        let j = i + 1;
        while (j < i + 4 && /[0-7]/.test(text[j] ?? '')) j++;
        out += String.fromCodePoint(Number.parseInt(text.slice(i + 1, j), 8));
        i = j;
        continue;
      }
      if (n === 'x' || n === 'u' || n === 'U') {
        const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
        const hex = text.slice(i + 2, i + 2 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) {
          src.fail(i, `invalid \\${n} escape: expected ${len} hex digits`);
        }
        const code = Number.parseInt(hex, 16);
        if (code > 0x10ffff) src.fail(i, `invalid \\${n} escape: no such code point`);
        out += String.fromCodePoint(code);
        i += 2 + len;
        continue;
      }
      if (n === 'N') src.fail(i, '\\N{...} escapes are not supported');
      // Python keeps an unknown escape as written (backslash included).
      out += c + n;
      i += 2;
      continue;
    }
    if (c === '\r') {
      // Python reads source with universal newlines.
      out += '\n';
      i += text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    out += c;
    i++;
  }
  push('string', text.slice(start, i), start, out);
  return i;
}

function readNumber(
  src: Source,
  start: number,
  push: (kind: TokenKind, text: string, at: number, value?: bigint | number) => void,
): number {
  const text = src.text;
  const rest = text.slice(start);
  const radix = /^0([xX][0-9a-fA-F_]+|[oO][0-7_]+|[bB][01_]+)/.exec(rest);
  let match: string;
  let value: bigint | number;
  if (radix !== null) {
    match = radix[0];
    value = BigInt(match.replaceAll('_', '').toLowerCase().replace(/^0o/, '0o'));
  } else {
    const dec = /^(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?/.exec(rest);
    if (dec === null) src.fail(start, 'invalid number');
    match = dec[0];
    const plain = match.replaceAll('_', '');
    if (/[._]$|__|_\.|\._/.test(match) && match.includes('_')) src.fail(start, `invalid number ${match}`);
    value = decimalLiteral(plain);
    if (typeof value === 'bigint' && hasLeadingZeros(plain)) {
      src.fail(start, `invalid number ${match}: leading zeros are not allowed in Python`);
    }
  }
  const after = text[start + match.length] ?? '';
  if (after === 'j' || after === 'J') src.fail(start, 'complex numbers are not supported');
  if (NAME_PART.test(after)) src.fail(start, `invalid number ${match}${after}`);
  push('number', match, start, value);
  return start + match.length;
}

const OPERATOR_HINT: Record<string, string> = {
  '.': 'attribute access is not allowed: only literals',
  '[': 'subscripts are not allowed: only literals',
  '(': 'calls are only allowed on the allowed constructors',
  '=': 'assignment is only allowed at the top level, as NAME = <literal>',
  ':=': 'assignment expressions are not allowed',
};

class Parser {
  private i = 0;
  private readonly src: Source;
  private readonly tokens: Token[];
  private readonly allowedCalls: ReadonlySet<string>;
  constructor(src: Source, tokens: Token[], allowedCalls: ReadonlySet<string>) {
    this.src = src;
    this.tokens = tokens;
    this.allowedCalls = allowedCalls;
  }

  private get tok(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private isOp(text: string): boolean {
    return this.tok.kind === 'op' && this.tok.text === text;
  }

  private expectOp(text: string, context: string): Token {
    if (!this.isOp(text)) this.unexpected(`expected "${text}" ${context}`);
    return this.next();
  }

  private describe(t: Token): string {
    switch (t.kind) {
      case 'eof':
        return 'the end of the file';
      case 'newline':
        return 'the end of the line';
      case 'indent':
        return 'an indented line';
      case 'string':
        return 'a string';
      case 'number':
        return `the number ${t.text}`;
      case 'name':
        return `the name "${t.text}"`;
      default:
        return `"${t.text}"`;
    }
  }

  /** Fails at the current token, explaining why it cannot be read. */
  private unexpected(expected: string): never {
    const t = this.tok;
    if (t.kind === 'op' && OPERATOR_HINT[t.text] !== undefined) this.src.fail(t.at, OPERATOR_HINT[t.text]!);
    if (t.kind === 'name' && (t.text === 'for' || t.text === 'async'))
      this.src.fail(t.at, 'comprehensions are not allowed: only literals');
    if (t.kind === 'name' && ['if', 'else', 'and', 'or', 'not', 'in', 'is', 'lambda'].includes(t.text))
      this.src.fail(t.at, `"${t.text}" expressions are not allowed: only literals`);
    if (t.kind === 'op' && /^[+\-*/%@&|^~<>!]/.test(t.text))
      this.src.fail(t.at, `operator "${t.text}" is not allowed: only literals`);
    this.src.fail(t.at, `${expected}, found ${this.describe(t)}`);
  }

  parseModule(): { imports: PyImport[]; assignments: Map<string, PyNode> } {
    const imports: PyImport[] = [];
    const assignments = new Map<string, PyNode>();
    let first = true;
    while (this.tok.kind !== 'eof') {
      const t = this.tok;
      if (t.kind === 'indent') {
        this.src.fail(t.at, 'unexpected indentation: only top-level imports and assignments are allowed');
      }
      if (t.kind === 'name' && t.text === 'from') {
        this.next();
        const module = this.dottedName();
        if (!(this.tok.kind === 'name' && this.tok.text === 'import')) this.unexpected('expected "import"');
        this.next();
        const parens = this.isOp('(');
        if (parens) this.next();
        const names: string[] = [];
        if (this.isOp('*')) this.src.fail(this.tok.at, '"import *" is not allowed');
        for (;;) {
          names.push(this.importedName());
          if (!this.isOp(',')) break;
          this.next();
          if (parens && this.isOp(')')) break;
        }
        if (parens) this.expectOp(')', 'to close the import list');
        imports.push({ module, names });
      } else if (t.kind === 'name' && t.text === 'import') {
        this.next();
        for (;;) {
          const module = this.dottedName();
          if (this.tok.kind === 'name' && this.tok.text === 'as') {
            this.next();
            this.name('a name after "as"');
          }
          imports.push({ module, names: [] });
          if (!this.isOp(',')) break;
          this.next();
        }
      } else if (t.kind === 'string' && first) {
        this.expression(); // the module's docstring
      } else if (
        t.kind === 'name' &&
        this.tokens[this.i + 1]?.kind === 'op' &&
        this.tokens[this.i + 1]!.text === '='
      ) {
        const name = this.next().text;
        if (['True', 'False', 'None'].includes(name)) this.src.fail(t.at, `cannot assign to ${name}`);
        this.next();
        const value = this.expression();
        if (this.isOp('=')) this.src.fail(this.tok.at, 'chained assignments are not allowed');
        assignments.set(name, value);
      } else {
        this.src.fail(
          t.at,
          `only imports and NAME = <literal> assignments are allowed at the top level, found ${this.describe(t)}`,
        );
      }
      if (this.isOp(';')) this.next();
      const end: Token = this.tok;
      if (end.kind !== 'eof') {
        if (end.kind !== 'newline') this.unexpected('expected the end of the statement');
        this.next();
      }
      first = false;
    }
    return { imports, assignments };
  }

  private name(what: string): string {
    if (this.tok.kind !== 'name') this.unexpected(`expected ${what}`);
    return this.next().text;
  }

  private importedName(): string {
    const name = this.name('a name to import');
    if (this.tok.kind === 'name' && this.tok.text === 'as') {
      this.next();
      return this.name('a name after "as"');
    }
    return name;
  }

  private dottedName(): string {
    let name = '';
    while (this.isOp('.')) name += this.next().text; // relative imports
    name += this.name('a module name');
    while (this.isOp('.')) {
      this.next();
      name += `.${this.name('a module name')}`;
    }
    return name;
  }

  expression(): PyNode {
    const t = this.tok;
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.next();
      const operand = this.expression();
      if (
        operand.kind !== 'value' ||
        (typeof operand.value !== 'bigint' && typeof operand.value !== 'number')
      ) {
        this.src.fail(t.at, `unary "${t.text}" is only allowed before a number`);
      }
      const v = operand.value as bigint | number;
      return { kind: 'value', value: t.text === '-' ? -v : v, at: t.at };
    }
    const node = this.atom();
    // Whatever may follow a literal is a delimiter; anything else is code, not a literal.
    const after = this.tok;
    const delimiters = [',', ')', ']', '}', ':', ';'];
    if (
      !(
        after.kind === 'newline' ||
        after.kind === 'eof' ||
        (after.kind === 'op' && delimiters.includes(after.text))
      )
    ) {
      this.unexpected('expected "," or a closing bracket after a literal');
    }
    return node;
  }

  private atom(): PyNode {
    const t = this.tok;
    switch (t.kind) {
      case 'number':
        this.next();
        return { kind: 'value', value: t.value as bigint | number, at: t.at };
      case 'string': {
        let value = '';
        while (this.tok.kind === 'string') value += this.next().value as string;
        return { kind: 'value', value, at: t.at };
      }
      case 'name': {
        this.next();
        if (t.text === 'True') return { kind: 'value', value: true, at: t.at };
        if (t.text === 'False') return { kind: 'value', value: false, at: t.at };
        if (t.text === 'None') return { kind: 'value', value: null, at: t.at };
        if (this.isOp('(')) {
          if (!this.allowedCalls.has(t.text)) {
            const allowed = [...this.allowedCalls].map((n) => `${n}(...)`).join(', ');
            this.src.fail(t.at, `call to ${t.text}() is not allowed: only ${allowed || 'literals'}`);
          }
          return this.call(t);
        }
        if (['for', 'lambda', 'not', 'await', 'yield'].includes(t.text)) {
          this.i--;
          this.unexpected('expected a literal');
        }
        if (this.tok.kind === 'name' && this.tok.text === 'for')
          this.src.fail(this.tok.at, 'comprehensions are not allowed: only literals');
        if (this.isOp('.'))
          this.src.fail(t.at, `attribute access (${t.text}.…) is not allowed: only literals`);
        this.src.fail(t.at, `name "${t.text}" is not a literal`);
        break;
      }
      case 'op':
        if (t.text === '[') return this.sequence('list', ']');
        if (t.text === '(') return this.parens();
        if (t.text === '{') return this.dict();
        if (t.text === '*' || t.text === '**') this.src.fail(t.at, 'unpacking is not allowed: only literals');
        break;
      default:
        break;
    }
    return this.unexpected('expected a literal');
  }

  private sequence(kind: 'list' | 'tuple', close: string, first?: PyNode, at?: number): PyNode {
    const start = at ?? this.next().at;
    const items: PyNode[] = first === undefined ? [] : [first];
    while (!this.isOp(close)) {
      items.push(this.expression());
      if (this.isOp(',')) this.next();
      else if (!this.isOp(close)) this.unexpected(`expected "," or "${close}"`);
    }
    this.next();
    return { kind, items, at: start };
  }

  private parens(): PyNode {
    const open = this.next();
    if (this.isOp(')')) {
      this.next();
      return { kind: 'tuple', items: [], at: open.at };
    }
    const first = this.expression();
    if (this.isOp(')')) {
      this.next();
      return first; // grouping, e.g. a string split over lines
    }
    this.expectOp(',', 'or ")"');
    return this.sequence('tuple', ')', first, open.at);
  }

  private dict(): PyNode {
    const open = this.next();
    const entries: Array<[string, PyNode]> = [];
    const seen = new Map<string, number>();
    while (!this.isOp('}')) {
      if (this.isOp('**')) this.src.fail(this.tok.at, 'unpacking is not allowed: only literals');
      const key = this.expression();
      if (this.isOp(',') || this.isOp('}')) this.src.fail(key.at, 'sets are not supported: only dicts');
      if (key.kind !== 'value' || typeof key.value !== 'string')
        this.src.fail(key.at, 'dict keys must be strings');
      this.expectOp(':', 'after a dict key');
      const value = this.expression();
      const index = seen.get(key.value);
      if (index !== undefined)
        entries[index] = [key.value, value]; // Python keeps the first position
      else {
        seen.set(key.value, entries.length);
        entries.push([key.value, value]);
      }
      if (this.isOp(',')) this.next();
      else if (!this.isOp('}')) this.unexpected('expected "," or "}"');
    }
    this.next();
    return { kind: 'dict', entries, at: open.at };
  }

  private call(callee: Token): PyNode {
    this.next(); // (
    const args: PyNode[] = [];
    const kwargs: Array<[string, PyNode]> = [];
    while (!this.isOp(')')) {
      const t = this.tok;
      if (t.kind === 'op' && (t.text === '*' || t.text === '**'))
        this.src.fail(t.at, 'unpacking is not allowed: only literals');
      const isKeyword =
        t.kind === 'name' && this.tokens[this.i + 1]?.kind === 'op' && this.tokens[this.i + 1]!.text === '=';
      if (isKeyword) {
        this.next();
        this.next();
        if (kwargs.some(([k]) => k === t.text)) this.src.fail(t.at, `keyword argument "${t.text}" repeated`);
        kwargs.push([t.text, this.expression()]);
      } else {
        if (kwargs.length > 0) this.src.fail(t.at, 'a positional argument follows keyword arguments');
        args.push(this.expression());
      }
      if (this.isOp(',')) this.next();
      else if (!this.isOp(')')) this.unexpected('expected "," or ")"');
    }
    this.next();
    return { kind: 'call', callee: callee.text, args, kwargs, at: callee.at };
  }
}

export interface ParseOptions {
  /** Named in errors. */
  file?: string;
  /** Constructors that may be called, e.g. `['Task', 'Action']`. */
  allowedCalls?: readonly string[];
}

/** Reads a module of imports and `NAME = <literal>` assignments. */
export function parsePythonModule(text: string, options: ParseOptions = {}): PyModule {
  const src = new Source(options.file ?? '<python>', text);
  const parser = new Parser(src, tokenize(src), new Set(options.allowedCalls ?? []));
  const { imports, assignments } = parser.parseModule();
  return { imports, assignments, position: (node) => src.position(node.at) };
}

/** Reads one literal expression (no calls unless allowed). */
export function parsePythonLiteral(text: string, options: ParseOptions = {}): PyNode {
  const module = parsePythonModule(`__value__ = ${text}`, options);
  return module.assignments.get('__value__')!;
}

/**
 * The literal as a Sigma value: tuples become lists (as `json.dumps` writes them), dict key order is
 * kept. A call is an error: convert calls before, with the node's own meaning.
 */
export function toPyValue(node: PyNode, fail: (node: PyNode, problem: string) => never): PyValue {
  switch (node.kind) {
    case 'value':
      return node.value;
    case 'list':
    case 'tuple':
      return node.items.map((item) => toPyValue(item, fail));
    case 'dict': {
      const dict: PyDict = {};
      for (const [key, value] of node.entries) {
        Object.defineProperty(dict, key, {
          value: toPyValue(value, fail),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      setKeyOrder(
        dict,
        node.entries.map(([key]) => key),
      );
      return dict;
    }
    case 'call':
      return fail(node, `${node.callee}(...) is not allowed here`);
  }
}
