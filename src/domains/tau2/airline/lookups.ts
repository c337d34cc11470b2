import { compare, dictSet, type PyDict, type PyNum, sub } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { lookup, ToolError } from '../../../core/tools/tool.ts';
import { findRecord } from '../../shared/records.ts';

/**
 * Record lookups and payment rules of tau2's airline tools, each with tau2's refusal. tau-bench's
 * texts are lower-case and name no id ("user not found"); tau2's name the id that was not found.
 * Ids are matched exactly, as in the tau2 version the parity vectors come from.
 */

export function getUser(db: Db, userId: string): Readonly<PyDict> {
  return findRecord(db, 'users', userId, `User ${userId} not found`);
}

export function getReservation(db: Db, reservationId: string): Readonly<PyDict> {
  return findRecord(db, 'reservations', reservationId, `Reservation ${reservationId} not found`);
}

export function getFlight(db: Db, flightNumber: string): Readonly<PyDict> {
  return findRecord(db, 'flights', flightNumber, `Flight ${flightNumber} not found`);
}

/** A flight's record for one date (whatever its status). */
export function getFlightInstance(db: Db, flightNumber: string, date: string): Readonly<PyDict> {
  const dates = lookup<PyDict>(getFlight(db, flightNumber), 'dates');
  if (!Object.hasOwn(dates, date)) throw new ToolError(`Flight ${flightNumber} not found on date ${date}`);
  return dates[date] as PyDict;
}

/**
 * A flight's record for a date that still sells seats, with room for `seats` passengers in the cabin;
 * the refusals in tau2's order.
 */
export function bookableInstance(
  db: Db,
  flightNumber: string,
  date: string,
  cabin: string,
  seats: number,
): Readonly<PyDict> {
  const instance = getFlightInstance(db, flightNumber, date);
  if (lookup(instance, 'status') !== 'available') {
    throw new ToolError(`Flight ${flightNumber} not available on date ${date}`);
  }
  const available = lookup<PyNum>(lookup<PyDict>(instance, 'available_seats'), cabin);
  if (compare(available, BigInt(seats)) < 0)
    throw new ToolError(`Not enough seats on flight ${flightNumber}`);
  return instance;
}

/** The first of tau2's three fixed ids for a new reservation that is free; a fourth booking is refused. */
export function newReservationId(db: Db): string {
  const id = ['HATHAT', 'HATHAU', 'HATHAV'].find((candidate) => !db.has('reservations', candidate));
  if (id === undefined) throw new ToolError('Too many reservations');
  return id;
}

/** A new `Payment` entry as the data model dumps it. */
export function payment(paymentId: string, amount: PyNum): PyDict {
  return { payment_id: paymentId, amount };
}

/**
 * Charges the cost of changing a reservation (flights or bags; negative for a refund) to one of the
 * user's payment methods, with tau2's rules: a certificate cannot pay for a change, a gift card must
 * cover the cost and is debited (a refund credits it), other methods are charged outside the data.
 * Returns the entry for the reservation's history, or `undefined` when the cost is zero.
 */
export function chargeForUpdate(db: Db, userId: string, paymentId: string, cost: PyNum): PyDict | undefined {
  const methods = lookup<PyDict>(db.get('users', userId), 'payment_methods');
  if (!Object.hasOwn(methods, paymentId)) throw new ToolError('Payment method not found');
  const method = methods[paymentId] as PyDict;
  const source = lookup(method, 'source');
  if (source === 'certificate') throw new ToolError('Certificate cannot be used to update reservation');
  if (source === 'gift_card') {
    if (compare(lookup<PyNum>(method, 'amount'), cost) < 0) {
      throw new ToolError('Gift card balance is not enough');
    }
    const card = lookup<PyDict>(lookup<PyDict>(db.edit('users', userId), 'payment_methods'), paymentId);
    dictSet(card, 'amount', sub(lookup<PyNum>(card, 'amount'), cost));
  }
  // Python's `total_price != 0`
  return compare(cost, 0n) === 0 ? undefined : payment(paymentId, cost);
}
