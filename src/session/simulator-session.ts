import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { MODEL_STRATEGIES } from '../contracts/customer.ts';
import { SESSION_EVENTS, type SessionEvents } from '../contracts/events.ts';
import {
  type Author,
  type Proposal,
  REGENERATE_NOTE_MAX,
  type Regenerated,
  SCENARIO_RECORD_VERSION,
  type TakenBack,
  TRAJECTORY_SCHEMA_VERSION,
  type Trajectory,
  type TrajectoryMessage,
  type TrajectoryReward,
  TrajectorySchema,
} from '../contracts/trajectory.ts';
import type { Customer, CustomerConfig, CustomerMemory } from '../core/customer/types.ts';
import type { EpisodeScore, Judge } from '../core/domain/types.ts';
import { type Action, type Domain, RESPOND_ACTION, type Task } from '../core/domain/types.ts';
import { type EndReason, Episode } from '../core/episode/episode.ts';
import { ConflictError, InputError } from '../core/errors.ts';
import { addUsage, type ModelUsage, ZERO_USAGE } from '../core/model/types.ts';
import {
  fromJs,
  isDict,
  type PyDict,
  type PyValue,
  parsePyJson,
  pyDumps,
  toJs,
} from '../core/python/index.ts';
import type { RecordDiff } from '../core/state/index.ts';
import { isoNow } from './clock.ts';
import { MessageIds, type TurnMeta } from './history.ts';

/** The names of the events a session emits (see `src/contracts/events.ts`). */
export const SIMULATOR_EVENTS = SESSION_EVENTS;

/** The events a session emits, named noun-verb. */
export type SimulatorEvents = SessionEvents;

export interface StepOutcome {
  observation: string;
  done: boolean;
  reward?: number | null;
  rewardInfo?: Record<string, unknown> | null;
}

export interface FinalResult {
  reward: TrajectoryReward;
  endReason: EndReason | null;
  /** The task's ground-truth actions other than messages. */
  expectedActions: Action[];
  /** From the data the agent left to the data the ground truth produces: empty when they agree. */
  stateDiff: RecordDiff[];
  history: TrajectoryMessage[];
  usage: { customer: ModelUsage; agent: ModelUsage };
}

export interface SessionSetup {
  domain: Domain;
  split: string;
  taskIndex: number;
  /** The task to play, when it is not the domain's own (a recorded result's task); else by split and index. */
  task?: Task;
  customer: Customer;
  /** A custom persona replaces the task's goal: there is then no ground truth to score against. */
  persona?: string;
  /** Cap on agent actions (messages and tool calls); reaching it ends the episode. */
  maxTurns?: number;
  /** Decides the criteria only a model can (tau2's natural-language assertions); else they are not judged. */
  judge?: Judge;
  /** The persona file's content the domain was extended with, kept in the trajectory (see `planEpisode`). */
  scenario?: string;
}

export const DEFAULT_MAX_TURNS = 100;

/**
 * Ids and times a replay gives a turn's messages, so a rebuilt session keeps the recorded ones (each
 * absent one is made afresh: the next id, the time now).
 */
export interface RecordedIds {
  agent?: string;
  reply?: string;
  callId?: string;
  /** When the agent's message (or tool call) was made; null: recorded without a time (none is made up). */
  agentAt?: string | null;
  /** When the customer's reply (or the tool's result) was made; null as for `agentAt`. */
  replyAt?: string | null;
}

/** Passed to the customer for one reply: its text as it is written (see `CustomerReplyOptions`). */
export interface RespondOptions {
  /** Called with each piece of the customer's reply as its model writes it (model customers only). */
  onText?: (delta: string) => void;
}

/** A message's `at`: the recorded time, none when it was recorded without one, else now. */
function timeField(recorded: string | null | undefined): { at?: string } {
  if (recorded === null) return {};
  return { at: recorded ?? isoNow() };
}

/**
 * One conversation between an agent (a person, a model, a script) and a simulated customer on a
 * domain task: the library face of Sigma. The episode's log of turns is the one record of what
 * happened: each turn keeps the messages it wrote and the customer's memory before it, so every action
 * can be taken back (`undo`, `rollbackTo`), restoring the data and the customer's memory exactly.
 */
export class SimulatorSession extends EventEmitter<SimulatorEvents> {
  readonly id: string;
  readonly domain: Domain;
  readonly task: Task;
  readonly split: string;
  readonly taskIndex: number;
  readonly persona: string | undefined;
  readonly scenario: string | undefined;
  readonly maxTurns: number;
  private readonly customer: Customer;
  private readonly judge: Judge | undefined;
  private readonly episode: Episode<TurnMeta>;
  private opening: TrajectoryMessage | undefined;
  private historyCache: TrajectoryMessage[] | undefined;
  private readonly ids = new MessageIds();
  private agentUsage: ModelUsage = ZERO_USAGE;
  private startedAt = isoNow();
  private endedAt: string | null = null;
  private finalReward: TrajectoryReward | null = null;
  /** Copilot proposals and their decisions, in order; an undo keeps them (they are preference data). */
  private readonly proposalLog: Proposal[] = [];
  /** Turns taken back by `undo` or `rollbackTo`, with their messages (preference data; see the record). */
  private readonly takenBackLog: TakenBack[] = [];
  /** Customer replies written again (`regenerateReply`), with the replies they replaced. */
  private readonly regeneratedLog: Regenerated[] = [];
  /** The cap named when the episode ended at a turn limit (a runner's step cap, else `maxTurns`). */
  private turnCap: number | undefined;

  constructor(setup: SessionSetup, id: string = randomUUID()) {
    super();
    const task = setup.task ?? pickTask(setup);
    const maxTurns = setup.maxTurns ?? DEFAULT_MAX_TURNS;
    if (!Number.isInteger(maxTurns) || maxTurns < 1)
      throw new InputError(`maxTurns must be a whole number >= 1, got ${maxTurns}`);
    this.id = id;
    this.domain = setup.domain;
    this.split = setup.split;
    this.taskIndex = setup.taskIndex;
    this.task = task;
    this.persona = setup.persona;
    this.scenario = setup.scenario;
    this.maxTurns = maxTurns;
    this.customer = setup.customer;
    this.judge = setup.judge;
    this.episode = new Episode(setup.domain, task);
  }

  get started(): boolean {
    return this.opening !== undefined;
  }

  get isDone(): boolean {
    return this.episode.done;
  }

  get endReason(): EndReason | undefined {
    return this.episode.endReason;
  }

  /** Everything that decides the customer's behaviour (strategy, model, prompt version). */
  get customerConfig(): CustomerConfig {
    return { ...this.customer.config };
  }

  /** Agent actions taken so far (messages and tool calls; undone ones not counted). */
  get turnCount(): number {
    return this.episode.turns.length;
  }

  /** The state hash of the data as this session has left it (the domain flavour's hash). */
  /** Whether the data is now as the task's ground truth leaves it (for a customer that checks its goal). */
  private goalReached(): boolean {
    return this.episode.differenceFromExpected().length === 0;
  }

  stateHash(): string {
    return this.domain.hashState(this.episode.state);
  }

  /** What the episode has changed in the data so far, field by field (nothing is replayed). */
  changes(): RecordDiff[] {
    return this.episode.changes();
  }

  /** The conversation so far: the customer's opening, then each turn's messages. */
  get history(): readonly TrajectoryMessage[] {
    if (this.historyCache === undefined) {
      this.historyCache = this.opening === undefined ? [] : [this.opening];
      for (const turn of this.episode.turns) this.historyCache.push(...turn.meta.messages);
    }
    return this.historyCache;
  }

  /** The customer's opening message (`at`: its recorded time, when replayed). */
  async start(at?: string | null): Promise<string> {
    if (this.started) throw new ConflictError('the session has already started');
    if (this.isDone) throw new ConflictError(`the session has ended (${this.episode.endReason})`);
    const text = await this.customer.start({
      domain: this.domain.name,
      task: this.task,
      userGuidelines: this.domain.userGuidelines,
      ...(this.persona === undefined ? {} : { persona: this.persona }),
      ...(this.task.actions.length === 0 ? {} : { goalReached: () => this.goalReached() }),
    });
    this.opening = { id: this.ids.take(), role: 'user', content: text, ...timeField(at) };
    this.historyCache = undefined;
    this.emit('session-start', { taskId: this.task.id, opening: text });
    this.emit('user-message', this.opening);
    if (text.includes('###STOP###')) {
      this.episode.end('abandoned');
      this.finish();
    }
    return text;
  }

  /** Sends the agent's message to the customer; the observation is the customer's reply. */
  async respondToUser(
    text: string,
    author: Author = 'human',
    recorded?: RecordedIds,
    options: RespondOptions = {},
  ): Promise<StepOutcome> {
    this.assertActive();
    if (typeof text !== 'string' || text.trim() === '')
      throw new InputError('the message to the customer is empty');
    const before = this.customer.memory();
    const mark = this.ids.mark();
    const agent: TrajectoryMessage = {
      id: recorded?.agent ?? this.ids.take(),
      role: 'assistant',
      content: text,
      author,
      ...timeField(recorded?.agentAt),
    };
    this.emit('agent-message', agent);
    let reply: string;
    try {
      reply = await this.customer.reply(
        text,
        options.onText === undefined ? undefined : { onText: options.onText },
      );
    } catch (error) {
      // Nothing of the failed step stays: the customer's memory and the message ids are as before.
      this.customer.restore(before);
      this.ids.rewind(mark);
      throw error;
    }
    return this.answered(agent, reply, before, recorded);
  }

  /** Steps the episode with the agent's message and the customer's reply to it, and ends it if due. */
  private async answered(
    agent: TrajectoryMessage,
    reply: string,
    before: CustomerMemory,
    recorded: RecordedIds | undefined,
  ): Promise<StepOutcome> {
    const user: TrajectoryMessage = {
      id: recorded?.reply ?? this.ids.take(),
      role: 'user',
      content: reply,
      ...timeField(recorded?.replyAt),
    };
    const action: Action = { name: RESPOND_ACTION, kwargs: { content: agent.content ?? '' } };
    const result = this.step(action, reply, [agent, user], before);
    this.emit('user-message', user);
    if (result.done && this.judge !== undefined && this.persona === undefined) {
      // What only a model can decide is judged once, when the customer ends the conversation.
      const judged = await this.episode.judgedScore(this.judge, { turnCap: this.maxTurns });
      this.finish(judged as TrajectoryReward);
    } else this.checkEnd();
    return this.outcome(reply);
  }

  /**
   * Asks the customer to answer the agent's last message again, optionally with a person's note for
   * that one reply ("be less cooperative"). The customer's last reply is replaced: its memory goes back
   * to before that reply, the new reply is written (and may end the episode, as any reply may), and the
   * replaced one is kept in the record's `regenerated`. Only a model customer can do it, and only when
   * the conversation ends with its reply to an agent message; if the customer fails, nothing changes.
   */
  async regenerateReply(
    note?: string,
    recorded?: RecordedIds,
    options: RespondOptions = {},
  ): Promise<StepOutcome> {
    if (!this.started) throw new ConflictError('the session has not started: call start() first');
    this.assertNotAbandoned();
    const given = checkNote(note);
    const strategy = this.customer.config.strategy;
    if (!(MODEL_STRATEGIES as readonly string[]).includes(strategy)) {
      throw new ConflictError(
        `the ${strategy} customer cannot write its reply again: its replies do not come from a model ` +
          `(${strategy === 'scripted' ? 'a script gives the same reply every time' : 'they are given, not written'}); ` +
          `regenerating needs a model customer (${MODEL_STRATEGIES.join(', ')})`,
      );
    }
    const last = this.episode.turns.at(-1);
    const [agent, replaced] = last?.meta.messages ?? [];
    if (
      last === undefined ||
      last.action.name !== RESPOND_ACTION ||
      agent === undefined ||
      replaced?.role !== 'user'
    ) {
      const what = last === undefined ? "the customer's opening" : 'a tool result';
      throw new ConflictError(
        `the last message is ${what}, not the customer's reply to an agent message: only that reply can be ` +
          'written again (send the customer a message first)',
      );
    }
    const current = this.customer.memory();
    const agentUsage = this.agentUsage;
    const mark = this.ids.mark();
    this.customer.restore(last.meta.customerBefore);
    let reply: string;
    try {
      reply = await this.customer.reply(agent.content ?? '', {
        ...(given === undefined ? {} : { note: given }),
        ...(options.onText === undefined ? {} : { onText: options.onText }),
      });
    } catch (error) {
      // Nothing changes: the customer's memory is put back as it was after the replaced reply.
      this.customer.restore(current);
      this.ids.rewind(mark);
      throw error;
    }
    const written = this.customer.memory();
    const turn = this.episode.undo()!;
    this.restoreBefore(turn.meta);
    this.customer.restore(written);
    this.agentUsage = agentUsage;
    // The new reply's time is also when the reply was written again (one time, kept by a replay).
    const at = recorded?.replyAt ?? isoNow();
    this.regeneratedLog.push({
      after: agent.id,
      replaced: replaced as Regenerated['replaced'],
      ...(given === undefined ? {} : { note: given }),
      at,
    });
    return this.answered(agent, reply, turn.meta.customerBefore, { ...recorded, replyAt: at });
  }

  /**
   * Calls a domain tool as the agent. `args` is a JavaScript object (integral numbers become ints) or
   * the arguments' JSON text (kept exactly, as a model wrote it).
   */
  callTool(
    name: string,
    args: Record<string, unknown> | string = {},
    author: Author = 'human',
    recorded?: RecordedIds,
  ): StepOutcome {
    this.assertActive();
    const kwargs = parseArguments(args);
    const mark = this.ids.mark();
    const callId = recorded?.callId ?? `call_${this.history.length + 1}`;
    const call: TrajectoryMessage = {
      id: recorded?.agent ?? this.ids.take(),
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: callId,
          type: 'function',
          function: { name, arguments: typeof args === 'string' ? args : pyDumps(kwargs) },
        },
      ],
      author,
      ...timeField(recorded?.agentAt),
    };
    this.emit('tool-call', call);
    const before = this.customer.memory();
    const action: Action = { name, kwargs };
    let observation: string;
    let toolResult: TrajectoryMessage;
    try {
      const id = recorded?.reply ?? this.ids.take();
      toolResult = { id, role: 'tool', tool_call_id: callId, name, content: '' };
      observation = this.step(action, undefined, [call, toolResult], before).observation;
    } catch (error) {
      this.ids.rewind(mark);
      throw error;
    }
    toolResult.content = observation;
    Object.assign(toolResult, timeField(recorded?.replyAt));
    this.emit('tool-result', toolResult);
    this.checkEnd();
    return this.outcome(observation);
  }

  /** Adds model usage spent by an LLM agent (kept apart from the customer's). */
  addAgentUsage(usage: ModelUsage): void {
    this.agentUsage = addUsage(this.agentUsage, usage);
  }

  /** Records a copilot's proposal and the decision on it (kept in the trajectory, even after an undo). */
  recordProposal(proposal: Proposal): void {
    this.proposalLog.push(proposal);
  }

  get proposals(): readonly Proposal[] {
    return this.proposalLog;
  }

  /** Customer replies written again so far, oldest first. */
  get regenerated(): readonly Regenerated[] {
    return this.regeneratedLog;
  }

  /** Turns taken back so far, oldest first. */
  get takenBack(): readonly TakenBack[] {
    return this.takenBackLog;
  }

  /**
   * Ends the episode at a turn limit set outside the session, such as an agent runner's step cap: scored
   * as reaching `maxTurns` is, the note naming `cap`.
   */
  endTurnLimit(cap: number): void {
    this.assertActive();
    this.turnCap = cap;
    this.episode.end('turn-limit');
    this.finish();
  }

  /** Takes back the last action: data, customer memory and history return to what they were. */
  undo(): Action | undefined {
    this.assertNotAbandoned();
    const after = this.lastKeptId(this.episode.turns.length - 1);
    const turn = this.episode.undo();
    if (turn === undefined) return undefined;
    this.noteTakenBack('undo', after, turn.meta.messages);
    this.restoreBefore(turn.meta);
    return turn.action;
  }

  /** Takes back every action after the one that wrote message `messageId` (the opening: all of them). */
  rollbackTo(messageId: string): void {
    this.assertNotAbandoned();
    const turns = this.episode.turns;
    let kept: number;
    if (this.opening?.id === messageId) kept = 0;
    else {
      const at = turns.findIndex((t) => t.meta.messages.some((m) => m.id === messageId));
      if (at < 0) throw new InputError(`no message "${messageId}" in this session`);
      kept = at + 1;
    }
    const after = this.lastKeptId(kept);
    const removed = this.episode.rollbackTo(kept);
    if (removed[0] !== undefined) {
      this.noteTakenBack(
        'rollback',
        after,
        removed.flatMap((t) => t.meta.messages),
      );
      this.restoreBefore(removed[0].meta);
    }
  }

  /** The id of the last message of the first `kept` turns (the opening's when none are kept). */
  private lastKeptId(kept: number): string {
    const turn = kept > 0 ? this.episode.turns[kept - 1] : undefined;
    return turn?.meta.messages.at(-1)?.id ?? this.opening?.id ?? 'm0';
  }

  private noteTakenBack(by: TakenBack['by'], after: string, messages: readonly TrajectoryMessage[]): void {
    if (messages.length > 0) this.takenBackLog.push({ by, after, messages: [...messages] });
  }

  /** Ends the session now (the player gave up or a runner stopped it). */
  abandon(): FinalResult {
    if (!this.isDone) {
      this.episode.end('abandoned');
      this.finish();
    }
    return this.getFinalResult();
  }

  getFinalResult(): FinalResult {
    const reward = this.finalReward ?? this.score();
    return {
      reward,
      endReason: this.episode.endReason ?? null,
      expectedActions: this.task.actions.filter((a) => a.name !== RESPOND_ACTION),
      stateDiff: this.episode.differenceFromExpected(),
      history: [...this.history],
      usage: { customer: this.customer.usage(), agent: this.agentUsage },
    };
  }

  /** The canonical, versioned record of this session. */
  toTrajectory(): Trajectory {
    const policy = this.domain.policy;
    const trajectory: Trajectory = {
      schemaVersion: TRAJECTORY_SCHEMA_VERSION,
      id: this.id,
      domain: {
        name: this.domain.name,
        source: this.domain.source.layout,
        policySha256: createHash('sha256').update(policy).digest('hex'),
      },
      task: {
        split: this.split,
        index: this.taskIndex,
        id: this.task.id,
        instruction: this.task.instruction,
        actions: this.task.actions.map((a) => ({
          name: a.name,
          kwargs: toJs(a.kwargs) as Record<string, unknown>,
        })),
        outputs: [...this.task.outputs],
      },
      persona: this.persona ?? null,
      customer: { ...this.customer.config },
      customerMemory: this.started ? (this.customer.memory() as Trajectory['customerMemory']) : null,
      tools: [...this.domain.tools.values()].map((t) => ({
        name: t.name,
        description: t.description,
        parameters: t.parameters as unknown as Record<string, unknown>,
      })),
      messages: [{ id: 'm0', role: 'system', content: policy }, ...this.history],
      reward: this.isDone ? this.getFinalResult().reward : null,
      endReason: this.episode.endReason ?? null,
      usage: { customer: this.customer.usage(), agent: this.agentUsage },
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      ...(this.scenario === undefined
        ? {}
        : { scenario: { version: SCENARIO_RECORD_VERSION, personaFile: this.scenario } }),
      ...(this.proposalLog.length === 0 ? {} : { proposals: [...this.proposalLog] }),
      ...(this.takenBackLog.length === 0 ? {} : { takenBack: [...this.takenBackLog] }),
      ...(this.regeneratedLog.length === 0 ? {} : { regenerated: [...this.regeneratedLog] }),
    };
    return TrajectorySchema.parse(trajectory);
  }

  /**
   * Brings a replayed session to the end its record had, for what replaying its turns cannot tell: an
   * end from outside the conversation (turn cap, abandonment; the recorded reward names the cap), a
   * judged reward (it cannot be worked out again without the judge), the customer's final memory, the
   * agent's usage and the record's times. Used by the replay module only.
   */
  settleFromRecord(record: {
    endReason: EndReason | null;
    reward: TrajectoryReward | null;
    customerMemory: CustomerMemory | null;
    agentUsage: ModelUsage;
    startedAt: string;
    endedAt: string | null;
    messageIds: readonly string[];
    proposals: readonly Proposal[];
    takenBack?: readonly TakenBack[];
    regenerated?: readonly Regenerated[];
  }): void {
    this.ids.skipPast(record.messageIds);
    this.proposalLog.push(...record.proposals);
    if (record.takenBack !== undefined) {
      this.takenBackLog.push(...record.takenBack);
      this.ids.skipPast(record.takenBack.flatMap((t) => t.messages.map((m) => m.id)));
    }
    if (record.regenerated !== undefined) {
      this.regeneratedLog.push(...record.regenerated);
      this.ids.skipPast(record.regenerated.map((r) => r.replaced.id));
    }
    if (record.customerMemory !== null) this.customer.restore(record.customerMemory);
    this.agentUsage = record.agentUsage;
    if (!this.isDone && (record.endReason === 'turn-limit' || record.endReason === 'abandoned')) {
      this.episode.end(record.endReason);
      this.finish(record.reward ?? undefined);
    }
    if (this.isDone) {
      const recorded = record.reward;
      if (recorded !== null && typeof recorded.judgeModel === 'string' && recorded.provisional !== true)
        this.finalReward = recorded;
      this.endedAt = record.endedAt ?? this.endedAt;
    }
    this.startedAt = record.startedAt;
  }

  private step(
    action: Action,
    reply: string | undefined,
    messages: TrajectoryMessage[],
    before: CustomerMemory,
  ) {
    const result = this.episode.step(action, reply, {
      messages,
      customerBefore: before,
      agentUsageBefore: this.agentUsage,
    });
    // A step only adds to the end: the history grows in place (taking a turn back rebuilds it).
    this.historyCache?.push(...messages);
    return result;
  }

  private restoreBefore(meta: TurnMeta): void {
    this.customer.restore(meta.customerBefore);
    this.agentUsage = meta.agentUsageBefore;
    this.historyCache = undefined;
    this.turnCap = undefined;
    this.finalReward = null;
    this.endedAt = null;
  }

  /** Ends the session when the last turn ended the episode or reached the turn cap. */
  private checkEnd(): void {
    if (this.episode.done) this.finish();
    else if (this.episode.turns.length >= this.maxTurns) {
      this.episode.end('turn-limit');
      this.finish();
    }
  }

  /** Ends the session with its reward: `reward` when already computed (a judged reward), else now. */
  private finish(reward: TrajectoryReward = this.score()): void {
    this.finalReward = reward;
    this.endedAt = isoNow();
    this.emit('session-end', { reason: this.episode.endReason!, reward: this.finalReward });
  }

  /** The reward of the episode as it stands, by the domain's flavour. */
  private score(): TrajectoryReward {
    if (this.persona !== undefined) return UNSCORED;
    const score: EpisodeScore = this.episode.score({
      turnCap: this.turnCap ?? this.maxTurns,
      hasJudge: this.judge !== undefined,
    });
    return score as TrajectoryReward;
  }

  private outcome(observation: string): StepOutcome {
    if (!this.isDone) return { observation, done: false };
    const final = this.finalReward ?? this.score();
    return { observation, done: true, reward: final.reward, rewardInfo: final.info };
  }

  /** An abandoned session is over for good: taking an action back would not undo the abandonment. */
  private assertNotAbandoned(): void {
    if (this.episode.endReason === 'abandoned') throw new ConflictError('the session was abandoned');
  }

  private assertActive(): void {
    if (!this.started) throw new ConflictError('the session has not started: call start() first');
    if (this.isDone) throw new ConflictError(`the session has ended (${this.episode.endReason})`);
  }
}

/** A note for a regenerated reply: text up to `REGENERATE_NOTE_MAX` characters; blank is no note. */
function checkNote(note: unknown): string | undefined {
  if (note === undefined || note === null) return undefined;
  if (typeof note !== 'string') throw new InputError('the note must be text');
  const trimmed = note.trim();
  if (trimmed.length > REGENERATE_NOTE_MAX)
    throw new InputError(
      `the note is ${trimmed.length} characters long; at most ${REGENERATE_NOTE_MAX} are allowed`,
    );
  return trimmed === '' ? undefined : trimmed;
}

const UNSCORED: TrajectoryReward = Object.freeze({
  reward: null,
  info: null,
  breakdown: null,
  note: 'not applicable: a custom persona replaces the task, so there is no ground truth',
});

function pickTask(setup: SessionSetup): Task {
  const tasks = setup.domain.tasks.get(setup.split);
  if (tasks === undefined) {
    throw new InputError(
      `domain "${setup.domain.name}" has no split "${setup.split}"; it has: ${[...setup.domain.tasks.keys()].join(', ')}`,
    );
  }
  const task = tasks[setup.taskIndex];
  if (task === undefined) {
    throw new InputError(
      `task index ${setup.taskIndex} is out of range: split "${setup.split}" has tasks 0 to ${tasks.length - 1}`,
    );
  }
  return task;
}

/** Tool arguments as the value model: an object, or JSON text (an empty text is no arguments). */
export function parseArguments(args: Record<string, unknown> | string): PyDict {
  let value: PyValue;
  if (typeof args === 'string') {
    try {
      value = args.trim() === '' ? {} : parsePyJson(args);
    } catch (error) {
      throw new InputError(`tool arguments are not valid JSON: ${(error as Error).message}`);
    }
  } else {
    value = fromJs(args);
  }
  if (!isDict(value)) throw new InputError('tool arguments must be a JSON object');
  return value;
}
