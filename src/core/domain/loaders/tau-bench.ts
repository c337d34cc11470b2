import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataError } from '../../errors.ts';
import { tauBenchFlavour } from '../../flavours/tau-bench/index.ts';
import { assembleDomain, pickToolKit } from '../assemble.ts';
import type { Domain, Task, ToolKit } from '../types.ts';
import { readJson, readOptionalText, readText } from './files.ts';
import { type TableRows, tableFile } from './tables.ts';
import { TaskReader } from './tasks.ts';

const TASK_FILE = /^tasks_([A-Za-z0-9_-]+)\.json$/;
const NOT_TABLES = new Set(['tool_schemas.json', 'source.json']);

/**
 * The tau-bench (v1) layout: one JSON file per table (`users.json`, `orders.json`, ...), tasks per split
 * in `tasks_<split>.json` (`user_id`, `instruction`, `actions` with `kwargs`, `outputs`) and `policy.md`.
 */
export function loadTauBenchFolder(dir: string, toolkits: readonly ToolKit[], name = basename(dir)): Domain {
  const files = readdirSync(dir).sort();
  const taskFiles = files.filter((f) => TASK_FILE.test(f));
  if (taskFiles.length === 0) throw new DataError(dir, 'no tasks_<split>.json file');
  const tableFiles = files.filter((f) => f.endsWith('.json') && !TASK_FILE.test(f) && !NOT_TABLES.has(f));
  const tableNames = tableFiles.map((f) => f.slice(0, -'.json'.length));
  const kit = pickToolKit(dir, tableNames, toolkits);
  const tables = kit.tables.map((table): [string, TableRows] => {
    const file = `${table}.json`;
    return [table, tableFile(join(dir, file), table, readText(dir, file))];
  });
  const tasks = new Map<string, Task[]>();
  for (const file of taskFiles) {
    const split = TASK_FILE.exec(file)![1]!;
    const list = readJson(dir, file);
    const path = join(dir, file);
    if (!Array.isArray(list)) throw new DataError(path, 'expected a list of tasks');
    tasks.set(
      split,
      list.map((raw, index) => {
        const r = new TaskReader(path, `task ${index}`, raw);
        const userId = r.optionalString('user_id');
        return {
          id: `${split}-${index}`,
          ...(userId === undefined ? {} : { userId }),
          instruction: r.string('instruction'),
          actions: r.actions('actions', 'kwargs'),
          outputs: r.strings('outputs'),
        };
      }),
    );
  }
  return assembleDomain({
    name,
    flavour: tauBenchFlavour,
    source: { layout: 'tau-bench', path: dir },
    tables,
    tools: kit.tools,
    policy: readText(dir, 'policy.md'),
    userGuidelines: readOptionalText(dir, 'user_guidelines.md'),
    tasks,
    defaultSplit: 'test',
  });
}
