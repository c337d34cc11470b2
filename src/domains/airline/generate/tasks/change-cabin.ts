import { CABINS, type Cabin } from '../flights.ts';
import {
  CABIN_WORDS,
  chargedBy,
  dayOfSegment,
  flightItems,
  identify,
  isAhead,
  methodForChange,
  passengersOf,
  segmentsOf,
  spokenMethod,
} from './facts.ts';
import { reservationScenario } from './reservation-scenario.ts';

/**
 * Moves every flight of a reservation (any cabin, nothing flown) to another cabin at today's fares;
 * the customer asks what it costs or saves, which the agent must say.
 */
export const changeCabin = reservationScenario('change-cabin', (ctx, reservation, user) => {
  if (!isAhead(ctx, reservation)) return undefined;
  const current = reservation.cabin as Cabin;
  const target = ctx.random.pick(CABINS.filter((c) => c !== current));
  const seats = BigInt(passengersOf(reservation).length);
  const segments = segmentsOf(reservation);
  let fares = 0n;
  let paid = 0n;
  for (const segment of segments) {
    const day = dayOfSegment(ctx, segment);
    if (((day.available_seats as Record<string, bigint>)[target] as bigint) < seats) return undefined;
    fares += (day.prices as Record<string, bigint>)[target] as bigint;
    paid += segment.price as bigint;
  }
  const cost = (fares - paid) * seats;
  const method = methodForChange(ctx, user, cost);
  if (method === undefined) return undefined;
  const id = identify(ctx, reservation);
  ctx.lookUpUser(reservation.user_id as string);
  ctx.lookUpReservation(reservation.reservation_id as string);
  const charged = chargedBy(
    ctx,
    'update_reservation_flights',
    {
      reservation_id: reservation.reservation_id as string,
      cabin: target,
      flights: flightItems(segments),
      payment_id: method.id as string,
    },
    cost,
  );
  const upgrade = CABINS.indexOf(target) > CABINS.indexOf(current);
  const amount = charged < 0n ? -charged : charged;
  const ask = amount >= 10n;
  return {
    userId: reservation.user_id as string,
    reason: upgrade
      ? `You want to upgrade every flight of one of your reservations to ${CABIN_WORDS[target]}.`
      : `You want to save money by moving every flight of one of your reservations down to ${CABIN_WORDS[target]}.`,
    known: [id.known],
    unknown: [...(id.unknown === undefined ? [] : [id.unknown]), 'You do not know the current fares.'],
    behaviour: [
      'You keep the same flights and passengers.',
      ...(ask
        ? [
            cost > 0n
              ? 'Before agreeing, ask how much the change costs in total.'
              : 'Before agreeing, ask how much money you get back in total.',
          ]
        : []),
      cost > 0n
        ? `You pay the difference with ${spokenMethod(method)}.`
        : `Any refund goes to ${spokenMethod(method)}.`,
    ],
    outputs: ask ? [amount.toString()] : [],
    writes: true,
    purpose: `Change the cabin of a whole reservation (${current} to ${target}) and state the price difference.`,
    reservations: [reservation.reservation_id as string],
  };
});
