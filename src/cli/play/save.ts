import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Proposal, type Trajectory, TrajectorySchema } from '../../contracts/trajectory.ts';
import { InputError } from '../../core/errors.ts';
import { dataHome } from '../../registry/index.ts';
import type { SimulatorCore } from '../../session/index.ts';

/** Where episodes go without `--save-to`: `<data home>/episodes/episodes.jsonl`. */
export function defaultEpisodesFile(): string {
  return join(dataHome(), 'episodes', 'episodes.jsonl');
}

/** The episode's canonical record, with the copilot's proposals when there were any. */
export function episodeRecord(sim: SimulatorCore, proposals: readonly Proposal[]): Trajectory {
  const record = sim.toTrajectory();
  return proposals.length === 0 ? record : TrajectorySchema.parse({ ...record, proposals: [...proposals] });
}

/** Appends the record as one JSON line to `file` (default: the data home's); returns the file's path. */
export function saveEpisode(record: Trajectory, file: string | undefined): string {
  const path = resolve(file ?? defaultEpisodesFile());
  try {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, `${JSON.stringify(record)}\n`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(`cannot save the episode to ${path} (${code})`);
  }
  return path;
}
