import { type PyDict, pyDumps } from '../../../core/python/index.ts';
import { Random } from '../../shared/random.ts';
import { generateFlights } from './flights.ts';
import { FlightIndex } from './itinerary.ts';
import { generateReservations } from './reservations.ts';
import { generateUsers } from './users.ts';

export interface AirlineDatabaseOptions {
  seed: number | string;
  /** Default 500, as the reference. */
  users?: number;
  /** Default 300 (at most 999: flight numbers have three digits). */
  flights?: number;
  /** Default 2000. */
  reservations?: number;
}

/** The airline's tables, records keyed by id, in the value model (ints are bigints). */
export interface AirlineDatabase {
  flights: PyDict;
  reservations: PyDict;
  users: PyDict;
}

/**
 * Generates an airline database with the reference's tables, fields and value formats from a seed:
 * the same options always give the same data (and the same `airlineDatabaseJson` bytes).
 */
export function generateAirlineDatabase(options: AirlineDatabaseOptions): AirlineDatabase {
  const random = new Random(`airline:${options.seed}`);
  const flights = generateFlights(random.fork('flights'), options.flights ?? 300);
  const users = generateUsers(random.fork('users'), options.users ?? 500);
  const index = new FlightIndex(flights);
  const reservations = generateReservations(
    random.fork('reservations'),
    options.reservations ?? 2000,
    index,
    users,
  );
  return { flights, reservations, users };
}

/** The database as `db.json` text: Python's `json.dumps` of `{flights, reservations, users}`. */
export function airlineDatabaseJson(db: AirlineDatabase): string {
  return pyDumps({ flights: db.flights, reservations: db.reservations, users: db.users });
}
