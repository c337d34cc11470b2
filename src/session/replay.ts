import {
  type Author,
  type Proposal,
  type Trajectory,
  type TrajectoryMessage,
  TrajectorySchema,
} from '../contracts/trajectory.ts';
import type { Customer, CustomerMemory } from '../core/customer/types.ts';
import type { Domain } from '../core/domain/types.ts';
import { DataError, InputError, InternalError, NotFoundError } from '../core/errors.ts';
import type { ModelUsage } from '../core/model/types.ts';
import type { RecordDiff } from '../core/state/index.ts';
import { planEpisode } from './episode-plan.ts';
import { ReplayingCustomer } from './replaying-customer.ts';
import { type RecordedIds, SimulatorSession } from './simulator-session.ts';

/**
 * One step of a recorded conversation, whatever recorded it (a server's event log, a trajectory, a
 * result file): what the agent did and, where the recording has it, what came back.
 */
export type RecordedStep = (
  | {
      kind: 'start';
      opening: string;
      memory?: CustomerMemory;
      /** When the opening was made; null: recorded without a time. */
      openedAt?: string | null;
    }
  | {
      kind: 'respond';
      message: string;
      reply: string;
      /** The customer's memory after the turn, whole or as a change of the memory before it. */
      memory?: CustomerMemory | ((before: CustomerMemory) => CustomerMemory);
      author?: Author;
      ids?: RecordedIds;
    }
  | {
      kind: 'tool';
      name: string;
      arguments: Record<string, unknown> | string;
      /** The recorded result; absent, the result is not checked. */
      observation?: string;
      author?: Author;
      ids?: RecordedIds;
    }
  | { kind: 'undo' }
  | { kind: 'rollback'; messageId: string }
  | { kind: 'abandon' }
  /** What the agent's model cost, apart from any step (a copilot's draft). */
  | { kind: 'agent-usage'; usage: ModelUsage }
  /** A copilot's proposal and the decision on it. */
  | { kind: 'proposal'; proposal: Proposal }
  /** The customer's last reply written again (with the person's note), and the memory after it. */
  | {
      kind: 'regenerate';
      note?: string;
      reply: string;
      memory?: CustomerMemory | ((before: CustomerMemory) => CustomerMemory);
      ids?: RecordedIds;
    }
) & {
  /** Where the recording holds it, for errors (e.g. `event 7`); by default its position. */
  at?: string;
};

export interface ReplayOptions {
  /**
   * What a tool result that differs from the recorded one means: `fail` (the default) — the recording
   * and the code disagree, and the replay stops with a `ReplayMismatch`; `count` — it is counted (a
   * result file made by another version of the environment).
   */
  onDifference?: 'fail' | 'count';
  /** Stop at the step that ends the episode, leaving later steps unplayed (as the reference scores). */
  stopAtEnd?: boolean;
  /** Names the recording in errors, e.g. `session 3f2…`. */
  label?: string;
}

export interface ReplayReport {
  /** Steps played (all of them unless `stopAtEnd` stopped early). */
  played: number;
  toolCalls: number;
  /** Tool results that differ from the recorded ones. */
  differences: number;
}

/** A recording that does not replay: the record and the code disagree. Not the caller's fault. */
export class ReplayMismatch extends InternalError {
  constructor(where: string, problem: string, options?: ErrorOptions) {
    super(`${where} ${problem}`, options);
  }
}

/**
 * Replays a recorded conversation into a fresh session through the session's own methods, so data,
 * ids, undo history and events come out as they were. The customer gives back the recorded turns (and
 * memory) instead of answering; every tool result is checked against the recorded one. This is the one
 * replay: resuming a trajectory, rebuilding a server's session from its events, re-scoring a result
 * file and continuing a saved episode in the terminal all come through here.
 */
export async function replayInto(
  session: SimulatorSession,
  customer: ReplayingCustomer,
  steps: Iterable<RecordedStep>,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const report: ReplayReport = { played: 0, toolCalls: 0, differences: 0 };
  const label = options.label ?? `session ${session.id}`;
  let index = 0;
  for (const step of steps) {
    if (options.stopAtEnd && session.isDone) break;
    const where = `${label}, ${step.at ?? `step ${index}`} (${step.kind})`;
    index++;
    try {
      await playStep(session, customer, step, report, options.onDifference ?? 'fail', where);
    } catch (error) {
      if (error instanceof ReplayMismatch) throw error;
      throw new ReplayMismatch(where, `does not replay: ${(error as Error).message}`, { cause: error });
    }
    report.played++;
  }
  return report;
}

async function playStep(
  session: SimulatorSession,
  customer: ReplayingCustomer,
  step: RecordedStep,
  report: ReplayReport,
  onDifference: 'fail' | 'count',
  where: string,
): Promise<void> {
  switch (step.kind) {
    case 'start':
      customer.replay({ text: step.opening, ...(step.memory === undefined ? {} : { memory: step.memory }) });
      await session.start(step.openedAt);
      return;
    case 'respond': {
      const memory = typeof step.memory === 'function' ? step.memory(customer.memory()) : step.memory;
      customer.replay({ text: step.reply, ...(memory === undefined ? {} : { memory }) });
      await session.respondToUser(step.message, step.author ?? 'human', step.ids);
      return;
    }
    case 'tool': {
      const outcome = session.callTool(step.name, step.arguments, step.author ?? 'human', step.ids);
      report.toolCalls++;
      if (step.observation !== undefined && outcome.observation !== step.observation) {
        report.differences++;
        if (onDifference === 'fail')
          throw new ReplayMismatch(where, "does not replay: the tool's result differs from the recorded one");
      }
      return;
    }
    case 'undo':
      session.undo();
      return;
    case 'rollback':
      session.rollbackTo(step.messageId);
      return;
    case 'abandon':
      session.abandon();
      return;
    case 'agent-usage':
      session.addAgentUsage(step.usage);
      return;
    case 'proposal':
      session.recordProposal(step.proposal);
      return;
    case 'regenerate': {
      const memory = typeof step.memory === 'function' ? step.memory(customer.memory()) : step.memory;
      customer.replay({ text: step.reply, ...(memory === undefined ? {} : { memory }) });
      await session.regenerateReply(step.note, step.ids);
      return;
    }
  }
}

/**
 * The steps of a Sigma trajectory: the customer's opening, then each agent turn with what answered it,
 * keeping the recorded message ids and authors.
 */
export function trajectorySteps(trajectory: Trajectory): RecordedStep[] {
  const messages = trajectory.messages.filter((m) => m.role !== 'system');
  const opening = messages[0];
  if (opening === undefined) return [];
  if (opening.role !== 'user') throw new DataError('trajectory', 'messages must start with the customer');
  const steps: RecordedStep[] = [
    // A message recorded without a time keeps none (null): no time is made up for it.
    { kind: 'start', opening: opening.content, openedAt: opening.at ?? null },
  ];
  for (let i = 1; i < messages.length; i += 2) {
    const agent = messages[i]!;
    const reply = messages[i + 1];
    if (agent.role !== 'assistant' || reply === undefined)
      throw new DataError('trajectory', `message ${agent.id} does not start a complete turn`);
    steps.push(agentStep(agent, reply));
  }
  return steps;
}

function agentStep(
  agent: Extract<TrajectoryMessage, { role: 'assistant' }>,
  reply: TrajectoryMessage,
): RecordedStep {
  const call = agent.tool_calls?.[0];
  if (call !== undefined) {
    if (reply.role !== 'tool')
      throw new DataError('trajectory', `tool call ${agent.id} must be answered by its result`);
    return {
      kind: 'tool',
      name: call.function.name,
      arguments: call.function.arguments,
      observation: reply.content,
      author: agent.author,
      ids: { agent: agent.id, reply: reply.id, callId: call.id, ...timesOf(agent, reply) },
    };
  }
  if (reply.role !== 'user')
    throw new DataError('trajectory', `message ${agent.id} must be answered by the customer`);
  return {
    kind: 'respond',
    message: agent.content ?? '',
    reply: reply.content,
    author: agent.author,
    ids: { agent: agent.id, reply: reply.id, ...timesOf(agent, reply) },
  };
}

/** The recorded times of a turn's two messages (null for one recorded without a time). */
function timesOf(
  agent: TrajectoryMessage,
  reply: TrajectoryMessage,
): Pick<RecordedIds, 'agentAt' | 'replyAt'> {
  return { agentAt: agent.at ?? null, replyAt: reply.at ?? null };
}

function parseTrajectory(record: unknown): Trajectory {
  const parsed = TrajectorySchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataError('trajectory', `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** A fresh session for a trajectory's episode (a scenario's records included), not yet started. */
function sessionForRecord(
  t: Trajectory,
  domain: Domain,
  customer: ReplayingCustomer,
  options: { maxTurns?: number } = {},
): SimulatorSession {
  if (t.domain.name !== domain.name)
    throw new InputError(`the trajectory is for domain "${t.domain.name}", not "${domain.name}"`);
  // A scenario's episode plays the domain extended with its records: rebuilt from the stored content.
  const scenario = t.scenario?.personaFile;
  const played =
    scenario === undefined
      ? domain
      : planEpisode(domain, { personaFileText: scenario, personaFileSource: `trajectory ${t.id} scenario` })
          .domain;
  return new SimulatorSession(
    {
      domain: played,
      ...(scenario === undefined ? {} : { scenario }),
      split: t.task.split,
      taskIndex: t.task.index,
      customer,
      ...(options.maxTurns === undefined ? {} : { maxTurns: options.maxTurns }),
      ...(t.persona === null ? {} : { persona: t.persona }),
    },
    t.id,
  );
}

/** The data as it was after one action of a trajectory (see `dataAtAction`). */
export interface DataAtAction {
  /** The action asked for: 0 is the initial data, n the data after the n-th tool call. */
  action: number;
  /** How many actions (tool calls) the trajectory has. */
  actions: number;
  /** The n-th action (null for 0): the tool, its arguments, the id of the agent's message. */
  call: { name: string; arguments: Record<string, unknown> | string; messageId: string | null } | null;
  /** What the actions up to and including the n-th changed in the initial data, record by record. */
  changes: RecordDiff[];
}

/**
 * Step-through: replays a trajectory's record in a fresh session up to its `action`-th tool call (the
 * customer's turns as recorded, no model asked) and gives what the data looked like then, as the
 * changes from the initial data. `action` outside 0…actions is a `NotFoundError`.
 */
export async function dataAtAction(record: unknown, domain: Domain, action: number): Promise<DataAtAction> {
  const t = parseTrajectory(record);
  const steps = trajectorySteps(t);
  const tools = steps.filter((s) => s.kind === 'tool');
  if (!Number.isInteger(action) || action < 0 || action > tools.length)
    throw new NotFoundError(
      `trajectory ${t.id} has ${tools.length} action${tools.length === 1 ? '' : 's'}: the step is 0 (the initial data) to ${tools.length}, not ${action}`,
    );
  const replaying = new ReplayingCustomer();
  const session = sessionForRecord(t, domain, replaying);
  // The steps up to the action asked for: the opening, then every turn until its tool call.
  let seen = 0;
  const upTo: RecordedStep[] = [];
  for (const step of steps) {
    if (step.kind === 'tool') {
      if (seen === action) break;
      seen++;
    } else if (seen === action && step.kind !== 'start') break;
    upTo.push(step);
  }
  await replayInto(session, replaying, upTo, { label: `trajectory ${t.id}` });
  const last = action === 0 ? undefined : tools[action - 1];
  return {
    action,
    actions: tools.length,
    call:
      last === undefined || last.kind !== 'tool'
        ? null
        : { name: last.name, arguments: last.arguments, messageId: last.ids?.agent ?? null },
    changes: session.changes(),
  };
}

/**
 * Rebuilds a session from a trajectory: the agent's actions are replayed on a fresh state (tool
 * results must come out as recorded) and the customer's memory is restored, so it continues exactly.
 */
export async function resumeSession(
  record: unknown,
  domain: Domain,
  customer: Customer,
  options: { maxTurns?: number } = {},
): Promise<SimulatorSession> {
  const t = parseTrajectory(record);
  const replaying = new ReplayingCustomer(customer);
  const session = sessionForRecord(t, domain, replaying, options);
  await replayInto(session, replaying, trajectorySteps(t), { label: `trajectory ${t.id}` });
  session.settleFromRecord({
    endReason: t.endReason,
    reward: t.reward,
    customerMemory: t.customerMemory as CustomerMemory | null,
    agentUsage: t.usage.agent,
    startedAt: t.startedAt,
    endedAt: t.endedAt,
    messageIds: t.messages.map((m) => m.id),
    proposals: t.proposals ?? [],
    takenBack: t.takenBack ?? [],
    regenerated: t.regenerated ?? [],
  });
  return session;
}
