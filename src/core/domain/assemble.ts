import { DataError } from '../errors.ts';
import type { PyValue } from '../python/index.ts';
import { BaseData, type DeferredRecord } from '../state/index.ts';
import type { ToolDefinition } from '../tools/tool.ts';
import {
  type Domain,
  type DomainSource,
  type EnvFunction,
  type Flavour,
  type FlavourName,
  RESPOND_ACTION,
  type Task,
  type ToolKit,
} from './types.ts';

export interface DomainParts {
  name: string;
  flavour: Flavour;
  source: DomainSource;
  tables: Array<[string, Array<[string, PyValue | DeferredRecord]>]>;
  tools: readonly ToolDefinition[];
  policy: string;
  userGuidelines: string;
  tasks: Map<string, Task[]>;
  defaultSplit: string;
  /** tau2: functions environment assertions may call. */
  envFunctions?: ReadonlyMap<string, EnvFunction>;
}

/**
 * Picks the toolkit of a flavour (`tau-bench` by default) whose tables a database has; the error lists
 * what each toolkit of that flavour needs.
 */
export function pickToolKit(
  where: string,
  tables: readonly string[],
  toolkits: readonly ToolKit[],
  flavour: FlavourName = 'tau-bench',
): ToolKit {
  const have = new Set(tables);
  const candidates = toolkits.filter((k) => (k.flavour ?? 'tau-bench') === flavour);
  const kit = candidates.find((k) => k.tables.every((t) => have.has(t)) && k.tables.length === have.size);
  if (kit !== undefined) return kit;
  const known = candidates.map((k) => `${k.name} (${k.tables.join(', ')})`).join('; ') || '(none)';
  throw new DataError(
    where,
    `no built-in tools fit the tables ${[...have].sort().join(', ') || '(none)'}; known: ${known}`,
  );
}

export function findToolKit(where: string, name: string, toolkits: readonly ToolKit[]): ToolKit {
  const kit = toolkits.find((k) => k.name === name);
  if (kit === undefined) {
    throw new DataError(where, `unknown toolkit "${name}"; known: ${toolkits.map((k) => k.name).join(', ')}`);
  }
  return kit;
}

/** Builds a domain from its parts, checking that tasks only use the domain's tools. */
export function assembleDomain(parts: DomainParts): Domain {
  const tools = new Map<string, ToolDefinition>();
  for (const tool of parts.tools) {
    if (tools.has(tool.name)) throw new DataError(parts.source.path, `tool "${tool.name}" is defined twice`);
    tools.set(tool.name, tool);
  }
  for (const [split, tasks] of parts.tasks) {
    for (const task of tasks) {
      for (const action of task.actions) {
        if (action.name !== RESPOND_ACTION && !tools.has(action.name)) {
          throw new DataError(
            parts.source.path,
            `task "${task.id}" (split ${split}) uses the unknown tool "${action.name}"`,
          );
        }
      }
    }
  }
  if (!parts.tasks.has(parts.defaultSplit)) {
    const first = parts.tasks.keys().next();
    parts.defaultSplit = first.done ? parts.defaultSplit : first.value;
  }
  return {
    name: parts.name,
    flavour: parts.flavour,
    source: parts.source,
    base: BaseData.fromTables(parts.tables),
    tools,
    policy: parts.policy,
    userGuidelines: parts.userGuidelines,
    tasks: parts.tasks,
    defaultSplit: parts.defaultSplit,
    hashState: (state) => parts.flavour.hashState(state),
    ...(parts.envFunctions === undefined ? {} : { envFunctions: parts.envFunctions }),
  };
}
