import { EXTRA_BAG_PRICE } from '../rules.ts';
import {
  chargedBy,
  freeBagsOf,
  identify,
  isAhead,
  methodForChange,
  spokenCount,
  spokenMethod,
} from './facts.ts';
import { reservationScenario } from './reservation-scenario.ts';

/**
 * Adds checked bags to a reservation that lies ahead: bags beyond the free allowance (by membership,
 * cabin and passengers) cost $50 each, and the customer asks what they pay.
 */
export const addBaggage = reservationScenario('add-baggage', (ctx, reservation, user) => {
  if (!isAhead(ctx, reservation)) return undefined;
  const added = ctx.random.int(1, 3);
  const total = (reservation.total_baggages as bigint) + BigInt(added);
  const paidBefore = reservation.nonfree_baggages as bigint;
  const beyond = total - BigInt(freeBagsOf(user, reservation));
  const nonfree = beyond > paidBefore ? beyond : paidBefore;
  const cost = (nonfree - paidBefore) * EXTRA_BAG_PRICE;
  const method = methodForChange(ctx, user, cost);
  if (method === undefined) return undefined;
  const id = identify(ctx, reservation);
  ctx.lookUpUser(reservation.user_id as string);
  ctx.lookUpReservation(reservation.reservation_id as string);
  const charged = chargedBy(
    ctx,
    'update_reservation_baggages',
    {
      reservation_id: reservation.reservation_id as string,
      total_baggages: total,
      nonfree_baggages: nonfree,
      payment_id: method.id as string,
    },
    cost,
  );
  return {
    userId: reservation.user_id as string,
    reason: `You want to add ${spokenCount(added, 'checked bag')} to one of your reservations.`,
    known: [id.known],
    unknown: [
      ...(id.unknown === undefined ? [] : [id.unknown]),
      'You do not know how many bags travel free or how many are already on the reservation.',
    ],
    behaviour: [
      'Ask how much the extra bags cost before you agree.',
      cost > 0n
        ? `You pay with ${spokenMethod(method)}.`
        : `If there is a charge, you pay with ${spokenMethod(method)}.`,
    ],
    outputs: charged > 0n ? [charged.toString()] : [],
    writes: true,
    purpose:
      'Add checked bags, counting the free allowance of the membership and cabin, and charge the rest.',
    reservations: [reservation.reservation_id as string],
  };
});
