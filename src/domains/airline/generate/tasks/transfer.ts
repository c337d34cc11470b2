import { spokenDate } from '../calendar.ts';
import { dayOfSegment, identify, segmentsOf, statuses } from './facts.ts';
import { reservationScenario } from './reservation-scenario.ts';

const ACCEPT = 'If the agent offers to pass you to a human agent, accept.';

/** The customer wants to cancel the rest of a trip that has partly flown: only a human can help. */
export const transferPartlyFlown = reservationScenario('transfer-partly-flown', (ctx, reservation) => {
  const seen = statuses(ctx, reservation);
  if (!seen.includes('landed') || !seen.includes('available')) return undefined;
  const id = identify(ctx, reservation);
  const reservationId = reservation.reservation_id as string;
  ctx.lookUpUser(reservation.user_id as string);
  ctx.lookUpReservation(reservationId);
  ctx.call('transfer_to_human_agents', {
    summary: `The customer wants to cancel the remaining flights of reservation ${reservationId}, part of which has already been flown.`,
  });
  return {
    userId: reservation.user_id as string,
    reason:
      'You have already flown part of one of your trips, and you want to cancel the flights that remain and get a refund for them.',
    known: [id.known],
    unknown: id.unknown === undefined ? [] : [id.unknown],
    behaviour: [ACCEPT],
    outputs: [],
    writes: false,
    purpose: 'A trip that has partly flown cannot be cancelled with the tools: transfer to a human agent.',
    reservations: [reservationId],
  };
});

/** The customer reports a bag that did not arrive: no tool handles claims, so the agent transfers. */
export const transferBaggageClaim = reservationScenario('transfer-baggage-claim', (ctx, reservation) => {
  if ((reservation.total_baggages as bigint) === 0n) return undefined;
  const landed = segmentsOf(reservation).filter((s) => dayOfSegment(ctx, s).status === 'landed');
  const segment = landed.at(-1);
  if (segment === undefined) return undefined;
  const flight = `flight ${segment.flight_number} on ${spokenDate(segment.date as string)}`;
  const id = identify(ctx, reservation);
  ctx.lookUpUser(reservation.user_id as string);
  ctx.lookUpReservation(reservation.reservation_id as string);
  ctx.call('transfer_to_human_agents', {
    summary: `The customer's checked bag did not arrive after ${flight} (reservation ${reservation.reservation_id}); they want to file a claim.`,
  });
  return {
    userId: reservation.user_id as string,
    reason: `One of your checked bags did not arrive after your ${flight}, and you want to file a claim.`,
    known: [id.known],
    unknown: id.unknown === undefined ? [] : [id.unknown],
    behaviour: [ACCEPT],
    outputs: [],
    writes: false,
    purpose: 'A lost-bag claim is outside what the tools can do: transfer to a human agent.',
    reservations: [reservation.reservation_id as string],
  };
});
