import type { TrajectoryMessage } from '../contracts/trajectory.ts';
import type { CustomerMemory } from '../core/customer/types.ts';
import type { ModelUsage } from '../core/model/types.ts';

/**
 * What a session keeps with each turn of its episode's log, to write the history and to take the turn
 * back: the messages the turn added, and the customer's memory and the agent's usage before it.
 */
export interface TurnMeta {
  /** Messages this turn added to the history (agent message or tool call, then reply or tool result). */
  messages: TrajectoryMessage[];
  /** The customer's memory before this turn. */
  customerBefore: CustomerMemory;
  agentUsageBefore: ModelUsage;
}

/** Messages ids are stable and ordered: `m1`, `m2`, ... */
export class MessageIds {
  private next = 1;

  take(): string {
    return `m${this.next++}`;
  }

  /** Gives back ids taken since `mark()` (a step that failed adds nothing to the history). */
  mark(): number {
    return this.next;
  }

  rewind(mark: number): void {
    this.next = mark;
  }

  /** Continues after ids already used (when resuming a trajectory). */
  skipPast(ids: Iterable<string>): void {
    for (const id of ids) {
      const n = /^m(\d+)$/.exec(id);
      if (n) this.next = Math.max(this.next, Number(n[1]) + 1);
    }
  }
}
