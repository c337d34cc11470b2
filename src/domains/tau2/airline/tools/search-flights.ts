import { compareCodePoints, type PyDict, pyDumps } from '../../../../core/python/index.ts';
import type { Db } from '../../../../core/state/index.ts';
import { argString, lookup, type ToolDefinition } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../airline/index.ts';
import { pyInt } from '../../../airline/tools/flight-search.ts';

interface Search {
  date: string;
  origin: string;
  destination?: string;
  /** Only flights scheduled to leave at or after this time (compared as text, as tau2 does). */
  leaveAfter?: string;
}

/**
 * tau2's `DirectFlight`: a flight's fixed fields and one date's seats and prices, in the model's
 * order, with `date` null unless a one-stop search sets it.
 */
function directFlight(flight: Readonly<PyDict>, onDate: Readonly<PyDict>, date: string | null): PyDict {
  return {
    flight_number: lookup(flight, 'flight_number'),
    origin: lookup(flight, 'origin'),
    destination: lookup(flight, 'destination'),
    status: 'available',
    scheduled_departure_time_est: lookup(flight, 'scheduled_departure_time_est'),
    scheduled_arrival_time_est: lookup(flight, 'scheduled_arrival_time_est'),
    date,
    available_seats: lookup(onDate, 'available_seats'),
    prices: lookup(onDate, 'prices'),
  };
}

/** The flights open for booking on a date, in the flights table's order, with their date's record. */
function searchDirect(db: Db, search: Search): Array<{ flight: Readonly<PyDict>; onDate: Readonly<PyDict> }> {
  const found: Array<{ flight: Readonly<PyDict>; onDate: Readonly<PyDict> }> = [];
  for (const id of db.ids('flights')) {
    const flight = db.get('flights', id)!;
    if (lookup(flight, 'origin') !== search.origin) continue;
    if (search.destination !== undefined && lookup(flight, 'destination') !== search.destination) continue;
    const dates = lookup<PyDict>(flight, 'dates');
    if (!Object.hasOwn(dates, search.date)) continue;
    const onDate = dates[search.date] as PyDict;
    if (lookup(onDate, 'status') !== 'available') continue;
    if (
      search.leaveAfter !== undefined &&
      compareCodePoints(lookup<string>(flight, 'scheduled_departure_time_est'), search.leaveAfter) < 0
    ) {
      continue;
    }
    found.push({ flight, onDate });
  }
  return found;
}

export const searchDirectFlightTool: ToolDefinition = {
  ...tauBench.searchDirectFlightTool,
  invoke(db, args) {
    const search = {
      origin: argString(args, 'origin'),
      destination: argString(args, 'destination'),
      date: argString(args, 'date'),
    };
    return pyDumps(searchDirect(db, search).map(({ flight, onDate }) => directFlight(flight, onDate, null)));
  },
};

/**
 * The date of the second leg: the next day when the first lands after midnight. tau2 assumes May 2024
 * and does not pad the day ('2024-05-6' matches no flight).
 */
function secondLegDate(firstArrival: string, date: string): string {
  if (!firstArrival.includes('+1')) return date;
  return `2024-05-${pyInt(Array.from(date).slice(-2).join('')) + 1}`;
}

/**
 * tau2's one-stop search. Differences from tau-bench's: the second leg's seats and prices are those of
 * its own date (tau-bench shows the first leg's date), and its departure is compared with the first
 * leg's arrival text as given, "+1" included.
 */
export const searchOnestopFlightTool: ToolDefinition = {
  ...tauBench.searchOnestopFlightTool,
  invoke(db, args) {
    const origin = argString(args, 'origin');
    const destination = argString(args, 'destination');
    const date = argString(args, 'date');
    const results: PyDict[][] = [];
    for (const first of searchDirect(db, { origin, date })) {
      const arrival = lookup<string>(first.flight, 'scheduled_arrival_time_est');
      const date2 = secondLegDate(arrival, date);
      const leg1 = directFlight(first.flight, first.onDate, date);
      const via = lookup<string>(first.flight, 'destination');
      for (const second of searchDirect(db, { origin: via, destination, date: date2, leaveAfter: arrival })) {
        results.push([leg1, directFlight(second.flight, second.onDate, date2)]);
      }
    }
    return pyDumps(results);
  },
};
