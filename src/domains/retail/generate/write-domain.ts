import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../../../core/errors.ts';
import { type PyValue, pyDumps, toJs } from '../../../core/python/index.ts';
import { retailPolicy, retailUserGuidelines } from './content.ts';
import { generateRetailDatabase, type RetailDatabaseOptions } from './database.ts';
import { generateRetailTasks } from './tasks/generate-tasks.ts';
import type { RetailTask } from './tasks/types.ts';

export interface WriteRetailDomainOptions extends RetailDatabaseOptions {
  /** Number of tasks to generate. */
  tasks: number;
}

/**
 * Generates a retail domain and writes it as a Sigma domain folder: `db.json`, `tasks.json`,
 * `policy.md`, `user_guidelines.md` and `domain.json` (naming the built-in retail toolkit). The folder
 * is written next to `dir` under a temporary name and renamed into place, so a failure leaves nothing
 * half-written. `dir` must not exist (an empty folder is replaced).
 */
export function writeRetailDomain(dir: string, options: WriteRetailDomainOptions): void {
  const target = resolve(dir);
  const db = generateRetailDatabase(options);
  const tasks = generateRetailTasks({ seed: options.seed, count: options.tasks, db });
  const temporary = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(dirname(target), { recursive: true });
  mkdirSync(temporary);
  try {
    writeFileSync(join(temporary, 'db.json'), `${pyDumps(db as unknown as PyValue)}\n`);
    writeFileSync(join(temporary, 'tasks.json'), `${JSON.stringify(tasks.map(taskRecord), null, 2)}\n`);
    writeFileSync(join(temporary, 'policy.md'), retailPolicy());
    writeFileSync(join(temporary, 'user_guidelines.md'), retailUserGuidelines());
    writeFileSync(
      join(temporary, 'domain.json'),
      `${JSON.stringify({ name: 'retail', toolkit: 'retail' }, null, 2)}\n`,
    );
    try {
      renameSync(temporary, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTEMPTY') throw new InputError(`${dir} already exists`);
      throw error;
    }
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}

/** A task as Sigma's `tasks.json` holds it (its values are strings and lists: plain JSON is exact). */
function taskRecord(task: RetailTask): unknown {
  return {
    id: task.id,
    split: task.split,
    scenario: task.scenario,
    user_id: task.userId,
    instruction: task.instruction,
    user_scenario: toJs(task.userScenario),
    actions: task.actions.map((action) => ({ name: action.name, kwargs: toJs(action.kwargs) })),
    outputs: task.outputs,
  };
}
