import type { PyDict } from '../../../../core/python/index.ts';
import { spokenAirport } from '../airports.ts';
import { spokenDate, TODAY } from '../calendar.ts';
import { CANCELLED_FLIGHT_COMPENSATION, DELAYED_FLIGHT_COMPENSATION } from '../rules.ts';
import { CANCEL_REASONS, cancelGrounds } from './cancel.ts';
import type { TaskContext } from './context.ts';
import { dayOfSegment, identify, mayCompensate, passengersOf, segmentsOf } from './facts.ts';
import { reservationScenario } from './reservation-scenario.ts';

/** The first segment of a reservation whose flight has the status, as the customer describes it. */
function disrupted(ctx: TaskContext, reservation: Readonly<PyDict>, status: string): string | undefined {
  const segment = segmentsOf(reservation).find((s) => dayOfSegment(ctx, s).status === status);
  if (segment === undefined) return undefined;
  const when =
    segment.date === TODAY ? `today (${spokenDate(TODAY)})` : `on ${spokenDate(segment.date as string)}`;
  const route = `${spokenAirport(segment.origin as string)} to ${spokenAirport(segment.destination as string)}`;
  return `flight ${segment.flight_number} from ${route} ${when}`;
}

/**
 * A customer whose flight the airline cancelled complains and asks for compensation; the policy covers
 * them, so the agent sends a certificate of $100 per passenger.
 */
export const compensateCancelled = reservationScenario('compensation-cancelled', (ctx, reservation, user) => {
  const flight = disrupted(ctx, reservation, 'cancelled');
  if (flight === undefined || !mayCompensate(user, reservation)) return undefined;
  const id = identify(ctx, reservation);
  const amount = CANCELLED_FLIGHT_COMPENSATION * BigInt(passengersOf(reservation).length);
  ctx.lookUpUser(reservation.user_id as string);
  ctx.lookUpReservation(reservation.reservation_id as string);
  ctx.call('send_certificate', { user_id: reservation.user_id as string, amount });
  return {
    userId: reservation.user_id as string,
    reason: `The airline cancelled your ${flight}, and you are unhappy about it.`,
    known: [id.known, `The cancelled flight was ${flight}.`],
    unknown: id.unknown === undefined ? [] : [id.unknown],
    behaviour: [
      'Complain about the cancellation and ask explicitly for compensation.',
      'You do not want to change or cancel the reservation.',
    ],
    outputs: [],
    writes: true,
    purpose: 'Compensate a covered customer for a cancelled flight, after they ask: $100 per passenger.',
    reservations: [reservation.reservation_id as string],
  };
});

/**
 * A customer whose flight today is delayed cancels the trip (which the policy allows) and asks for
 * compensation: the agent cancels, then sends a certificate of $50 per passenger.
 */
export const compensateDelayed = reservationScenario('compensation-delayed', (ctx, reservation, user) => {
  const flight = disrupted(ctx, reservation, 'delayed');
  if (flight === undefined || !mayCompensate(user, reservation)) return undefined;
  const grounds = cancelGrounds(ctx, reservation).filter((g) => g !== 'airline-cancelled');
  if (grounds.length === 0) return undefined;
  const ground = ctx.random.pick(grounds);
  const id = identify(ctx, reservation);
  const amount = DELAYED_FLIGHT_COMPENSATION * BigInt(passengersOf(reservation).length);
  ctx.lookUpUser(reservation.user_id as string);
  ctx.lookUpReservation(reservation.reservation_id as string);
  ctx.call('cancel_reservation', { reservation_id: reservation.reservation_id as string });
  ctx.call('send_certificate', { user_id: reservation.user_id as string, amount });
  return {
    userId: reservation.user_id as string,
    reason: `Your ${flight} is delayed. Because of that you want to cancel the whole reservation, and you want compensation for the delay.`,
    known: [id.known, `The delayed flight is ${flight}.`],
    unknown: id.unknown === undefined ? [] : [id.unknown],
    behaviour: [
      `If asked for the reason of the cancellation, say that ${CANCEL_REASONS[ground]}, and that the delay makes the trip pointless.`,
      'Ask explicitly for compensation for the delay.',
    ],
    outputs: [],
    writes: true,
    purpose:
      'Cancel a trip with a delayed flight (allowed by the policy) and then compensate: $50 per passenger.',
    reservations: [reservation.reservation_id as string],
  };
});
