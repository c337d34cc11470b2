import { EventEmitter } from 'node:events';
import type { Author, Proposal, Trajectory, TrajectoryMessage } from '../contracts/trajectory.ts';
import type { CustomerConfig } from '../core/customer/types.ts';
import type { Domain, Judge, Task } from '../core/domain/types.ts';
import { ConflictError, InputError } from '../core/errors.ts';
import type { ModelClient, ModelUsage } from '../core/model/types.ts';
import type { RecordDiff } from '../core/state/index.ts';
import { readUserFile } from '../core/user-file.ts';
import { modelJudge } from '../evaluation/tau2/index.ts';
import { createModelClient, resolveModelSpec } from '../llm/index.ts';
import { DomainRegistry } from '../registry/index.ts';
import { customerTurnsFromTraj } from '../users/index.ts';
import { type ChosenCustomer, type CustomerChoice, chooseCustomer } from './customer-choice.ts';
import { checkEpisodeChoice, planEpisode } from './episode-plan.ts';
import { resumeSession } from './replay.ts';
import {
  type FinalResult,
  SIMULATOR_EVENTS,
  type SimulatorEvents,
  SimulatorSession,
  type StepOutcome,
} from './simulator-session.ts';

/** The options of the original tool's `SimulatorCore`, in TypeScript spelling. */
export interface SimulatorCoreOptions extends CustomerChoice {
  /** Domain name: `retail`, `airline`, `retail@tau-bench`, or a folder name under `data`. */
  envName: string;
  /** Task to play; by default one is drawn at random (reproducibly with `seed`). */
  taskIndex?: number;
  /** Task split (default: the domain's, usually `test`). */
  taskSplit?: string;
  /** Seed for drawing the task when `taskIndex` is not given. */
  seed?: number;
  /** A custom customer goal that replaces the task's: the episode then has no ground truth. */
  persona?: string;
  /** A persona file (see `readPersonaFile`): custom goal, records and optional ground truth. */
  personaFile?: string;
  /** A domain folder, or a folder of domain folders, whose domains take precedence. */
  data?: string;
  /** Sigma's data home (fetched domains); default `SIGMA_HOME` or the XDG data folder. */
  home?: string;
  /** Cap on agent actions; reaching it ends the episode (default 100). */
  maxTurns?: number;
  /** A registry to share between simulators (loaded domains are then reused). */
  registry?: DomainRegistry;
  /**
   * tau2 domains: the model that judges the task's natural-language assertions, as a ready client or
   * a name (`openai:gpt-4o`). Without one they are reported as not judged and the reward is provisional.
   */
  judge?: Judge | ModelClient | string;
}

/**
 * The library face of Sigma, as the original tool offered it: name a domain and a customer, `start()`,
 * then act as the agent with `respondToUser` and `callTool` until `isDone`, and read `getFinalResult()`.
 * Everything can be taken back (`undo`, `rollbackTo`), restoring the data and the customer's memory.
 * Emits the session's events (`user-message`, `agent-message`, `tool-call`, `tool-result`,
 * `session-end`).
 */
export class SimulatorCore extends EventEmitter<SimulatorEvents> {
  readonly options: Readonly<SimulatorCoreOptions>;
  /** Why the customer is the one it is, when the options did not say (e.g. scripted, no key). */
  notice: string | undefined;
  /** The persona file's content as it was read when the episode started. */
  personaFileText: string | undefined;
  private current: SimulatorSession | undefined;
  private starting = false;

  constructor(options: SimulatorCoreOptions) {
    super();
    if (options === null || typeof options !== 'object') throw new InputError('SimulatorCore needs options');
    if (typeof options.envName !== 'string' || options.envName === '') {
      throw new InputError('envName is required: the domain to play, e.g. "retail"');
    }
    if (options.taskIndex !== undefined && !(Number.isInteger(options.taskIndex) && options.taskIndex >= 0)) {
      throw new InputError(`taskIndex must be a whole number >= 0, got ${String(options.taskIndex)}`);
    }
    checkEpisodeChoice(options);
    this.options = Object.freeze({ ...options });
  }

  /** Loads the domain, builds the customer and returns the customer's opening message. */
  async start(): Promise<string> {
    if (this.current !== undefined || this.starting)
      throw new ConflictError('the simulator has already started');
    this.starting = true;
    try {
      const options = this.options;
      const registry = options.registry ?? new DomainRegistry(registryOptions(options));
      // Read once: the episode and its saved record keep this content, whatever happens to the file.
      const personaFileText =
        options.personaFile === undefined ? undefined : readUserFile(options.personaFile);
      const { domain, split, taskIndex, persona, scenario } = planEpisode(
        await registry.get(options.envName),
        {
          ...options,
          ...(personaFileText === undefined
            ? {}
            : { personaFileText, personaFileSource: options.personaFile }),
        },
      );
      const chosen = chooseCustomer(options);
      this.notice = chosen.notice;
      this.personaFileText = personaFileText;
      const session = this.adopt(
        new SimulatorSession({
          domain,
          split,
          taskIndex,
          customer: chosen.customer,
          ...(persona === undefined ? {} : { persona }),
          ...(scenario === undefined ? {} : { scenario }),
          ...(options.maxTurns === undefined ? {} : { maxTurns: options.maxTurns }),
          ...(options.judge === undefined ? {} : { judge: judgeOf(options) }),
        }),
      );
      return await session.start();
    } catch (error) {
      this.current = undefined;
      throw error;
    } finally {
      this.starting = false;
    }
  }

  /**
   * Continues a recorded episode (a Sigma trajectory): the agent's actions are replayed on a fresh state
   * and the customer's memory restored, so it goes on exactly where it stopped. The customer is rebuilt
   * from the recorded configuration (a model customer needs its key; `model` may supply the client).
   */
  static async fromTrajectory(
    record: Trajectory | unknown,
    options: Omit<SimulatorCoreOptions, 'envName' | 'taskIndex' | 'taskSplit' | 'persona' | 'personaFile'> & {
      envName?: string;
    } = {},
  ): Promise<SimulatorCore> {
    const recorded = readRecorded(record);
    const envName = options.envName ?? recorded.domain;
    const registry = options.registry ?? new DomainRegistry(registryOptions(options));
    const domain = await registry.get(envName);
    const config = recorded.customer;
    const chosen: ChosenCustomer = chooseCustomer({
      ...options,
      userStrategy: config.strategy,
      ...(config.model !== undefined && options.model === undefined
        ? { userModel: config.model, userProvider: config.provider }
        : {}),
      ...(config.strategy === 'replay' && options.replay === undefined
        ? { replay: { turns: customerTurnsFromTraj(recorded.messages) } }
        : {}),
    });
    const core = new SimulatorCore({ ...options, envName, registry });
    core.adopt(await resumeSession(record, domain, chosen.customer, maxTurnsOf(options)));
    return core;
  }

  /** The session, once started. */
  get session(): SimulatorSession {
    if (this.current === undefined)
      throw new ConflictError('the simulator has not started: call start() first');
    return this.current;
  }

  get started(): boolean {
    return this.current !== undefined;
  }

  get isDone(): boolean {
    return this.current?.isDone ?? false;
  }

  get domain(): Domain {
    return this.session.domain;
  }

  get task(): Task {
    return this.session.task;
  }

  get taskIndex(): number {
    return this.session.taskIndex;
  }

  get split(): string {
    return this.session.split;
  }

  get customerConfig(): CustomerConfig {
    return this.session.customerConfig;
  }

  get history(): readonly TrajectoryMessage[] {
    return this.current?.history ?? [];
  }

  /** Sends a message to the customer; the observation is the customer's reply. `author`: who wrote it. */
  async respondToUser(text: string, author: Author = 'human'): Promise<StepOutcome> {
    return this.session.respondToUser(text, author);
  }

  /** Calls a domain tool; `args` is an object or its JSON text. `author`: who decided the call. */
  async callTool(
    name: string,
    args: Record<string, unknown> | string = {},
    author: Author = 'human',
  ): Promise<StepOutcome> {
    return this.session.callTool(name, args, author);
  }

  /** What the episode has changed in the data so far, field by field. */
  changes(): RecordDiff[] {
    return this.session.changes();
  }

  /** Records a copilot's proposal and the decision on it (kept in the trajectory, even after an undo). */
  recordProposal(proposal: Proposal): void {
    this.session.recordProposal(proposal);
  }

  get proposals(): readonly Proposal[] {
    return this.current?.proposals ?? [];
  }

  /** Adds model usage spent by whoever plays the agent (a copilot, an LLM agent), apart from the customer's. */
  addAgentUsage(usage: ModelUsage): void {
    this.session.addAgentUsage(usage);
  }

  /** Takes back the last action (a message with its reply, or a tool call). */
  undo(): ReturnType<SimulatorSession['undo']> {
    return this.session.undo();
  }

  rollbackTo(messageId: string): void {
    this.session.rollbackTo(messageId);
  }

  /**
   * Has a model customer write its reply to the agent's last message again, told `note` for that reply
   * ("be less cooperative"); the replaced reply is kept in the trajectory's `regenerated`.
   */
  async regenerateReply(note?: string): Promise<StepOutcome> {
    return this.session.regenerateReply(note);
  }

  abandon(): FinalResult {
    return this.session.abandon();
  }

  getFinalResult(): FinalResult {
    return this.session.getFinalResult();
  }

  stateHash(): string {
    return this.session.stateHash();
  }

  toTrajectory(): Trajectory {
    return this.session.toTrajectory();
  }

  private adopt(session: SimulatorSession): SimulatorSession {
    this.current = session;
    for (const name of SIMULATOR_EVENTS) {
      session.on(name, (...args: unknown[]) =>
        (this.emit as (n: string, ...a: unknown[]) => boolean)(name, ...args),
      );
    }
    return session;
  }
}

/** The judge the options name: a ready judge, a model client, or a model name (`openai:gpt-4o`). */
function judgeOf(options: SimulatorCoreOptions): Judge {
  const judge = options.judge!;
  if (typeof judge === 'object' && 'judge' in judge) return judge;
  const client =
    typeof judge === 'string'
      ? createModelClient(resolveModelSpec({ model: judge }), {
          ...options.modelOptions,
          env: options.env ?? process.env,
          role: 'judge',
        })
      : judge;
  return modelJudge(client);
}

function maxTurnsOf(options: { maxTurns?: number }) {
  return options.maxTurns === undefined ? {} : { maxTurns: options.maxTurns };
}

function registryOptions(options: { data?: string; home?: string }) {
  return {
    ...(options.data === undefined ? {} : { data: options.data }),
    ...(options.home === undefined ? {} : { home: options.home }),
  };
}

interface Recorded {
  domain: string;
  customer: CustomerConfig;
  messages: unknown[];
}

/** The few fields `fromTrajectory` needs before the full check in `SimulatorSession.resume`. */
function readRecorded(record: unknown): Recorded {
  const r = record as Partial<Trajectory> | null;
  if (
    r === null ||
    typeof r !== 'object' ||
    typeof r.domain?.name !== 'string' ||
    typeof r.customer !== 'object'
  ) {
    throw new InputError('not a Sigma trajectory: it needs "domain.name" and "customer"');
  }
  return { domain: r.domain.name, customer: r.customer as CustomerConfig, messages: r.messages ?? [] };
}
