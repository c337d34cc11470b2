import type { Domain } from '../../../../core/domain/types.ts';
import { Random } from '../../../shared/random.ts';
import type { AirlineDatabase } from '../database.ts';
import { buildAirlineDomain } from '../domain.ts';
import { PERSONAS } from '../words.ts';
import { addBaggage } from './baggage.ts';
import { bookOneStop, bookOneWay, bookRoundTrip } from './book.ts';
import { cancelReservation } from './cancel.ts';
import { changeCabin } from './change-cabin.ts';
import { changeFlights } from './change-flights.ts';
import { compensateCancelled, compensateDelayed } from './compensation.ts';
import { type AirlineTask, composeTask } from './compose.ts';
import { TaskContext } from './context.ts';
import { multiGoal } from './multi-goal.ts';
import { updatePassengers } from './passengers.ts';
import { refuseCancel, refuseChangeBasic, refuseCompensation } from './refusals.ts';
import type { Scenario } from './scenario.ts';
import { transferBaggageClaim, transferPartlyFlown } from './transfer.ts';
import { validateAirlineTask } from './validate.ts';

/**
 * The scenario programs in the order tasks cycle through them, so that any run of this many
 * consecutive tasks covers every one (and with them every write tool).
 */
export const AIRLINE_SCENARIOS: readonly Scenario[] = [
  bookOneWay,
  cancelReservation,
  changeCabin,
  addBaggage,
  refuseCancel,
  changeFlights,
  updatePassengers,
  compensateCancelled,
  bookRoundTrip,
  transferPartlyFlown,
  refuseChangeBasic,
  multiGoal,
  bookOneStop,
  compensateDelayed,
  refuseCompensation,
  transferBaggageClaim,
];

export interface AirlineTaskOptions {
  seed: number | string;
  count: number;
  db: AirlineDatabase;
  /** The domain over `db`, when the caller has built it already (see `buildAirlineDomain`). */
  domain?: Domain;
}

/** Even-numbered tasks are for testing, odd-numbered ones for training. */
export function splitOf(n: number): string {
  return n % 2 === 0 ? 'test' : 'train';
}

/**
 * Generates `count` tasks over the database. Task n (id `airline-<seed>-<n>`) depends only on the
 * seed, n and the data, so a longer run starts with the same tasks. It runs scenario n modulo the
 * cycle, or the next one that fits the data; its ground truth comes from running the real tools on a
 * fresh state, and every task is validated (`validateAirlineTask`) before it is returned.
 */
export function generateAirlineTasks(options: AirlineTaskOptions): AirlineTask[] {
  const { seed, count } = options;
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`count must be a whole number >= 0, got ${count}`);
  const domain = options.domain ?? buildAirlineDomain(options.db);
  const tasks: AirlineTask[] = [];
  for (let n = 0; n < count; n++) {
    const random = new Random(`airline-task:${seed}:${n}`);
    const persona = random.pick(PERSONAS);
    let task: AirlineTask | undefined;
    for (let k = 0; k < AIRLINE_SCENARIOS.length && task === undefined; k++) {
      const scenario = AIRLINE_SCENARIOS[(n + k) % AIRLINE_SCENARIOS.length]!;
      const ctx = new TaskContext(domain, random.fork(scenario.kind));
      const goal = scenario.build(ctx, {});
      if (goal !== undefined)
        task = composeTask(ctx, `airline-${seed}-${n}`, splitOf(n), scenario.kind, goal, persona);
    }
    if (task === undefined) throw new RangeError(`no airline scenario fits the database (task ${n})`);
    const problems = validateAirlineTask(domain, task);
    if (problems.length > 0) throw new Error(`generated an invalid task:\n${problems.join('\n')}`);
    tasks.push(task);
  }
  return tasks;
}
