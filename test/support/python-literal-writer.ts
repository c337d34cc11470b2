import { dictKeys, floatRepr, type PyValue } from '../../src/core/python/index.ts';

/**
 * Writes tau-bench task lists as the Python source tau-bench publishes them in (`tasks_test.py`:
 * `TASKS_TEST = [Task(...), ...]`, formatted the way `black` formats it, 88 columns). Tests build the
 * files a fake GitHub serves with this, from the shared reference data, so no tau-bench file is kept
 * in this repository.
 */

const WIDTH = 88;

/** Python `repr` of a str, with black's preference for double quotes. */
export function pyStr(s: string): string {
  const doubles = [...s].filter((c) => c === '"').length;
  const singles = [...s].filter((c) => c === "'").length;
  const quote = doubles > singles ? "'" : '"';
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}

/** A Python expression tree: literals, and calls with keyword arguments. */
export type PyExpr = PyValue | { call: string; kwargs: Array<[string, PyExpr]> };

function isCall(e: PyExpr): e is { call: string; kwargs: Array<[string, PyExpr]> } {
  return typeof e === 'object' && e !== null && !Array.isArray(e) && 'call' in e && Array.isArray(e.kwargs);
}

interface Bracketed {
  open: string;
  close: string;
  parts: Array<{ prefix: string; expr: PyExpr }>;
  /** Literal lists and dicts always put each of several items on its own line; calls may not. */
  atom: boolean;
}

function bracketed(e: PyExpr): Bracketed | null {
  if (isCall(e)) {
    return {
      open: `${e.call}(`,
      close: ')',
      parts: e.kwargs.map(([k, v]) => ({ prefix: `${k}=`, expr: v })),
      atom: false,
    };
  }
  if (Array.isArray(e))
    return { open: '[', close: ']', parts: e.map((v) => ({ prefix: '', expr: v })), atom: true };
  if (typeof e === 'object' && e !== null) {
    const keys = dictKeys(e as Record<string, PyValue>);
    return {
      open: '{',
      close: '}',
      parts: keys.map((k) => ({ prefix: `${pyStr(k)}: `, expr: (e as Record<string, PyExpr>)[k]! })),
      atom: true,
    };
  }
  return null;
}

/** The expression on one line. */
export function inline(e: PyExpr): string {
  if (e === null) return 'None';
  if (typeof e === 'boolean') return e ? 'True' : 'False';
  if (typeof e === 'bigint') return e.toString();
  if (typeof e === 'number') return floatRepr(e);
  if (typeof e === 'string') return pyStr(e);
  const b = bracketed(e)!;
  return `${b.open}${b.parts.map((p) => p.prefix + inline(p.expr)).join(', ')}${b.close}`;
}

/** Lines of `prefix + e + trailing` at `indent`, split as black splits them. */
function lines(prefix: string, e: PyExpr, trailing: string, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const one = `${pad}${prefix}${inline(e)}${trailing}`;
  const b = bracketed(e);
  if (one.length <= WIDTH || b === null || b.parts.length === 0) return [one];
  const head = `${pad}${prefix}${b.open}`;
  const tail = `${pad}${b.close}${trailing}`;
  if (b.parts.length === 1) {
    const only = b.parts[0]!;
    return [head, ...lines(only.prefix, only.expr, '', indent + 4), tail];
  }
  const body = `${' '.repeat(indent + 4)}${b.parts.map((p) => p.prefix + inline(p.expr)).join(', ')}`;
  if (!b.atom && body.length <= WIDTH) return [head, body, tail];
  return [head, ...b.parts.flatMap((p) => lines(p.prefix, p.expr, ',', indent + 4)), tail];
}

export interface WriterTask {
  user_id: string;
  instruction: string;
  actions: Array<{ name: string; kwargs: PyValue }>;
  outputs: string[];
  annotator?: string;
}

/** A tau-bench task module: `from tau_bench.types import ...` then `<variable> = [Task(...), ...]`. */
export function writeTauBenchTaskModule(variable: string, tasks: readonly WriterTask[]): string {
  const exprs: PyExpr[] = tasks.map((t) => ({
    call: 'Task',
    kwargs: [
      ['annotator', t.annotator ?? '0'],
      ['user_id', t.user_id],
      ['instruction', t.instruction],
      [
        'actions',
        t.actions.map(
          (a): PyExpr => ({
            call: 'Action',
            kwargs: [
              ['name', a.name],
              ['kwargs', a.kwargs],
            ],
          }),
        ),
      ],
      ['outputs', t.outputs],
    ],
  }));
  const body = exprs.flatMap((e) => lines('', e, ',', 4));
  return ['from tau_bench.types import Action, Task', '', `${variable} = [`, ...body, ']', ''].join('\n');
}
