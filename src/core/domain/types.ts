import type { PyDict, PyValue } from '../python/index.ts';
import type { BaseData, Db, State } from '../state/index.ts';
import type { ToolDefinition } from '../tools/tool.ts';
import type { Flavour, FlavourName } from './flavour.ts';

/** One step of an agent: a tool call, or `respond` with `{ content }` for a message to the customer. */
export interface Action {
  name: string;
  kwargs: PyDict;
}

export const RESPOND_ACTION = 'respond';

/** A scenario: the customer's hidden goal and the ground truth the conversation is scored against. */
export interface Task {
  /** Stable id: the source's own id (tau2) or `<split>-<index>`. */
  id: string;
  /** The customer's user id, when the source names it. */
  userId?: string;
  /** The hidden goal the simulated customer follows. */
  instruction: string;
  /** Ground-truth actions; replaying them on a fresh state gives the expected final state. */
  actions: Action[];
  /** Strings the agent must say to the customer. */
  outputs: string[];
  /** tau2 only: the structured user scenario (persona, reason for call, known and unknown info). */
  userScenario?: PyValue;
  /** tau2 only: the task's evaluation criteria. */
  evaluationCriteria?: PyValue;
}

export type Layout = 'tau-bench' | 'tau2' | 'sigma';

export interface DomainSource {
  layout: Layout;
  /** Folder the domain was loaded from. */
  path: string;
}

export interface Domain {
  name: string;
  /** How its tools, state hash and reward behave: as tau-bench, as tau2, or as Sigma's own domains. */
  flavour: Flavour;
  source: DomainSource;
  base: BaseData;
  tools: ReadonlyMap<string, ToolDefinition>;
  policy: string;
  userGuidelines: string;
  /** Tasks by split (`test`, `train`, `dev`, or a source's own split names). */
  tasks: ReadonlyMap<string, readonly Task[]>;
  defaultSplit: string;
  /** The state hash reported in results: the flavour's (`flavour.hashState`). */
  hashState(state: State): string;
  /**
   * tau2: functions a task's environment assertions may call by name (`func_name`), besides the
   * tools. Each reads the data and returns a value (an assertion expects a boolean).
   */
  envFunctions?: ReadonlyMap<string, EnvFunction>;
}

/** A function of a domain's environment that a tau2 environment assertion calls. */
export type EnvFunction = (db: Db, args: PyDict) => PyValue;

/** A named set of tools over a known schema of tables, reusable across sources of the same domain. */
export interface ToolKit {
  name: string;
  /** The flavour of domain the tools reproduce (`tau-bench` when absent); a loader picks among its own. */
  flavour?: FlavourName;
  /** Tables a database must have for these tools. */
  tables: readonly string[];
  tools: readonly ToolDefinition[];
  /**
   * tau2: validates one record of a table into the data model's full dump (its fields in the model's
   * order, absent optional fields as `null`, ints in float fields as floats, unknown fields dropped).
   * Throws an `Error` naming the field when the record does not fit.
   */
  normaliseRecord?: (table: string, record: Readonly<PyDict>) => PyDict;
  /** tau2: functions environment assertions may call (see `Domain.envFunctions`). */
  envFunctions?: ReadonlyMap<string, EnvFunction>;
}
