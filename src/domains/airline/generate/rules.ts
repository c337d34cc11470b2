import type { Cabin } from './flights.ts';
import type { Membership } from './users.ts';

/** The fare rules the tools apply and the policy states. */

export const MAX_PASSENGERS = 5;
export const INSURANCE_PER_PASSENGER = 30n;
export const EXTRA_BAG_PRICE = 50n;
/** Compensation per passenger for a flight the airline cancelled, and for a delayed one. */
export const CANCELLED_FLIGHT_COMPENSATION = 100n;
export const DELAYED_FLIGHT_COMPENSATION = 50n;

/** Free checked bags per passenger, by the booking user's membership and the cabin. */
export const FREE_BAGS: Readonly<Record<Membership, Readonly<Record<Cabin, number>>>> = {
  regular: { basic_economy: 0, economy: 1, business: 2 },
  silver: { basic_economy: 1, economy: 2, business: 3 },
  gold: { basic_economy: 2, economy: 3, business: 3 },
};

/** Free bags of a whole reservation. */
export function freeBags(membership: Membership, cabin: Cabin, passengers: number): number {
  return FREE_BAGS[membership][cabin] * passengers;
}
