import { AgentError } from '../../core/errors.ts';
import { decimalLiteral, hasLeadingZeros, INT_MAX_STR_DIGITS } from '../../core/python/index.ts';
/**
 * A parser for the Python expressions the `calculate` tool accepts: text made only of digits,
 * `+ - * / ( ) .` and spaces. The reference hands such text to Python's `eval`; Sigma never evaluates
 * code, so this module reproduces, for exactly that character set, what CPython 3.11 compiles and
 * which SyntaxError text it reports.
 *
 * Besides arithmetic (`+ - * / // **`, unary signs, parentheses, int and float literals), those
 * characters also reach `()` (the empty tuple), `...` (Ellipsis) and calls such as `(2)(3)`,
 * `(2)(*x)` and `(2)(**x)`: they parse, and fail only when run.
 *
 * CPython parses in two passes. The first uses the plain grammar; when it fails, a second pass adds
 * the rules that produce the specific messages ("Perhaps you forgot a comma?", "cannot use starred
 * expression here"). Tokenizer errors (unmatched or unclosed parentheses, leading zeros) win when the
 * parser reaches the token, and any later in the text replace a parser message. This module follows
 * the same order.
 */

/** A Python exception: `type` is its class name, `message` is `str(exception)`. */
export class PythonError extends AgentError {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '**';
export type CallArgument = { kind: 'positional' | 'star' | 'double-star'; value: ExpressionNode };

/** The syntax tree; `height` counts expression nodes on the longest path down, as CPython's compiler does. */
export type ExpressionNode = { height: number } & (
  | { type: 'int'; value: bigint }
  | { type: 'float'; value: number }
  | { type: 'ellipsis' }
  | { type: 'empty-tuple' }
  | { type: 'unary'; operator: '+' | '-'; operand: ExpressionNode }
  | { type: 'binary'; operator: BinaryOperator; left: ExpressionNode; right: ExpressionNode }
  | { type: 'call'; callee: ExpressionNode; argument: CallArgument | null }
);

// CPython limits: tokenizer paren depth, parser stack, digits of an int literal, and compiler
// recursion. The last one depends on the Python stack depth of the caller; this is its value for
// `eval` called a few frames below the top of a script.
const MAX_PAREN_LEVEL = 200;
const MAX_PARSER_LEVEL = 6000;
const MAX_TREE_HEIGHT = 2991;

interface Token {
  kind: 'number' | 'op' | 'end' | 'error';
  text: string;
  /** Parenthesis depth after this token, as CPython records it (`(` counts itself, `)` does not). */
  level: number;
  /** For `error` tokens: `hard` errors also replace a parser message found earlier in the text. */
  hard?: boolean;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let level = 0;
  let i = 0;
  const fail = (text: string, hard: boolean) => tokens.push({ kind: 'error', text, level, hard });
  const digitsFrom = (j: number): number => {
    while (isDigit(source[j])) j++;
    return j;
  };
  for (;;) {
    while (source[i] === ' ') i++;
    const c = source[i];
    if (c === undefined) {
      if (level > 0) fail("'(' was never closed", false);
      else tokens.push({ kind: 'end', text: '', level });
      return tokens;
    }
    let end = i + 1;
    let kind: Token['kind'] = 'op';
    if (isDigit(c)) {
      kind = 'number';
      // Only zeros may follow a leading zero, unless the literal turns out to be a float.
      end = digitsFrom(i);
      if (source[end] === '.') end = digitsFrom(end + 1);
      else if (hasLeadingZeros(source.slice(i, end))) {
        fail(
          'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
          true,
        );
        return tokens;
      }
    } else if (c === '.') {
      if (isDigit(source[i + 1])) {
        kind = 'number';
        end = digitsFrom(i + 1);
      } else if (source.startsWith('...', i)) end = i + 3;
    } else if (c === '(') {
      if (level >= MAX_PAREN_LEVEL) {
        fail('too many nested parentheses', true);
        return tokens;
      }
      level++;
    } else if (c === ')') {
      if (level === 0) {
        fail("unmatched ')'", true);
        return tokens;
      }
      level--;
    } else if ((c === '*' || c === '/') && source[i + 1] === c) end = i + 2;
    tokens.push({ kind, text: source.slice(i, end), level });
    i = end;
  }
}

/** Thrown inside the parser to stop it: the error, and whether it ends compilation at once. */
class Stop {
  readonly error: PythonError;
  readonly final: boolean;
  constructor(error: PythonError, final: boolean) {
    this.error = error;
    this.final = final;
  }
}

const syntaxError = (message: string, line = 1) =>
  new PythonError('SyntaxError', `${message} (<string>, line ${line})`);

type Parsed = ExpressionNode | null;

/**
 * Recursive descent following CPython's PEG grammar for this subset, rule for rule where it matters:
 * which tokens get looked at (a tokenizer error fires only when the parser reaches it), the order of
 * the second pass's checks (the first one that fires wins) and the rule nesting depth (CPython gives
 * up with MemoryError past 6000 nested rule calls). `level` arguments are those depths.
 */
class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  /** Second pass: the rules that produce specific syntax error messages are on. */
  private invalidRules = false;
  private readonly expressionMemo = new Map<number, [Parsed, number]>();
  private readonly sumMemo = new Map<number, [Parsed, number]>();

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  /** `eval: expressions NEWLINE* ENDMARKER`. Returns null when the text does not parse. */
  parse(secondPass: boolean): Parsed {
    this.pos = 0;
    this.invalidRules = secondPass;
    this.expressionMemo.clear();
    this.sumMemo.clear();
    const tree = this.expression(3);
    return tree !== null && this.peek().kind === 'end' ? tree : null;
  }

  private peek(): Token {
    const token = this.tokens[this.pos]!;
    if (token.kind === 'error') throw new Stop(syntaxError(token.text), true);
    return token;
  }

  private isOp(text: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === text;
  }

  private backtrack<T>(start: number, value: T): T {
    this.pos = start;
    return value;
  }

  /** `expression`, memoized by position; in the second pass it first looks for two expressions in a row. */
  private expression(level: number): Parsed {
    const start = this.pos;
    const memo = this.expressionMemo.get(start);
    if (memo !== undefined) {
      this.pos = memo[1];
      return memo[0];
    }
    // the second pass goes through `invalid_expression` first, one rule deeper
    if (this.invalidRules && this.sum(level + 18) !== null) this.missingComma(level);
    this.pos = start;
    const result = this.sum(level + 17);
    this.expressionMemo.set(start, [result, this.pos]);
    return result;
  }

  /** CPython's `invalid_expression`: an expression right after another one, inside parentheses. */
  private missingComma(level: number): void {
    this.invalidRules = false;
    const next = this.sum(level + 19);
    this.invalidRules = true;
    if (next !== null && this.tokens[this.pos - 1]!.level !== 0) {
      throw new Stop(syntaxError('invalid syntax. Perhaps you forgot a comma?'), false);
    }
  }

  /** `sum` with its terms; `level` is the depth of each `factor` rule below it. Memoized by position. */
  private sum(level: number): Parsed {
    const start = this.pos;
    const memo = this.sumMemo.get(start);
    if (memo !== undefined) {
      this.pos = memo[1];
      return memo[0];
    }
    let left = this.term(level);
    while (left !== null && (this.isOp('+') || this.isOp('-'))) {
      const mark = this.pos;
      const operator = this.peek().text as '+' | '-';
      this.pos++;
      const right = this.term(level);
      if (right === null) {
        this.pos = mark;
        break;
      }
      left = binary(operator, left, right);
    }
    this.sumMemo.set(start, [left, this.pos]);
    return left;
  }

  private term(level: number): Parsed {
    let left = this.factor(level);
    while (left !== null && (this.isOp('*') || this.isOp('/') || this.isOp('//'))) {
      const mark = this.pos;
      const operator = this.peek().text as '*' | '/' | '//';
      this.pos++;
      const right = this.factor(level);
      if (right === null) {
        this.pos = mark;
        break;
      }
      left = binary(operator, left, right);
    }
    return left;
  }

  /**
   * `factor` and `power` together, read in a loop rather than by recursion (a chain can be thousands
   * long): `-2 ** -3 ** 2` is `-(2 ** (-(3 ** 2)))`, right-associative, binding tighter than a
   * unary sign on its left.
   */
  private factor(level: number): Parsed {
    const links: { signs: ('+' | '-')[]; base: ExpressionNode }[] = [];
    let failedAt = this.pos;
    for (;;) {
      const signs: ('+' | '-')[] = [];
      while (this.isOp('+') || this.isOp('-')) {
        signs.push(this.peek().text as '+' | '-');
        this.pos++;
      }
      const base = this.primary(level + signs.length + 3);
      if (base === null) break;
      links.push({ signs, base });
      failedAt = this.pos;
      if (!this.isOp('**')) break;
      this.pos++;
      level += signs.length + 2;
    }
    this.pos = failedAt;
    let tree: Parsed = null;
    for (let i = links.length - 1; i >= 0; i--) {
      const { signs, base } = links[i]!;
      tree = tree === null ? base : binary('**', base, tree);
      for (let j = signs.length - 1; j >= 0; j--)
        tree = node({ type: 'unary', operator: signs[j]!, operand: tree }, tree);
    }
    return tree;
  }

  /** An atom followed by calls: `primary '(' [arguments] ')'`. */
  private primary(level: number): Parsed {
    let tree = this.atom(level + 2);
    while (tree !== null) {
      if (this.isOp('.')) {
        // `primary '.' NAME` never matches here, but CPython reads the token after the dot
        this.pos++;
        this.peek();
        this.pos--;
        break;
      }
      const call = this.isOp('(') ? this.call(tree, level) : null;
      if (call === null) break;
      tree = call;
    }
    return tree;
  }

  private call(callee: ExpressionNode, level: number): Parsed {
    const start = this.pos;
    this.pos++;
    const content = this.pos;
    // CPython first tries a generator expression, which parses the content as an expression.
    this.expression(level + 4);
    this.pos = content;
    let argument: CallArgument | null = null;
    if (this.isOp('*') || this.isOp('**')) {
      const kind = this.peek().text === '*' ? 'star' : 'double-star';
      this.pos++;
      const value = this.expression(level + 7);
      if (value === null) return this.backtrack(start, null);
      argument = { kind, value };
    } else {
      const value = this.expression(level + 4);
      if (value !== null) argument = { kind: 'positional', value };
      else this.pos = content;
    }
    if (!this.isOp(')')) return this.backtrack(start, null);
    this.pos++;
    const height = Math.max(callee.height, argument === null ? 0 : argumentHeight(argument)) + 1;
    return { type: 'call', callee, argument, height };
  }

  private atom(level: number): Parsed {
    if (level > MAX_PARSER_LEVEL) throw new Stop(new PythonError('MemoryError', ''), true);
    const token = this.peek();
    if (token.kind === 'number') {
      this.pos++;
      return numberLiteral(token.text);
    }
    if (token.kind !== 'op') return null;
    if (token.text === '...') {
      this.pos++;
      return { type: 'ellipsis', height: 1 };
    }
    return token.text === '(' ? this.parenthesized(level) : null;
  }

  /** `(` starts a tuple, a group or a generator expression, tried in that order. */
  private parenthesized(level: number): Parsed {
    const start = this.pos;
    this.pos++;
    const content = this.pos;
    // tuple: '(' [star_named_expression ',' ...] ')' -- never a comma here, so only `()` succeeds
    if (this.isOp('*')) {
      this.pos++;
      this.sum(level + 17);
      this.pos = content;
      this.expression(level + 4);
    } else {
      // named_expression -> expression; the second pass tries `invalid_named_expression` in between
      this.expression(level + (this.invalidRules ? 7 : 6));
    }
    this.pos = content;
    if (this.isOp(')')) {
      this.pos++;
      return { type: 'empty-tuple', height: 1 };
    }
    // group: '(' named_expression ')'
    const inner = this.expression(level + 4);
    if (inner !== null && this.isOp(')')) {
      this.pos++;
      return inner;
    }
    if (this.invalidRules) this.starredInParentheses(content);
    return this.backtrack(start, null);
  }

  /** CPython's `invalid_group`: `(*x)` and `(**x)`. */
  private starredInParentheses(content: number): void {
    this.pos = content;
    const star = this.isOp('*') ? 'starred' : this.isOp('**') ? 'double starred' : null;
    if (star === null) return;
    this.pos++;
    if (this.expression(0) !== null && this.isOp(')')) {
      throw new Stop(syntaxError(`cannot use ${star} expression here`), false);
    }
  }
}

function node(
  fields: Record<string, unknown> & { type: string },
  ...children: ExpressionNode[]
): ExpressionNode {
  return { ...fields, height: Math.max(0, ...children.map((c) => c.height)) + 1 } as ExpressionNode;
}

function binary(operator: BinaryOperator, left: ExpressionNode, right: ExpressionNode): ExpressionNode {
  return node({ type: 'binary', operator, left, right }, left, right);
}

function argumentHeight(argument: CallArgument): number {
  // `*x` is a Starred node around x; `**x` is a keyword, not an expression node
  return argument.value.height + (argument.kind === 'star' ? 1 : 0);
}

function numberLiteral(text: string): ExpressionNode {
  const value = decimalLiteral(text);
  if (typeof value === 'number') return { type: 'float', value, height: 1 };
  if (text.length > INT_MAX_STR_DIGITS && /[1-9]/.test(text)) {
    const message =
      `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${text.length} digits; ` +
      'use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals ' +
      'to avoid decimal conversion limits.';
    throw new Stop(syntaxError(message), false);
  }
  return { type: 'int', value, height: 1 };
}

/**
 * Compiles an expression as Python's `eval` does (leading spaces are dropped first) and returns its
 * syntax tree, or throws the PythonError CPython raises: SyntaxError with its message and location,
 * MemoryError or RecursionError for absurdly nested input.
 */
export function parseExpression(source: string): ExpressionNode {
  const text = source.replace(/^ +/, '');
  const tokens = tokenize(text);
  const parser = new Parser(tokens);
  let error: PythonError | null = null;
  for (const secondPass of [false, true]) {
    try {
      const tree = parser.parse(secondPass);
      if (tree !== null && !secondPass) {
        if (tree.height > MAX_TREE_HEIGHT) {
          throw new PythonError('RecursionError', 'maximum recursion depth exceeded during compilation');
        }
        return tree;
      }
    } catch (stop) {
      if (!(stop instanceof Stop)) throw stop;
      if (stop.final) throw stop.error;
      error = stop.error;
    }
  }
  // A tokenizer error later in the text replaces the parser's message.
  const last = tokens[tokens.length - 1]!;
  if (last.kind === 'error' && last.hard === true) throw syntaxError(last.text);
  throw error ?? syntaxError('invalid syntax', text === '' ? 0 : 1);
}
