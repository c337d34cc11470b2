import type { PyDict } from '../../../../core/python/index.ts';
import { spokenAirport } from '../airports.ts';
import { DAY_BEFORE_NOW, spokenDate } from '../calendar.ts';
import type { Cabin } from '../flights.ts';
import { freeBags } from '../rules.ts';
import type { Membership, Person } from '../users.ts';
import type { TaskContext } from './context.ts';

/** Facts about records that scenarios and their texts need, read from a task's current state. */

export const CABIN_WORDS: Readonly<Record<Cabin, string>> = {
  basic_economy: 'basic economy',
  economy: 'economy',
  business: 'business',
};

export function segmentsOf(reservation: Readonly<PyDict>): PyDict[] {
  return reservation.flights as PyDict[];
}

export function passengersOf(reservation: Readonly<PyDict>): Person[] {
  return reservation.passengers as Person[];
}

export function fullName(person: { readonly first_name?: unknown; readonly last_name?: unknown }): string {
  return `${person.first_name} ${person.last_name}`;
}

export function userName(user: Readonly<PyDict>): string {
  return fullName(user.name as PyDict);
}

/** The flight's record for a segment's date. */
export function dayOfSegment(ctx: TaskContext, segment: Readonly<PyDict>): PyDict {
  return (ctx.flight(segment.flight_number as string).dates as PyDict)[segment.date as string] as PyDict;
}

export function statuses(ctx: TaskContext, reservation: Readonly<PyDict>): string[] {
  return segmentsOf(reservation).map((s) => dayOfSegment(ctx, s).status as string);
}

/** Some segment has taken off. */
export function isFlown(ctx: TaskContext, reservation: Readonly<PyDict>): boolean {
  return statuses(ctx, reservation).some((s) => s === 'landed' || s === 'flying');
}

/** Every segment is still on sale: the whole trip lies ahead. */
export function isAhead(ctx: TaskContext, reservation: Readonly<PyDict>): boolean {
  return statuses(ctx, reservation).every((s) => s === 'available');
}

export function isCancelled(reservation: Readonly<PyDict>): boolean {
  return reservation.status === 'cancelled';
}

/** Booked less than 24 hours before the current time. */
export function isRecent(reservation: Readonly<PyDict>): boolean {
  return (reservation.created_at as string) > DAY_BEFORE_NOW;
}

export function membershipOf(user: Readonly<PyDict>): Membership {
  return user.membership as Membership;
}

/** Whether the policy lets the user be compensated for a disrupted flight on this reservation. */
export function mayCompensate(user: Readonly<PyDict>, reservation: Readonly<PyDict>): boolean {
  return (
    membershipOf(user) !== 'regular' || reservation.insurance === 'yes' || reservation.cabin === 'business'
  );
}

export function freeBagsOf(user: Readonly<PyDict>, reservation: Readonly<PyDict>): number {
  return freeBags(membershipOf(user), reservation.cabin as Cabin, passengersOf(reservation).length);
}

export function methodsOf(user: Readonly<PyDict>, source?: string): PyDict[] {
  const methods = Object.values(user.payment_methods as PyDict) as PyDict[];
  return source === undefined ? methods : methods.filter((m) => m.source === source);
}

/**
 * A saved method to charge (or refund) `cost` for a change: a credit card, or a gift card that covers
 * the cost. Undefined when the user has neither.
 */
export function methodForChange(ctx: TaskContext, user: Readonly<PyDict>, cost: bigint): PyDict | undefined {
  const cards = methodsOf(user, 'credit_card');
  const gifts = methodsOf(user, 'gift_card').filter((g) => (g.amount as bigint) >= cost);
  const options = ctx.random.chance(0.75) && cards.length > 0 ? cards : [...cards, ...gifts];
  return options.length === 0 ? undefined : ctx.random.pick(options);
}

/** How a customer names a saved payment method. */
export function spokenMethod(method: Readonly<PyDict>): string {
  if (method.source === 'credit_card')
    return `your ${method.brand} credit card ending in ${method.last_four}`;
  if (method.source === 'gift_card') return `your gift card ${method.id} (balance $${method.amount})`;
  return `your $${method.amount} travel certificate ${method.id}`;
}

export function spokenCount(count: number, one: string, many = `${one}s`): string {
  const words = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  return `${words[count] ?? String(count)} ${count === 1 ? one : many}`;
}

/** 'the trip from Boston (BOS) to Atlanta (ATL) on May 21' (and the return date for a round trip). */
export function spokenTrip(reservation: Readonly<PyDict>): string {
  const segments = segmentsOf(reservation);
  const from = spokenAirport(reservation.origin as string);
  const to = spokenAirport(reservation.destination as string);
  const out = spokenDate(segments[0]!.date as string);
  if (reservation.flight_type !== 'round_trip') return `the trip from ${from} to ${to} on ${out}`;
  const back = segments.find((_, i) => i > 0 && segments[i - 1]!.destination === reservation.destination);
  return `the round trip from ${from} to ${to}, leaving ${out} and returning ${spokenDate(back!.date as string)}`;
}

export interface Identification {
  known: string;
  unknown?: string;
}

/**
 * How the customer identifies a reservation: mostly by its id; sometimes only by the trip, when no
 * other reservation of the user has the same route and first date.
 */
export function identify(ctx: TaskContext, reservation: Readonly<PyDict>): Identification {
  const id = reservation.reservation_id as string;
  const key = (r: Readonly<PyDict>) => `${r.origin}-${r.destination}-${segmentsOf(r)[0]!.date}`;
  const user = ctx.user(reservation.user_id as string);
  const twins = (user.reservations as string[]).filter(
    (other) => key(ctx.reservation(other)) === key(reservation),
  );
  if (twins.length > 1 || ctx.random.chance(0.7)) return { known: `The reservation id is ${id}.` };
  return {
    known: `The reservation is ${spokenTrip(reservation)}.`,
    unknown: 'You do not remember the reservation id.',
  };
}

/** Reservation ids to consider, in random order: one user's, or everyone's. */
export function candidateReservations(
  ctx: TaskContext,
  userId?: string,
  exclude?: ReadonlySet<string>,
): string[] {
  const ids = userId === undefined ? ctx.reservationIds() : [...(ctx.user(userId).reservations as string[])];
  return ctx.random.shuffle(ids.filter((id) => !exclude?.has(id)));
}

/** User ids to consider, in random order. */
export function candidateUsers(ctx: TaskContext, userId?: string): string[] {
  return userId === undefined ? ctx.random.shuffle(ctx.userIds()) : [userId];
}

/** `{flight_number, date}` items of a reservation's flights, as the update tool takes them. */
export function flightItems(segments: readonly Readonly<PyDict>[]): PyDict[] {
  return segments.map((s) => ({ flight_number: s.flight_number as string, date: s.date as string }));
}

/**
 * Runs a reservation update and returns what the tool charged (negative: refunded), read from the
 * payment history it returns; a figure other than `expected` means the scenario misread the rules.
 */
export function chargedBy(ctx: TaskContext, tool: string, kwargs: PyDict, expected: bigint): bigint {
  const before = (ctx.reservation(kwargs.reservation_id as string).payment_history as PyDict[]).length;
  const history = (ctx.callJson(tool, kwargs) as PyDict).payment_history as PyDict[];
  const charged = history.length > before ? (history.at(-1)!.amount as bigint) : 0n;
  if (charged !== expected) throw new Error(`${tool} charged ${charged}, the scenario expected ${expected}`);
  return charged;
}
