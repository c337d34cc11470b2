import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.ts';
import { dictKeys, type PyValue, pyDumps } from '../core/python/index.ts';
import {
  type PyNode,
  PythonLiteralError,
  parsePythonLiteral,
  parsePythonModule,
  toPyValue,
} from './python-literal.ts';
import { convertTauBenchTasks } from './tau-bench-tasks.ts';

const noCalls = (node: PyNode, problem: string): never => {
  throw new Error(`${node.kind}: ${problem}`);
};

function value(text: string): PyValue {
  return toPyValue(parsePythonLiteral(text), noCalls);
}

function failure(text: string, allowedCalls: string[] = []): PythonLiteralError {
  try {
    parsePythonModule(text, { file: 'tasks.py', allowedCalls });
  } catch (error) {
    if (error instanceof PythonLiteralError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('parsePythonLiteral', () => {
  it('reads strings with escapes, raw strings and triple quotes', () => {
    expect(value(String.raw`'it\'s a \"test\"\n\t\\ \x41\u00e9\U0001F600 \101 \q'`)).toBe(
      'it\'s a "test"\n\t\\ Aé😀 A \\q',
    );
    expect(value(String.raw`r'C:\new\table'`)).toBe('C:\\new\\table');
    expect(value('"""two\nlines with "quotes" inside"""')).toBe('two\nlines with "quotes" inside');
    expect(value("'''a \\\nb'''")).toBe('a b');
    expect(value('u"unicode prefix"')).toBe('unicode prefix');
  });

  it('joins adjacent strings, also across lines inside brackets', () => {
    expect(value('"one " \'two \' """three"""')).toBe('one two three');
    expect(value('(\n    "first line, "\n    "second line"\n)')).toBe('first line, second line');
    expect(value('["a" "b", "c"]')).toEqual(['ab', 'c']);
  });

  it('keeps ints and floats apart, with signs', () => {
    expect(value('[1, -2, +3, 1.0, -0.5, 1e3, .25, 5., 1_000, 0x1F, 12345678901234567890]')).toEqual([
      1n,
      -2n,
      3n,
      1,
      -0.5,
      1000,
      0.25,
      5,
      1000n,
      31n,
      12345678901234567890n,
    ]);
    const floats = value('[1.0, 2.50]') as PyValue[];
    expect(floats.every((x) => typeof x === 'number')).toBe(true);
    expect(value('[True, False, None]')).toEqual([true, false, null]);
  });

  it('reads nested lists, tuples and dicts with trailing commas, keeping key order', () => {
    const v = value('{"b": [1, (2, 3), ()], "a": {"10": "x", "2": "y",}, "c": (4,),}');
    expect(v).toEqual({ b: [1n, [2n, 3n], []], a: { 10: 'x', 2: 'y' }, c: [4n] });
    expect(dictKeys((v as { a: never }).a)).toEqual(['10', '2']);
    expect(dictKeys(v as never)).toEqual(['b', 'a', 'c']);
  });

  it('reads nested calls to allowed constructors with keyword arguments', () => {
    const module = parsePythonModule(
      [
        'from tau_bench.types import Action, Task  # the types',
        '',
        'TASKS = [',
        '    Task(',
        '        user_id="u1",',
        '        actions=[Action(name="x", kwargs={"n": -1, "f": 2.0},),],',
        '    ),',
        ']',
        '',
      ].join('\n'),
      { allowedCalls: ['Task', 'Action'] },
    );
    expect(module.imports).toEqual([{ module: 'tau_bench.types', names: ['Action', 'Task'] }]);
    const list = module.assignments.get('TASKS')!;
    expect(list.kind).toBe('list');
    const task = (list as { items: PyNode[] }).items[0]!;
    expect(task).toMatchObject({ kind: 'call', callee: 'Task', args: [] });
    expect(module.position(task)).toEqual({ line: 4, column: 5 });
  });
});

describe('refusing what is not a literal', () => {
  const cases: Array<[string, string, string, string[]?]> = [
    [
      'a call to another function',
      'X = [Task(a=1), eval("1")]',
      'line 1, column 17: call to eval() is not allowed: only Task(...)',
      ['Task'],
    ],
    [
      'a call when none is allowed',
      'X = Task(a=1)',
      'line 1, column 5: call to Task() is not allowed: only literals',
    ],
    ['a name', 'X = [1,\n  y]', 'line 2, column 3: name "y" is not a literal'],
    ['attribute access', 'X = os.environ', 'line 1, column 5: attribute access (os.…) is not allowed'],
    [
      'attribute access on a literal',
      'X = "a".join([])',
      'line 1, column 8: attribute access is not allowed',
    ],
    ['a comprehension', 'X = [x for x in range(3)]', 'line 1, column 8: comprehensions are not allowed'],
    ['an operator', 'X = 1 + 2', 'line 1, column 7: operator "+" is not allowed'],
    ['string concatenation with +', 'X = "a" + "b"', 'line 1, column 9: operator "+" is not allowed'],
    ['a subscript', 'X = [1][0]', 'line 1, column 8: subscripts are not allowed'],
    ['an f-string', 'X = f"{1}"', 'line 1, column 5: f-strings are not literals'],
    ['a lambda', 'X = lambda: 1', 'line 1, column 5: "lambda" expressions are not allowed'],
    ['a set', 'X = {1, 2}', 'line 1, column 6: sets are not supported'],
    [
      'a function definition',
      'def f():\n    pass',
      'line 1, column 1: only imports and NAME = <literal> assignments',
    ],
    [
      'a statement after an import',
      'import os\nos.system("ls")',
      'line 2, column 1: only imports and NAME = <literal>',
    ],
    ['an indented block', 'X = 1\n    Y = 2', 'line 2, column 5: unexpected indentation'],
    ['unpacking', 'X = [*Y]', 'line 1, column 6: unpacking is not allowed'],
    ['a complex number', 'X = 1j', 'line 1, column 5: complex numbers are not supported'],
    ['an unterminated string', 'X = "abc\nY = 1', 'line 1, column 5: unterminated string'],
    ['a unary minus on a string', 'X = -"a"', 'line 1, column 5: unary "-" is only allowed before a number'],
  ];
  it.each(cases)('refuses %s, naming line and column', (_what, text, message, calls) => {
    const error = failure(text, calls);
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toContain(`tasks.py: ${message}`);
  });
});

describe('pyDumps with indent', () => {
  it('writes what json.dumps(value, indent=1) writes', () => {
    const v = value('{"a": [], "b": {}, "c": [1, 2.0, "é\\n"], "d": {"e": None, "f": True}}');
    expect(pyDumps(v, { indent: 1 })).toBe(
      '{\n "a": [],\n "b": {},\n "c": [\n  1,\n  2.0,\n  "\\u00e9\\n"\n ],\n "d": {\n  "e": null,\n  "f": true\n }\n}',
    );
  });
});

describe('convertTauBenchTasks', () => {
  it('converts Task/Action files and the older list of dicts to the JSON tasks layout', () => {
    const source = [
      'from tau_bench.types import Action, Task',
      '',
      'TASKS_TEST = [',
      '    Task(',
      '        annotator="0",',
      '        user_id="ann_1",',
      '        instruction="You are Ann. "',
      '        "You want a refund.",',
      '        actions=[',
      '            Action(name="refund", kwargs={"amount": 10.0, "items": ["1", "2"]}),',
      '            Action(name="list_all", kwargs={}),',
      '        ],',
      '        outputs=["10.0"],',
      '    ),',
      ']',
    ].join('\n');
    const converted = convertTauBenchTasks(source, 'tasks_test.py');
    expect(converted.variable).toBe('TASKS_TEST');
    expect(converted.count).toBe(1);
    expect(JSON.parse(converted.json)).toEqual([
      {
        user_id: 'ann_1',
        actions: [
          { name: 'refund', kwargs: { amount: 10, items: ['1', '2'] } },
          { name: 'list_all', kwargs: {} },
        ],
        instruction: 'You are Ann. You want a refund.',
        outputs: ['10.0'],
      },
    ]);
    expect(converted.json).toContain('"amount": 10.0');

    const old =
      'tasks = [{"annotator": 0, "user_id": "u", "actions": [{"name": "n", "arguments": {"a": 1}}], "instruction": "i", "outputs": []}]';
    expect(JSON.parse(convertTauBenchTasks(old, 'tasks.py').json)).toEqual([
      { user_id: 'u', actions: [{ name: 'n', kwargs: { a: 1 } }], instruction: 'i', outputs: [] },
    ]);
  });

  it('names the file, line and column of a malformed task', () => {
    expect(() => convertTauBenchTasks('TASKS = [Task(user_id="u")]', 'tasks_dev.py')).toThrow(
      'tasks_dev.py: line 1, column 10: task 0: field "instruction" is missing',
    );
    expect(() =>
      convertTauBenchTasks('TASKS = [Task(user_id="u", instruction="i", color=1)]', 't.py'),
    ).toThrow('t.py: line 1, column 51: task 0: unknown field "color"');
    expect(() => convertTauBenchTasks('A = [1]\nB = [2]', 't.py')).toThrow(
      't.py: expected one list of tasks (TASKS...), found list assignments: A, B',
    );
  });
});
