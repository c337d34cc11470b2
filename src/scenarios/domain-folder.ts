import { basename } from 'node:path';
import type { Domain } from '../core/domain/types.ts';
import { InputError } from '../core/errors.ts';
import { dictSet, type PyDict, type PyValue, pyDumps } from '../core/python/index.ts';
import { writeFolderAtomically } from '../domains/shared/write-folder.ts';
import { applyPersona, parsePersona } from '../session/persona-file.ts';

export interface WrittenScenarioDomain {
  dir: string;
  name: string;
  tasks: number;
}

/** The built-in toolkit a domain's tables call for (a Sigma folder names it in `domain.json`). */
function toolkitOf(domain: Domain): string {
  const tables = domain.base.tables;
  if (tables.has('orders') && tables.has('products')) return 'retail';
  if (tables.has('reservations') && tables.has('flights')) return 'airline';
  throw new InputError(`--as-domain writes retail or airline data; the ${domain.name} domain is neither`);
}

/**
 * Writes scenarios as one domain folder in Sigma's layout: the base data plus every scenario's
 * records (`db.json`), one task per scenario (`tasks.json`, split `test`), the policy and guidelines,
 * and `domain.json` naming the toolkit and the folder's name. `--data DIR --env <name>` plays it.
 */
export function writeScenarioDomain(
  dir: string,
  domain: Domain,
  scenarios: readonly PyDict[],
  options: { overwrite?: boolean } = {},
): WrittenScenarioDomain {
  const toolkit = toolkitOf(domain);
  const name = basename(dir.replace(/\/+$/, ''));
  const db: PyDict = {};
  const added = new Map<string, PyDict>();
  for (const [table, data] of domain.base.tables) {
    const rows: PyDict = {};
    for (const id of data.ids) dictSet(rows, id, data.records.get(id) as PyValue);
    dictSet(db, table, rows);
    added.set(table, rows);
  }
  const tasks: PyValue[] = [];
  scenarios.forEach((value, n) => {
    const file = parsePersona(value, `scenario ${n}`);
    // The scenario as it plays: its records fitted to the tables (a customer id not kept as a field).
    const played = applyPersona(domain, file);
    for (const [table, rows] of file.records) {
      for (const [id] of rows)
        dictSet(added.get(table)!, id, played.domain.base.table(table).records.get(id) as PyValue);
    }
    const task: PyDict = {};
    dictSet(task, 'id', `${name}-${n}`);
    dictSet(task, 'split', 'test');
    if (file.userId !== undefined) dictSet(task, 'user_id', file.userId);
    dictSet(task, 'instruction', played.task.instruction);
    dictSet(
      task,
      'actions',
      played.task.actions.map((a) => ({ name: a.name, kwargs: a.kwargs }) as PyDict),
    );
    dictSet(task, 'outputs', [...played.task.outputs]);
    if (file.meta !== undefined) dictSet(task, 'scenario', file.meta);
    tasks.push(task);
  });
  const target = writeFolderAtomically(
    dir,
    {
      'db.json': `${pyDumps(db)}\n`,
      'tasks.json': `${pyDumps(tasks, { indent: 2 })}\n`,
      'policy.md': domain.policy,
      'user_guidelines.md': domain.userGuidelines,
      'domain.json': `${JSON.stringify({ name, toolkit }, null, 2)}\n`,
    },
    { overwrite: options.overwrite === true },
  );
  return { dir: target, name, tasks: tasks.length };
}
