import type { ToolKit } from '../../core/domain/types.ts';
import { calculateTool, thinkTool, transferToHumanAgentsTool } from '../common/index.ts';
import { bookReservationTool } from './tools/book-reservation.ts';
import { cancelReservationTool } from './tools/cancel-reservation.ts';
import { getReservationDetailsTool } from './tools/get-reservation-details.ts';
import { getUserDetailsTool } from './tools/get-user-details.ts';
import { listAllAirportsTool } from './tools/list-all-airports.ts';
import { searchDirectFlightTool } from './tools/search-direct-flight.ts';
import { searchOnestopFlightTool } from './tools/search-onestop-flight.ts';
import { sendCertificateTool } from './tools/send-certificate.ts';
import { updateReservationBaggagesTool } from './tools/update-reservation-baggages.ts';
import { updateReservationFlightsTool } from './tools/update-reservation-flights.ts';
import { updateReservationPassengersTool } from './tools/update-reservation-passengers.ts';

/** tau-bench's airline tools, in the reference's order. */
export const airlineToolKit: ToolKit = {
  name: 'airline',
  tables: ['flights', 'reservations', 'users'],
  tools: [
    bookReservationTool,
    calculateTool,
    cancelReservationTool,
    getReservationDetailsTool,
    getUserDetailsTool,
    listAllAirportsTool,
    searchDirectFlightTool,
    searchOnestopFlightTool,
    sendCertificateTool,
    thinkTool,
    transferToHumanAgentsTool,
    updateReservationBaggagesTool,
    updateReservationFlightsTool,
    updateReservationPassengersTool,
  ],
};
