import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type Decided, performAction } from '../agents/index.ts';
import type {
  ProposalPayload,
  RegeneratePayload,
  RespondPayload,
  RollbackPayload,
  StartPayload,
  StepTimes,
  ToolPayload,
} from '../contracts/events.ts';
import type { Proposal, Trajectory, TrajectoryMessage } from '../contracts/trajectory.ts';
import type { Domain } from '../core/domain/types.ts';
import { ConflictError, DataError, InputError, NotFoundError, StorageError } from '../core/errors.ts';
import type { ModelClient, ModelUsage } from '../core/model/types.ts';
import { fromJs, pyDumps, toJs } from '../core/python/index.ts';
import { createModelClient, type Env, type ModelSpec } from '../llm/index.ts';
import type { DomainRegistry } from '../registry/index.ts';
import { isoNow } from '../session/clock.ts';
import { replayInto, resumeSession } from '../session/replay.ts';
import { ReplayingCustomer } from '../session/replaying-customer.ts';
import type { SimulatorSession, StepOutcome } from '../session/simulator-session.ts';
import { EventSeqTaken } from '../store/errors.ts';
import type {
  EventKind,
  SessionChange,
  SessionFilter,
  SessionRow,
  SessionStore,
  SessionSummary,
} from '../store/index.ts';
import { ModelUnavailable } from './http-errors.ts';
import { KeyedMutex, type Turn } from './keyed-mutex.ts';
import { jsonChange } from './memory-change.ts';
import { eventSteps } from './session-replay.ts';
import {
  type CreateSessionInput,
  type ModelOptions,
  newSession,
  rebuildSetup,
  resolveSetup,
} from './session-setup.ts';

export type { CreateSessionInput } from './session-setup.ts';

/** A session held in memory, with the row that mirrors it in the store. */
export interface LiveSession {
  row: SessionRow;
  session: SimulatorSession;
  customer: ReplayingCustomer;
  /** Why the customer is the one it is, when the request did not say (only right after creation). */
  notice?: string;
  /** The state hash and the event count it was computed at (the data changes only with events). */
  hash?: { events: number; value: string };
  /** Ended by `DELETE /sessions/{id}`: final, no action changes it any more. */
  deleted: boolean;
  /** Played elsewhere (`sigma play`) and stored finished: final too, rebuilt from its trajectory. */
  imported?: boolean;
  /** Its estimated size in memory, as of `messages` messages. */
  size?: { messages: number; bytes: number };
}

export interface SessionServiceOptions {
  store: SessionStore;
  registry: DomainRegistry;
  /** Where model customers' keys and base URLs are read (default `process.env`). */
  env?: Env;
  /** Sessions kept in memory; the least recently used idle ones beyond this are dropped (and rebuilt on use). */
  maxLive?: number;
  /**
   * Memory for sessions, in bytes (estimated: see `measure`); the least recently used idle ones beyond it
   * are dropped and rebuilt on use. Default 128 MiB.
   */
  maxLiveBytes?: number;
  /** Options of the customers' model clients (timeouts, retries). */
  modelOptions?: ModelOptions;
  /**
   * Other server processes write to the same store (`sigma serve --workers N`, or several servers on one
   * PostgreSQL): before each request the in-memory copy is checked against the store's event count and
   * catches up on what the others stored; a write that loses the race for its place is retried once on
   * the caught-up copy.
   */
  sharedStore?: boolean;
}

const DEFAULT_MAX_LIVE = 10_000;
export const DEFAULT_MAX_LIVE_BYTES = 128 * 1024 * 1024;

/**
 * What one session costs in memory, estimated from its conversation: a fixed part (the session, its
 * episode, customer and data overlay objects) and, per message, a fixed part and its text (two bytes a
 * character, as V8 may hold it; tool results are most of it, and the records a write copies are about
 * the size of the result that shows them). The constants come from `bench/server-memory.ts`, which
 * compares the estimate with the heap that sessions really take.
 */
const SESSION_BYTES = 24 * 1024;
const MESSAGE_BYTES = 600;

function messageBytes(message: TrajectoryMessage): number {
  let chars = message.content?.length ?? 0;
  if (message.role === 'assistant')
    for (const call of message.tool_calls ?? [])
      chars += call.function.name.length + call.function.arguments.length;
  return MESSAGE_BYTES + 2 * chars;
}

/** Brings a session's size estimate up to date (only the messages added since are read) and returns it. */
function measure(live: LiveSession): number {
  const history = live.session.history;
  let size = live.size;
  if (size === undefined || history.length < size.messages) size = { messages: 0, bytes: SESSION_BYTES };
  let { bytes } = size;
  for (let i = size.messages; i < history.length; i++) bytes += messageBytes(history[i]!);
  live.size = { messages: history.length, bytes };
  return bytes;
}

/** How often a request on a shared store is run again after another process took its event's place. */
const SHARED_WRITE_ATTEMPTS = 8;

/** How far a session has gone: what any action that changes it moves. */
function progressOf(live: LiveSession): string {
  const { session } = live;
  return `${session.started}|${session.isDone}|${session.turnCount}|${session.history.length}|${session.proposals.length}`;
}

/** The place a request took in its session's queue when it arrived (see `SessionService.inArrivalOrder`). */
interface Arrival {
  readonly id: string;
  readonly turn: Turn;
  taken: boolean;
}

const arrivals = new AsyncLocalStorage<Arrival>();

/** The state hash of each domain's untouched data. */
const baseHashes = new WeakMap<Domain, string>();

/**
 * The server's sessions: created from a request, driven one request at a time per session, every action
 * stored (with what it observed and the customer's memory) before the caller gets its answer, and
 * rebuilt from the store by replaying those actions when a session is not in memory (after a restart).
 */
export class SessionService {
  readonly store: SessionStore;
  readonly registry: DomainRegistry;
  private readonly env: Env | undefined;
  private readonly modelOptions: ModelOptions;
  private readonly maxLive: number;
  private readonly maxLiveBytes: number;
  private liveBytes = 0;
  private readonly sharedStore: boolean;
  private readonly live = new Map<string, LiveSession>();
  private readonly locks = new KeyedMutex();
  private rebuildCount = 0;

  constructor(options: SessionServiceOptions) {
    this.store = options.store;
    this.registry = options.registry;
    this.env = options.env;
    this.modelOptions = options.modelOptions ?? {};
    this.maxLive = options.maxLive ?? DEFAULT_MAX_LIVE;
    this.maxLiveBytes = options.maxLiveBytes ?? DEFAULT_MAX_LIVE_BYTES;
    this.sharedStore = options.sharedStore ?? false;
  }

  /** How many requests on a session are being run or wait their turn (they take their place on arrival). */
  queued(id: string): number {
    return this.locks.queued(id);
  }

  /** How many times a session was rebuilt from the store (after a restart, an eviction or a failed action). */
  get rebuilds(): number {
    return this.rebuildCount;
  }

  /** Checks the request, draws the task if none is named, builds the customer and stores the new session. */
  async create(input: CreateSessionInput): Promise<LiveSession> {
    const resolved = await tooDeep(() =>
      resolveSetup(this.registry, input, this.env ?? process.env, this.modelOptions),
    );
    const { split, taskIndex, setup } = resolved;
    const id = randomUUID();
    const { session, customer } = await tooDeep(() =>
      newSession(id, resolved, setup.maxTurns, resolved.customer),
    );
    const now = new Date().toISOString();
    const row: SessionRow = {
      id,
      createdAt: now,
      updatedAt: now,
      domain: resolved.domainName,
      split,
      taskIndex,
      taskId: session.task.id,
      setup,
      status: 'created',
      reward: null,
      finished: false,
      endReason: null,
      endedAt: null,
      eventCount: 0,
    };
    await this.stored(() => this.store.createSession(row));
    const live: LiveSession = {
      row,
      session,
      customer,
      deleted: false,
      ...(resolved.notice === undefined ? {} : { notice: resolved.notice }),
    };
    this.remember(live);
    return live;
  }

  /**
   * Runs a request on session `id` in the order requests arrived: its place in the session's queue is taken
   * now (when its headers are in), not when its body has been read, so an `undo` sent just after a `tool`
   * call takes back that call, and a `DELETE` sent last runs last. The request's first `use` of the session
   * waits for that place; the place is given up when `fn` ends, whether or not it used the session.
   */
  async inArrivalOrder<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const arrival: Arrival = { id, turn: this.locks.reserve(id), taken: false };
    try {
      return await arrivals.run(arrival, fn);
    } finally {
      arrival.taken = true;
      arrival.turn.release();
    }
  }

  /**
   * Runs `fn` on the session with its lock held; the session is rebuilt from the store if needed. On a
   * shared store, `fn` runs again when another process took its event's place, unless `once` (a streamed
   * reply whose pieces have gone out: the client gets the 409 instead).
   *
   * `optimistic` is for an `fn` that stores an event whatever it does and costs nothing to run again (a
   * tool call): on a shared store, the copy is then not checked against the store first (one lookup per
   * request saved). The store itself refuses the event if another process stored one meanwhile, and the
   * request runs again on the session as stored; a refusal made on the unchecked copy (a 4xx) is checked
   * before it is given, and made again on the stored session if the copy was behind.
   */
  async use<T>(
    id: string,
    fn: (live: LiveSession) => Promise<T> | T,
    options: { once?: boolean; optimistic?: boolean } = {},
  ): Promise<T> {
    const release = await this.lock(id);
    try {
      for (let attempt = 1; ; attempt++) {
        const unchecked = this.sharedStore && options.optimistic === true && attempt === 1;
        const live = await this.current(id, !unchecked);
        try {
          return await fn(live);
        } catch (error) {
          if (unchecked && isRefusal(error) && (await this.behind(live))) continue;
          const last = options.once === true || attempt === SHARED_WRITE_ATTEMPTS;
          if (!(error instanceof EventSeqTaken) || !this.sharedStore || last) throw error;
          // Another process stored an event between this one's check and its write (the write was refused
          // and the copy dropped): the request runs again on the session as the store now has it.
        }
      }
    } finally {
      this.remeasure(id);
      release();
      this.trim();
    }
  }

  async start(live: LiveSession): Promise<StepOutcome & { messages: TrajectoryMessage[] }> {
    assertWritable(live);
    const opening = await this.apply(live, () => live.session.start());
    const openedAt = live.session.history[0]?.at;
    const payload: StartPayload = {
      opening,
      memory: live.customer.memory(),
      ...(openedAt === undefined ? {} : { openedAt }),
    };
    await this.record(live, 'start', payload);
    return { ...outcomeOf(live, opening), messages: [...live.session.history] };
  }

  /**
   * Sends the agent's message; `onText` is given the reply's pieces as a model customer writes them.
   * The step is stored once the reply is complete: a reply that fails part-way stores nothing.
   */
  async respond(
    live: LiveSession,
    message: string,
    onText?: (delta: string) => void,
  ): Promise<StepOutcome & { messages: TrajectoryMessage[] }> {
    assertWritable(live);
    const before = live.session.history.length;
    const memoryBefore = live.customer.memory();
    const outcome = await this.apply(live, () =>
      live.session.respondToUser(message, 'human', undefined, onText === undefined ? {} : { onText }),
    );
    const messages = live.session.history.slice(before);
    const payload: RespondPayload = {
      message,
      reply: outcome.observation,
      memoryChange: jsonChange(memoryBefore, live.customer.memory()),
      ...stepTimes(messages),
    };
    await this.record(live, 'respond', payload);
    return { ...outcome, messages };
  }

  /**
   * Has the customer write its last reply again, with a person's note for that reply: stored as one
   * `regenerate` event (the note, the new reply and the change of the customer's memory). Returns the
   * step as `respond` does: the agent's message and the new reply.
   */
  async regenerate(
    live: LiveSession,
    note: string | undefined,
  ): Promise<StepOutcome & { messages: TrajectoryMessage[] }> {
    assertWritable(live);
    const memoryBefore = live.customer.memory();
    const outcome = await this.apply(live, () => live.session.regenerateReply(note));
    const messages = live.session.history.slice(-2);
    const record = live.session.regenerated.at(-1)!;
    const replyAt = messages[1]?.at;
    const payload: RegeneratePayload = {
      ...(record.note === undefined ? {} : { note: record.note }),
      reply: outcome.observation,
      memoryChange: jsonChange(memoryBefore, live.customer.memory()),
      ...(replyAt === undefined ? {} : { replyAt }),
    };
    await this.record(live, 'regenerate', payload);
    return { ...outcome, messages };
  }

  /**
   * Calls a tool. Arguments given as an object are turned into their exact JSON text first (a number
   * such as `1e400` or `-0` would not survive `JSON.stringify` in the store), and that text is what the
   * session runs and the store keeps, so a replay sees the very same arguments.
   */
  async tool(
    live: LiveSession,
    name: string,
    args: Record<string, unknown> | string,
  ): Promise<StepOutcome & { messages: TrajectoryMessage[] }> {
    assertWritable(live);
    const text = typeof args === 'string' ? args : await tooDeep(() => pyDumps(fromJs(args)));
    const before = live.session.history.length;
    const outcome = await this.apply(live, () => live.session.callTool(name, text));
    const messages = live.session.history.slice(before);
    const payload: ToolPayload = {
      name,
      arguments: text,
      observation: outcome.observation,
      ...stepTimes(messages),
    };
    await this.record(live, 'tool', payload);
    return { ...outcome, messages };
  }

  /**
   * Applies a person's decision on a copilot draft, stored as one `proposal` event: the draft's cost is
   * added to the agent's usage, the accepted or edited action is performed (author `model` or
   * `model-edited`), and the proposal is recorded. If the action fails, nothing of it stays.
   */
  async decide(
    live: LiveSession,
    draftId: string,
    decided: Decided,
    usage: ModelUsage,
  ): Promise<{ proposal: Proposal; performed: (StepOutcome & { messages: TrajectoryMessage[] }) | null }> {
    assertWritable(live);
    const before = live.session.history.length;
    const memoryBefore = live.customer.memory();
    const { perform } = decided;
    const outcome = await this.apply(live, async () => {
      // The action first: if the session refuses it, nothing of the decision has changed the session yet.
      const result =
        perform === null ? null : await performAction(live.session, perform.action, perform.author);
      live.session.addAgentUsage(usage);
      live.session.recordProposal(decided.proposal);
      return result;
    });
    const payload: ProposalPayload = { draftId, proposal: decided.proposal, usage };
    if (perform !== null && outcome !== null) {
      payload.author = perform.author;
      const times = stepTimes(live.session.history.slice(before));
      if (perform.action.type === 'reply') {
        payload.respond = {
          message: perform.action.content,
          reply: outcome.observation,
          memoryChange: jsonChange(memoryBefore, live.customer.memory()),
          ...times,
        };
      } else {
        const { name, arguments: args } = perform.action;
        payload.tool = { name, arguments: args, observation: outcome.observation, ...times };
      }
    }
    await this.record(live, 'proposal', payload);
    const performed =
      outcome === null
        ? null
        : { ...outcomeOf(live, outcome.observation), messages: live.session.history.slice(before) };
    return { proposal: decided.proposal, performed };
  }

  /**
   * A client for an agent model, with this server's keys and model options. A model whose key or
   * address is not set here cannot be called from this server (503).
   */
  agentModel(spec: ModelSpec): ModelClient {
    try {
      return createModelClient(spec, { ...this.modelOptions, env: this.env ?? process.env, role: 'agent' });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new ModelUnavailable(
        `the agent model ${spec.provider}:${spec.model} cannot be called from this server: ${error.message}`,
        { cause: error },
      );
    }
  }

  async undo(live: LiveSession): Promise<{ name: string; kwargs: Record<string, unknown> } | null> {
    assertWritable(live);
    const action = await this.apply(live, () => live.session.undo());
    if (action === undefined) return null;
    await this.record(live, 'undo', {});
    return { name: action.name, kwargs: toJs(action.kwargs) as Record<string, unknown> };
  }

  async rollback(live: LiveSession, messageId: string): Promise<void> {
    assertWritable(live);
    const before = live.session.history.length;
    await this.apply(live, () => live.session.rollbackTo(messageId));
    if (live.session.history.length === before) return;
    const payload: RollbackPayload = { messageId };
    await this.record(live, 'rollback', payload);
  }

  /**
   * Ends a session for good (`DELETE /sessions/{id}`): abandoned if it was running, and final either
   * way (no later action may reopen it, not even an undo); then dropped from memory. Returns its end reason.
   */
  async end(id: string): Promise<string | null> {
    return this.use(id, async (live) => {
      if (!live.deleted && live.imported !== true) {
        await this.apply(live, () => live.session.abandon());
        await this.record(live, 'abandon', {});
        live.deleted = true;
      }
      this.drop(id);
      return live.row.endReason;
    });
  }

  /** Drops a session from memory and erases its record. */
  async purge(id: string): Promise<void> {
    const release = await this.lock(id);
    try {
      this.drop(id);
      const deleted = await this.stored(() => this.store.deleteSession(id));
      if (!deleted) throw new NotFoundError(`no session ${id}`);
    } finally {
      release();
    }
  }

  /** Forgets the in-memory copy (the record stays; it is rebuilt on next use), once no request is using it. */
  async forget(id: string): Promise<void> {
    const release = await this.lock(id);
    this.drop(id);
    release();
  }

  /** The canonical record: the stored one once finished, else built from the (rebuilt) session. */
  async trajectoryJson(id: string): Promise<string> {
    const stored = await this.stored(() => this.store.getTrajectory(id));
    if (stored !== undefined) return stored;
    return this.use(id, (live) => JSON.stringify(this.trajectory(live)));
  }

  /** The session's trajectory, with the times of its record (not of the process that rebuilt it). */
  trajectory(live: LiveSession): Trajectory {
    const trajectory = live.session.toTrajectory();
    return {
      ...trajectory,
      startedAt: live.row.createdAt,
      endedAt: live.row.endedAt ?? trajectory.endedAt,
    };
  }

  async list(filter: SessionFilter): Promise<{ items: SessionSummary[]; total: number }> {
    return this.stored(() => this.store.listSessions(filter));
  }

  /**
   * The session's state hash, computed once per state: it hashes the whole database (milliseconds),
   * so it is kept until the next event, and shared by every session of a domain before its first tool.
   */
  stateHash(live: LiveSession): string {
    const events = live.row.eventCount;
    if (live.hash?.events === events) return live.hash.value;
    let value: string;
    if (events <= 1 && live.imported !== true) {
      // Created or just started: no tool has run, the data is the domain's own.
      value = baseHashes.get(live.session.domain) ?? live.session.stateHash();
      baseHashes.set(live.session.domain, value);
    } else {
      value = live.session.stateHash();
    }
    live.hash = { events, value };
    return value;
  }

  /** Sessions held in memory now. */
  get liveCount(): number {
    return this.live.size;
  }

  /**
   * Rebuilds a session from its stored events: the actions are replayed, the customer's turns restored.
   * An imported session has no events: it is rebuilt from its stored trajectory.
   */
  private async recover(id: string): Promise<LiveSession> {
    const row = await this.stored(() => this.store.getSession(id));
    if (row === undefined) throw new NotFoundError(`no session ${id}`);
    if (row.setup.imported !== undefined) return this.recoverImported(row);
    const events = await this.stored(() => this.store.listEvents(id));
    const { plan, customer } = await rebuildSetup(
      this.registry,
      row,
      this.env ?? process.env,
      this.modelOptions,
    );
    const live = newSession(id, plan, row.setup.maxTurns, customer);
    await replayInto(live.session, live.customer, eventSteps(events), { label: `session ${id}` });
    return {
      ...live,
      row: { ...row, eventCount: events.length },
      // Only DELETE writes an `abandon` event.
      deleted: events.some((event) => event.kind === 'abandon'),
    };
  }

  /** Rebuilds an imported (finished) session from its trajectory, as `SimulatorCore.fromTrajectory` does. */
  private async recoverImported(row: SessionRow): Promise<LiveSession> {
    const text = await this.stored(() => this.store.getTrajectory(row.id));
    if (text === undefined) throw new DataError('store', `imported session ${row.id} has no trajectory`);
    const { plan, customer } = await rebuildSetup(
      this.registry,
      row,
      this.env ?? process.env,
      this.modelOptions,
    );
    const wrapper = new ReplayingCustomer(customer);
    const session = await tooDeep(() => resumeSession(JSON.parse(text), plan.domain, wrapper));
    return { row, session, customer: wrapper, deleted: false, imported: true };
  }

  /**
   * Runs an action on the in-memory session. If it fails (the customer's model, a refused input, a bug),
   * the session may have changed part-way while nothing was stored: it is dropped from memory, so the next
   * request rebuilds it from the store exactly as it was before this one.
   */
  private async apply<T>(live: LiveSession, action: () => T | Promise<T>): Promise<T> {
    const before = progressOf(live);
    try {
      return await action();
    } catch (error) {
      // A refusal (a request the session turned down: start twice, bad arguments, an unknown message id)
      // is made before anything changes; the session stays as it is, and the next request needs no rebuild.
      if (!isRefusal(error) || progressOf(live) !== before) this.drop(live.row.id);
      throw error;
    }
  }

  /** Stores an action the session has just applied; the session is dropped from memory if that fails. */
  private async record(live: LiveSession, kind: EventKind, payload: unknown): Promise<void> {
    const at = isoNow();
    const { row } = live;
    const event = { sessionId: row.id, seq: row.eventCount, kind, at, payload };
    let change: SessionChange;
    try {
      change = this.changeOf(live);
      // Most actions leave the row as it is (a tool call on a running session): then only the event is written.
      const changed =
        change.finished ||
        change.status !== row.status ||
        change.reward !== row.reward ||
        change.endReason !== row.endReason ||
        change.endedAt !== row.endedAt;
      await this.stored(() => this.store.appendEvent(event, changed ? change : undefined));
    } catch (error) {
      // Memory is ahead of the store: forget it, so the next request rebuilds what was stored.
      this.drop(row.id);
      throw error;
    }
    live.row = {
      ...row,
      updatedAt: at,
      status: change.status,
      reward: change.reward,
      finished: change.finished,
      endReason: change.endReason,
      endedAt: change.endedAt,
      eventCount: event.seq + 1,
    };
  }

  private changeOf(live: LiveSession): SessionChange {
    const { session } = live;
    if (!session.isDone) {
      return {
        status: session.started ? 'active' : 'created',
        reward: null,
        finished: false,
        endReason: null,
        endedAt: null,
        trajectory: null,
      };
    }
    const trajectory = this.trajectory(live);
    return {
      status: 'finished',
      reward: trajectory.reward?.reward ?? null,
      finished: true,
      endReason: trajectory.endReason,
      endedAt: trajectory.endedAt,
      trajectory: JSON.stringify(trajectory),
    };
  }

  /**
   * The session as it is now, in memory (most recently used last, for eviction): rebuilt from the store
   * if it is not there, and caught up on what other processes stored if the store is shared (unless not
   * `checked`: see `use`'s `optimistic`).
   */
  private async current(id: string, checked = true): Promise<LiveSession> {
    let live = this.live.get(id);
    if (live === undefined) {
      live = await this.recover(id);
      this.rebuildCount++;
    } else if (checked && this.sharedStore && live.imported !== true) {
      live = await this.caughtUp(live);
    }
    this.keep(live);
    return live;
  }

  /** Whether the store holds events of the session that its in-memory copy has not played. */
  private async behind(live: LiveSession): Promise<boolean> {
    if (live.imported === true) return false;
    return (await this.stored(() => this.store.eventCount(live.row.id))) !== live.row.eventCount;
  }

  /** Plays on the in-memory copy the events other processes stored since; rebuilds it if that fails. */
  private async caughtUp(live: LiveSession): Promise<LiveSession> {
    const id = live.row.id;
    const known = live.row.eventCount;
    // The common case, nobody else wrote: one index lookup. Otherwise the row and the new events are read.
    const count = await this.stored(() => this.store.eventCount(id));
    if (count === known) return live;
    const row = count === undefined ? undefined : await this.stored(() => this.store.getSession(id));
    if (row === undefined) {
      this.drop(id);
      throw new NotFoundError(`no session ${id}`);
    }
    if (row.eventCount === known) return live;
    const events = row.eventCount > known ? await this.stored(() => this.store.listEvents(id, known)) : [];
    if (events.length !== row.eventCount - known || events[0]?.seq !== known) {
      this.rebuildCount++;
      return this.recover(id);
    }
    try {
      await replayInto(live.session, live.customer, eventSteps(events), { label: `session ${id}` });
    } catch {
      // The copy cannot follow (it may be part-way through): start again from the store.
      this.rebuildCount++;
      return this.recover(id);
    }
    live.row = { ...row, eventCount: known + events.length };
    if (events.some((event) => event.kind === 'abandon')) live.deleted = true;
    return live;
  }

  /** The session's lock: the place the current request took on arrival, if it has not used it yet. */
  private async lock(id: string): Promise<() => void> {
    const arrival = arrivals.getStore();
    if (arrival === undefined || arrival.id !== id || arrival.taken) return this.locks.acquire(id);
    arrival.taken = true;
    await arrival.turn.ready;
    return arrival.turn.release;
  }

  private remember(live: LiveSession): void {
    this.keep(live);
    this.trim();
  }

  /**
   * Drops the least recently used idle sessions while more are in memory than the cap, or their estimated
   * size is over the byte budget (they are rebuilt from the store when used again).
   */
  private trim(): void {
    const over = () => this.live.size > this.maxLive || this.liveBytes > this.maxLiveBytes;
    if (!over()) return;
    for (const id of this.live.keys()) {
      if (!over()) break;
      if (!this.locks.busy(id)) this.drop(id);
    }
  }

  /** Holds a session in memory as the most recently used, and counts its size. */
  private keep(live: LiveSession): void {
    const id = live.row.id;
    const held = this.live.get(id);
    if (held !== undefined) {
      this.live.delete(id);
      this.liveBytes -= held.size?.bytes ?? 0;
    }
    this.live.set(id, live);
    this.liveBytes += measure(live);
  }

  /** Lets go of a session's in-memory copy (the record stays). */
  private drop(id: string): void {
    const held = this.live.get(id);
    if (held === undefined) return;
    this.live.delete(id);
    this.liveBytes -= held.size?.bytes ?? 0;
  }

  /** Counts what the last request added to a session's size. */
  private remeasure(id: string): void {
    const held = this.live.get(id);
    if (held === undefined) return;
    const before = held.size?.bytes ?? 0;
    this.liveBytes += measure(held) - before;
  }

  /** The estimated bytes of the sessions held in memory. */
  get liveSize(): number {
    return this.liveBytes;
  }

  /** Runs a store call; a failure of the store itself (not a conflict) becomes a `StorageError` (503). */
  private async stored<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ConflictError || error instanceof InputError || error instanceof DataError)
        throw error;
      throw new StorageError((error as Error).message, { cause: error });
    }
  }
}

/** A request the session turned down (4xx) rather than a failure. */
function isRefusal(error: unknown): boolean {
  return error instanceof InputError || error instanceof ConflictError || error instanceof NotFoundError;
}

/** A session ended by DELETE, or imported finished, takes no more actions. */
function assertWritable(live: LiveSession): void {
  if (live.imported === true) {
    throw new ConflictError(
      `the session was played elsewhere (${live.row.setup.imported}) and saved finished: it takes no more actions`,
    );
  }
  if (live.deleted) {
    throw new ConflictError(
      `the session was ended by DELETE (${live.row.endReason ?? 'abandoned'}): it takes no more actions`,
    );
  }
}

/**
 * Runs `fn`, turning a stack overflow into an `InputError`: deeply nested client input is refused by
 * the schemas and parsers first, and this is the last guard should one of them miss it.
 */
async function tooDeep<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof RangeError) throw new InputError('the input is nested too deeply', { cause: error });
    throw error;
  }
}

/** The times of a step's two messages, for its event. */
function stepTimes(messages: readonly TrajectoryMessage[]): { times?: StepTimes } {
  const agentAt = messages[0]?.at;
  const replyAt = messages[1]?.at;
  return agentAt === undefined || replyAt === undefined ? {} : { times: { agentAt, replyAt } };
}

function outcomeOf(live: LiveSession, observation: string): StepOutcome {
  if (!live.session.isDone) return { observation, done: false };
  return { observation, done: true, reward: live.row.reward };
}
