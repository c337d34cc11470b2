import { DataError } from '../../core/errors.ts';
import { readUserFile } from '../../core/user-file.ts';

/**
 * The episode a `--resume` file holds: a Sigma trajectory as JSON, or a JSON-lines file of them (as
 * `--save-to` writes), whose last record is taken.
 */
export function readTrajectoryFile(path: string): unknown {
  const text = readUserFile(path).trim();
  if (text === '') throw new DataError(path, 'is empty: it should hold a Sigma trajectory (JSON)');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const candidates = text.startsWith('{') && lines.length > 1 ? [lines.at(-1)!, text] : [text];
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch {
      // the next reading
    }
  }
  throw new DataError(path, 'is not JSON: it should hold a Sigma trajectory, or JSON lines of them');
}
