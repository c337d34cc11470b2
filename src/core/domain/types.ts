import type { PyDict, PyValue } from '../python/index.ts';
import type { BaseData, Db, State } from '../state/index.ts';
import type { ToolDefinition } from '../tools/tool.ts';

/** One step of an agent: a tool call, or `respond` with `{ content }` for a message to the customer. */
export interface Action {
  name: string;
  kwargs: PyDict;
}

export const RESPOND_ACTION = 'respond';

/** A scenario: the customer's hidden goal and the ground truth the conversation is scored against. */
export interface Task {
  /** Stable id: the source's own id (tau2) or `<split>-<index>`. */
  id: string;
  /** The customer's user id, when the source names it. */
  userId?: string;
  /** The hidden goal the simulated customer follows. */
  instruction: string;
  /** Ground-truth actions; replaying them on a fresh state gives the expected final state. */
  actions: Action[];
  /** Strings the agent must say to the customer. */
  outputs: string[];
  /** tau2 only: the structured user scenario (persona, reason for call, known and unknown info). */
  userScenario?: PyValue;
  /** tau2 only: the task's evaluation criteria. */
  evaluationCriteria?: PyValue;
}

export type Layout = 'tau-bench' | 'tau2' | 'sigma';

export interface DomainSource {
  layout: Layout;
  /** Folder the domain was loaded from. */
  path: string;
}

export interface Domain {
  name: string;
  /** How its tools, state hash and reward behave: as tau-bench, as tau2, or as Sigma's own domains. */
  flavour: Flavour;
  source: DomainSource;
  base: BaseData;
  tools: ReadonlyMap<string, ToolDefinition>;
  policy: string;
  userGuidelines: string;
  /** Tasks by split (`test`, `train`, `dev`, or a source's own split names). */
  tasks: ReadonlyMap<string, readonly Task[]>;
  defaultSplit: string;
  /** The state hash reported in results: the flavour's (`flavour.hashState`). */
  hashState(state: State): string;
  /**
   * tau2: functions a task's environment assertions may call by name (`func_name`), besides the
   * tools. Each reads the data and returns a value (an assertion expects a boolean).
   */
  envFunctions?: ReadonlyMap<string, EnvFunction>;
}

/** A function of a domain's environment that a tau2 environment assertion calls. */
export type EnvFunction = (db: Db, args: PyDict) => PyValue;

/** A named set of tools over a known schema of tables, reusable across sources of the same domain. */
export interface ToolKit {
  name: string;
  /** The flavour of domain the tools reproduce (`tau-bench` when absent); a loader picks among its own. */
  flavour?: FlavourName;
  /** Tables a database must have for these tools. */
  tables: readonly string[];
  tools: readonly ToolDefinition[];
  /**
   * tau2: validates one record of a table into the data model's full dump (its fields in the model's
   * order, absent optional fields as `null`, ints in float fields as floats, unknown fields dropped).
   * Throws an `Error` naming the field when the record does not fit.
   */
  normaliseRecord?: (table: string, record: Readonly<PyDict>) => PyDict;
  /** tau2: functions environment assertions may call (see `Domain.envFunctions`). */
  envFunctions?: ReadonlyMap<string, EnvFunction>;
}

/**
 * How an episode ended: the customer's stop, a terminating tool (a transfer), the cap on agent
 * actions, or the player giving up.
 */
export type EndReason = 'user-stop' | 'transfer' | 'turn-limit' | 'abandoned';

export type FlavourName = 'tau-bench' | 'tau2' | 'sigma';

/** One message of a conversation as a judge reads it: texts, tool calls and their results. */
export type ConversationMessage =
  | {
      role: 'assistant' | 'user';
      content: string | null;
      toolCalls?: Array<{ id: string; name: string; arguments: Record<string, unknown>; requestor?: string }>;
    }
  | { role: 'tool'; id: string; content: string; error: boolean };

/** What a judge is asked: does each assertion hold in this conversation? */
export interface JudgeRequest {
  messages: readonly ConversationMessage[];
  assertions: readonly string[];
  abortSignal?: AbortSignal;
}

export interface JudgeVerdict {
  /** The model that judged, `provider:model`. */
  model: string;
  checks: Array<{ assertion: string; met: boolean; justification: string }>;
}

/**
 * Decides criteria written in words (tau2's natural-language assertions). Handed in by whoever builds
 * a session (a model judge lives in `src/evaluation/`); it throws when it cannot answer.
 */
export interface Judge {
  /** `provider:model`, recorded with a verdict and with a failure. */
  readonly model: string;
  judge(request: JudgeRequest): Promise<JudgeVerdict>;
}

/** An episode as it stands, for scoring. */
export interface ScoreInput {
  domain: Domain;
  task: Task;
  /** The data the agent left. */
  state: State;
  actions: readonly Action[];
  observations: readonly string[];
  /** How it ended; undefined while it runs (the score is then provisional). */
  end: EndReason | undefined;
  /** The cap on agent actions, named when the episode ended by reaching it. */
  turnCap: number;
  /** A judge is configured (it decides criteria only when the episode ends normally). */
  hasJudge: boolean;
}

/**
 * A reward with everything that explains it, as plain JSON data (the trajectory's `reward`): the
 * reward (null when nothing can be scored), the reference's own `info`, every criterion in
 * `breakdown`, and when it applies a note, whether the reward may still change, and the judge.
 */
export interface EpisodeScore {
  reward: number | null;
  info: Record<string, unknown> | null;
  breakdown: Record<string, unknown> | null;
  note?: string;
  provisional?: boolean;
  judgeModel?: string | null;
}

/**
 * Everything that differs between the references a domain can behave like (tau-bench, tau2, and
 * Sigma's own strict variant of tau-bench): the state hash, the data a task's ground truth leaves,
 * scoring, and the few rules of tool dispatch that differ. The loaders are the one place that picks
 * a flavour for a domain; everything else asks the domain's flavour.
 */
export interface Flavour {
  readonly name: FlavourName;
  /** Tool arguments outside a parameter's `enum` are refused (tau-bench accepts and writes them). */
  readonly enforceEnums: boolean;
  /** A persona file may give a ground truth of actions and outputs (tau2 scores by its own criteria). */
  readonly acceptsActionGroundTruth: boolean;
  /** The observation of a call to a tool the domain does not have. */
  unknownTool(name: string): string;
  /** The state hash reported in results. */
  hashState(state: State): string;
  /** The data the task's ground truth leaves (computed once per task; shared, never written). */
  expectedState(domain: Domain, task: Task): State;
  /** The reward as it stands, without any model. */
  score(input: ScoreInput): EpisodeScore;
  /** The final reward with the judge deciding what only a model can (flavours without such criteria score as `score`). */
  judgedScore(input: ScoreInput, judge: Judge): Promise<EpisodeScore>;
}
