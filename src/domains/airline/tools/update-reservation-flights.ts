import {
  add,
  cloneValue,
  dictSet,
  mul,
  type PyDict,
  type PyNum,
  pyDumps,
  sub,
  sum,
} from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argList, argString, lookup, type ToolDefinition } from '../../../core/tools/tool.ts';
import { fillSegment, priceSegment } from './flight-segment.ts';
import { findReservation, reservationOwnerId } from './records.ts';
import { cabinSchema, flightItemSchema, paymentIdSchema, reservationIdSchema } from './schema-parts.ts';
import { chargeChange, recordPayment } from './update-payment.ts';

/**
 * Replaces a reservation's flights. A segment the reservation already has, in the same cabin, keeps the
 * price it was bought at; any other is checked and priced like a booking. The difference with the old
 * total is charged (or, when negative, refunded) to the payment method.
 *
 * Reproduced from the reference on purpose: the reservation's `cabin` field is not changed (the new cabin
 * only prices the segments), and no seats are taken from or given back to the flights.
 */
function invoke(db: Db, args: Readonly<PyDict>): string {
  const reservationId = argString(args, 'reservation_id');
  const cabin = argString(args, 'cabin');
  const paymentId = argString(args, 'payment_id');
  const current = findReservation(db, reservationId);
  const oldFlights = lookup<PyDict[]>(current, 'flights');
  const passengerCount = lookup<PyDict[]>(current, 'passengers').length;
  const seats = BigInt(passengerCount);

  const flights = cloneValue(argList<PyDict>(args, 'flights'));
  let cost: PyNum = 0n;
  for (const segment of flights) {
    const kept = oldFlights.find(
      (old) =>
        lookup(old, 'flight_number') === segment.flight_number &&
        lookup(old, 'date') === segment.date &&
        cabin === lookup(current, 'cabin'),
    );
    let price: PyNum;
    if (kept === undefined) {
      price = priceSegment(db, segment, cabin, passengerCount);
    } else {
      price = lookup<PyNum>(kept, 'price');
      fillSegment(segment, price, lookup(kept, 'origin'), lookup(kept, 'destination'));
    }
    cost = add(cost, mul(price, seats));
  }
  const oldTotal = sum(oldFlights.map((old) => lookup<PyNum>(old, 'price')));
  cost = sub(cost, mul(oldTotal, seats));

  chargeChange(db, reservationOwnerId(db, current), paymentId, cost);
  const reservation = db.edit('reservations', reservationId);
  dictSet(reservation, 'flights', flights);
  recordPayment(reservation, paymentId, cost);
  return pyDumps(reservation);
}

export const updateReservationFlightsTool: ToolDefinition = {
  name: 'update_reservation_flights',
  description:
    "Change a reservation's flights or cabin. Give the complete new itinerary, including segments that do not " +
    'change; the fare difference is charged to, or refunded on, the given payment method.',
  access: 'write',
  parameters: {
    type: 'object',
    properties: {
      reservation_id: reservationIdSchema,
      cabin: cabinSchema,
      flights: {
        type: 'array',
        description: 'Every flight segment of the new itinerary, in order, including unchanged ones.',
        items: flightItemSchema,
      },
      payment_id: paymentIdSchema,
    },
    required: ['reservation_id', 'cabin', 'flights', 'payment_id'],
  },
  invoke,
};
