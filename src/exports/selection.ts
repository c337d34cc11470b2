import { createHash } from 'node:crypto';
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
}

/** A train/validation split by task: no task is in both; the same seed gives the same split. */
export interface SplitOptions {
  /** The share of tasks held out for validation, 0 (no validation file) to 1. */
  validation: number;
  seed: number;
}

export function checkFilters(f: ExportFilters): void {
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

/** Why a trajectory is not taken, or undefined when it is. */
export function rejection(t: Trajectory, f: ExportFilters): string | undefined {
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
