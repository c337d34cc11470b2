import type { Customer, CustomerContext, CustomerMemory } from '../core/customer/types.ts';
import type { ModelUsage } from '../core/model/types.ts';

/** A customer turn to replay: what the customer said and its whole memory after saying it. */
export interface RecordedTurn {
  text: string;
  memory: CustomerMemory;
}

/**
 * Wraps the real customer of a session being rebuilt from its events. While recorded turns are queued,
 * `start` and `reply` return what the customer said then and put its memory back as it was after that
 * turn (no model is called); once they are used up, it is the real customer again.
 */
export class ReplayingCustomer implements Customer {
  readonly inner: Customer;
  private readonly queue: RecordedTurn[] = [];
  /**
   * The last memory handed out, while the customer has not changed. A session takes the customer's
   * memory before every action (to undo it); a tool call does not change it, and a deep copy per call
   * would cost more than the call. Handed-out memories are frozen, so sharing one is safe.
   */
  private cached: CustomerMemory | undefined;

  constructor(inner: Customer) {
    this.inner = inner;
  }

  get config() {
    return this.inner.config;
  }

  /** The next `start` or `reply` returns this turn instead of asking the customer. */
  replay(turn: RecordedTurn): void {
    this.queue.push(turn);
  }

  async start(context: CustomerContext): Promise<string> {
    this.cached = undefined;
    const turn = this.queue.shift();
    if (turn === undefined) return this.inner.start(context);
    this.inner.restore(turn.memory);
    return turn.text;
  }

  async reply(agentMessage: string): Promise<string> {
    this.cached = undefined;
    const turn = this.queue.shift();
    if (turn === undefined) return this.inner.reply(agentMessage);
    this.inner.restore(turn.memory);
    return turn.text;
  }

  memory(): CustomerMemory {
    this.cached ??= deepFreeze(this.inner.memory());
    return this.cached;
  }

  restore(memory: CustomerMemory): void {
    this.cached = undefined;
    this.inner.restore(memory);
  }

  usage(): ModelUsage {
    return this.inner.usage();
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
