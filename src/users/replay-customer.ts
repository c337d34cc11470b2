import { createHash } from 'node:crypto';
import type { Customer, CustomerConfig, CustomerContext, CustomerMemory } from '../core/customer/types.ts';
import { STOP_MARKER } from '../core/episode/episode.ts';
import { ConflictError, InputError } from '../core/errors.ts';
import { type ModelUsage, ZERO_USAGE } from '../core/model/types.ts';
import { checkMemory, copyMemory, type MemoryMessage } from './memory.ts';

/**
 * The `replay` customer: says the customer turns of a recorded conversation in order, whatever the
 * agent writes. After the last turn it ends the conversation with `###STOP###` (unless the last turn
 * already did). No model is involved.
 */
export class ReplayCustomer implements Customer {
  readonly config: CustomerConfig;
  private readonly turns: readonly string[];
  /** Identifies the turns, so a memory is never restored into a replay of another conversation. */
  private readonly fingerprint: string;
  private messages: MemoryMessage[] = [];
  /** How many recorded turns have been said. */
  private position = 0;

  constructor(config: CustomerConfig, turns: readonly string[]) {
    if (turns.length === 0)
      throw new InputError('the replay customer needs at least one recorded customer turn');
    turns.forEach((turn, i) => {
      if (typeof turn !== 'string' || turn.trim() === '') {
        throw new InputError(`recorded customer turn ${i} is empty: every turn must be a message`);
      }
    });
    this.config = config;
    this.turns = Object.freeze([...turns]);
    this.fingerprint = createHash('sha256').update(JSON.stringify(this.turns)).digest('hex').slice(0, 16);
  }

  async start(_context: CustomerContext): Promise<string> {
    this.messages = [];
    this.position = 0;
    return this.next();
  }

  async reply(agentMessage: string): Promise<string> {
    if (this.position === 0)
      throw new ConflictError('the replay customer has not started: call start() first');
    this.messages.push({ role: 'user', content: agentMessage });
    return this.next();
  }

  memory(): CustomerMemory {
    return copyMemory({
      strategy: 'replay',
      messages: this.messages,
      usage: ZERO_USAGE,
      extra: { position: this.position, turns: this.turns.length, fingerprint: this.fingerprint },
    });
  }

  restore(memory: CustomerMemory): void {
    const copy = checkMemory(memory, 'replay');
    const extra = copy.extra ?? {};
    if (extra.fingerprint !== this.fingerprint) {
      throw new InputError(
        'this memory comes from a replay of another conversation: the recorded turns differ',
      );
    }
    const position = extra.position;
    if (
      typeof position !== 'number' ||
      !Number.isInteger(position) ||
      position < 0 ||
      position > this.turns.length + 1
    ) {
      throw new InputError(`the replay memory has an invalid position: ${String(position)}`);
    }
    this.messages = copy.messages;
    this.position = position;
  }

  usage(): ModelUsage {
    return ZERO_USAGE;
  }

  private next(): string {
    const text = this.turns[this.position] ?? STOP_MARKER;
    // Past the end the position stops at turns + 1: every further reply is the stop marker.
    this.position = Math.min(this.position + 1, this.turns.length + 1);
    this.messages.push({ role: 'assistant', content: text });
    return text;
  }
}
