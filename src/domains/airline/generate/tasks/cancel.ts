import type { PyDict } from '../../../../core/python/index.ts';
import type { TaskContext } from './context.ts';
import { identify, isFlown, isRecent, statuses } from './facts.ts';
import { reservationScenario } from './reservation-scenario.ts';

/** Why the policy lets a reservation be cancelled. */
export type CancelGround = 'recent' | 'airline-cancelled' | 'business' | 'insurance';

/** Every ground on which the reservation may be cancelled now (none once a flight has taken off). */
export function cancelGrounds(ctx: TaskContext, reservation: Readonly<PyDict>): CancelGround[] {
  if (isFlown(ctx, reservation)) return [];
  const grounds: CancelGround[] = [];
  if (isRecent(reservation)) grounds.push('recent');
  if (statuses(ctx, reservation).includes('cancelled')) grounds.push('airline-cancelled');
  if (reservation.cabin === 'business') grounds.push('business');
  if (reservation.insurance === 'yes') grounds.push('insurance');
  return grounds;
}

/** What the customer says when asked why they cancel, by ground. */
export const CANCEL_REASONS: Readonly<Record<CancelGround, string>> = {
  recent: 'your plans have changed; you booked it less than a day ago',
  'airline-cancelled': 'the airline cancelled one of its flights',
  business: 'your plans have changed',
  insurance: 'you have fallen ill and cannot travel',
};

/** Cancels a reservation the policy allows to cancel, for one of its grounds. */
export const cancelReservation = reservationScenario('cancel', (ctx, reservation) => {
  const grounds = cancelGrounds(ctx, reservation);
  if (grounds.length === 0) return undefined;
  const ground = ctx.random.pick(grounds);
  const id = identify(ctx, reservation);
  ctx.lookUpUser(reservation.user_id as string);
  ctx.lookUpReservation(reservation.reservation_id as string);
  ctx.call('cancel_reservation', { reservation_id: reservation.reservation_id as string });
  return {
    userId: reservation.user_id as string,
    reason: `You want to cancel one of your reservations and get a refund, because ${CANCEL_REASONS[ground]}.`,
    known: [id.known],
    unknown: id.unknown === undefined ? [] : [id.unknown],
    behaviour: [
      `If asked for the reason, say that ${CANCEL_REASONS[ground]}.`,
      'The refund goes back to the original payment method.',
    ],
    outputs: [],
    writes: true,
    purpose: `Cancel a reservation that the policy allows to cancel (ground: ${ground}).`,
    reservations: [reservation.reservation_id as string],
  };
});
