import type { PyDict, PyValue } from '../../../../core/python/index.ts';
import type { Cabin } from '../flights.ts';

/** A way to fly that a search showed: its flights, fare per passenger in the cabin, and departure. */
export interface Offer {
  items: PyDict[];
  fare: bigint;
  departure: string;
}

export type Preference = 'cheapest' | 'earliest' | 'latest';

function fits(leg: Readonly<PyDict>, cabin: Cabin, seats: number): boolean {
  return ((leg.available_seats as PyDict)[cabin] as bigint) >= BigInt(seats);
}

function fareOf(leg: Readonly<PyDict>, cabin: Cabin): bigint {
  return (leg.prices as PyDict)[cabin] as bigint;
}

/** Offers of a `search_direct_flight` answer with enough seats in the cabin. */
export function directOffers(results: PyValue, date: string, cabin: Cabin, seats: number): Offer[] {
  return (results as PyDict[])
    .filter((leg) => fits(leg, cabin, seats))
    .map((leg) => ({
      items: [{ flight_number: leg.flight_number as string, date }],
      fare: fareOf(leg, cabin),
      departure: leg.scheduled_departure_time_est as string,
    }));
}

/**
 * Offers of a `search_onestop_flight` answer with enough seats, both legs on the same day (the search
 * shows a next-day leg with the first day's seats and fares, which a customer cannot rely on).
 */
export function oneStopOffers(results: PyValue, cabin: Cabin, seats: number): Offer[] {
  return (results as PyDict[][])
    .filter(([first, second]) => first!.date === second!.date)
    .filter((legs) => legs.every((leg) => fits(leg, cabin, seats)))
    .map((legs) => ({
      items: legs.map((leg) => ({ flight_number: leg.flight_number as string, date: leg.date as string })),
      fare: legs.reduce((total, leg) => total + fareOf(leg, cabin), 0n),
      departure: legs[0]!.scheduled_departure_time_est as string,
    }));
}

/** The one offer the preference names, or undefined when none or a tie. */
export function pickOffer(offers: readonly Offer[], preference: Preference): Offer | undefined {
  const key = (o: Offer) =>
    preference === 'cheapest'
      ? Number(o.fare)
      : Number(o.departure.slice(0, 2)) * 60 + Number(o.departure.slice(3, 5));
  const sign = preference === 'latest' ? -1 : 1;
  const sorted = [...offers].sort((a, b) => sign * (key(a) - key(b)));
  const [best, next] = sorted;
  if (best === undefined || (next !== undefined && key(next) === key(best))) return undefined;
  return best;
}

/** How the customer states the preference among `options` (a plural, e.g. 'direct flights that day'). */
export function preferenceLine(preference: Preference, options: string): string {
  if (preference === 'cheapest') return `If there are several ${options}, you take the cheapest one.`;
  return `If there are several ${options}, you take the one that leaves ${preference} in the day.`;
}
