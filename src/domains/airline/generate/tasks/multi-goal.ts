import { addBaggage } from './baggage.ts';
import { bookOneWay } from './book.ts';
import { cancelReservation } from './cancel.ts';
import { changeCabin } from './change-cabin.ts';
import { changeFlights } from './change-flights.ts';
import { compensateCancelled } from './compensation.ts';
import { candidateUsers } from './facts.ts';
import { updatePassengers } from './passengers.ts';
import { refuseCancel, refuseChangeBasic } from './refusals.ts';
import type { Goal, Scenario } from './scenario.ts';

/** Pairs of goals one customer may bring to a single conversation, in the order they raise them. */
const PAIRS: ReadonlyArray<readonly [Scenario, Scenario]> = [
  [addBaggage, changeCabin],
  [updatePassengers, addBaggage],
  [cancelReservation, bookOneWay],
  [refuseCancel, addBaggage],
  [compensateCancelled, updatePassengers],
  [changeFlights, updatePassengers],
  [refuseChangeBasic, changeCabin],
  [cancelReservation, changeFlights],
];

const USERS_PER_PAIR = 150;

function lowerStart(text: string): string {
  return /^(You|Your|The|One)\b/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function label(prefix: string, lines: readonly string[]): string[] {
  return lines.map((line) => `${prefix}: ${line}`);
}

/** Two goals as one: the second's facts and behaviour are labelled so the customer keeps them apart. */
export function mergeGoals(first: Goal, second: Goal): Goal {
  return {
    userId: first.userId,
    reason: `You have two requests. First, ${lowerStart(first.reason)} Second, ${lowerStart(second.reason)}`,
    known: [...label('First request', first.known), ...label('Second request', second.known)],
    unknown: [...label('First request', first.unknown), ...label('Second request', second.unknown)],
    behaviour: [
      'Raise the second request only once the first one is settled.',
      ...label('First request', first.behaviour),
      ...label('Second request', second.behaviour),
    ],
    outputs: [...first.outputs, ...second.outputs.filter((o) => !first.outputs.includes(o))],
    writes: first.writes || second.writes,
    purpose: `Two goals in one conversation. ${first.purpose} Then: ${second.purpose}`,
    reservations: [...first.reservations, ...second.reservations],
  };
}

/** One customer, two goals about different reservations (or a new booking), handled in order. */
export const multiGoal: Scenario = {
  kind: 'multi-goal',
  build(ctx, constraint) {
    for (const [a, b] of ctx.random.shuffle(PAIRS)) {
      for (const userId of candidateUsers(ctx, constraint.userId).slice(0, USERS_PER_PAIR)) {
        const mark = ctx.mark();
        const first = a.build(ctx, {
          userId,
          ...(constraint.exclude ? { exclude: constraint.exclude } : {}),
        });
        if (first === undefined) continue;
        const exclude = new Set([...(constraint.exclude ?? []), ...first.reservations]);
        const second = b.build(ctx, { userId, exclude });
        if (second !== undefined) return mergeGoals(first, second);
        ctx.reset(mark);
      }
    }
    return undefined;
  },
};
