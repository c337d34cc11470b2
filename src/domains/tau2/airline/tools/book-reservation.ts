import {
  add,
  compare,
  dictSet,
  mul,
  type PyDict,
  type PyNum,
  pyDumps,
  scalarRepr,
  sub,
  sum,
} from '../../../../core/python/index.ts';
import type { Db } from '../../../../core/state/index.ts';
import { argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../airline/index.ts';
import { flightInfoModel, passengerModel, paymentModel } from '../data-model.ts';
import { bookableInstance, getFlight, getUser, newReservationId } from '../lookups.ts';
import { intArg, modelList, tau2PaymentItemSchema } from './arguments.ts';

const BOOKING_TIME = '2024-05-15T15:00:00';
const INSURANCE_PER_PASSENGER = 30n;
const PRICE_PER_EXTRA_BAG = 50n;

/**
 * tau2's booking. Differences from tau-bench's: a fourth booking in one conversation is refused ("Too
 * many reservations") instead of overwriting the third; the seats sold are taken from each flight's
 * date (tau-bench leaves the flights untouched); payments are stored as whole-dollar ints; the texts
 * are capitalised and name the flight or payment method.
 */
function invoke(db: Db, args: Readonly<PyDict>): string {
  const flights = modelList(args, 'flights', flightInfoModel);
  const passengers = modelList(args, 'passengers', passengerModel);
  const payments = modelList(args, 'payment_methods', paymentModel);
  const userId = argString(args, 'user_id');
  const user = getUser(db, userId);
  const reservationId = newReservationId(db);
  const cabin = argString(args, 'cabin');
  const insurance = argString(args, 'insurance');
  const nonfreeBaggages = intArg(args, 'nonfree_baggages');
  const seats = BigInt(passengers.length);

  const segments: PyDict[] = [];
  const sold: Array<{ flightNumber: string; date: string }> = [];
  let totalPrice: PyNum = 0n;
  for (const info of flights) {
    const flightNumber = info.flight_number as string;
    const date = info.date as string;
    const flight = getFlight(db, flightNumber);
    const instance = bookableInstance(db, flightNumber, date, cabin, passengers.length);
    const price = lookup<PyNum>(lookup<PyDict>(instance, 'prices'), cabin);
    segments.push({
      flight_number: flightNumber,
      origin: lookup(flight, 'origin'),
      destination: lookup(flight, 'destination'),
      date,
      price,
    });
    sold.push({ flightNumber, date });
    totalPrice = add(totalPrice, mul(price, seats));
  }
  if (insurance === 'yes') totalPrice = add(totalPrice, mul(INSURANCE_PER_PASSENGER, seats));
  totalPrice = add(totalPrice, mul(PRICE_PER_EXTRA_BAG, nonfreeBaggages));

  const methods = lookup<PyDict>(user, 'payment_methods');
  for (const entry of payments) {
    const paymentId = entry.payment_id as string;
    if (!Object.hasOwn(methods, paymentId)) throw new ToolError(`Payment method ${paymentId} not found`);
    const method = methods[paymentId] as PyDict;
    const source = lookup(method, 'source');
    if (
      (source === 'gift_card' || source === 'certificate') &&
      compare(lookup<PyNum>(method, 'amount'), entry.amount as PyNum) < 0
    ) {
      throw new ToolError(`Not enough balance in payment method ${paymentId}`);
    }
  }
  const paid = sum(payments.map((entry) => entry.amount as PyNum));
  if (compare(paid, totalPrice) !== 0) {
    throw new ToolError(
      `Payment amount does not add up, total price is ${scalarRepr(totalPrice)}, but paid ${scalarRepr(paid)}`,
    );
  }

  const editable = db.edit('users', userId);
  const ownMethods = lookup<PyDict>(editable, 'payment_methods');
  for (const entry of payments) {
    const paymentId = entry.payment_id as string;
    // A certificate listed twice is gone by its second entry: Python's KeyError. Unlike tau2, which
    // keeps what it wrote before failing, nothing of this call is kept then.
    const method = lookup<PyDict>(ownMethods, paymentId);
    const source = lookup(method, 'source');
    if (source === 'gift_card')
      dictSet(method, 'amount', sub(lookup<PyNum>(method, 'amount'), entry.amount as PyNum));
    else if (source === 'certificate') delete ownMethods[paymentId];
  }
  // A flight listed twice gives up its seats twice, as in tau2.
  for (const { flightNumber, date } of sold) {
    const onDate = lookup<PyDict>(lookup<PyDict>(db.edit('flights', flightNumber), 'dates'), date);
    const available = lookup<PyDict>(onDate, 'available_seats');
    dictSet(available, cabin, sub(lookup<PyNum>(available, cabin), seats));
  }
  const reservation: PyDict = {
    reservation_id: reservationId,
    user_id: userId,
    origin: argString(args, 'origin'),
    destination: argString(args, 'destination'),
    flight_type: argString(args, 'flight_type'),
    cabin,
    flights: segments,
    passengers,
    payment_history: payments,
    created_at: BOOKING_TIME,
    total_baggages: intArg(args, 'total_baggages'),
    nonfree_baggages: nonfreeBaggages,
    insurance,
    status: null,
  };
  db.put('reservations', reservationId, reservation);
  lookup<string[]>(editable, 'reservations').push(reservationId);
  return pyDumps(reservation);
}

const { parameters } = tauBench.bookReservationTool;

export const bookReservationTool: ToolDefinition = {
  ...tauBench.bookReservationTool,
  parameters: {
    ...parameters,
    properties: {
      ...parameters.properties,
      payment_methods: {
        type: 'array',
        description:
          'How the total is paid: saved payment methods and the whole-dollar amount charged to each.',
        items: tau2PaymentItemSchema,
      },
    },
  },
  invoke,
};
