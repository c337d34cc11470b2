import { dictSet, type PyDict, type PyNum, type PyValue } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { lookup, ToolError } from '../../../core/tools/tool.ts';
import { findRecord } from '../../shared/records.ts';

/**
 * Checks that a flight can be sold on a date in a cabin for `seats` passengers, then writes its price,
 * origin and destination into the requested segment (a fresh copy of the agent's `{flight_number, date}`),
 * in the reference's order. Returns the price per passenger.
 *
 * The cabin is not checked against its enum: like the reference, an unknown cabin fails on the lookup of
 * the seat count, which prints as a Python KeyError (`Error: 'economy X'`).
 */
export function priceSegment(db: Db, segment: PyDict, cabin: string, seats: number): PyNum {
  const flightNumber = segment.flight_number as string;
  const date = segment.date as string;
  const flight = findRecord(db, 'flights', flightNumber, `flight ${flightNumber} not found`);
  const dates = lookup<PyDict>(flight, 'dates');
  if (!Object.hasOwn(dates, date)) throw new ToolError(`flight ${flightNumber} not found on date ${date}`);
  const onDate = dates[date] as PyDict;
  if (lookup(onDate, 'status') !== 'available') {
    throw new ToolError(`flight ${flightNumber} not available on date ${date}`);
  }
  const available = lookup<PyNum>(lookup<PyDict>(onDate, 'available_seats'), cabin);
  if (available < seats) throw new ToolError(`not enough seats on flight ${flightNumber}`);
  const price = lookup<PyNum>(lookup<PyDict>(onDate, 'prices'), cabin);
  fillSegment(segment, price, lookup(flight, 'origin'), lookup(flight, 'destination'));
  return price;
}

/** Adds the fields a stored reservation segment carries beyond `{flight_number, date}`. */
export function fillSegment(segment: PyDict, price: PyValue, origin: PyValue, destination: PyValue): void {
  dictSet(segment, 'price', price);
  dictSet(segment, 'origin', origin);
  dictSet(segment, 'destination', destination);
}
