import { basename, join } from 'node:path';
import { DataError } from '../../errors.ts';
import { readTau2Criteria, tau2Flavour } from '../../flavours/tau2/index.ts';
import { isDict, type PyValue } from '../../python/index.ts';
import { assembleDomain, pickToolKit } from '../assemble.ts';
import type { Domain, Task, ToolKit } from '../types.ts';
import { isFile, readJson, readJsonObject, readOptionalText, readText } from './files.ts';
import { databaseFile, type TableRows } from './tables.ts';
import { assertUniqueIds, TaskReader } from './tasks.ts';

const SCENARIO_FIELDS: Array<[string, string]> = [
  ['reason_for_call', 'Reason for the call'],
  ['known_info', 'What you know'],
  ['unknown_info', 'What you do not know'],
  ['task_instructions', 'How to behave'],
];

/** The customer's goal as one text, from tau2's structured user scenario. */
export function renderUserScenario(scenario: PyValue): string {
  if (typeof scenario === 'string') return scenario;
  if (!isDict(scenario)) return '';
  const parts: string[] = [];
  if (typeof scenario.persona === 'string' && scenario.persona.trim() !== '') {
    parts.push(`Persona: ${scenario.persona.trim()}`);
  }
  const instructions = scenario.instructions;
  if (typeof instructions === 'string') parts.push(instructions.trim());
  else if (isDict(instructions)) {
    for (const [field, label] of SCENARIO_FIELDS) {
      const value = instructions[field];
      if (typeof value === 'string' && value.trim() !== '') parts.push(`${label}: ${value.trim()}`);
    }
  }
  return parts.join('\n');
}

/**
 * The tau2 layout: `db.json` (tables), `tasks.json` (tasks with `user_scenario` and
 * `evaluation_criteria`), optional `split_tasks.json` (split name -> task ids) and `policy.md`.
 * The domain gets the tau2 flavour: a tau2 toolkit (whole data-model records, tau2's texts), every
 * record validated into the toolkit's data model, and tau2's state hash.
 */
export function loadTau2Folder(dir: string, toolkits: readonly ToolKit[], name = basename(dir)): Domain {
  if (!isFile(join(dir, 'db.json'))) {
    throw new DataError(
      join(dir, 'db.json'),
      'file is missing (tau2 layout): a tau2 domain folder needs its database to be played or scored',
    );
  }
  for (const required of ['tasks.json', 'policy.md']) {
    if (!isFile(join(dir, required)))
      throw new DataError(join(dir, required), 'file is missing (tau2 layout)');
  }
  const dbPath = join(dir, 'db.json');
  const db = databaseFile(dbPath, readText(dir, 'db.json'));
  const kit = pickToolKit(dbPath, db.names, toolkits, 'tau2');
  const tables = kit.tables.map((t): [string, TableRows] => [t, db.rows(t, kit.normaliseRecord)]);
  const tasksPath = join(dir, 'tasks.json');
  const list = readJson(dir, 'tasks.json');
  if (!Array.isArray(list)) throw new DataError(tasksPath, 'expected a list of tasks');
  const all: Task[] = list.map((raw, index) => {
    const r = new TaskReader(tasksPath, `task ${index}`, raw);
    const id = r.raw.id;
    if (typeof id !== 'string' && typeof id !== 'bigint') r.fail('id', 'must be a string');
    const scenario = r.raw.user_scenario ?? null;
    if (scenario === null) r.fail('user_scenario', 'is missing');
    const rawCriteria = r.raw.evaluation_criteria ?? null;
    const criteria =
      rawCriteria === null
        ? null
        : readTau2Criteria(tasksPath, `task ${index} (id ${String(id)})`, rawCriteria);
    return {
      id: String(id),
      instruction: renderUserScenario(scenario),
      actions: (criteria?.actions ?? []).map((a) => ({ name: a.name, kwargs: a.arguments })),
      outputs: criteria?.communicateInfo ?? [],
      userScenario: scenario,
      ...(rawCriteria === null ? {} : { evaluationCriteria: rawCriteria }),
    };
  });
  assertUniqueIds(tasksPath, all);
  const tasks = new Map<string, Task[]>([['base', all]]);
  if (isFile(join(dir, 'split_tasks.json'))) {
    const splitsPath = join(dir, 'split_tasks.json');
    const splits = readJsonObject(dir, 'split_tasks.json');
    const byId = new Map(all.map((t) => [t.id, t]));
    for (const split of Object.keys(splits)) {
      const ids = splits[split];
      if (!Array.isArray(ids)) throw new DataError(splitsPath, `split "${split}" must be a list of task ids`);
      tasks.set(
        split,
        ids.map((id) => {
          const task = byId.get(String(id));
          if (task === undefined)
            throw new DataError(splitsPath, `split "${split}" names unknown task "${String(id)}"`);
          return task;
        }),
      );
    }
  }
  return assembleDomain({
    name,
    flavour: tau2Flavour,
    source: { layout: 'tau2', path: dir },
    tables,
    tools: kit.tools,
    policy: readText(dir, 'policy.md'),
    userGuidelines: readOptionalText(dir, 'user_guidelines.md'),
    tasks,
    defaultSplit: 'base',
    ...(kit.envFunctions === undefined ? {} : { envFunctions: kit.envFunctions }),
  });
}
