import type { PyDict } from '../../../../core/python/index.ts';
import { spokenAirport } from '../airports.ts';
import { dayOf, mayDate, spokenDate } from '../calendar.ts';
import type { Cabin } from '../flights.ts';
import {
  flightItems,
  identify,
  isAhead,
  methodForChange,
  passengersOf,
  segmentsOf,
  spokenMethod,
} from './facts.ts';
import { directOffers, type Preference, pickOffer, preferenceLine } from './offers.ts';
import { reservationScenario } from './reservation-scenario.ts';

/**
 * Moves one direct flight of a reservation (not basic economy, nothing flown) to another date: the
 * agent searches, keeps the other segment and the cabin, and settles the fare difference.
 */
export const changeFlights = reservationScenario('change-flights', (ctx, reservation, user) => {
  if (reservation.cabin === 'basic_economy' || !isAhead(ctx, reservation)) return undefined;
  const segments = segmentsOf(reservation);
  const roundTrip = reservation.flight_type === 'round_trip';
  if (segments.length !== (roundTrip ? 2 : 1)) return undefined;
  const which = roundTrip ? ctx.random.int(0, 1) : 0;
  const old = segments[which]!;
  const low = roundTrip && which === 1 ? dayOf(segments[0]!.date as string) + 1 : 16;
  const high = roundTrip && which === 0 ? dayOf(segments[1]!.date as string) - 1 : 30;
  const days = [];
  for (let day = low; day <= high; day++) if (day !== dayOf(old.date as string)) days.push(day);
  if (days.length === 0) return undefined;
  const date = mayDate(ctx.random.pick(days));
  const cabin = reservation.cabin as Cabin;
  const seats = passengersOf(reservation).length;
  const id = identify(ctx, reservation);
  const preference = ctx.random.pick<Preference>(['cheapest', 'cheapest', 'earliest', 'latest']);
  ctx.lookUpUser(reservation.user_id as string);
  ctx.lookUpReservation(reservation.reservation_id as string);
  const found = ctx.callJson('search_direct_flight', {
    origin: old.origin as string,
    destination: old.destination as string,
    date,
  });
  const offer = pickOffer(directOffers(found, date, cabin, seats), preference);
  if (offer === undefined) return undefined;
  const cost = (offer.fare - (old.price as bigint)) * BigInt(seats);
  const method = methodForChange(ctx, user, cost);
  if (method === undefined) return undefined;
  const flights: PyDict[] = flightItems(segments);
  flights[which] = offer.items[0]!;
  ctx.call('update_reservation_flights', {
    reservation_id: reservation.reservation_id as string,
    cabin,
    flights,
    payment_id: method.id as string,
  });
  const from = spokenDate(old.date as string);
  const to = spokenDate(date);
  const route = `${spokenAirport(old.origin as string)} to ${spokenAirport(old.destination as string)}`;
  let reason = `You need to move your flight from ${route} from ${from} to ${to}.`;
  if (roundTrip) {
    reason =
      which === 0
        ? `You need to fly out from ${route} on ${to} instead of ${from}, keeping your return flight as it is.`
        : `You need to fly back from ${route} on ${to} instead of ${from}, keeping your outbound flight as it is.`;
  }
  return {
    userId: reservation.user_id as string,
    reason,
    known: [id.known],
    unknown: [
      ...(id.unknown === undefined ? [] : [id.unknown]),
      'You do not know the new flight numbers or fares.',
    ],
    behaviour: [
      'You keep the same cabin and want a direct flight.',
      preferenceLine(preference, 'direct flights that day'),
      `Any fare difference is charged to, or refunded to, ${spokenMethod(method)}.`,
    ],
    outputs: [],
    writes: true,
    purpose:
      'Change the date of one flight of a changeable reservation, keeping the rest, and settle the fare difference.',
    reservations: [reservation.reservation_id as string],
  };
});
