import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Trajectory } from '../../contracts/trajectory.ts';
import { InputError } from '../../core/errors.ts';
import { dataHome } from '../../registry/index.ts';
import type { SimulatorCore } from '../../session/index.ts';
import type { SessionRow } from '../../store/index.ts';

/** The data home's JSONL file, `saveEpisode`'s default (`sigma play` uses the store unless `--save-to`). */
export function defaultEpisodesFile(): string {
  return join(dataHome(), 'episodes', 'episodes.jsonl');
}

/** The store episodes go to without `--save-to` or `--store`: the one `sigma serve` uses by default. */
export function defaultStoreSpec(): string {
  return `sqlite:${join(dataHome(), 'sigma.db')}`;
}

/** Where an episode is saved: a JSONL file (`--save-to`), else a store (`--store`, default the data home's). */
export interface SaveTarget {
  saveTo?: string | undefined;
  store?: string | undefined;
}

/** The episode's canonical record (the session keeps the copilot's proposals in it). */
export function episodeRecord(sim: SimulatorCore): Trajectory {
  return sim.toTrajectory();
}

/** Saves the record where `target` says; returns a sentence saying where, for the screen. */
export async function saveEpisodeTo(
  sim: SimulatorCore,
  record: Trajectory,
  target: SaveTarget,
): Promise<{ savedTo: string; message: string }> {
  if (target.saveTo !== undefined) {
    const path = saveEpisode(record, target.saveTo);
    return { savedTo: path, message: `Saved to ${path} (episode ${record.id}).` };
  }
  const spec = target.store ?? defaultStoreSpec();
  await saveEpisodeInStore(sim, record, spec);
  // The store modules load only when a store is used.
  const { redact } = await import('../../store/index.ts');
  const where = redact(spec);
  return { savedTo: where, message: `Saved in the store ${where} as session ${record.id}.` };
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

/**
 * The store row of a finished terminal episode: imported (no events; the server rebuilds it from the
 * trajectory), with the setup the server needs to load its domain and customer again.
 */
export function importedRow(sim: SimulatorCore, record: Trajectory): SessionRow {
  const { strategy, provider, model, temperature, seed, promptVersion } = sim.customerConfig;
  const customer: SessionRow['setup']['customer'] = { strategy };
  for (const [key, value] of Object.entries({ provider, model, temperature, seed, promptVersion }))
    if (value !== undefined && value !== null) Object.assign(customer, { [key]: value });
  const { persona, personaFile, maxTurns } = sim.options;
  const endedAt = record.endedAt ?? new Date().toISOString();
  return {
    id: record.id,
    createdAt: record.startedAt,
    updatedAt: endedAt,
    domain: record.domain.name,
    split: record.task.split,
    taskIndex: record.task.index,
    taskId: record.task.id,
    setup: {
      customer,
      ...(persona === undefined ? {} : { persona }),
      ...(personaFile === undefined || sim.personaFileText === undefined
        ? {}
        : { personaFile: sim.personaFileText }),
      ...(maxTurns === undefined ? {} : { maxTurns }),
      imported: 'terminal',
    },
    status: 'finished',
    reward: record.reward?.reward ?? null,
    finished: true,
    endReason: record.endReason,
    endedAt,
    eventCount: 0,
  };
}

/** Stores the finished episode (with its proposals) in the store `spec` names, migrating it first. */
export async function saveEpisodeInStore(
  sim: SimulatorCore,
  record: Trajectory,
  spec: string,
): Promise<void> {
  const row = importedRow(sim, record);
  const { openStore, redact } = await import('../../store/index.ts');
  const { withArchive } = await import('../../archive/index.ts');
  // With AZURE_STORAGE_CONNECTION_STRING set, the episode is also archived (closing waits for it).
  const store = withArchive(openWritableStore(spec, openStore, redact), process.env, undefined, {
    log: (line) => process.stderr.write(`${line}\n`),
  });
  try {
    await store.migrate();
    await store.createSession(row, JSON.stringify(record));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `cannot save the episode in the store ${redact(spec)} (${(error as Error).message})`,
      { cause: error },
    );
  } finally {
    await store.close();
  }
}

/** Opens the store `spec` names, creating a SQLite file's folder; any failure is the user's to fix. */
function openWritableStore(
  spec: string,
  openStore: typeof import('../../store/index.ts').openStore,
  redact: (spec: string) => string,
) {
  try {
    if (spec.startsWith('sqlite:') && spec !== 'sqlite::memory:')
      mkdirSync(dirname(resolve(spec.slice('sqlite:'.length))), { recursive: true });
    return openStore(spec);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(`cannot open the store ${redact(spec)} (${why})`, { cause: error });
  }
}

/**
 * Checks before play that episodes can be saved in the store `spec` names (it opens, migrates and
 * closes it), so a bad `--store` is one line before the customer's first message, not a lost episode.
 */
export async function checkStore(spec: string): Promise<void> {
  const { openStore, redact } = await import('../../store/index.ts');
  const { withArchive } = await import('../../archive/index.ts');
  // With AZURE_STORAGE_CONNECTION_STRING set, the episode is also archived (closing waits for it).
  const store = withArchive(openWritableStore(spec, openStore, redact), process.env, undefined, {
    log: (line) => process.stderr.write(`${line}\n`),
  });
  try {
    await store.migrate();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot use the store ${redact(spec)} (${(error as Error).message})`, {
      cause: error,
    });
  } finally {
    await store.close().catch(() => {});
  }
}
