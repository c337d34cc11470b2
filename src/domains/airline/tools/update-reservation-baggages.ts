import { dictSet, mul, type PyDict, type PyNum, pyDumps, sub } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argString, lookup, type ToolDefinition } from '../../../core/tools/tool.ts';
import { findReservation, reservationOwnerId } from './records.ts';
import { paymentIdSchema, reservationIdSchema } from './schema-parts.ts';
import { chargeChange, recordPayment } from './update-payment.ts';

const PRICE_PER_EXTRA_BAG = 50n;

/** Python's `max(a, b)`: the first argument unless the second is strictly greater (so max(0, 0.0) is 0). */
function pyMax(a: PyNum, b: PyNum): PyNum {
  return b > a ? b : a;
}

/**
 * Sets a reservation's bag counts and charges $50 for each paid bag beyond those already paid for. As in
 * the reference, fewer bags refund nothing, and the counts are not checked against each other.
 */
function invoke(db: Db, args: Readonly<PyDict>): string {
  const reservationId = argString(args, 'reservation_id');
  const paymentId = argString(args, 'payment_id');
  const totalBaggages = args.total_baggages as PyNum;
  const nonfreeBaggages = args.nonfree_baggages as PyNum;
  const current = findReservation(db, reservationId);
  const extraBags = sub(nonfreeBaggages, lookup<PyNum>(current, 'nonfree_baggages'));
  const cost = mul(PRICE_PER_EXTRA_BAG, pyMax(0n, extraBags));
  chargeChange(db, reservationOwnerId(db, current), paymentId, cost);
  const reservation = db.edit('reservations', reservationId);
  dictSet(reservation, 'total_baggages', totalBaggages);
  dictSet(reservation, 'nonfree_baggages', nonfreeBaggages);
  recordPayment(reservation, paymentId, cost);
  return pyDumps(reservation);
}

export const updateReservationBaggagesTool: ToolDefinition = {
  name: 'update_reservation_baggages',
  description:
    'Change the number of checked bags on a reservation; each additional paid bag costs $50, charged to the given payment method.',
  access: 'write',
  parameters: {
    type: 'object',
    properties: {
      reservation_id: reservationIdSchema,
      total_baggages: { type: 'integer', description: 'New total number of checked bags.' },
      nonfree_baggages: { type: 'integer', description: 'New number of paid (non-free) checked bags.' },
      payment_id: paymentIdSchema,
    },
    required: ['reservation_id', 'total_baggages', 'nonfree_baggages', 'payment_id'],
  },
  invoke,
};
