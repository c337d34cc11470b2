import type { PyDict, PyValue } from '../python/index.ts';
import type { BaseData, State } from '../state/index.ts';
import type { ToolDefinition } from '../tools/tool.ts';

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

/**
 * How a domain's tools, state hash and reward behave:
 * - `tau-bench`: exactly as the tau-bench reference (its observations, errors, hash and reward);
 * - `sigma`: Sigma's own domains, with the same tools and hash but strict argument checking.
 */
export type Flavour = 'tau-bench' | 'sigma';

export type Layout = 'tau-bench' | 'tau2' | 'sigma';

export interface DomainSource {
  layout: Layout;
  /** Folder the domain was loaded from. */
  path: string;
}

export interface Domain {
  name: string;
  flavour: Flavour;
  source: DomainSource;
  base: BaseData;
  tools: ReadonlyMap<string, ToolDefinition>;
  policy: string;
  userGuidelines: string;
  /** Tasks by split (`test`, `train`, `dev`, or a source's own split names). */
  tasks: ReadonlyMap<string, readonly Task[]>;
  defaultSplit: string;
  /** The state hash reported in results (tau-bench: SHA-256 of Python `str` of the sorted data). */
  hashState(state: State): string;
}

/** A named set of tools over a known schema of tables, reusable across sources of the same domain. */
export interface ToolKit {
  name: string;
  /** Tables a database must have for these tools. */
  tables: readonly string[];
  tools: readonly ToolDefinition[];
}
