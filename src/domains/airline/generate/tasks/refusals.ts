import { spokenDate } from '../calendar.ts';
import { cancelGrounds } from './cancel.ts';
import { dayOfSegment, identify, isAhead, mayCompensate, segmentsOf } from './facts.ts';
import { reservationScenario } from './reservation-scenario.ts';

const ACCEPT =
  'If the agent refuses, ask once whether an exception is possible, then accept the answer and end the conversation.';

/**
 * The customer wants to cancel a reservation the policy does not let them cancel (booked more than a
 * day ago, not business, no airline cancellation, and no insurance or a reason it does not cover).
 */
export const refuseCancel = reservationScenario('refuse-cancel', (ctx, reservation) => {
  if (!isAhead(ctx, reservation)) return undefined;
  const grounds = cancelGrounds(ctx, reservation);
  if (grounds.some((g) => g !== 'insurance')) return undefined;
  const insured = grounds.includes('insurance');
  const why = insured ? 'you found a cheaper trip with another airline' : 'your plans have changed';
  const id = identify(ctx, reservation);
  ctx.lookUpUser(reservation.user_id as string);
  ctx.lookUpReservation(reservation.reservation_id as string);
  return {
    userId: reservation.user_id as string,
    reason: `You want to cancel one of your reservations and get your money back, because ${why}.`,
    known: [id.known],
    unknown: [
      ...(id.unknown === undefined ? [] : [id.unknown]),
      'You do not know the airline’s cancellation rules.',
    ],
    behaviour: [
      `If asked for the reason, say that ${why}.`,
      ACCEPT,
      'You do not want any other change to the reservation.',
    ],
    outputs: [],
    writes: false,
    purpose: `Refuse a cancellation the policy does not allow (${insured ? 'insurance does not cover the reason' : 'no insurance, booked over a day ago'}): nothing changes.`,
    reservations: [reservation.reservation_id as string],
  };
});

/** The customer wants to move a basic economy flight to another day, which the policy forbids. */
export const refuseChangeBasic = reservationScenario('refuse-change-basic', (ctx, reservation) => {
  if (reservation.cabin !== 'basic_economy' || !isAhead(ctx, reservation)) return undefined;
  const first = segmentsOf(reservation)[0]!;
  const date = spokenDate(first.date as string);
  const later = ctx.random.int(1, 2);
  const id = identify(ctx, reservation);
  ctx.lookUpUser(reservation.user_id as string);
  ctx.lookUpReservation(reservation.reservation_id as string);
  return {
    userId: reservation.user_id as string,
    reason: `You want to move the first flight of one of your reservations, on ${date}, ${later === 1 ? 'one day' : 'two days'} later.`,
    known: [id.known],
    unknown: id.unknown === undefined ? [] : [id.unknown],
    behaviour: [ACCEPT, 'You do not want to change the cabin or cancel the reservation.'],
    outputs: [],
    writes: false,
    purpose: 'Refuse to change the flights of a basic economy reservation: nothing changes.',
    reservations: [reservation.reservation_id as string],
  };
});

/** A customer the policy does not cover asks for compensation for a cancelled flight. */
export const refuseCompensation = reservationScenario('refuse-compensation', (ctx, reservation, user) => {
  if (mayCompensate(user, reservation)) return undefined;
  const segment = segmentsOf(reservation).find((s) => dayOfSegment(ctx, s).status === 'cancelled');
  if (segment === undefined) return undefined;
  const flight = `flight ${segment.flight_number} on ${spokenDate(segment.date as string)}`;
  const id = identify(ctx, reservation);
  ctx.lookUpUser(reservation.user_id as string);
  ctx.lookUpReservation(reservation.reservation_id as string);
  return {
    userId: reservation.user_id as string,
    reason: `The airline cancelled your ${flight}, and you want compensation for the trouble.`,
    known: [id.known, `The cancelled flight was ${flight}.`],
    unknown: id.unknown === undefined ? [] : [id.unknown],
    behaviour: [ACCEPT, 'You do not want to change or cancel the reservation.'],
    outputs: [],
    writes: false,
    purpose: 'Refuse compensation to a regular member without insurance in (basic) economy: nothing changes.',
    reservations: [reservation.reservation_id as string],
  };
});
