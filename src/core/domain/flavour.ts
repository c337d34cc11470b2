import type { State } from '../state/index.ts';
import type { Action, Domain, Task } from './types.ts';

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
