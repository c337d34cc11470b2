import type { Customer, CustomerConfig, CustomerContext, CustomerMemory } from '../core/customer/types.ts';
import { ConflictError, InputError } from '../core/errors.ts';
import { type ModelUsage, ZERO_USAGE } from '../core/model/types.ts';
import { customerGoal } from './goal.ts';
import { checkMemory, copyMemory, type MemoryMessage } from './memory.ts';

/**
 * Asks the person playing the customer for their next message. `agentMessage` is null for the opening
 * message; `goal` is the hidden goal they play (the terminal or web page shows it to them).
 */
export type AskHuman = (agentMessage: string | null, goal: string) => Promise<string>;

/** The `human` customer: a person types the customer's messages (to test an agent by hand). */
export class HumanCustomer implements Customer {
  readonly config: CustomerConfig;
  private readonly ask: AskHuman;
  private messages: MemoryMessage[] = [];
  private goal = '';

  constructor(config: CustomerConfig, ask: AskHuman) {
    this.config = config;
    this.ask = ask;
  }

  async start(context: CustomerContext): Promise<string> {
    this.goal = customerGoal(context);
    this.messages = [];
    return this.take(null);
  }

  async reply(agentMessage: string): Promise<string> {
    if (this.messages.length === 0)
      throw new ConflictError('the human customer has not started: call start() first');
    return this.take(agentMessage);
  }

  memory(): CustomerMemory {
    return copyMemory({
      strategy: 'human',
      messages: this.messages,
      usage: ZERO_USAGE,
      extra: { goal: this.goal },
    });
  }

  restore(memory: CustomerMemory): void {
    const copy = checkMemory(memory, 'human');
    this.messages = copy.messages;
    this.goal = typeof copy.extra?.goal === 'string' ? copy.extra.goal : '';
  }

  usage(): ModelUsage {
    return ZERO_USAGE;
  }

  private async take(agentMessage: string | null): Promise<string> {
    const text = await this.ask(agentMessage, this.goal);
    if (typeof text !== 'string' || text.trim() === '') {
      throw new InputError("the customer's message is empty: type a message (or ###STOP### to end)");
    }
    if (agentMessage !== null) this.messages.push({ role: 'user', content: agentMessage });
    this.messages.push({ role: 'assistant', content: text });
    return text;
  }
}
