import { cloneValue, dictSet, type PyDict, pyDumps } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argList, argString, lookup, type ToolDefinition, ToolError } from '../../../core/tools/tool.ts';
import { findReservation } from './records.ts';
import { passengerItemSchema, reservationIdSchema } from './schema-parts.ts';

/** Replaces a reservation's passenger list; the number of passengers cannot change. */
function invoke(db: Db, args: Readonly<PyDict>): string {
  const reservationId = argString(args, 'reservation_id');
  const passengers = argList<PyDict>(args, 'passengers');
  const current = findReservation(db, reservationId);
  if (passengers.length !== lookup<PyDict[]>(current, 'passengers').length) {
    throw new ToolError('number of passengers does not match');
  }
  const reservation = db.edit('reservations', reservationId);
  dictSet(reservation, 'passengers', cloneValue(passengers));
  return pyDumps(reservation);
}

export const updateReservationPassengersTool: ToolDefinition = {
  name: 'update_reservation_passengers',
  description:
    'Replace the passenger details of a reservation. The list must have as many passengers as the reservation has.',
  access: 'write',
  parameters: {
    type: 'object',
    properties: {
      reservation_id: reservationIdSchema,
      passengers: {
        type: 'array',
        description: 'Every passenger of the reservation, in order, with the corrected details.',
        items: passengerItemSchema,
      },
    },
    required: ['reservation_id', 'passengers'],
  },
  invoke,
};
