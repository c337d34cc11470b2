import { ConflictError, InputError } from '../core/errors.ts';
import { type AgentSeat, authorOf, contextOf, performAction, type SeatOutcome } from './seat.ts';
import type { Agent, AgentTurn } from './types.ts';

/** tau-bench's default cap on an agent's steps. */
export const DEFAULT_MAX_STEPS = 30;

export interface PlayOptions {
  /** Agent actions before the episode ends as a turn limit (default 30). */
  maxSteps?: number;
  abortSignal?: AbortSignal;
  /** Told after each step, e.g. to print it. */
  onStep?: (step: { index: number; turn: AgentTurn; outcome: SeatOutcome }) => void;
}

export interface PlayResult {
  /** Actions the agent took. */
  steps: number;
  /** `done`: the conversation ended (the customer stopped, a transfer, the seat's own cap); `step-cap`: ours. */
  endedBy: 'done' | 'step-cap';
}

/**
 * Plays one episode with `agent` in the seat: asks it for an action, performs it (author `model` for a
 * model, `replay` or `human` for the others), adds what it cost to the agent's usage, until the
 * conversation ends or `maxSteps` actions were taken — which ends the episode as a turn limit. The seat
 * must have started (the customer's opening is in its history).
 */
export async function playEpisode(
  seat: AgentSeat,
  agent: Agent,
  options: PlayOptions = {},
): Promise<PlayResult> {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 1)
    throw new InputError(`maxSteps must be a whole number >= 1, got ${maxSteps}`);
  if (seat.history.length === 0)
    throw new ConflictError('the conversation has not started: start the session before playing it');
  const author = authorOf(agent.config.kind);
  for (let steps = 0; ; steps++) {
    if (seat.isDone) return { steps, endedBy: 'done' };
    if (steps >= maxSteps) {
      seat.endTurnLimit(maxSteps);
      return { steps, endedBy: 'step-cap' };
    }
    const context = contextOf(seat);
    const turn = await agent.next(
      options.abortSignal === undefined ? context : { ...context, abortSignal: options.abortSignal },
    );
    seat.addAgentUsage(turn.usage);
    const outcome = await performAction(seat, turn.action, author);
    options.onStep?.({ index: steps, turn, outcome });
  }
}
