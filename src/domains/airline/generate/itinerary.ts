import { compareCodePoints, type PyDict } from '../../../core/python/index.ts';
import { addDays } from './calendar.ts';

/** What route finding needs of a flight. */
export interface FlightInfo {
  number: string;
  origin: string;
  destination: string;
  departure: string;
  arrival: string;
  /** Lands the day after it leaves. */
  overnight: boolean;
  dates: Readonly<PyDict>;
}

/** One flight on one date. */
export interface Leg {
  flight: FlightInfo;
  date: string;
}

export function flightInfo(record: Readonly<PyDict>): FlightInfo {
  const arrival = record.scheduled_arrival_time_est as string;
  return {
    number: record.flight_number as string,
    origin: record.origin as string,
    destination: record.destination as string,
    departure: record.scheduled_departure_time_est as string,
    arrival,
    overnight: arrival.endsWith('+1'),
    dates: record.dates as PyDict,
  };
}

/**
 * Whether `second` can follow `first` at their shared airport, by the rule the one-stop search uses:
 * the scheduled arrival text is not after the next departure text (a '+1' arrival is compared as
 * written), and the second flight leaves the day the first one lands.
 */
export function connects(first: FlightInfo, second: FlightInfo): boolean {
  return first.destination === second.origin && compareCodePoints(first.arrival, second.departure) <= 0;
}

/** The date the connecting flight leaves when the first leaves on `date`. */
export function connectionDate(first: FlightInfo, date: string): string {
  return first.overnight ? addDays(date, 1) : date;
}

/** Flights by origin airport, in table order. */
export class FlightIndex {
  readonly all: readonly FlightInfo[];
  private readonly fromAirport = new Map<string, FlightInfo[]>();

  constructor(flights: Readonly<PyDict>) {
    this.all = Object.values(flights).map((f) => flightInfo(f as PyDict));
    for (const flight of this.all) {
      const list = this.fromAirport.get(flight.origin) ?? [];
      list.push(flight);
      this.fromAirport.set(flight.origin, list);
    }
  }

  from(origin: string): readonly FlightInfo[] {
    return this.fromAirport.get(origin) ?? [];
  }

  direct(origin: string, destination: string): FlightInfo[] {
    return this.from(origin).filter((f) => f.destination === destination);
  }

  /** Pairs origin -> X -> destination that connect, X being neither end. */
  oneStop(origin: string, destination: string): Array<[FlightInfo, FlightInfo]> {
    const out: Array<[FlightInfo, FlightInfo]> = [];
    for (const first of this.from(origin)) {
      if (first.destination === destination) continue;
      for (const second of this.from(first.destination)) {
        if (second.destination === destination && connects(first, second)) out.push([first, second]);
      }
    }
    return out;
  }
}

/** The legs of a trip leaving on `date`: one flight, or two that connect. */
export function legsOf(flights: readonly FlightInfo[], date: string): Leg[] {
  const legs: Leg[] = [];
  let day = date;
  flights.forEach((flight, i) => {
    if (i > 0) day = connectionDate(flights[i - 1]!, day);
    legs.push({ flight, date: day });
  });
  return legs;
}
