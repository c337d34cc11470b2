import type {
  Customer,
  CustomerConfig,
  CustomerContext,
  CustomerMemory,
  CustomerReplyOptions,
} from '../core/customer/types.ts';
import { ConflictError, ModelError } from '../core/errors.ts';
import {
  addUsage,
  type ChatMessage,
  type ModelClient,
  type ModelRequest,
  type ModelUsage,
  ZERO_USAGE,
} from '../core/model/types.ts';
import { customerGoal } from './goal.ts';
import { checkMemory, copyMemory, type MemoryMessage } from './memory.ts';
import { oneMessage } from './message-text.ts';
import { type BriefParts, OPENING_LINE_1 } from './prompts/llm-1.ts';
import { regenerationNote1 } from './prompts/regenerate-1.ts';

/** What a strategy produced for one turn. */
export interface Written {
  /** The assistant message kept in the model's view of the conversation (may include a thought). */
  kept: string;
  /** The message the agent receives. */
  said: string;
}

/**
 * What the model-played strategies share: the conversation as the model sees it (the system prompt,
 * the agent's lines as `user`, the customer's as `assistant`), summed usage, and a memory that holds
 * all of it, so a customer restored from it (even a fresh one) continues exactly.
 */
export abstract class ModelCustomer implements Customer {
  readonly config: CustomerConfig;
  protected readonly model: ModelClient;
  private messages: MemoryMessage[] = [];
  private spent: ModelUsage = ZERO_USAGE;
  /** The hidden goal, kept for the calls that judge a draft against it. */
  protected goal = '';
  /** How the reply being written was asked for (a note, a listener for its text); for one reply only. */
  private turn: CustomerReplyOptions = {};

  constructor(config: CustomerConfig, model: ModelClient) {
    this.config = config;
    this.model = model;
  }

  /** The system prompt of this strategy's version. */
  protected abstract brief(parts: BriefParts): string;

  /** Writes the customer's next message; the conversation so far ends with the agent's message. */
  protected abstract write(conversation: readonly ChatMessage[]): Promise<Written>;

  /** Strategy state kept in the memory besides the conversation (JSON values only). */
  protected extraState(): Record<string, unknown> {
    return {};
  }

  protected restoreExtra(_extra: Record<string, unknown>): void {}

  async start(context: CustomerContext): Promise<string> {
    this.goal = customerGoal(context);
    const system = this.brief({
      domain: context.domain,
      goal: this.goal,
      guidelines: context.userGuidelines,
    });
    this.messages = [{ role: 'system', content: system }];
    this.spent = ZERO_USAGE;
    this.restoreExtra({});
    return this.answer(OPENING_LINE_1);
  }

  async reply(agentMessage: string, options: CustomerReplyOptions = {}): Promise<string> {
    if (this.messages.length === 0) {
      throw new ConflictError(`the ${this.config.strategy} customer has not started: call start() first`);
    }
    this.turn = options;
    try {
      return await this.answer(agentMessage);
    } finally {
      this.turn = {};
    }
  }

  memory(): CustomerMemory {
    return copyMemory({
      strategy: this.config.strategy,
      messages: this.messages,
      usage: this.spent,
      extra: { goal: this.goal, ...this.extraState() },
    });
  }

  restore(memory: CustomerMemory): void {
    const copy = checkMemory(memory, this.config.strategy);
    this.messages = copy.messages;
    this.spent = copy.usage;
    const { goal, ...rest } = copy.extra ?? {};
    this.goal = typeof goal === 'string' ? goal : '';
    this.restoreExtra(rest);
  }

  usage(): ModelUsage {
    return this.spent;
  }

  /**
   * The system prompt, as started or restored; while a reply is written again with a note, the note
   * follows it (for that reply only: the memory keeps the prompt without it).
   */
  protected get system(): string {
    const system = this.messages[0]?.content ?? '';
    const note = this.turn.note?.trim();
    return note === undefined || note === '' ? system : `${system}\n\n${regenerationNote1(note)}`;
  }

  /**
   * One model call with the configured temperature and seed; its usage is added to the customer's.
   * `streamed`: the text written is the reply itself, so its pieces go to the reply's listener if any.
   */
  protected async complete(
    request: Pick<ModelRequest, 'system' | 'messages'>,
    streamed = false,
  ): Promise<string> {
    const full: ModelRequest = { ...request };
    if (streamed && this.turn.onText !== undefined) full.onText = this.turn.onText;
    if (this.config.temperature !== undefined) full.temperature = this.config.temperature;
    if (this.config.seed !== undefined) full.seed = this.config.seed;
    const response = await this.model.complete(full);
    this.spent = addUsage(this.spent, response.usage);
    return response.text;
  }

  /** The model's text as one customer message; an empty one is a model failure, never a reply. */
  protected said(text: string, attempts = 1): string {
    const message = oneMessage(text);
    if (message === '') {
      throw new ModelError({
        provider: this.model.provider,
        model: this.model.model,
        kind: 'empty-reply',
        status: null,
        attempts,
        reason: `the ${this.config.strategy} customer's model wrote no message for the customer`,
      });
    }
    return message;
  }

  private async answer(agentMessage: string): Promise<string> {
    const conversation: ChatMessage[] = this.messages
      .slice(1)
      .map((m) => ({ role: m.role === 'assistant' ? 'assistant' : 'user', content: m.content }));
    conversation.push({ role: 'user', content: agentMessage });
    // The conversation is committed only once the message is written, so a failed call leaves the
    // memory as it was (the usage it spent is still counted).
    const written = await this.write(conversation);
    this.messages.push({ role: 'user', content: agentMessage }, { role: 'assistant', content: written.kept });
    return written.said;
  }
}
