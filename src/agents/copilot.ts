import type { Proposal, ProposedAction, TrajectoryMessage } from '../contracts/trajectory.ts';
import { InputError } from '../core/errors.ts';
import type { ModelUsage } from '../core/model/types.ts';
import { checkAction } from './human-agent.ts';
import { type CopilotSeat, contextOf, performAction, type SeatOutcome } from './seat.ts';
import { type Agent, type AgentContext, agentLabel } from './types.ts';

/**
 * The copilot: an agent's proposal that a person decides on. `draft` asks the agent for the next action;
 * the person accepts it, edits it (what they did instead is the final action) or rejects it with a
 * reason; the decision is a `Proposal` record — preference data — and an accepted or edited proposal is
 * performed with author `model` or `model-edited`.
 */

/** A proposal waiting for a person's decision. */
export interface Draft {
  /** The agent that proposed it (`provider:model` for a model). */
  model: string;
  /** What the person asked for, in their words ('' when they did not say). */
  intent: string;
  /** The conversation it was proposed on. */
  context: TrajectoryMessage[];
  raw: string;
  proposal: ProposedAction;
  usage: ModelUsage;
  at: string;
}

export type Decision =
  | { decision: 'accepted' }
  | { decision: 'edited'; final: ProposedAction }
  | { decision: 'rejected'; reason: string };

export interface Decided {
  proposal: Proposal;
  /** What to perform, and as whose: null for a rejection. */
  perform: { action: ProposedAction; author: 'model' | 'model-edited' } | null;
}

/** Asks the agent for a proposal on the conversation, with the person's intent if they gave one. */
export async function draft(agent: Agent, context: AgentContext, intent?: string): Promise<Draft> {
  const said = intent?.trim() ?? '';
  const turn = await agent.next(said === '' ? context : { ...context, intent: said });
  return {
    model: agentLabel(agent.config),
    intent: said,
    context: [...context.history],
    raw: turn.raw,
    proposal: turn.action,
    usage: turn.usage,
    at: new Date().toISOString(),
  };
}

/**
 * The record of a decision on a draft. A rejection needs a reason, an edit a final action; an edit that
 * changes nothing is an acceptance. A refused decision is an `InputError` and decides nothing.
 */
export function decide(d: Draft, decision: Decision): Decided {
  const base = {
    model: d.model,
    intent: d.intent,
    context: d.context,
    raw: d.raw,
    proposal: d.proposal,
    at: d.at,
  };
  switch (decision.decision) {
    case 'accepted':
      return {
        proposal: { ...base, decision: 'accepted' },
        perform: { action: d.proposal, author: 'model' },
      };
    case 'edited': {
      if (decision.final === undefined)
        throw new InputError('an edited proposal needs the final action: what was done instead');
      const final = checkAction(decision.final);
      if (JSON.stringify(final) === JSON.stringify(d.proposal)) return decide(d, { decision: 'accepted' });
      return {
        proposal: { ...base, decision: 'edited', final },
        perform: { action: final, author: 'model-edited' },
      };
    }
    case 'rejected': {
      const reason = typeof decision.reason === 'string' ? decision.reason.trim() : '';
      if (reason === '')
        throw new InputError('a rejected proposal needs a reason: say what is wrong with it');
      return { proposal: { ...base, decision: 'rejected', reason }, perform: null };
    }
    default:
      throw new InputError(
        'the decision is one of accepted, edited (with the final action), rejected (with a reason)',
      );
  }
}

/**
 * Applies a decision on the seat: the draft's cost is added to the agent's usage, the decided action (if
 * any) is performed, then the proposal is recorded. If the action fails nothing is recorded, so the
 * person can decide again.
 */
export async function applyDecision(
  seat: CopilotSeat,
  d: Draft,
  decision: Decision,
): Promise<Decided & { outcome: SeatOutcome | null }> {
  const decided = decide(d, decision);
  const outcome =
    decided.perform === null
      ? null
      : await performAction(seat, decided.perform.action, decided.perform.author);
  seat.addAgentUsage(d.usage);
  seat.recordProposal(decided.proposal);
  return { ...decided, outcome };
}

/** A draft for the seat's conversation as it stands. */
export function draftFor(seat: CopilotSeat, agent: Agent, intent?: string): Promise<Draft> {
  return draft(agent, contextOf(seat), intent);
}
