import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataError } from '../../errors.ts';
import { sigmaFlavour } from '../../flavours/sigma/index.ts';
import { isDict } from '../../python/index.ts';
import type { ToolDefinition } from '../../tools/tool.ts';
import { assembleDomain, findToolKit } from '../assemble.ts';
import type { Domain, Task, ToolKit } from '../types.ts';
import { isFile, readJson, readJsonObject, readText } from './files.ts';
import { databaseFile, type TableRows } from './tables.ts';
import { assertUniqueIds, TaskReader } from './tasks.ts';

export const TOOL_MODULES = ['tools.ts', 'tools.mts', 'tools.mjs', 'tools.js'];

/** The optional `domain.json` manifest. */
interface Manifest {
  name?: string;
  /** A built-in toolkit to use instead of a tools module, e.g. "retail". */
  toolkit?: string;
}

function readManifest(dir: string): Manifest {
  if (!isFile(join(dir, 'domain.json'))) return {};
  const path = join(dir, 'domain.json');
  const raw = readJsonObject(dir, 'domain.json');
  const manifest: Manifest = {};
  for (const key of ['name', 'toolkit'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '')
      throw new DataError(path, `field "${key}" must be a non-empty string`);
    manifest[key] = value;
  }
  return manifest;
}

function checkTool(path: string, tool: unknown, index: number): ToolDefinition {
  const t = tool as Partial<ToolDefinition> | null;
  const where = `tool ${index}`;
  if (t === null || typeof t !== 'object') throw new DataError(path, `${where} must be an object`);
  if (typeof t.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.name)) {
    throw new DataError(path, `${where}: "name" must be an identifier`);
  }
  if (typeof t.invoke !== 'function')
    throw new DataError(path, `tool "${t.name}": "invoke" must be a function`);
  if (t.parameters?.type !== 'object')
    throw new DataError(path, `tool "${t.name}": "parameters" must be an object schema`);
  if (t.access !== 'read' && t.access !== 'write') {
    throw new DataError(path, `tool "${t.name}": "access" must be "read" or "write"`);
  }
  return { description: '', ...t } as ToolDefinition;
}

async function loadTools(
  dir: string,
  manifest: Manifest,
  toolkits: readonly ToolKit[],
): Promise<readonly ToolDefinition[]> {
  const module = TOOL_MODULES.find((f) => isFile(join(dir, f)));
  if (module === undefined) {
    if (manifest.toolkit !== undefined)
      return findToolKit(join(dir, 'domain.json'), manifest.toolkit, toolkits).tools;
    throw new DataError(
      dir,
      `no tools: add ${TOOL_MODULES.join(' or ')}, or name a built-in "toolkit" in domain.json`,
    );
  }
  const path = join(dir, module);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new DataError(path, `cannot load the tools module: ${(error as Error).message}`, { cause: error });
  }
  const tools = exports.tools ?? exports.default;
  if (!Array.isArray(tools)) throw new DataError(path, 'must export "tools": a list of tool definitions');
  return tools.map((tool, i) => checkTool(path, tool, i));
}

/**
 * Sigma's own layout, for domains users add: `db.json` (tables), `tasks.json` (a list of tasks with
 * `id`, optional `split`, `user_id`, `instruction`, `actions` with `kwargs`, `outputs`,
 * `user_scenario`), `policy.md`, `user_guidelines.md`, and a tools module exporting `tools`.
 */
export async function loadSigmaFolder(dir: string, toolkits: readonly ToolKit[]): Promise<Domain> {
  const manifest = readManifest(dir);
  const dbPath = join(dir, 'db.json');
  const db = databaseFile(dbPath, readText(dir, 'db.json'));
  const tables = db.names.map((t): [string, TableRows] => [t, db.rows(t)]);
  const tasksPath = join(dir, 'tasks.json');
  const list = readJson(dir, 'tasks.json');
  if (!Array.isArray(list)) throw new DataError(tasksPath, 'expected a list of tasks');
  const tasks = new Map<string, Task[]>();
  const all: Task[] = [];
  list.forEach((raw, index) => {
    const r = new TaskReader(tasksPath, `task ${index}`, raw);
    const split = r.optionalString('split') ?? 'test';
    const userId = r.optionalString('user_id');
    const scenario = r.raw.user_scenario;
    const task: Task = {
      id: r.optionalString('id') ?? `${split}-${(tasks.get(split) ?? []).length}`,
      ...(userId === undefined ? {} : { userId }),
      instruction: r.string('instruction'),
      actions: r.actions('actions', 'kwargs'),
      outputs: r.strings('outputs'),
      ...(scenario === undefined || !isDict(scenario) ? {} : { userScenario: scenario }),
    };
    all.push(task);
    tasks.set(split, [...(tasks.get(split) ?? []), task]);
  });
  assertUniqueIds(tasksPath, all);
  return assembleDomain({
    name: manifest.name ?? basename(dir),
    flavour: sigmaFlavour,
    source: { layout: 'sigma', path: dir },
    tables,
    tools: await loadTools(dir, manifest, toolkits),
    policy: readText(dir, 'policy.md'),
    userGuidelines: readText(dir, 'user_guidelines.md'),
    tasks,
    defaultSplit: 'test',
  });
}
