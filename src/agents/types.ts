import type { ProposedAction, TrajectoryMessage } from '../contracts/trajectory.ts';
import type { ModelUsage } from '../core/model/types.ts';

/** Who plays the agent: a person, a language model, or a recorded conversation. */
export type AgentKind = 'human' | 'llm' | 'replay';

/** Everything that decides the agent's behaviour, as `CustomerConfig` does for the customer. */
export interface AgentConfig {
  kind: AgentKind;
  /** Model provider and name, for the `llm` agent. */
  provider?: string;
  model?: string;
  temperature?: number;
  seed?: number;
  /** Version of the agent's prompt texts or rules, e.g. `llm-agent-1`. */
  promptVersion: string;
}

/** A tool the agent may call, as the domain describes it. */
export interface AgentTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

/** What the agent knows when it chooses its next action. */
export interface AgentContext {
  /** The conversation so far: the session's history (the policy is not in it). */
  history: readonly TrajectoryMessage[];
  tools: readonly AgentTool[];
  policy: string;
  /** A person's words on what to do next, when the agent drafts for them (the copilot). */
  intent?: string;
  abortSignal?: AbortSignal;
}

/** The agent's next action, with its answer as written and what it cost. */
export interface AgentTurn {
  action: ProposedAction;
  /** The answer as the agent gave it (a model's text and calls, a recorded turn, a person's input). */
  raw: string;
  usage: ModelUsage;
}

/**
 * Whoever plays the agent of a customer-service conversation: given the conversation so far, the
 * domain's tools and its policy, the next action — a message to the customer or one tool call.
 */
export interface Agent {
  readonly config: AgentConfig;
  next(context: AgentContext): Promise<AgentTurn>;
}

/** `provider:model` for a model agent, else its kind: how proposals and screens name an agent. */
export function agentLabel(config: AgentConfig): string {
  return config.provider !== undefined && config.model !== undefined
    ? `${config.provider}:${config.model}`
    : config.kind;
}
