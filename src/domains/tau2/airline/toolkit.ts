import type { ToolKit } from '../../../core/domain/types.ts';
import { tau2CalculateTool, tau2TransferTool } from '../shared-tools.ts';
import { normaliseAirlineRecord } from './data-model.ts';
import { bookReservationTool } from './tools/book-reservation.ts';
import {
  getFlightStatusTool,
  getReservationDetailsTool,
  getUserDetailsTool,
  listAllAirportsTool,
} from './tools/reads.ts';
import { searchDirectFlightTool, searchOnestopFlightTool } from './tools/search-flights.ts';
import { updateReservationFlightsTool } from './tools/update-reservation-flights.ts';
import {
  cancelReservationTool,
  sendCertificateTool,
  updateReservationBaggagesTool,
  updateReservationPassengersTool,
} from './tools/writes.ts';

/**
 * tau2's airline tools, in the reference's order. Against tau-bench's airline: no `think` tool, a
 * `get_flight_status` tool, a transfer that does not end the conversation, and the behaviour each
 * tool's file names.
 */
export const tau2AirlineToolKit: ToolKit = {
  name: 'tau2-airline',
  flavour: 'tau2',
  tables: ['flights', 'reservations', 'users'],
  tools: [
    bookReservationTool,
    tau2CalculateTool,
    cancelReservationTool,
    getReservationDetailsTool,
    getUserDetailsTool,
    listAllAirportsTool,
    searchDirectFlightTool,
    searchOnestopFlightTool,
    sendCertificateTool,
    tau2TransferTool,
    updateReservationBaggagesTool,
    updateReservationFlightsTool,
    updateReservationPassengersTool,
    getFlightStatusTool,
  ],
  normaliseRecord: normaliseAirlineRecord,
};
