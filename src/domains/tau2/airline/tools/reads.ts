import { type PyDict, pyDumps } from '../../../../core/python/index.ts';
import { argString, lookup, type ToolDefinition } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../airline/index.ts';
import { getFlightInstance, getReservation, getUser } from '../lookups.ts';

/**
 * tau2's airline read tools: whole records as the data model dumps them, refusals naming the id
 * (tau-bench answers an unknown reservation with "user not found").
 */

export const getReservationDetailsTool: ToolDefinition = {
  ...tauBench.getReservationDetailsTool,
  invoke: (db, args) => pyDumps(getReservation(db, argString(args, 'reservation_id')) as PyDict),
};

export const getUserDetailsTool: ToolDefinition = {
  ...tauBench.getUserDetailsTool,
  invoke: (db, args) => pyDumps(getUser(db, argString(args, 'user_id')) as PyDict),
};

const AIRPORTS: ReadonlyArray<readonly [string, string]> = [
  ['SFO', 'San Francisco'],
  ['JFK', 'New York'],
  ['LAX', 'Los Angeles'],
  ['ORD', 'Chicago'],
  ['DFW', 'Dallas'],
  ['DEN', 'Denver'],
  ['SEA', 'Seattle'],
  ['ATL', 'Atlanta'],
  ['MIA', 'Miami'],
  ['BOS', 'Boston'],
  ['PHX', 'Phoenix'],
  ['IAH', 'Houston'],
  ['LAS', 'Las Vegas'],
  ['MCO', 'Orlando'],
  ['EWR', 'Newark'],
  ['CLT', 'Charlotte'],
  ['MSP', 'Minneapolis'],
  ['DTW', 'Detroit'],
  ['PHL', 'Philadelphia'],
  ['LGA', 'LaGuardia'],
];

/** tau2 lists the airports as `{iata, city}` records; tau-bench as one object from code to city. */
export const listAllAirportsTool: ToolDefinition = {
  ...tauBench.listAllAirportsTool,
  invoke: () => pyDumps(AIRPORTS.map(([iata, city]): PyDict => ({ iata, city }))),
};

/** tau2 only: the status of a flight on a date (`available`, `landed`, `delayed`, ...), as plain text. */
export const getFlightStatusTool: ToolDefinition = {
  name: 'get_flight_status',
  description:
    "Look up a flight's status on a date: available, on time, delayed, flying, landed or cancelled.",
  access: 'read',
  parameters: {
    type: 'object',
    properties: {
      flight_number: { type: 'string', description: "The flight number, e.g. 'HAT001'." },
      date: { type: 'string', description: "The date of the flight as 'YYYY-MM-DD', e.g. '2024-05-15'." },
    },
    required: ['flight_number', 'date'],
  },
  invoke: (db, args) =>
    lookup<string>(
      getFlightInstance(db, argString(args, 'flight_number'), argString(args, 'date')),
      'status',
    ),
};
