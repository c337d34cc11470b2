import { DataError } from '../../errors.ts';
import { dictKeys, isDict, type PyDict, type PyValue } from '../../python/index.ts';
import type { Action, Task } from '../types.ts';

/** Reads fields of one task, naming the task and field in every error. */
export class TaskReader {
  readonly file: string;
  readonly where: string;
  readonly raw: PyDict;

  constructor(file: string, where: string, raw: PyValue) {
    if (!isDict(raw)) throw new DataError(file, `${where} must be an object`);
    this.file = file;
    this.where = where;
    this.raw = raw;
  }

  fail(field: string, problem: string): never {
    throw new DataError(this.file, `${this.where}: field "${field}" ${problem}`);
  }

  string(field: string): string {
    const value = this.raw[field];
    if (typeof value !== 'string') this.fail(field, value === undefined ? 'is missing' : 'must be a string');
    return value;
  }

  optionalString(field: string): string | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(field, 'must be a string');
    return value;
  }

  strings(field: string): string[] {
    const value = this.raw[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      this.fail(field, 'must be a list of strings');
    }
    return value as string[];
  }

  /** A list of `{name, <argsField>}` actions. */
  actions(field: string, argsField: 'kwargs' | 'arguments', list?: PyValue): Action[] {
    const value = list ?? this.raw[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(field, 'must be a list of actions');
    return value.map((item, i) => {
      if (!isDict(item)) this.fail(`${field}[${i}]`, 'must be an object');
      const { name } = item;
      const kwargs = item[argsField] ?? {};
      if (typeof name !== 'string' || name === '') this.fail(`${field}[${i}].name`, 'must be a tool name');
      if (!isDict(kwargs)) this.fail(`${field}[${i}].${argsField}`, 'must be an object');
      return { name, kwargs };
    });
  }
}

/** Checks that task ids are unique within a list. */
export function assertUniqueIds(file: string, tasks: Task[]): void {
  const seen = new Set<string>();
  for (const task of tasks) {
    if (seen.has(task.id)) throw new DataError(file, `task id "${task.id}" appears more than once`);
    seen.add(task.id);
  }
}

/** Records of a table object in their source order. */
export function tableRows(file: string, name: string, table: PyValue): Array<[string, PyValue]> {
  if (!isDict(table)) throw new DataError(file, `table "${name}" must be an object of records keyed by id`);
  return dictKeys(table).map((id) => {
    const record = table[id] as PyValue;
    if (!isDict(record)) throw new DataError(file, `table "${name}": record "${id}" must be an object`);
    return [id, record];
  });
}
