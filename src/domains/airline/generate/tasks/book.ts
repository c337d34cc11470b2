import type { PyDict } from '../../../../core/python/index.ts';
import { AIRPORTS, spokenAirport } from '../airports.ts';
import { addDays, mayDate, spokenDate } from '../calendar.ts';
import { bookingArgs, bookingChoices, bookingTotal, choosePayment } from './booking-parts.ts';
import type { TaskContext } from './context.ts';
import { candidateUsers, methodsOf } from './facts.ts';
import {
  directOffers,
  type Offer,
  oneStopOffers,
  type Preference,
  pickOffer,
  preferenceLine,
} from './offers.ts';
import { type Constraint, type Goal, MAX_CANDIDATES, type Scenario } from './scenario.ts';

const UNKNOWN = 'You do not know flight numbers, departure times or fares.';

interface Trip {
  origin: string;
  destination: string;
  /** Searches made and the offer chosen for each direction. */
  chosen: Offer[];
  reason: string;
  behaviour: string[];
  purpose: string;
}

type TripFinder = (
  ctx: TaskContext,
  cabin: Parameters<typeof directOffers>[2],
  seats: number,
) => Trip | undefined;

function search(ctx: TaskContext, tool: string, origin: string, destination: string, date: string) {
  return ctx.callJson(tool, { origin, destination, date });
}

/** A one-way trip on a route with direct flights. */
const oneWayDirect: TripFinder = (ctx, cabin, seats) => {
  const flight = ctx.random.pick(ctx.flights.all);
  const date = mayDate(ctx.random.int(16, 29));
  const preference = ctx.random.pick<Preference>(['cheapest', 'cheapest', 'earliest', 'latest']);
  const offers = directOffers(
    search(ctx, 'search_direct_flight', flight.origin, flight.destination, date),
    date,
    cabin,
    seats,
  );
  const offer = pickOffer(offers, preference);
  if (offer === undefined) return undefined;
  return {
    origin: flight.origin,
    destination: flight.destination,
    chosen: [offer],
    reason: `You want to book a one-way trip from ${spokenAirport(flight.origin)} to ${spokenAirport(flight.destination)} on ${spokenDate(date)}.`,
    behaviour: ['You want a direct flight.', preferenceLine(preference, 'direct flights')],
    purpose:
      'Book a one-way direct flight chosen by the customer’s preference, with bags, insurance and payment as asked.',
  };
};

/** A one-way trip on a route without direct flights: the agent must fall back to one stop. */
const oneWayOneStop: TripFinder = (ctx, cabin, seats) => {
  const codes = AIRPORTS.map((a) => a.code);
  const origin = ctx.random.pick(codes);
  const destination = ctx.random.pick(codes);
  if (origin === destination || ctx.flights.direct(origin, destination).length > 0) return undefined;
  if (ctx.flights.oneStop(origin, destination).length === 0) return undefined;
  const date = mayDate(ctx.random.int(16, 28));
  search(ctx, 'search_direct_flight', origin, destination, date);
  const offers = oneStopOffers(search(ctx, 'search_onestop_flight', origin, destination, date), cabin, seats);
  const offer = pickOffer(offers, 'cheapest');
  if (offer === undefined) return undefined;
  return {
    origin,
    destination,
    chosen: [offer],
    reason: `You want to book a one-way trip from ${spokenAirport(origin)} to ${spokenAirport(destination)} on ${spokenDate(date)}.`,
    behaviour: [
      'You would rather fly direct, but if there is no direct flight, one stop on the same day is fine.',
      'Among the options, you take the cheapest one.',
    ],
    purpose:
      'Book a one-way trip that needs a connection: search direct first, then one stop, and take the cheapest.',
  };
};

/** A round trip on a route flown both ways directly. */
const roundTrip: TripFinder = (ctx, cabin, seats) => {
  const flight = ctx.random.pick(ctx.flights.all);
  if (ctx.flights.direct(flight.destination, flight.origin).length === 0) return undefined;
  const out = mayDate(ctx.random.int(16, 26));
  const back = addDays(out, ctx.random.int(2, 4));
  const preference = ctx.random.pick<Preference>(['cheapest', 'earliest', 'latest']);
  const there = directOffers(
    search(ctx, 'search_direct_flight', flight.origin, flight.destination, out),
    out,
    cabin,
    seats,
  );
  const home = directOffers(
    search(ctx, 'search_direct_flight', flight.destination, flight.origin, back),
    back,
    cabin,
    seats,
  );
  const chosen = [pickOffer(there, preference), pickOffer(home, preference)];
  if (chosen[0] === undefined || chosen[1] === undefined) return undefined;
  return {
    origin: flight.origin,
    destination: flight.destination,
    chosen: chosen as Offer[],
    reason:
      `You want to book a round trip from ${spokenAirport(flight.origin)} to ${spokenAirport(flight.destination)}, ` +
      `flying out on ${spokenDate(out)} and back on ${spokenDate(back)}.`,
    behaviour: ['You want direct flights both ways.', preferenceLine(preference, 'direct flights on a day')],
    purpose: 'Book a round trip with a direct flight each way, chosen by the customer’s preference.',
  };
};

function bookingScenario(kind: string, find: TripFinder): Scenario {
  return {
    kind,
    build(ctx: TaskContext, constraint: Constraint): Goal | undefined {
      const users = candidateUsers(ctx, constraint.userId).slice(0, MAX_CANDIDATES);
      for (const userId of users) {
        const user = ctx.user(userId);
        if (methodsOf(user).length === 0) continue;
        const mark = ctx.mark();
        for (let attempt = 0; attempt < 8; attempt++) {
          ctx.reset(mark);
          const choices = bookingChoices(ctx, user);
          ctx.lookUpUser(userId);
          const trip = find(ctx, choices.cabin, choices.passengers.length);
          if (trip === undefined) continue;
          const fare = trip.chosen.reduce((total, offer) => total + offer.fare, 0n);
          const payment = choosePayment(ctx, user, bookingTotal(choices, fare));
          if (payment === undefined) continue;
          const flights: PyDict[] = trip.chosen.flatMap((offer) => offer.items);
          const args = bookingArgs(
            userId,
            trip.origin,
            trip.destination,
            trip.chosen.length > 1,
            flights,
            choices,
            payment,
          );
          ctx.call('book_reservation', args);
          return {
            userId,
            reason: trip.reason,
            known: choices.known,
            unknown: [UNKNOWN],
            behaviour: [...trip.behaviour, ...choices.behaviour, payment.line],
            outputs: [],
            writes: true,
            purpose: trip.purpose,
            reservations: [],
          };
        }
        ctx.reset(mark);
      }
      return undefined;
    },
  };
}

export const bookOneWay = bookingScenario('book-one-way', oneWayDirect);
export const bookOneStop = bookingScenario('book-one-stop', oneWayOneStop);
export const bookRoundTrip = bookingScenario('book-round-trip', roundTrip);
