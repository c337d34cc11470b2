import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  TRAJECTORY_SCHEMA_VERSION,
  type Trajectory,
  type TrajectoryMessage,
  type TrajectoryReward,
  TrajectorySchema,
} from '../contracts/trajectory.ts';
import type { Customer, CustomerMemory } from '../core/customer/types.ts';
import { type Action, type Domain, RESPOND_ACTION, type Task } from '../core/domain/types.ts';
import { type EndReason, Episode } from '../core/episode/episode.ts';
import { ConflictError, DataError, InputError } from '../core/errors.ts';
import type { ModelClient } from '../core/model/types.ts';
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
import { expectedState } from '../core/reward/tau-bench.ts';
import { type Tau2NlOutcome, type Tau2RewardResult, tau2ExpectedState } from '../core/reward/tau2.ts';
import { diffStates, type RecordDiff } from '../core/state/index.ts';
import { evaluateTau2 } from '../evaluation/tau2/index.ts';
import { MessageIds, type Turn } from './history.ts';

/** The names of the events a session emits, in the order a conversation first emits them. */
export const SIMULATOR_EVENTS = [
  'session-start',
  'user-message',
  'agent-message',
  'tool-call',
  'tool-result',
  'session-end',
] as const;

/** The events a session emits, named noun-verb. */
export interface SimulatorEvents {
  'session-start': [{ taskId: string; opening: string }];
  'user-message': [TrajectoryMessage];
  'agent-message': [TrajectoryMessage];
  'tool-call': [TrajectoryMessage];
  'tool-result': [TrajectoryMessage];
  'session-end': [{ reason: EndReason; reward: TrajectoryReward }];
}

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
  customer: Customer;
  /** A custom persona replaces the task's goal: there is then no ground truth to score against. */
  persona?: string;
  /** Cap on agent actions (messages and tool calls); reaching it ends the episode. */
  maxTurns?: number;
  /** tau2 domains: the model that judges the task's natural-language assertions (else not judged). */
  judge?: ModelClient;
}

export const DEFAULT_MAX_TURNS = 100;

const PROVISIONAL_TAU2 =
  "provisional: the task's natural-language assertions were not judged (no judge model); the reward is what it would be if they held";

/**
 * One conversation between an agent (a person, a model, a script) and a simulated customer on a
 * domain task: the library face of Sigma. Every action can be taken back (`undo`, `rollbackTo`), which
 * restores the data and the customer's memory exactly.
 */
export class SimulatorSession extends EventEmitter<SimulatorEvents> {
  readonly id: string;
  readonly domain: Domain;
  readonly task: Task;
  readonly split: string;
  readonly taskIndex: number;
  readonly persona: string | undefined;
  readonly maxTurns: number;
  private readonly customer: Customer;
  private readonly judge: ModelClient | undefined;
  private episode: Episode;
  private readonly messages: TrajectoryMessage[] = [];
  private readonly turns: Turn[] = [];
  private readonly ids = new MessageIds();
  private opening: CustomerMemory | undefined;
  private agentUsage: ModelUsage = ZERO_USAGE;
  private startedAt = new Date().toISOString();
  private endedAt: string | null = null;
  private finalReward: TrajectoryReward | null = null;

  constructor(setup: SessionSetup, id: string = randomUUID()) {
    super();
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
    const maxTurns = setup.maxTurns ?? DEFAULT_MAX_TURNS;
    if (!Number.isInteger(maxTurns) || maxTurns < 1)
      throw new InputError(`maxTurns must be a whole number >= 1, got ${maxTurns}`);
    this.id = id;
    this.domain = setup.domain;
    this.split = setup.split;
    this.taskIndex = setup.taskIndex;
    this.task = task;
    this.persona = setup.persona;
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

  /** The state hash of the data as this session has left it (tau-bench's hash for its domains). */
  /** Whether the data is now as the task's ground truth leaves it (for a customer that checks its goal). */
  private goalReached(): boolean {
    const expected =
      this.domain.flavour === 'tau2'
        ? tau2ExpectedState(this.domain, this.task)
        : expectedState(this.domain, this.task);
    return diffStates(this.episode.state, expected).length === 0;
  }

  stateHash(): string {
    return this.domain.hashState(this.episode.state);
  }

  get history(): readonly TrajectoryMessage[] {
    return this.messages;
  }

  /** The customer's opening message. */
  async start(): Promise<string> {
    if (this.started) throw new ConflictError('the session has already started');
    if (this.isDone) throw new ConflictError(`the session has ended (${this.episode.endReason})`);
    const text = await this.customer.start({
      domain: this.domain.name,
      task: this.task,
      userGuidelines: this.domain.userGuidelines,
      ...(this.persona === undefined ? {} : { persona: this.persona }),
      ...(this.task.actions.length === 0 ? {} : { goalReached: () => this.goalReached() }),
    });
    this.opening = this.customer.memory();
    const message: TrajectoryMessage = { id: this.ids.take(), role: 'user', content: text };
    this.messages.push(message);
    this.emit('session-start', { taskId: this.task.id, opening: text });
    this.emit('user-message', message);
    if (text.includes('###STOP###')) {
      this.episode.end('abandoned');
      this.finish();
    }
    return text;
  }

  /** Sends the agent's message to the customer; the observation is the customer's reply. */
  async respondToUser(text: string, author: 'human' | 'model' | 'replay' = 'human'): Promise<StepOutcome> {
    this.assertActive();
    if (typeof text !== 'string' || text.trim() === '')
      throw new InputError('the message to the customer is empty');
    const before = this.customer.memory();
    const mark = this.ids.mark();
    const agent: TrajectoryMessage = { id: this.ids.take(), role: 'assistant', content: text, author };
    this.emit('agent-message', agent);
    let reply: string;
    try {
      reply = await this.customer.reply(text);
    } catch (error) {
      // Nothing of the failed step stays: the customer's memory and the message ids are as before.
      this.customer.restore(before);
      this.ids.rewind(mark);
      throw error;
    }
    const user: TrajectoryMessage = { id: this.ids.take(), role: 'user', content: reply };
    const action: Action = { name: RESPOND_ACTION, kwargs: { content: text } };
    const result = this.episode.step(action, reply);
    this.record({
      action,
      messages: [agent, user],
      customerBefore: before,
      agentUsageBefore: this.agentUsage,
    });
    this.emit('user-message', user);
    if (
      result.done &&
      this.domain.flavour === 'tau2' &&
      this.judge !== undefined &&
      this.persona === undefined
    ) {
      // tau2's natural-language assertions are judged once, when the customer ends the conversation.
      const judged = await evaluateTau2(
        this.domain,
        this.task,
        this.episode.state,
        this.episode.tau2Messages(),
        {
          termination: 'user-stop',
          judge: this.judge,
        },
      );
      this.finish(this.tau2Reward(judged));
    } else this.checkEnd();
    return this.outcome(reply);
  }

  /**
   * Calls a domain tool as the agent. `args` is a JavaScript object (integral numbers become ints) or
   * the arguments' JSON text (kept exactly, as a model wrote it).
   */
  callTool(
    name: string,
    args: Record<string, unknown> | string = {},
    author: 'human' | 'model' | 'replay' = 'human',
  ): StepOutcome {
    this.assertActive();
    const kwargs = parseArguments(args);
    const mark = this.ids.mark();
    const call: TrajectoryMessage = {
      id: this.ids.take(),
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: `call_${this.messages.length + 1}`,
          type: 'function',
          function: { name, arguments: typeof args === 'string' ? args : pyDumps(kwargs) },
        },
      ],
      author,
    };
    this.emit('tool-call', call);
    const before = this.customer.memory();
    const action: Action = { name, kwargs };
    let result: ReturnType<Episode['step']>;
    try {
      result = this.episode.step(action);
    } catch (error) {
      this.ids.rewind(mark);
      throw error;
    }
    const toolResult: TrajectoryMessage = {
      id: this.ids.take(),
      role: 'tool',
      tool_call_id: call.tool_calls![0]!.id,
      name,
      content: result.observation,
    };
    this.record({
      action,
      messages: [call, toolResult],
      customerBefore: before,
      agentUsageBefore: this.agentUsage,
    });
    this.emit('tool-result', toolResult);
    this.checkEnd();
    return this.outcome(result.observation);
  }

  /** Adds model usage spent by an LLM agent (kept apart from the customer's). */
  addAgentUsage(usage: ModelUsage): void {
    this.agentUsage = addUsage(this.agentUsage, usage);
  }

  /** Takes back the last action: data, customer memory and history return to what they were. */
  undo(): Action | undefined {
    this.assertNotAbandoned();
    const turn = this.turns.pop();
    if (turn === undefined) return undefined;
    this.episode.undo();
    this.customer.restore(turn.customerBefore);
    this.agentUsage = turn.agentUsageBefore;
    this.messages.length -= turn.messages.length;
    this.reopen();
    return turn.action;
  }

  /** Takes back every action after the one that wrote message `messageId` (the opening: all of them). */
  rollbackTo(messageId: string): void {
    this.assertNotAbandoned();
    const at = this.messages.findIndex((m) => m.id === messageId);
    if (at < 0) throw new InputError(`no message "${messageId}" in this session`);
    let kept = 0;
    let count = 1; // the opening message
    while (kept < this.turns.length && count <= at) count += this.turns[kept++]!.messages.length;
    const first = this.turns[kept];
    if (first === undefined) return;
    this.episode.rollbackTo(kept);
    this.customer.restore(first.customerBefore);
    this.agentUsage = first.agentUsageBefore;
    this.messages.length = count;
    this.turns.length = kept;
    this.reopen();
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
      stateDiff: diffStates(
        this.episode.state,
        this.domain.flavour === 'tau2'
          ? tau2ExpectedState(this.domain, this.task)
          : expectedState(this.domain, this.task),
      ),
      history: [...this.messages],
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
      messages: [{ id: 'm0', role: 'system', content: policy }, ...this.messages],
      reward: this.isDone ? this.getFinalResult().reward : null,
      endReason: this.episode.endReason ?? null,
      usage: { customer: this.customer.usage(), agent: this.agentUsage },
      startedAt: this.startedAt,
      endedAt: this.endedAt,
    };
    return TrajectorySchema.parse(trajectory);
  }

  /**
   * Rebuilds a session from a trajectory: the agent's actions are replayed on a fresh state (tool
   * results must come out as recorded) and the customer's memory is restored, so it continues exactly.
   */
  static resume(record: unknown, domain: Domain, customer: Customer): SimulatorSession {
    const parsed = TrajectorySchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DataError('trajectory', `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    const t = parsed.data;
    if (t.domain.name !== domain.name)
      throw new InputError(`the trajectory is for domain "${t.domain.name}", not "${domain.name}"`);
    const session = new SimulatorSession(
      {
        domain,
        split: t.task.split,
        taskIndex: t.task.index,
        customer,
        ...(t.persona === null ? {} : { persona: t.persona }),
      },
      t.id,
    );
    const messages = t.messages.filter((m) => m.role !== 'system');
    const opening = messages[0];
    if (opening?.role !== 'user') throw new DataError('trajectory', 'messages must start with the customer');
    session.messages.push(opening);
    for (let i = 1; i < messages.length; i += 2) {
      const agent = messages[i]!;
      const reply = messages[i + 1];
      if (agent.role !== 'assistant' || reply === undefined)
        throw new DataError('trajectory', `message ${agent.id} does not start a complete turn`);
      const call = agent.tool_calls?.[0];
      const before = session.customer.memory();
      if (call !== undefined) {
        const kwargs = parseArguments(call.function.arguments);
        const result = session.episode.step({ name: call.function.name, kwargs });
        if (reply.role !== 'tool' || reply.content !== result.observation) {
          throw new DataError(
            'trajectory',
            `tool result ${reply.id} differs from what the domain returns now`,
          );
        }
        session.record({
          action: { name: call.function.name, kwargs },
          messages: [agent, reply],
          customerBefore: before,
          agentUsageBefore: session.agentUsage,
        });
      } else {
        if (reply.role !== 'user')
          throw new DataError('trajectory', `message ${agent.id} must be answered by the customer`);
        const action: Action = { name: RESPOND_ACTION, kwargs: { content: agent.content ?? '' } };
        session.episode.step(action, reply.content);
        session.record({
          action,
          messages: [agent, reply],
          customerBefore: before,
          agentUsageBefore: session.agentUsage,
        });
      }
      session.checkEnd();
    }
    session.ids.skipPast(messages.map((m) => m.id));
    if (t.customerMemory !== null) {
      const memory = t.customerMemory as CustomerMemory;
      session.opening = memory;
      customer.restore(memory);
    }
    session.agentUsage = t.usage.agent;
    if (t.endReason === 'turn-limit' || t.endReason === 'abandoned') {
      // Ended from outside the conversation: the recorded reward says how (its note names the cap,
      // which the record does not otherwise keep).
      session.episode.end(t.endReason);
      session.finish(t.reward ?? undefined);
    }
    if (session.isDone) {
      // A judged tau2 reward cannot be worked out again without its judge: the recorded one stands (the
      // replay has just checked that every tool result, and so the data, is as recorded).
      const recorded = t.reward;
      if (recorded !== null && typeof recorded.judgeModel === 'string' && recorded.provisional !== true)
        session.finalReward = recorded;
      session.endedAt = t.endedAt ?? session.endedAt;
    }
    session.startedAt = t.startedAt;
    return session;
  }

  private record(turn: Turn): void {
    this.turns.push(turn);
    this.messages.push(...turn.messages);
  }

  /** Ends the session when the last turn ended the episode or reached the turn cap. */
  private checkEnd(): void {
    if (this.episode.done) this.finish();
    else if (this.turns.length >= this.maxTurns) {
      this.episode.end('turn-limit');
      this.finish();
    }
  }

  /** Ends the session with its reward: `reward` when already computed (a judged tau2 reward), else now. */
  private finish(reward: TrajectoryReward = this.score()): void {
    this.finalReward = reward;
    this.endedAt = new Date().toISOString();
    this.emit('session-end', { reason: this.episode.endReason!, reward: this.finalReward });
  }

  private reopen(): void {
    this.finalReward = null;
    this.endedAt = null;
  }

  /** The reward of the episode as it stands, in the record's terms, by the domain's flavour. */
  private score(): TrajectoryReward {
    if (this.persona !== undefined) {
      return {
        reward: null,
        info: null,
        breakdown: null,
        note: 'not applicable: a custom persona replaces the task, so there is no ground truth',
      };
    }
    if (this.domain.flavour === 'tau2') {
      const nl: Tau2NlOutcome = {
        kind: 'not-judged',
        reason: this.judge === undefined ? 'no judge model configured' : 'the conversation has not ended',
      };
      return this.tau2Reward(this.episode.tau2Reward(nl));
    }
    const result = this.episode.reward();
    const reason = this.episode.endReason;
    if (reason === 'turn-limit' || reason === 'abandoned') {
      // As tau-bench scores a conversation cut off before the customer's stop or a transfer; the
      // breakdown still says whether the data would have matched.
      return {
        reward: 0,
        info: toJs(result.info as unknown as PyDict) as Record<string, unknown>,
        breakdown: result.breakdown,
        note: `scored 0: the conversation ended by ${reason === 'turn-limit' ? `reaching the cap of ${this.maxTurns} agent actions` : 'being abandoned'}, not by the customer's stop or a transfer`,
      };
    }
    return {
      reward: result.reward,
      info: toJs(result.info as unknown as PyDict) as Record<string, unknown>,
      breakdown: result.breakdown,
      ...(reason === undefined ? { note: 'provisional: the conversation has not ended' } : {}),
    };
  }

  private tau2Reward(result: Tau2RewardResult): TrajectoryReward {
    const pending =
      this.episode.endReason === undefined ? 'provisional: the conversation has not ended' : null;
    const note = pending ?? result.note ?? (result.provisional ? PROVISIONAL_TAU2 : null);
    return {
      reward: result.reward,
      info: toJs(result.info) as Record<string, unknown>,
      breakdown: toJs(fromJs(result.breakdown)) as Record<string, unknown>,
      ...(note === null ? {} : { note }),
      provisional: pending !== null || result.provisional,
      judgeModel: result.judgeModel,
    };
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

function parseArguments(args: Record<string, unknown> | string): PyDict {
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
