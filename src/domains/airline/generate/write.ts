import { pyDumps } from '../../../core/python/index.ts';
import { writeFolderAtomically } from '../../shared/write-folder.ts';
import { airlinePolicy, airlineUserGuidelines } from './content.ts';
import { type AirlineDatabaseOptions, airlineDatabaseJson, generateAirlineDatabase } from './database.ts';
import { buildAirlineDomain } from './domain.ts';
import { airlineTaskRecord } from './tasks/compose.ts';
import { generateAirlineTasks } from './tasks/generate.ts';

export interface WriteAirlineOptions extends AirlineDatabaseOptions {
  /** Number of tasks (default 100). */
  tasks?: number;
  /** Replace `dir` when it exists and is not empty (default: refuse). */
  overwrite?: boolean;
}

export interface WrittenAirlineDomain {
  dir: string;
  tasks: number;
  users: number;
  flights: number;
  reservations: number;
}

/**
 * Generates an airline domain and writes it in Sigma's layout: `db.json`, `tasks.json` (one task per
 * line), `policy.md`, `user_guidelines.md` and `domain.json` naming the built-in airline toolkit. The
 * files are written to a temporary folder beside `dir` which is then renamed, so a failure leaves
 * nothing half-written.
 */
export function writeAirlineDomain(dir: string, options: WriteAirlineOptions): WrittenAirlineDomain {
  const db = generateAirlineDatabase(options);
  const sizes = {
    users: Object.keys(db.users).length,
    flights: Object.keys(db.flights).length,
    reservations: Object.keys(db.reservations).length,
  };
  const dbText = airlineDatabaseJson(db);
  const domain = buildAirlineDomain(db);
  const tasks = generateAirlineTasks({ seed: options.seed, count: options.tasks ?? 100, db, domain });
  const tasksText = `[\n${tasks.map((t) => pyDumps(airlineTaskRecord(t))).join(',\n')}\n]\n`;

  const target = writeFolderAtomically(
    dir,
    {
      'db.json': dbText,
      'tasks.json': tasksText,
      'policy.md': airlinePolicy(),
      'user_guidelines.md': airlineUserGuidelines(),
      'domain.json': `${JSON.stringify({ name: 'airline', toolkit: 'airline' })}\n`,
    },
    { overwrite: options.overwrite === true },
  );
  return { dir: target, tasks: tasks.length, ...sizes };
}
