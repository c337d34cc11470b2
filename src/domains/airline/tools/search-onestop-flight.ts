import { compareCodePoints, dictSet, type PyDict, pyDumps } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argString, lookup, type ToolDefinition } from '../../../core/tools/tool.ts';
import { flightOnDate, isOpen, pyInt } from './flight-search.ts';

/**
 * The date of the second leg. The reference assumes May 2024 and does not pad the day, so a first leg
 * landing after midnight on the 1st-8th gives a date like '2024-05-6' that no flight has.
 */
function secondLegDate(firstLeg: Readonly<PyDict>, date: string): string {
  if (!lookup<string>(firstLeg, 'scheduled_arrival_time_est').includes('+1')) return date;
  const day = Array.from(date).slice(-2).join('');
  return `2024-05-${pyInt(day) + 1}`;
}

/**
 * Pairs of flights origin -> X -> destination, the second leaving (by the clock) no earlier than the first
 * lands, both open for booking. Each leg carries its `date`; as in the reference, the second leg's seats and
 * prices are those of the first leg's date even when it flies the next day.
 */
function invoke(db: Db, args: Readonly<PyDict>): string {
  const origin = argString(args, 'origin');
  const destination = argString(args, 'destination');
  const date = argString(args, 'date');
  const flights = db.ids('flights').map((id) => db.get('flights', id)!);
  const results: PyDict[][] = [];
  for (const first of flights) {
    if (lookup(first, 'origin') !== origin) continue;
    for (const second of flights) {
      if (
        lookup(second, 'destination') !== destination ||
        lookup(first, 'destination') !== lookup(second, 'origin')
      ) {
        continue;
      }
      const date2 = secondLegDate(first, date);
      const arrival = lookup<string>(first, 'scheduled_arrival_time_est');
      if (compareCodePoints(arrival, lookup<string>(second, 'scheduled_departure_time_est')) > 0) continue;
      const firstDates = lookup<PyDict>(first, 'dates');
      const secondDates = lookup<PyDict>(second, 'dates');
      if (!Object.hasOwn(firstDates, date) || !Object.hasOwn(secondDates, date2)) continue;
      if (!isOpen(firstDates[date] as PyDict) || !isOpen(secondDates[date2] as PyDict)) continue;
      const leg1 = flightOnDate(first, firstDates[date] as PyDict);
      dictSet(leg1, 'date', date);
      const leg2 = flightOnDate(second, lookup<PyDict>(secondDates, date));
      dictSet(leg2, 'date', date2);
      results.push([leg1, leg2]);
    }
  }
  return pyDumps(results);
}

export const searchOnestopFlightTool: ToolDefinition = {
  name: 'search_onestop_flight',
  description:
    'Find connections with exactly one stop from one airport to another departing on a date: pairs of flights ' +
    'where the second leaves the connecting airport after the first arrives, each leg with its date, seats and prices.',
  access: 'read',
  parameters: {
    type: 'object',
    properties: {
      origin: { type: 'string', description: "IATA code of the departure airport, e.g. 'JFK'." },
      destination: { type: 'string', description: "IATA code of the final arrival airport, e.g. 'LAX'." },
      date: {
        type: 'string',
        description: "Departure date of the first flight as 'YYYY-MM-DD', e.g. '2024-05-01'.",
      },
    },
    required: ['origin', 'destination', 'date'],
  },
  invoke,
};
