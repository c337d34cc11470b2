import { type PyDict, pyDumps } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argString, lookup, type ToolDefinition } from '../../../core/tools/tool.ts';
import { availableOn, flightOnDate } from './flight-search.ts';

/** Direct flights between two airports that are open for booking on the date, in the flights table's order. */
function invoke(db: Db, args: Readonly<PyDict>): string {
  const origin = argString(args, 'origin');
  const destination = argString(args, 'destination');
  const date = argString(args, 'date');
  const results: PyDict[] = [];
  for (const id of db.ids('flights')) {
    const flight = db.get('flights', id)!;
    if (lookup(flight, 'origin') !== origin || lookup(flight, 'destination') !== destination) continue;
    const onDate = availableOn(flight, date);
    if (onDate !== undefined) results.push(flightOnDate(flight, onDate));
  }
  return pyDumps(results);
}

export const searchDirectFlightTool: ToolDefinition = {
  name: 'search_direct_flight',
  description:
    'Find the nonstop flights from one airport to another that can be booked on a date, with seats left and prices per cabin.',
  access: 'read',
  parameters: {
    type: 'object',
    properties: {
      origin: { type: 'string', description: "IATA code of the departure airport, e.g. 'JFK'." },
      destination: { type: 'string', description: "IATA code of the arrival airport, e.g. 'LAX'." },
      date: { type: 'string', description: "Departure date as 'YYYY-MM-DD', e.g. '2024-05-01'." },
    },
    required: ['origin', 'destination', 'date'],
  },
  invoke,
};
