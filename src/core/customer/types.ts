import type { CustomerStrategy } from '../../contracts/customer.ts';
import type { Task } from '../domain/types.ts';
import type { ModelUsage } from '../model/types.ts';

/** How the simulated customer is played: the list is defined once, in `contracts/customer.ts`. */
export type { CustomerStrategy } from '../../contracts/customer.ts';

/** Everything that decides the customer's behaviour, recorded with every episode. */
export interface CustomerConfig {
  strategy: CustomerStrategy;
  /** Model provider and name, for the model-backed strategies. */
  provider?: string;
  model?: string;
  temperature?: number;
  seed?: number;
  /** Version of Sigma's prompt texts for this strategy, e.g. `llm-1`. */
  promptVersion: string;
}

/** What the customer knows when the conversation starts. */
export interface CustomerContext {
  /** Domain name, e.g. `retail`. */
  domain: string;
  task: Task;
  /** The domain's guidelines for simulated customers. */
  userGuidelines: string;
  /** A custom persona text that replaces the task's goal. */
  persona?: string;
  /**
   * Whether the episode's data is now as the task's ground truth leaves it, for a customer that
   * checks its goal before it leaves (the scripted one); absent when the task has no ground-truth
   * actions. Not a view of the data: the customer learns only yes or no.
   */
  goalReached?: () => boolean;
}

/**
 * The simulated customer. It sees only the agent's text, never tool calls or results, and writes one
 * message at a time; `###STOP###` in a message ends the conversation.
 */
export interface Customer {
  readonly config: CustomerConfig;
  /** The opening message. */
  start(context: CustomerContext): Promise<string>;
  /** The reply to the agent's message. */
  reply(agentMessage: string, options?: CustomerReplyOptions): Promise<string>;
  /**
   * Hands over the conversation's context when its start is replayed instead of played (a resumed
   * or rebuilt session): the memory comes from `restore`, and this gives what a memory cannot hold
   * (such as `goalReached`). Optional: a customer whose memory holds everything needs none.
   */
  attach?(context: CustomerContext): void;
  /** The customer's whole memory as JSON-serialisable data, for undo, rollback and resume. */
  memory(): CustomerMemory;
  /** Puts back a memory taken earlier from a customer of the same configuration. */
  restore(memory: CustomerMemory): void;
  /** Model usage summed over the conversation so far. */
  usage(): ModelUsage;
}

/** How one reply is asked for; a customer that cannot do one of these ignores it. */
export interface CustomerReplyOptions {
  /**
   * Called with each piece of the reply as the customer's model writes it (the pieces joined are the
   * reply before it is tidied into one message). Strategies whose written text is not the reply (a
   * thought first, a reviewed draft) do not stream.
   */
  onText?: (delta: string) => void;
  /**
   * A person's note for this one reply, when the customer is asked to answer again ("be less
   * cooperative"): told to a model customer for this call only, never kept in its memory.
   */
  note?: string;
}

/** A customer's memory: the conversation as the customer sees it, plus strategy-specific state. */
export interface CustomerMemory {
  strategy: CustomerStrategy;
  /** The conversation from the customer's side: its own messages are `assistant`, the agent's `user`. */
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  usage: ModelUsage;
  /** Strategy-specific data (e.g. the replay position). */
  extra?: Record<string, unknown>;
}
