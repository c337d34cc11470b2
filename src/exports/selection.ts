import { createHash } from 'node:crypto';
import {
  type Annotation,
  ERROR_SOURCES,
  ERROR_TYPES,
  type ErrorSource,
  type ErrorType,
  RATINGS,
  type Rating,
} from '../contracts/annotation.ts';
import type { Trajectory, TrajectoryMessage } from '../contracts/trajectory.ts';
import { InputError } from '../core/errors.ts';
import { agentAuthorship } from './chat.ts';

/** Which trajectories an export takes (every field optional: no field, no condition). */
export interface ExportFilters {
  domains?: string[];
  splits?: string[];
  taskIds?: string[];
  /** Inclusive bounds on the reward; scored episodes only. */
  rewardMin?: number;
  rewardMax?: number;
  /** `true`: only unscored episodes (custom personas, no ground truth); `false`: only scored ones. */
  unscored?: boolean;
  /** `finished`: ended other than by abandoning; `abandoned`; `any` (the default) takes both. */
  ended?: 'finished' | 'abandoned' | 'any';
  /** Who played the agent: only people, only models (and recordings), or both in one episode. */
  author?: 'human' | 'model' | 'mixed';
  /** ISO 8601 bounds on when the episode started: `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  /** Drop episodes whose conversation repeats one already taken (default true). */
  dedupe?: boolean;
  /**
   * Reviewers' notes (on the trajectory or any of its messages). `true`: only trajectories with at least
   * one note; `false`: only those with none.
   */
  annotated?: boolean;
  /** Only trajectories with a note of one of these ratings. */
  ratings?: Rating[];
  /** Leave out trajectories with a note of one of these ratings ("exclude those marked bad"). */
  excludeRatings?: Rating[];
  /** Only trajectories with a note naming one of these error sources (tau2-bench's: agent, user, system). */
  errorSources?: ErrorSource[];
  /** Only trajectories with a note naming one of these error types (tau2-bench's). */
  errorTypes?: ErrorType[];
}

/** Whether the filters read reviewers' notes. */
export function needsAnnotations(f: ExportFilters): boolean {
  return (
    f.annotated !== undefined ||
    f.ratings !== undefined ||
    f.excludeRatings !== undefined ||
    f.errorSources !== undefined ||
    f.errorTypes !== undefined
  );
}

function checkList(name: string, values: readonly string[] | undefined, allowed: readonly string[]): void {
  if (values === undefined) return;
  if (!Array.isArray(values) || values.length === 0)
    throw new InputError(`--${name} needs at least one of ${allowed.join(', ')}`);
  for (const v of values)
    if (!allowed.includes(v))
      throw new InputError(`--${name} must be one of ${allowed.join(', ')}, got "${v}"`);
}

/** A train/validation split by task: no task is in both; the same seed gives the same split. */
export interface SplitOptions {
  /** The share of tasks held out for validation, 0 (no validation file) to 1. */
  validation: number;
  seed: number;
}

export function checkFilters(f: ExportFilters): void {
  checkList('rating', f.ratings, RATINGS);
  checkList('exclude-rating', f.excludeRatings, RATINGS);
  checkList('error-source', f.errorSources, ERROR_SOURCES);
  checkList('error-type', f.errorTypes, ERROR_TYPES);
  const both = f.ratings?.find((r) => f.excludeRatings?.includes(r));
  if (both !== undefined)
    throw new InputError(`--rating ${both} and --exclude-rating ${both} exclude each other`);
  if (
    f.annotated === false &&
    (f.ratings !== undefined || f.errorSources !== undefined || f.errorTypes !== undefined)
  )
    throw new InputError(
      '--not-annotated takes trajectories without notes: it cannot be combined with --rating, --error-source or --error-type',
    );
  for (const [name, value] of [
    ['reward-min', f.rewardMin],
    ['reward-max', f.rewardMax],
  ] as const)
    if (value !== undefined && !Number.isFinite(value))
      throw new InputError(`--${name} must be a number, got ${value}`);
  if (f.rewardMin !== undefined && f.rewardMax !== undefined && f.rewardMin > f.rewardMax)
    throw new InputError(`--reward-min ${f.rewardMin} is above --reward-max ${f.rewardMax}`);
  if (f.unscored === true && (f.rewardMin !== undefined || f.rewardMax !== undefined))
    throw new InputError(
      '--unscored takes episodes without a reward: it cannot be combined with --reward-min/--reward-max',
    );
  for (const [name, value] of [
    ['from', f.from],
    ['to', f.to],
  ] as const)
    if (value !== undefined && Number.isNaN(Date.parse(value)))
      throw new InputError(`--${name} must be a date or time (ISO 8601, e.g. 2026-12-01), got "${value}"`);
}

export function checkSplit(s: SplitOptions): void {
  if (!(s.validation >= 0 && s.validation <= 1))
    throw new InputError(`--validation must be a share from 0 to 1, got ${s.validation}`);
  if (!Number.isInteger(s.seed)) throw new InputError(`--seed must be a whole number, got ${s.seed}`);
}

/**
 * Why a trajectory is not taken, or undefined when it is. `notes` are its reviewers' notes, read when
 * `needsAnnotations(f)`.
 */
export function rejection(
  t: Trajectory,
  f: ExportFilters,
  notes: readonly Annotation[] = [],
): string | undefined {
  if (f.domains !== undefined && !f.domains.includes(t.domain.name)) return 'domain';
  if (f.splits !== undefined && !f.splits.includes(t.task.split)) return 'split';
  if (f.taskIds !== undefined && !f.taskIds.includes(t.task.id)) return 'task';
  const reward = t.reward?.reward ?? null;
  if (f.unscored === true && reward !== null) return 'scored';
  if (f.unscored === false && reward === null) return 'unscored';
  if (f.rewardMin !== undefined && (reward === null || reward < f.rewardMin)) return 'reward';
  if (f.rewardMax !== undefined && (reward === null || reward > f.rewardMax)) return 'reward';
  const ended = f.ended ?? 'any';
  if (t.endReason === null) return 'not ended';
  if (ended === 'finished' && t.endReason === 'abandoned') return 'abandoned';
  if (ended === 'abandoned' && t.endReason !== 'abandoned') return 'finished';
  if (f.author !== undefined && agentAuthorship(t) !== f.author) return 'author';
  if (f.from !== undefined && Date.parse(t.startedAt) < Date.parse(f.from)) return 'date';
  if (f.to !== undefined && Date.parse(t.startedAt) >= Date.parse(f.to)) return 'date';
  if (f.annotated === true && notes.length === 0) return 'not annotated';
  if (f.annotated === false && notes.length > 0) return 'annotated';
  if (
    f.excludeRatings !== undefined &&
    notes.some((n) => n.rating !== undefined && f.excludeRatings!.includes(n.rating))
  )
    return 'rating excluded';
  if (f.ratings !== undefined && !notes.some((n) => n.rating !== undefined && f.ratings!.includes(n.rating)))
    return 'rating';
  if (
    f.errorSources !== undefined &&
    !notes.some((n) => n.errorSource !== undefined && f.errorSources!.includes(n.errorSource))
  )
    return 'error source';
  if (
    f.errorTypes !== undefined &&
    !notes.some((n) => n.errorType !== undefined && f.errorTypes!.includes(n.errorType))
  )
    return 'error type';
  return undefined;
}

/**
 * The content of an episode, for de-duplication: the same conversation with the same authors and the
 * same decisions (proposals, taken-back turns) has the same digest, whatever its ids and times.
 */
export function conversationDigest(t: Trajectory): string {
  const hash = createHash('sha256');
  const message = (m: TrajectoryMessage) => {
    hash.update(`${m.role}\u0000${m.content ?? ''}\u0000`);
    if (m.role === 'assistant')
      hash.update(`${m.author}\u0000${JSON.stringify(m.tool_calls?.map((c) => c.function) ?? [])}`);
    hash.update('\u0001');
  };
  hash.update(JSON.stringify([t.domain.name, t.task.split, t.task.id, t.persona, t.customer.strategy]));
  for (const m of t.messages) message(m);
  for (const p of t.proposals ?? [])
    hash.update(JSON.stringify([p.proposal, p.decision, p.final ?? null, p.context.length]));
  for (const entry of t.takenBack ?? []) {
    hash.update(`${entry.by}\u0002`);
    for (const m of entry.messages) message(m);
  }
  return hash.digest('base64');
}

/** Which split a task goes to: decided by the task alone (and the seed), so no task is in both. */
export function splitOf(t: Trajectory, s: SplitOptions): 'train' | 'validation' {
  if (s.validation <= 0) return 'train';
  const digest = createHash('sha256')
    .update(`${s.seed}\u0000${t.domain.name}\u0000${t.task.split}\u0000${t.task.id}`)
    .digest();
  return digest.readUInt32BE(0) / 2 ** 32 < s.validation ? 'validation' : 'train';
}
