import {
  add,
  cloneValue,
  mul,
  type PyDict,
  type PyNum,
  pyDumps,
  sub,
  sum,
} from '../../../../core/python/index.ts';
import { argString, lookup, type ToolDefinition } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../airline/index.ts';
import { flightInfoModel } from '../data-model.ts';
import { bookableInstance, chargeForUpdate, getFlight, getReservation, getUser } from '../lookups.ts';
import { modelList } from './arguments.ts';

/**
 * tau2's change of flights. A segment the reservation already has, with the cabin unchanged, keeps
 * the price it was bought at; any other is checked and priced like a booking. The difference with
 * the old total is charged (or, negative, refunded) to the payment method.
 *
 * Differences from tau-bench's: the reservation's `cabin` becomes the new cabin (tau-bench leaves it),
 * and the texts are tau2's. As in both, no seats are taken from or given back to the flights.
 */
export const updateReservationFlightsTool: ToolDefinition = {
  ...tauBench.updateReservationFlightsTool,
  invoke(db, args) {
    const flights = modelList(args, 'flights', flightInfoModel);
    const reservationId = argString(args, 'reservation_id');
    const cabin = argString(args, 'cabin');
    const current = getReservation(db, reservationId);
    const userId = lookup<string>(getUser(db, lookup<string>(current, 'user_id')), 'user_id');
    const oldFlights = lookup<PyDict[]>(current, 'flights');
    const passengerCount = lookup<PyDict[]>(current, 'passengers').length;
    const seats = BigInt(passengerCount);
    const sameCabin = cabin === lookup(current, 'cabin');

    let cost: PyNum = 0n;
    const segments: PyDict[] = [];
    for (const info of flights) {
      const flightNumber = info.flight_number as string;
      const date = info.date as string;
      const kept = sameCabin
        ? oldFlights.find(
            (old) => lookup(old, 'flight_number') === flightNumber && lookup(old, 'date') === date,
          )
        : undefined;
      if (kept !== undefined) {
        cost = add(cost, mul(lookup<PyNum>(kept, 'price'), seats));
        segments.push(cloneValue(kept as PyDict));
        continue;
      }
      const flight = getFlight(db, flightNumber);
      const instance = bookableInstance(db, flightNumber, date, cabin, passengerCount);
      const price = lookup<PyNum>(lookup<PyDict>(instance, 'prices'), cabin);
      segments.push({
        flight_number: flightNumber,
        origin: lookup(flight, 'origin'),
        destination: lookup(flight, 'destination'),
        date,
        price,
      });
      cost = add(cost, mul(price, seats));
    }
    cost = sub(cost, mul(sum(oldFlights.map((old) => lookup<PyNum>(old, 'price'))), seats));

    const entry = chargeForUpdate(db, userId, argString(args, 'payment_id'), cost);
    const reservation = db.edit('reservations', reservationId);
    if (entry !== undefined) lookup<PyDict[]>(reservation, 'payment_history').push(entry);
    reservation.flights = segments;
    reservation.cabin = cabin;
    return pyDumps(reservation);
  },
};
