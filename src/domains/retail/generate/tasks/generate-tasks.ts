import { InputError } from '../../../../core/errors.ts';
import { Random } from '../../../shared/random.ts';
import type { RetailDatabase } from '../database.ts';
import { buildRetailDomain } from '../domain.ts';
import { type BuiltTask, buildTask } from './build-task.ts';
import { type ProgramName, WRITE_PROGRAMS } from './programs/index.ts';
import type { RetailTask } from './types.ts';
import { validateRetailTask } from './validate.ts';

/** The scenario of task n is `ROTATION[n % length]`: every kind occurs in any 12 consecutive tasks. */
const ROTATION = [
  'cancel',
  'order-items',
  'return',
  'exchange',
  'refusal',
  'order-address',
  'order-payment',
  'user-address',
  'multi',
  'transfer',
  'refusal',
  'multi',
] as const;

type Kind = (typeof ROTATION)[number];

const ATTEMPTS = 60;
/** Attempts that insist on a customer no earlier task is about. */
const FRESH_CUSTOMER_ATTEMPTS = 20;

export interface RetailTaskOptions {
  seed: number | string;
  count: number;
  db: RetailDatabase;
  /** Share of tasks in the `test` split (the rest are `train`); default 0.5. */
  testShare?: number;
}

/**
 * Generates `count` retail tasks over `db`. Task n depends only on the seed, the database and the
 * tasks before it (so a longer run extends a shorter one), and is called `retail-<seed>-<n>`. Every
 * task is validated (see `validateRetailTask`); the first 12 cover every scenario, and so every write
 * tool.
 */
export function generateRetailTasks(options: RetailTaskOptions): RetailTask[] {
  const { seed, count } = options;
  if (!Number.isInteger(count) || count < 0)
    throw new InputError(`count: expected a whole number, got ${count}`);
  const testShare = options.testShare ?? 0.5;
  const domain = buildRetailDomain(options.db);
  const customers = new Set<string>();
  const tasks: RetailTask[] = [];
  for (let n = 0; n < count; n++) {
    const random = new Random(`sigma-retail-tasks:${seed}:${n}`);
    const slot = { id: `retail-${seed}-${n}`, split: random.chance(testShare) ? 'test' : 'train' } as const;
    const preferred = ROTATION[n % ROTATION.length]!;
    const kinds = [preferred, ...ROTATION.filter((k) => k !== preferred)];
    let built: BuiltTask | null = null;
    for (const kind of kinds) {
      for (let attempt = 0; attempt < ATTEMPTS && built === null; attempt++) {
        const fresh = (userId: string) => attempt >= FRESH_CUSTOMER_ATTEMPTS || !customers.has(userId);
        built = buildTask(domain, random, programsOf(kind, random), slot, fresh);
      }
      if (built !== null) break;
    }
    if (built === null) throw new InputError(`the database is too small to generate task ${slot.id}`);
    const { task, state } = built;
    const problems = validateRetailTask(domain, task, state);
    if (problems.length > 0) throw new Error(`generated task ${task.id} is invalid: ${problems.join('; ')}`);
    customers.add(task.userId);
    tasks.push(task);
  }
  return tasks;
}

/** The programs of a task: one, or for `multi` two different ones about the same customer. */
function programsOf(kind: Kind, random: Random): ProgramName[] {
  if (kind !== 'multi') return [kind];
  const first = random.pick(WRITE_PROGRAMS);
  const second = random.pick([...WRITE_PROGRAMS.filter((p) => p !== first), 'refusal'] as ProgramName[]);
  return [first, second];
}
