import {
  add,
  cloneValue,
  mul,
  type PyDict,
  type PyNum,
  pyDumps,
  scalarRepr,
  sub,
  sum,
} from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argList, argString, lookup, type ToolDefinition, ToolError } from '../../../core/tools/tool.ts';
import { findUser } from '../../shared/records.ts';
import { priceSegment } from './flight-segment.ts';
import {
  cabinSchema,
  flightItemSchema,
  passengerItemSchema,
  paymentItemSchema,
  userIdSchema,
} from './schema-parts.ts';

/** The reference books at a fixed moment, so a replay always stores the same creation time. */
const BOOKING_TIME = '2024-05-15T15:00:00';

/**
 * The reference gives new reservations fixed ids, trying three in turn; when all three exist the last one
 * is overwritten (it assumes a task books at most three reservations).
 */
const NEW_RESERVATION_IDS = ['HATHAT', 'HATHAU', 'HATHAV'] as const;

const INSURANCE_PER_PASSENGER = 30n;
const PRICE_PER_EXTRA_BAG = 50n;

function newReservationId(db: Db): string {
  return NEW_RESERVATION_IDS.find((id) => !db.has('reservations', id)) ?? 'HATHAV';
}

function invoke(db: Db, args: Readonly<PyDict>): string {
  const userId = argString(args, 'user_id');
  const user = findUser(db, userId);
  const cabin = argString(args, 'cabin');
  const passengers = cloneValue(argList<PyDict>(args, 'passengers'));
  const payments = cloneValue(argList<PyDict>(args, 'payment_methods'));
  const nonfreeBaggages = args.nonfree_baggages as PyNum;
  const reservationId = newReservationId(db);
  const reservation: PyDict = {
    reservation_id: reservationId,
    user_id: userId,
    origin: args.origin as string,
    destination: args.destination as string,
    // not checked against its enum: the reference stores whatever it is given
    flight_type: args.flight_type as string,
    cabin,
    flights: cloneValue(argList<PyDict>(args, 'flights')),
    passengers,
    payment_history: payments,
    created_at: BOOKING_TIME,
    total_baggages: args.total_baggages as PyNum,
    nonfree_baggages: nonfreeBaggages,
    insurance: args.insurance as string,
  };

  const seats = BigInt(passengers.length);
  let totalPrice: PyNum = 0n;
  for (const segment of reservation.flights as PyDict[]) {
    const price = priceSegment(db, segment, cabin, passengers.length);
    totalPrice = add(totalPrice, mul(price, seats));
  }
  if (reservation.insurance === 'yes') totalPrice = add(totalPrice, mul(INSURANCE_PER_PASSENGER, seats));
  totalPrice = add(totalPrice, mul(PRICE_PER_EXTRA_BAG, nonfreeBaggages));

  const methods = lookup<PyDict>(user, 'payment_methods');
  for (const payment of payments) {
    const paymentId = payment.payment_id as string;
    if (!Object.hasOwn(methods, paymentId)) throw new ToolError(`payment method ${paymentId} not found`);
    const method = methods[paymentId] as PyDict;
    const source = lookup(method, 'source');
    if (
      (source === 'gift_card' || source === 'certificate') &&
      lookup<PyNum>(method, 'amount') < (payment.amount as PyNum)
    ) {
      throw new ToolError(`not enough balance in payment method ${paymentId}`);
    }
  }
  const paid = sum(payments.map((payment) => payment.amount as PyNum));
  // exact across ints and floats (100 == 100.0), as Python compares them
  if (!(paid <= totalPrice && paid >= totalPrice)) {
    throw new ToolError(
      `payment amount does not add up, total price is ${scalarRepr(totalPrice)}, but paid ${scalarRepr(paid)}`,
    );
  }

  const editable = db.edit('users', userId);
  const ownMethods = lookup<PyDict>(editable, 'payment_methods');
  for (const payment of payments) {
    const paymentId = payment.payment_id as string;
    // A payment id listed twice after its certificate was used up fails here, as the reference's KeyError;
    // unlike the reference, nothing of this call is kept then.
    const method = lookup<PyDict>(ownMethods, paymentId);
    const source = lookup(method, 'source');
    if (source === 'gift_card') method.amount = sub(lookup<PyNum>(method, 'amount'), payment.amount as PyNum);
    else if (source === 'certificate') delete ownMethods[paymentId];
  }

  db.put('reservations', reservationId, reservation);
  lookup<string[]>(editable, 'reservations').push(reservationId);
  return pyDumps(reservation);
}

export const bookReservationTool: ToolDefinition = {
  name: 'book_reservation',
  description:
    "Book a new reservation for a user: checks each flight's availability and seats in the cabin, prices " +
    'the trip (fares, insurance, extra bags), and charges the given payment methods, which must add up to the total.',
  access: 'write',
  parameters: {
    type: 'object',
    properties: {
      user_id: userIdSchema,
      origin: { type: 'string', description: "IATA code of the trip's origin airport, e.g. 'SFO'." },
      destination: {
        type: 'string',
        description: "IATA code of the trip's destination airport, e.g. 'JFK'.",
      },
      flight_type: { type: 'string', description: 'One way or round trip.', enum: ['one_way', 'round_trip'] },
      cabin: cabinSchema,
      flights: {
        type: 'array',
        description: 'Every flight segment of the trip, in order.',
        items: flightItemSchema,
      },
      passengers: {
        type: 'array',
        description: 'The travellers on the reservation.',
        items: passengerItemSchema,
      },
      payment_methods: {
        type: 'array',
        description: 'How the total is paid: saved payment methods and the amount charged to each.',
        items: paymentItemSchema,
      },
      total_baggages: { type: 'integer', description: 'Number of checked bags on the reservation.' },
      nonfree_baggages: { type: 'integer', description: 'Number of those bags that are paid for.' },
      insurance: { type: 'string', description: 'Whether travel insurance is bought.', enum: ['yes', 'no'] },
    },
    required: [
      'user_id',
      'origin',
      'destination',
      'flight_type',
      'cabin',
      'flights',
      'passengers',
      'payment_methods',
      'total_baggages',
      'nonfree_baggages',
      'insurance',
    ],
  },
  invoke,
};
