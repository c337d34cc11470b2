import type { TaskContext } from './context.ts';

/** One goal of a customer, with its ground truth already run on the task's context. */
export interface Goal {
  userId: string;
  /** Why the customer calls, as the customer would put it to themselves ('You want to ...'). */
  reason: string;
  /** Facts the customer knows and may share when asked. */
  known: string[];
  /** Facts the customer does not know. */
  unknown: string[];
  /** How the customer should steer the conversation for this goal. */
  behaviour: string[];
  /** Strings the agent must say to the customer. */
  outputs: string[];
  /** The goal changes data (false: the right answer is a refusal or a transfer). */
  writes: boolean;
  /** What the task tests, for people reading the tasks. */
  purpose: string;
  /** Reservations the goal is about, so that a second goal picks others. */
  reservations: string[];
}

/** Restricts the records a scenario may pick. */
export interface Constraint {
  userId?: string;
  exclude?: ReadonlySet<string>;
}

/**
 * A scenario program: finds records that fit, writes the customer's goal and runs the ground truth
 * on the context. Returns undefined (leaving the context as it was) when nothing in the data fits.
 */
export interface Scenario {
  kind: string;
  build(ctx: TaskContext, constraint: Constraint): Goal | undefined;
}

/** How many users a booking scenario tries before it gives up. */
export const MAX_CANDIDATES = 400;
