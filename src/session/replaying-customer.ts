import type {
  Customer,
  CustomerConfig,
  CustomerContext,
  CustomerMemory,
  CustomerReplyOptions,
} from '../core/customer/types.ts';
import { DataError } from '../core/errors.ts';
import { type ModelUsage, ZERO_USAGE } from '../core/model/types.ts';

/** A customer turn to replay: what the customer said and, when recorded, its whole memory after saying it. */
export interface RecordedTurn {
  text: string;
  memory?: CustomerMemory;
}

/** Stands in for the customer of a recording that has only the customer's words (a result file). */
const RECORDED_ONLY: CustomerConfig = Object.freeze({ strategy: 'replay', promptVersion: 'replay-1' });

/**
 * The customer of a session being replayed from a recording. While recorded turns are queued, `start`
 * and `reply` return what the customer said then and put its memory back as it was after that turn
 * when the recording has it (no model is called); once they are used up, it is the real customer again
 * (`inner`), or, for a recording with no customer behind it, a clear error.
 */
export class ReplayingCustomer implements Customer {
  readonly inner: Customer | undefined;
  private readonly queue: RecordedTurn[] = [];
  private replayed: CustomerMemory | undefined;
  /**
   * The last memory handed out, while the customer has not changed. A session takes the customer's
   * memory before every action (to undo it); a tool call does not change it, and a deep copy per call
   * would cost more than the call. Handed-out memories are frozen, so sharing one is safe.
   */
  private cached: CustomerMemory | undefined;

  constructor(inner?: Customer) {
    this.inner = inner;
  }

  get config(): CustomerConfig {
    return this.inner?.config ?? RECORDED_ONLY;
  }

  /** The next `start` or `reply` returns this turn instead of asking the customer. */
  replay(turn: RecordedTurn): void {
    this.queue.push(turn);
  }

  async start(context: CustomerContext): Promise<string> {
    if (this.queue.length > 0) this.inner?.attach?.(context);
    return this.next(() => this.real().start(context));
  }

  attach(context: CustomerContext): void {
    this.inner?.attach?.(context);
  }

  async reply(agentMessage: string, options?: CustomerReplyOptions): Promise<string> {
    return this.next(() => this.real().reply(agentMessage, options));
  }

  memory(): CustomerMemory {
    this.cached ??= deepFreeze(
      this.inner?.memory() ?? this.replayed ?? { strategy: 'replay', messages: [], usage: { ...ZERO_USAGE } },
    );
    return this.cached;
  }

  restore(memory: CustomerMemory): void {
    this.cached = undefined;
    if (this.inner === undefined) this.replayed = memory;
    else this.inner.restore(memory);
  }

  usage(): ModelUsage {
    return this.inner?.usage() ?? { ...ZERO_USAGE };
  }

  private async next(live: () => Promise<string>): Promise<string> {
    this.cached = undefined;
    const turn = this.queue.shift();
    if (turn === undefined) return live();
    if (turn.memory !== undefined) this.restore(turn.memory);
    return turn.text;
  }

  private real(): Customer {
    if (this.inner === undefined)
      throw new DataError('recording', 'the agent writes again after the last recorded customer turn');
    return this.inner;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
