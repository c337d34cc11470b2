import type { Author, Proposal, ProposedAction, TrajectoryMessage } from '../contracts/trajectory.ts';
import type { Domain } from '../core/domain/types.ts';
import type { ModelUsage } from '../core/model/types.ts';
import type { AgentContext, AgentKind, AgentTool } from './types.ts';

/** What one action observed: a tool's result or the customer's reply. */
export interface SeatOutcome {
  observation: string;
  done: boolean;
}

/**
 * The agent's seat in a conversation: what an agent needs to see and do. `SimulatorSession` is one;
 * anything with these members will do.
 */
export interface AgentSeat {
  readonly domain: Pick<Domain, 'policy' | 'tools'>;
  readonly history: readonly TrajectoryMessage[];
  readonly isDone: boolean;
  respondToUser(text: string, author: Author): Promise<SeatOutcome>;
  callTool(name: string, args: string, author: Author): SeatOutcome;
  /** Adds what the agent's model calls cost (kept apart from the customer's). */
  addAgentUsage(usage: ModelUsage): void;
  /** Ends the episode at a step cap set outside the seat, scored as a turn limit. */
  endTurnLimit(cap: number): void;
}

/** A seat that also keeps the copilot's proposals and the decisions on them. */
export interface CopilotSeat extends AgentSeat {
  recordProposal(proposal: Proposal): void;
}

/** The domain's tools as an agent is given them. */
export function agentTools(domain: Pick<Domain, 'tools'>): AgentTool[] {
  return [...domain.tools.values()].map((t) => ({
    name: t.name,
    description: t.description,
    parameters: t.parameters as unknown as Record<string, unknown>,
  }));
}

/** What an agent knows at this point of the seat's conversation. */
export function contextOf(seat: Pick<AgentSeat, 'domain' | 'history'>, intent?: string): AgentContext {
  return {
    history: [...seat.history],
    tools: agentTools(seat.domain),
    policy: seat.domain.policy,
    ...(intent === undefined ? {} : { intent }),
  };
}

/** The author of the turns an agent of this kind plays. */
export function authorOf(kind: AgentKind): Author {
  return kind === 'llm' ? 'model' : kind;
}

/** Performs an action on the seat: a message to the customer, or a tool call (arguments as JSON text). */
export async function performAction(
  seat: AgentSeat,
  action: ProposedAction,
  author: Author,
): Promise<SeatOutcome> {
  if (action.type === 'reply') return seat.respondToUser(action.content, author);
  return seat.callTool(action.name, action.arguments, author);
}
