import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Domain } from '../../core/domain/types.ts';
import { InputError } from '../../core/errors.ts';
import type { RunSummary } from '../../runs/index.ts';
import type { RunStore, SessionStore } from '../../store/index.ts';

/** The run's summary beside the tau2 results: the object `sigma run --json` prints. */
export const RUN_SUMMARY_FILE = 'summary.json';
const TAKEN = ['manifest.json', 'results.json', RUN_SUMMARY_FILE];

/**
 * Refuses an `--out` folder before anything is planned or played: a file, or a folder holding another
 * export or another run's results. The same run's folder (`--resume`, `--status`) is written again.
 */
export function checkRunOut(dir: string, runId: string | undefined): void {
  const root = resolve(dir);
  if (!existsSync(root)) return;
  if (!statSync(root).isDirectory()) throw new InputError(`--out ${root} is a file, not a folder`);
  const taken = TAKEN.filter((name) => existsSync(join(root, name)));
  if (taken.length === 0) return;
  if (runId !== undefined && summaryRunId(join(root, RUN_SUMMARY_FILE)) === runId) return;
  throw new InputError(
    `--out ${root} already holds ${taken.includes(RUN_SUMMARY_FILE) ? 'another run' : 'an export'} (${taken.join(', ')}): choose an empty folder (or the same run's folder with --resume or --status)`,
  );
}

function summaryRunId(path: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { runId?: string }).runId;
  } catch {
    return undefined;
  }
}

/**
 * Writes a run into a folder: tau2's `results.json` (with the export's `manifest.json` and dataset card,
 * so `sigma export --check` reads it) through the tau2-results export format, one simulation per stored
 * attempt in task and trial order, and the run's summary as `summary.json`.
 */
export async function writeRunOut(
  dir: string,
  run: {
    summary: RunSummary;
    runStore: RunStore;
    sessions: Pick<SessionStore, 'getTrajectory'>;
    domain: Domain;
  },
): Promise<string> {
  const { exportTrajectories } = await import('../../exports/index.ts');
  const { summary, runStore, sessions, domain } = run;
  const attempts = await runStore.listAttempts(summary.runId);
  async function* trajectories(): AsyncGenerator<string> {
    for (const attempt of attempts) {
      const text = await sessions.getTrajectory(attempt.sessionId);
      if (text !== undefined) yield text;
    }
  }
  checkRunOut(dir, summary.runId);
  const { location } = await exportTrajectories({
    format: 'tau2-results',
    source: trajectories(),
    out: dir,
    // Every attempt is a simulation, trials that played alike included; the folder is this run's.
    filters: { dedupe: false },
    force: true,
    domain: async (name) => (name === domain.name ? domain : undefined),
  });
  const staged = join(location, `.${RUN_SUMMARY_FILE}.tmp`);
  writeFileSync(staged, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(staged, join(location, RUN_SUMMARY_FILE));
  return location;
}
