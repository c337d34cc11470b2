import { type PyDict, pyDumps } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argString, type ToolDefinition } from '../../../core/tools/tool.ts';
import { findRecord } from '../../shared/records.ts';
import { reservationIdSchema } from './schema-parts.ts';

function invoke(db: Db, args: Readonly<PyDict>): string {
  // The reference answers an unknown reservation with the user tool's text (the parity vectors confirm it).
  const reservation = findRecord(db, 'reservations', argString(args, 'reservation_id'), 'user not found');
  return pyDumps(reservation as PyDict);
}

export const getReservationDetailsTool: ToolDefinition = {
  name: 'get_reservation_details',
  description:
    'Look up a reservation: its trip, flights with prices, passengers, payment history, bags and insurance.',
  access: 'read',
  parameters: {
    type: 'object',
    properties: { reservation_id: reservationIdSchema },
    required: ['reservation_id'],
  },
  invoke,
};
