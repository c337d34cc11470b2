import type { EndReason, EpisodeScore, Judge } from '../domain/types.ts';
import { type Action, type Domain, RESPOND_ACTION, type Task } from '../domain/types.ts';
import { ConflictError, InputError } from '../errors.ts';
import type { PyDict } from '../python/index.ts';
import { diffStates, type RecordDiff, State, type StateSnapshot } from '../state/index.ts';
import { callTool } from '../tools/dispatch.ts';

export type { EndReason } from '../domain/types.ts';

/** The marker a simulated customer writes to end the conversation. */
export const STOP_MARKER = '###STOP###';

export interface StepResult {
  observation: string;
  done: boolean;
}

/**
 * One step of an episode: the action, what it observed, the data as it was before it (so it can be
 * taken back exactly), and whatever the owner of the episode keeps with it (`meta`: a session keeps the
 * messages the step wrote and the customer's memory before it).
 */
export interface EpisodeTurn<M> {
  readonly action: Action;
  readonly observation: string;
  readonly before: StateSnapshot;
  readonly meta: M;
}

export interface ScoreOptions {
  /** The cap on agent actions, named in the note when the episode ended by reaching it. */
  turnCap?: number;
  /** A judge is configured (tau2: the note then says why the assertions are not judged yet). */
  hasJudge?: boolean;
}

/**
 * One conversation on one task: the agent's actions, their observations, and the episode's own
 * copy-on-write state, in one log of turns that undo and rollback pop. Knows nothing of who plays the
 * agent or the customer: a `respond` action carries the agent's message and the customer's reply is
 * handed in with it. Scored by the domain's flavour.
 */
export class Episode<M = undefined> {
  readonly domain: Domain;
  readonly task: Task;
  readonly state: State;
  private readonly log: EpisodeTurn<M>[] = [];
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

  /** The turns so far, oldest first. */
  get turns(): readonly EpisodeTurn<M>[] {
    return this.log;
  }

  get actions(): Action[] {
    return this.log.map((t) => t.action);
  }

  get observations(): string[] {
    return this.log.map((t) => t.observation);
  }

  /**
   * Applies one action. For a tool call the observation is the tool's output; for `respond` it is the
   * customer's reply (`userReply`), and a reply containing `###STOP###` ends the episode, as does a
   * terminating tool such as `transfer_to_human_agents`. Nothing is kept of a step that throws.
   */
  step(action: Action, userReply?: string, meta?: M): StepResult {
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
    this.log.push({ action, observation, before, meta: meta as M });
    if (end !== undefined) this.ended = end;
    return { observation, done: end !== undefined };
  }

  /** Ends the episode without a terminating action (turn limit reached, or the player gave up). */
  end(reason: Exclude<EndReason, 'user-stop' | 'transfer'>): void {
    if (this.ended === undefined) this.ended = reason;
  }

  /** The reward of the episode as it stands, by the domain's flavour (no model is asked). */
  score(options: ScoreOptions = {}): EpisodeScore {
    return this.domain.flavour.score(this.scoreInput(options));
  }

  /** The reward with `judge` deciding the criteria only a model can (tau2's natural-language assertions). */
  judgedScore(judge: Judge, options: ScoreOptions = {}): Promise<EpisodeScore> {
    return this.domain.flavour.judgedScore(this.scoreInput({ ...options, hasJudge: true }), judge);
  }

  /** What the episode has changed in the data so far, record by record (no replay: the state knows). */
  changes(): RecordDiff[] {
    return diffStates(new State(this.domain.base), this.state);
  }

  /** From the data the episode left to the data the task's ground truth leaves: empty when they agree. */
  differenceFromExpected(): RecordDiff[] {
    return diffStates(this.state, this.domain.flavour.expectedState(this.domain, this.task));
  }

  /** Takes back the last turn: its data changes are undone exactly. Returns the turn, if any. */
  undo(): EpisodeTurn<M> | undefined {
    const turn = this.log.pop();
    if (turn === undefined) return undefined;
    this.state.restore(turn.before);
    this.ended = undefined;
    return turn;
  }

  /** Takes back every turn after the first `count`; returns the turns taken back, oldest first. */
  rollbackTo(count: number): EpisodeTurn<M>[] {
    if (!Number.isInteger(count) || count < 0 || count > this.log.length) {
      throw new InputError(`cannot roll back to step ${count}: the episode has ${this.log.length} steps`);
    }
    const removed = this.log.splice(count);
    if (removed[0] !== undefined) this.state.restore(removed[0].before);
    if (removed.length > 0) this.ended = undefined;
    return removed;
  }

  private scoreInput(options: ScoreOptions) {
    return {
      domain: this.domain,
      task: this.task,
      state: this.state,
      actions: this.actions,
      observations: this.observations,
      end: this.ended,
      turnCap: options.turnCap ?? Number.POSITIVE_INFINITY,
      hasJudge: options.hasJudge ?? false,
    };
  }
}
