import { type Action, type Domain, RESPOND_ACTION, type Task } from '../domain/types.ts';
import { ConflictError, InputError, SigmaError } from '../errors.ts';
import type { PyDict } from '../python/index.ts';
import { type RewardResult, tauBenchReward } from '../reward/tau-bench.ts';
import {
  type Tau2NlOutcome,
  type Tau2RewardResult,
  tau2MessagesFromActions,
  tau2Reward,
} from '../reward/tau2.ts';
import { State, type StateSnapshot } from '../state/index.ts';
import { callTool } from '../tools/dispatch.ts';

/** The marker a simulated customer writes to end the conversation. */
export const STOP_MARKER = '###STOP###';

export type EndReason = 'user-stop' | 'transfer' | 'turn-limit' | 'abandoned';

export interface StepResult {
  observation: string;
  done: boolean;
  /** Present when this step ended the episode of a tau-bench-scored domain (see `Episode.tau2Reward`). */
  reward?: RewardResult;
}

/** How tau2 names the ways a conversation ends (only the two stops let it be scored). */
const TAU2_TERMINATION: Record<EndReason, string> = {
  'user-stop': 'user-stop',
  transfer: 'user-stop',
  'turn-limit': 'max-steps',
  abandoned: 'abandoned',
};

interface Turn {
  action: Action;
  observation: string;
  before: StateSnapshot;
}

/**
 * One conversation on one task: the agent's actions, their observations, and the episode's own
 * copy-on-write state. Knows nothing of who plays the agent or the customer: a `respond` action carries
 * the agent's message and the customer's reply is handed in with it.
 */
export class Episode {
  readonly domain: Domain;
  readonly task: Task;
  readonly state: State;
  private readonly turns: Turn[] = [];
  private ended: EndReason | undefined;

  constructor(domain: Domain, task: Task) {
    this.domain = domain;
    this.task = task;
    this.state = new State(domain.base);
  }

  get done(): boolean {
    return this.ended !== undefined;
  }

  get endReason(): EndReason | undefined {
    return this.ended;
  }

  get actions(): Action[] {
    return this.turns.map((t) => t.action);
  }

  get observations(): string[] {
    return this.turns.map((t) => t.observation);
  }

  /**
   * Applies one action. For a tool call the observation is the tool's output; for `respond` it is the
   * customer's reply (`userReply`), and a reply containing `###STOP###` ends the episode, as does a
   * terminating tool such as `transfer_to_human_agents`.
   */
  step(action: Action, userReply?: string): StepResult {
    if (this.ended !== undefined) throw new ConflictError(`the episode has ended (${this.ended})`);
    const before = this.state.snapshot();
    let observation: string;
    let end: EndReason | undefined;
    if (action.name === RESPOND_ACTION) {
      if (typeof (action.kwargs as PyDict).content !== 'string') {
        throw new InputError('a respond action needs a string "content"');
      }
      if (userReply === undefined) throw new InputError('a respond action needs the customer reply');
      observation = userReply;
      if (userReply.includes(STOP_MARKER)) end = 'user-stop';
    } else {
      const result = callTool(this.domain, this.state, action.name, action.kwargs);
      observation = result.observation;
      if (result.terminates) end = 'transfer';
    }
    this.turns.push({ action, observation, before });
    if (end === undefined) return { observation, done: false };
    this.ended = end;
    if (this.domain.flavour === 'tau2') return { observation, done: true };
    return { observation, done: true, reward: this.reward() };
  }

  /** Ends the episode without a terminating action (turn limit reached, or the player gave up). */
  end(reason: Exclude<EndReason, 'user-stop' | 'transfer'>): void {
    if (this.ended === undefined) this.ended = reason;
  }

  /** The tau-bench reward of the episode as it stands (domains of the tau-bench and Sigma flavours). */
  reward(): RewardResult {
    if (this.domain.flavour === 'tau2') {
      throw new SigmaError(`${this.domain.name} is a tau2 domain: score its episodes with tau2Reward()`);
    }
    return tauBenchReward(this.domain, this.task, this.state, this.actions);
  }

  /**
   * tau2's reward of the episode as it stands, its natural-language assertions decided by `nl` (not
   * judged by default: the reward is then provisional). An episode that has not ended with the
   * customer's stop scores 0 with the reason, as tau2 scores a premature end.
   */
  tau2Reward(
    nl: Tau2NlOutcome = { kind: 'not-judged', reason: 'no judge model configured' },
  ): Tau2RewardResult {
    return tau2Reward(this.domain, this.task, this.state, this.tau2Messages(), {
      termination: this.ended === undefined ? 'not ended' : TAU2_TERMINATION[this.ended],
      nl,
    });
  }

  /** The conversation so far as tau2 messages (tool calls, their results, texts). */
  tau2Messages() {
    return tau2MessagesFromActions(this.actions, this.observations);
  }

  /** Takes back the last action: its data changes are undone exactly. Returns the action, if any. */
  undo(): Action | undefined {
    const turn = this.turns.pop();
    if (turn === undefined) return undefined;
    this.state.restore(turn.before);
    this.ended = undefined;
    return turn.action;
  }

  /** Takes back every action after the first `count`. */
  rollbackTo(count: number): void {
    if (!Number.isInteger(count) || count < 0 || count > this.turns.length) {
      throw new InputError(`cannot roll back to step ${count}: the episode has ${this.turns.length} steps`);
    }
    const first = this.turns[count];
    if (first === undefined) return;
    this.state.restore(first.before);
    this.turns.length = count;
    this.ended = undefined;
  }
}
