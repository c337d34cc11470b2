import { dictSet, neg, type PyDict, type PyNum, pyDumps } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argString, lookup, type ToolDefinition } from '../../../core/tools/tool.ts';
import { findReservation } from './records.ts';
import { reservationIdSchema } from './schema-parts.ts';

/**
 * Cancels a whole reservation: every entry of its payment history is reversed by a negative entry and the
 * status becomes `cancelled`. Like the reference, it does not check the current status, so cancelling
 * twice reverses the history again (refunds included), and it frees no seats.
 */
function invoke(db: Db, args: Readonly<PyDict>): string {
  const reservationId = argString(args, 'reservation_id');
  findReservation(db, reservationId);
  const reservation = db.edit('reservations', reservationId);
  const history = lookup<PyDict[]>(reservation, 'payment_history');
  const refunds = history.map(
    (payment): PyDict => ({
      payment_id: lookup(payment, 'payment_id'),
      amount: neg(lookup<PyNum>(payment, 'amount')),
    }),
  );
  history.push(...refunds);
  dictSet(reservation, 'status', 'cancelled');
  return pyDumps(reservation);
}

export const cancelReservationTool: ToolDefinition = {
  name: 'cancel_reservation',
  description: 'Cancel a whole reservation and refund every payment made for it to the method that paid.',
  access: 'write',
  parameters: {
    type: 'object',
    properties: { reservation_id: reservationIdSchema },
    required: ['reservation_id'],
  },
  invoke,
};
