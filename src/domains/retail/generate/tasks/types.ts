import type { Action, Task } from '../../../../core/domain/types.ts';
import type { PyDict } from '../../../../core/python/index.ts';
import type { State } from '../../../../core/state/index.ts';
import type { Random } from '../../../shared/random.ts';

/** A generated retail task: a Sigma task with its split, the scenario that made it, and its customer. */
export interface RetailTask extends Task {
  userId: string;
  split: 'test' | 'train';
  /** The scenario program(s) behind the task, e.g. `cancel` or `return+exchange`. */
  scenario: string;
  userScenario: PyDict;
}

/** One thing the customer wants, as a scenario program wrote it. */
export interface Goal {
  /** The customer the goal is about. */
  userId: string;
  /** What the customer wants, in the second person ("You want to ..."). */
  reason: string;
  /** Facts the customer does not know ("You do not remember the order id."). */
  unknown?: string[];
  /** How the customer reacts to particular turns of the conversation. */
  behaviour?: string[];
  /** Ground-truth tool calls, after the customer has been identified. */
  actions: Action[];
  /** The strings the agent must say, derived from the observations of `actions` (same order). */
  outputs?: (observations: readonly string[]) => string[];
  /** Orders the goal is about (a later goal of the same task picks other ones). */
  orders: string[];
}

/** What a scenario program sees when it picks records. */
export interface ProgramContext {
  random: Random;
  /** The data as it is after the task's earlier goals. */
  state: State;
  /** Set once an earlier goal chose the customer: later goals are about the same one. */
  userId: string | undefined;
  /** Orders earlier goals used. */
  usedOrders: ReadonlySet<string>;
}

/** Picks records and writes one goal, or returns null when the data offers no suitable records. */
export type Program = (ctx: ProgramContext) => Goal | null;
