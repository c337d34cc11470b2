import { type PyValue, pyDumps, toJs } from '../../../core/python/index.ts';
import { writeFolderAtomically } from '../../shared/write-folder.ts';
import { retailPolicy, retailUserGuidelines } from './content.ts';
import { generateRetailDatabase, type RetailDatabaseOptions } from './database.ts';
import { generateRetailTasks } from './tasks/generate-tasks.ts';
import type { RetailTask } from './tasks/types.ts';

export interface WriteRetailDomainOptions extends RetailDatabaseOptions {
  /** Number of tasks to generate (default 200). */
  tasks?: number;
  /** Replace `dir` when it exists and is not empty (default: refuse). */
  overwrite?: boolean;
}

export interface WrittenRetailDomain {
  dir: string;
  tasks: number;
  users: number;
  orders: number;
  products: number;
}

/**
 * Generates a retail domain and writes it as a Sigma domain folder: `db.json`, `tasks.json`,
 * `policy.md`, `user_guidelines.md` and `domain.json` (naming the built-in retail toolkit), all at
 * once (see `writeFolderAtomically`).
 */
export function writeRetailDomain(dir: string, options: WriteRetailDomainOptions): WrittenRetailDomain {
  const db = generateRetailDatabase(options);
  const tasks = generateRetailTasks({ seed: options.seed, count: options.tasks ?? 200, db });
  const target = writeFolderAtomically(
    dir,
    {
      'db.json': `${pyDumps(db as unknown as PyValue)}\n`,
      'tasks.json': `${JSON.stringify(tasks.map(taskRecord), null, 2)}\n`,
      'policy.md': retailPolicy(),
      'user_guidelines.md': retailUserGuidelines(),
      'domain.json': `${JSON.stringify({ name: 'retail', toolkit: 'retail' }, null, 2)}\n`,
    },
    { overwrite: options.overwrite === true },
  );
  return {
    dir: target,
    tasks: tasks.length,
    users: Object.keys(db.users).length,
    orders: Object.keys(db.orders).length,
    products: Object.keys(db.products).length,
  };
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
