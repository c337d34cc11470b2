import {
  dictSet,
  mul,
  neg,
  type PyDict,
  type PyNum,
  pyDumps,
  scalarRepr,
  sub,
} from '../../../../core/python/index.ts';
import { argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../airline/index.ts';
import { passengerModel } from '../data-model.ts';
import { chargeForUpdate, getReservation, getUser, payment } from '../lookups.ts';
import { intArg, modelList } from './arguments.ts';

/** tau2's airline writes other than booking and changing flights. */

/** Reverses every payment of the history (refunds included) and marks it cancelled; no status check. */
export const cancelReservationTool: ToolDefinition = {
  ...tauBench.cancelReservationTool,
  invoke(db, args) {
    const reservationId = argString(args, 'reservation_id');
    getReservation(db, reservationId);
    const reservation = db.edit('reservations', reservationId);
    const history = lookup<PyDict[]>(reservation, 'payment_history');
    const refunds = history.map((entry) =>
      payment(lookup<string>(entry, 'payment_id'), neg(lookup<PyNum>(entry, 'amount'))),
    );
    history.push(...refunds);
    reservation.status = 'cancelled';
    return pyDumps(reservation);
  },
};

const CERTIFICATE_IDS = ['certificate_3221322', 'certificate_3221323', 'certificate_3221324'];

/**
 * Adds a certificate under the first of tau2's fixed ids the user does not hold. tau2 takes the amount
 * as an int (stored as a float balance) and refuses a fourth certificate; tau-bench returns `None`.
 */
export const sendCertificateTool: ToolDefinition = {
  ...tauBench.sendCertificateTool,
  parameters: {
    ...tauBench.sendCertificateTool.parameters,
    properties: {
      ...tauBench.sendCertificateTool.parameters.properties,
      amount: { type: 'integer', description: 'Value of the certificate in whole dollars.' },
    },
  },
  invoke(db, args) {
    const userId = argString(args, 'user_id');
    const amount = intArg(args, 'amount');
    const methods = lookup<PyDict>(getUser(db, userId), 'payment_methods');
    const certificateId = CERTIFICATE_IDS.find((id) => !Object.hasOwn(methods, id));
    if (certificateId === undefined) throw new ToolError('Too many certificates');
    const certificate: PyDict = { source: 'certificate', id: certificateId, amount: Number(amount) };
    dictSet(lookup<PyDict>(db.edit('users', userId), 'payment_methods'), certificateId, certificate);
    return `Certificate ${certificateId} added to user ${userId} with amount ${scalarRepr(amount)}.`;
  },
};

const PRICE_PER_EXTRA_BAG = 50n;

/** Python's `max(0, x)` for an int. */
const atLeastZero = (x: PyNum): PyNum => (x > 0n ? x : 0n);

/** Sets the bag counts, charging $50 per paid bag beyond those already paid; fewer bags refund nothing. */
export const updateReservationBaggagesTool: ToolDefinition = {
  ...tauBench.updateReservationBaggagesTool,
  invoke(db, args) {
    const reservationId = argString(args, 'reservation_id');
    const nonfreeBaggages = intArg(args, 'nonfree_baggages');
    const current = getReservation(db, reservationId);
    const userId = lookup<string>(getUser(db, lookup<string>(current, 'user_id')), 'user_id');
    const extra = sub(nonfreeBaggages, lookup<PyNum>(current, 'nonfree_baggages'));
    const cost = mul(PRICE_PER_EXTRA_BAG, atLeastZero(extra));
    const entry = chargeForUpdate(db, userId, argString(args, 'payment_id'), cost);
    const reservation = db.edit('reservations', reservationId);
    if (entry !== undefined) lookup<PyDict[]>(reservation, 'payment_history').push(entry);
    reservation.total_baggages = intArg(args, 'total_baggages');
    reservation.nonfree_baggages = nonfreeBaggages;
    return pyDumps(reservation);
  },
};

/** Replaces the passengers (as many as the reservation has), each validated into tau2's `Passenger`. */
export const updateReservationPassengersTool: ToolDefinition = {
  ...tauBench.updateReservationPassengersTool,
  invoke(db, args) {
    const passengers = modelList(args, 'passengers', passengerModel);
    const reservationId = argString(args, 'reservation_id');
    const current = getReservation(db, reservationId);
    if (passengers.length !== lookup<PyDict[]>(current, 'passengers').length) {
      throw new ToolError('Number of passengers does not match');
    }
    db.edit('reservations', reservationId).passengers = passengers;
    return pyDumps(db.get('reservations', reservationId) as PyDict);
  },
};
