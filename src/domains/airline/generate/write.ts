import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../../../core/errors.ts';
import { pyDumps } from '../../../core/python/index.ts';
import { airlinePolicy, airlineUserGuidelines } from './content.ts';
import { type AirlineDatabaseOptions, airlineDatabaseJson, generateAirlineDatabase } from './database.ts';
import { buildAirlineDomain } from './domain.ts';
import { airlineTaskRecord } from './tasks/compose.ts';
import { generateAirlineTasks } from './tasks/generate.ts';

export interface WriteAirlineOptions extends AirlineDatabaseOptions {
  /** Number of tasks (default 100). */
  tasks?: number;
  /** Replace `dir` when it exists (default: refuse). */
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
  const target = resolve(dir);
  if (existsSync(target) && options.overwrite !== true) {
    throw new InputError(`${dir} already exists (choose another folder, or overwrite it)`);
  }
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

  mkdirSync(dirname(target), { recursive: true });
  const temporary = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(temporary);
    writeFileSync(join(temporary, 'db.json'), dbText);
    writeFileSync(join(temporary, 'tasks.json'), tasksText);
    writeFileSync(join(temporary, 'policy.md'), airlinePolicy());
    writeFileSync(join(temporary, 'user_guidelines.md'), airlineUserGuidelines());
    writeFileSync(
      join(temporary, 'domain.json'),
      `${JSON.stringify({ name: 'airline', toolkit: 'airline' })}\n`,
    );
    if (existsSync(target)) {
      const old = `${temporary}-old`;
      renameSync(target, old);
      renameSync(temporary, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(temporary, target);
    }
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  return { dir: target, tasks: tasks.length, ...sizes };
}
