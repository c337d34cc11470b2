import { extendDomain } from '../core/domain/extend.ts';
import type { Domain } from '../core/domain/types.ts';
import { cloneValue, dictKeys, type PyDict } from '../core/python/index.ts';
import { FlightIndex } from '../domains/airline/generate/itinerary.ts';
import { generateReservations } from '../domains/airline/generate/reservations.ts';
import { composeTask } from '../domains/airline/generate/tasks/compose.ts';
import { TaskContext } from '../domains/airline/generate/tasks/context.ts';
import { AIRLINE_SCENARIOS } from '../domains/airline/generate/tasks/generate.ts';
import { generateUsers } from '../domains/airline/generate/users.ts';
import { PERSONAS } from '../domains/airline/generate/words.ts';
import type { Random } from '../domains/shared/random.ts';
import type { OfflineDraft } from './offline-types.ts';
import { fitRecord } from './record-shape.ts';

/** The airline kinds a scenario is drawn from: every task program but the transfers. */
export const AIRLINE_KINDS: readonly string[] = AIRLINE_SCENARIOS.map((s) => s.kind).filter(
  (kind) => !kind.startsWith('transfer'),
);

/**
 * One airline scenario draft: a new customer (made by the database generator) with a few reservations
 * on the airline's own flights, and a goal for them from Sigma's task programs, whose ground truth
 * comes from running the real tools on the domain plus the new records. Null when the drawn records
 * collide with existing ids or fit no program of the kind.
 */
export function draftAirline(domain: Domain, random: Random, kind: string): OfflineDraft | null {
  const scenario = AIRLINE_SCENARIOS.find((s) => s.kind === kind);
  if (scenario === undefined) return null;
  const users = domain.base.table('users');
  const taken = new Set<string>(users.ids);
  for (const user of users.records.values())
    for (const method of dictKeys(user.payment_methods as PyDict)) taken.add(method);
  const table = generateUsers(random, 1);
  const [userId] = Object.keys(table);
  const drawn = table[userId!] as PyDict;
  if (taken.has(userId!) || dictKeys(drawn.payment_methods as PyDict).some((m) => taken.has(m))) return null;
  // The reservation generator takes seats from the flights it books: it gets its own copy.
  const flights = domain.base.table('flights');
  const copy: PyDict = {};
  for (const id of flights.ids) copy[id] = cloneValue(flights.records.get(id) as PyDict);
  let reservations: PyDict;
  try {
    reservations = generateReservations(random, random.int(1, 3), new FlightIndex(copy), table);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
  // The generator lists the reservations in the customer's record: it is made whole after that.
  const user = fitRecord(domain, 'users', drawn, userId!);
  for (const id of Object.keys(reservations))
    reservations[id] = fitRecord(domain, 'reservations', reservations[id] as PyDict);
  const existing = domain.base.table('reservations');
  if (Object.keys(reservations).some((id) => existing.records.has(id))) return null;
  const extended = extendDomain(domain, {
    records: new Map([
      ['users', [[userId!, cloneValue(user)]]],
      [
        'reservations',
        Object.keys(reservations).map((id): [string, PyDict] => [id, cloneValue(reservations[id] as PyDict)]),
      ],
    ]),
  });
  const ctx = new TaskContext(extended, random.fork(kind));
  let goal: ReturnType<typeof scenario.build>;
  try {
    goal = scenario.build(ctx, { userId: userId! });
  } catch {
    // A program that finds the drawn records do not fit (a ground-truth call refused) draws again.
    return null;
  }
  if (goal === undefined) return null;
  const task = composeTask(ctx, 'scenario', 'test', kind, goal, random.pick(PERSONAS));
  return {
    kind,
    userId: userId!,
    customer: { user_id: userId!, ...user },
    records: { reservations },
    instruction: task.instruction,
    actions: task.actions,
    outputs: task.outputs,
    refusal: !task.writes,
  };
}
