import { DataError } from '../core/errors.ts';
import type { PyDict, PyValue } from '../core/python/index.ts';
import { pyDumps } from '../core/python/index.ts';
import {
  type PyModule,
  type PyNode,
  PythonLiteralError,
  parsePythonModule,
  toPyValue,
} from './python-literal.ts';

/** The result of converting one tau-bench task file. */
export interface ConvertedTasks {
  /** The module variable the tasks were read from, e.g. `TASKS_TEST`. */
  variable: string;
  count: number;
  /** `tasks_<split>.json` text, as tau-bench's data is published in JSON (`json.dumps(tasks, indent=1)`). */
  json: string;
}

const TASK_FIELDS = new Set(['annotator', 'user_id', 'instruction', 'actions', 'outputs']);

/**
 * Converts a tau-bench (v1) task file (`tasks_test.py`: a list of `Task(...)` with `Action(...)` calls,
 * or the older list of dicts) into the JSON task list Sigma's tau-bench loader reads: per task
 * `user_id`, `actions` (`{name, kwargs}`), `instruction`, `outputs`; the annotator is dropped. The file
 * is read, never run.
 */
export function convertTauBenchTasks(source: string, file: string): ConvertedTasks {
  const module = parsePythonModule(source, { file, allowedCalls: ['Task', 'Action'] });
  const fail = (node: PyNode, problem: string): never => {
    throw new PythonLiteralError(file, module.position(node), problem);
  };
  const [variable, list] = findTaskList(module, file);
  if (list.kind !== 'list' && list.kind !== 'tuple') fail(list, `${variable} must be a list of tasks`);
  const items = (list as { items: PyNode[] }).items;
  const tasks = items.map((item, index) => convertTask(item, index, fail));
  return { variable, count: tasks.length, json: pyDumps(tasks, { indent: 1 }) };
}

/** The assignment holding the tasks: the only one, or the one whose name starts with TASKS. */
function findTaskList(module: PyModule, file: string): [string, PyNode] {
  const lists = [...module.assignments].filter(([, node]) => node.kind === 'list' || node.kind === 'tuple');
  const named = lists.filter(([name]) => /^TASKS/i.test(name) || /^tasks/.test(name));
  const pick = named.length === 1 ? named : lists.length === 1 ? lists : [];
  if (pick.length !== 1) {
    const names = lists.map(([n]) => n).join(', ') || '(none)';
    throw new DataError(file, `expected one list of tasks (TASKS...), found list assignments: ${names}`);
  }
  return pick[0]!;
}

type Fail = (node: PyNode, problem: string) => never;

/** Fields of a `Task(...)` call or a task dict, by name. */
function fields(node: PyNode, what: string, fail: Fail): Map<string, PyNode> {
  if (node.kind === 'call') {
    if (node.args.length > 0)
      fail(node.args[0]!, `${what}: positional arguments are not supported, use keywords`);
    return new Map(node.kwargs);
  }
  if (node.kind === 'dict') return new Map(node.entries);
  return fail(node, `${what} must be Task(...) or a dict`);
}

function convertTask(node: PyNode, index: number, fail: Fail): PyDict {
  const what = `task ${index}`;
  if (node.kind === 'call' && node.callee !== 'Task')
    fail(node, `${what} must be Task(...), not ${node.callee}(...)`);
  const f = fields(node, what, fail);
  for (const [name, value] of f) {
    if (!TASK_FIELDS.has(name)) fail(value, `${what}: unknown field "${name}"`);
  }
  const string = (name: string, required: boolean): string | undefined => {
    const v = f.get(name);
    if (v === undefined) {
      if (required) fail(node, `${what}: field "${name}" is missing`);
      return undefined;
    }
    if (v.kind !== 'value' || typeof v.value !== 'string')
      return fail(v, `${what}: field "${name}" must be a string`);
    return v.value;
  };
  const userId = string('user_id', true)!;
  const instruction = string('instruction', true)!;
  const actionsNode = f.get('actions');
  const actions: PyValue[] = [];
  if (actionsNode !== undefined) {
    if (actionsNode.kind !== 'list' && actionsNode.kind !== 'tuple')
      fail(actionsNode, `${what}: field "actions" must be a list`);
    for (const [i, a] of (actionsNode as { items: PyNode[] }).items.entries())
      actions.push(convertAction(a, `${what} action ${i}`, fail));
  }
  const outputsNode = f.get('outputs');
  let outputs: PyValue = [];
  if (outputsNode !== undefined) {
    outputs = toPyValue(outputsNode, fail);
    if (!Array.isArray(outputs) || !outputs.every((o) => typeof o === 'string'))
      fail(outputsNode, `${what}: field "outputs" must be a list of strings`);
  }
  return { user_id: userId, actions, instruction, outputs };
}

function convertAction(node: PyNode, what: string, fail: Fail): PyDict {
  if (node.kind === 'call' && node.callee !== 'Action')
    fail(node, `${what} must be Action(...), not ${node.callee}(...)`);
  if (node.kind !== 'call' && node.kind !== 'dict') fail(node, `${what} must be Action(...) or a dict`);
  const f = fields(node, what, fail);
  const name = f.get('name');
  if (name === undefined) return fail(node, `${what}: field "name" is missing`);
  if (name.kind !== 'value' || typeof name.value !== 'string')
    return fail(name, `${what}: "name" must be a string`);
  // The older dict format called them "arguments".
  const argsNode = f.get('kwargs') ?? f.get('arguments');
  for (const [key, value] of f) {
    if (!['name', 'kwargs', 'arguments'].includes(key)) fail(value, `${what}: unknown field "${key}"`);
  }
  const kwargs = argsNode === undefined ? {} : toPyValue(argsNode, fail);
  if (kwargs === null || typeof kwargs !== 'object' || Array.isArray(kwargs))
    return fail(argsNode!, `${what}: "kwargs" must be a dict`);
  return { name: name.value, kwargs };
}
