import type { PyDict } from '../../../core/python/index.ts';
import type { Random } from '../../shared/random.ts';
import { AIRPORTS, blockMinutes, distanceMiles } from './airports.ts';
import { clock, dayOf, NOW_MINUTES, SCHEDULE_DATES, stamp, TODAY } from './calendar.ts';

export const CABINS = ['basic_economy', 'economy', 'business'] as const;
export type Cabin = (typeof CABINS)[number];

/** Fares per passenger and segment, in whole dollars, by cabin (both ends included). */
export const FARE_RANGES: Readonly<Record<Cabin, readonly [number, number]>> = {
  basic_economy: [50, 99],
  economy: [100, 199],
  business: [200, 500],
};

/** The most seats a cabin has on sale for one flight and date. */
export const MAX_SEATS = 20;

const MIN_ROUTE_MILES = 150;
const CANCELLED_SHARE = 0.09;
const DELAYED_SHARE_TODAY = 0.35;

/** The number of flights a flight-number format 'HAT' + 3 digits allows. */
export const MAX_FLIGHTS = 999;

function pairKey(a: string, b: string): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/**
 * Airport pairs the airline flies, both ways: first a random tree over the airports (so every airport
 * is reachable), then random extra pairs. Pairs closer than 150 miles are not flown.
 */
function routePairs(random: Random, wanted: number): Array<[string, string]> {
  const codes = random.shuffle(AIRPORTS.map((a) => a.code));
  const pairs: Array<[string, string]> = [];
  const seen = new Set<string>();
  const add = (a: string, b: string) => {
    if (a === b || seen.has(pairKey(a, b)) || distanceMiles(a, b) < MIN_ROUTE_MILES) return;
    seen.add(pairKey(a, b));
    pairs.push([a, b]);
  };
  for (let i = 1; i < codes.length && pairs.length < wanted; i++) {
    const earlier = codes.slice(0, i).filter((c) => distanceMiles(c, codes[i]!) >= MIN_ROUTE_MILES);
    if (earlier.length > 0) add(random.pick(earlier), codes[i]!);
  }
  for (let tries = 0; pairs.length < wanted && tries < 10_000; tries++)
    add(random.pick(codes), random.pick(codes));
  return pairs;
}

function fare(random: Random, cabin: Cabin, level: number): bigint {
  const [low, high] = FARE_RANGES[cabin];
  const share = Math.min(1, Math.max(0, 0.6 * level + 0.4 * random.float()));
  return BigInt(Math.round(low + share * (high - low)));
}

/** A flight's record for one date, by where that date stands against the fixed current time. */
function dateRecord(random: Random, date: string, departure: number, block: number, level: number): PyDict {
  const day = dayOf(date);
  const today = dayOf(TODAY);
  if (day > today) {
    return {
      status: 'available',
      available_seats: Object.fromEntries(CABINS.map((c) => [c, BigInt(random.int(0, MAX_SEATS))])),
      prices: Object.fromEntries(CABINS.map((c) => [c, fare(random, c, level)])),
    };
  }
  if (day < today && random.chance(CANCELLED_SHARE)) return { status: 'cancelled' };
  const delay = day === today && random.chance(DELAYED_SHARE_TODAY) ? random.int(60, 180) : 0;
  const off = departure + random.int(-30, 30) + delay;
  const on = off + block + random.int(-25, 25);
  if (day < today || on <= NOW_MINUTES) {
    return {
      status: 'landed',
      actual_departure_time_est: stamp(date, off),
      actual_arrival_time_est: stamp(date, on),
    };
  }
  if (off <= NOW_MINUTES) {
    return {
      status: 'flying',
      actual_departure_time_est: stamp(date, off),
      estimated_arrival_time_est: stamp(date, on),
    };
  }
  return {
    status: delay > 0 ? 'delayed' : 'on time',
    estimated_departure_time_est: stamp(date, off),
    estimated_arrival_time_est: stamp(date, on),
  };
}

/**
 * The flights table: `count` flights numbered HAT001 upwards, each flying one route daily over the
 * schedule at a fixed time, with a record per date (see `dateRecord`). Longer routes cost more.
 */
export function generateFlights(random: Random, count: number): PyDict {
  if (!Number.isInteger(count) || count < 1 || count > MAX_FLIGHTS) {
    throw new RangeError(`flights must be a whole number from 1 to ${MAX_FLIGHTS}, got ${count}`);
  }
  const pairs = routePairs(random, Math.max(1, Math.min(Math.floor(count / 2), Math.round(count / 5.5))));
  const routes = random.shuffle(
    pairs.flatMap(
      ([a, b]): Array<[string, string]> => [
        [a, b],
        [b, a],
      ],
    ),
  );
  const assigned = Array.from({ length: count }, (_, i) => routes[i] ?? random.pick(routes));
  const table: PyDict = {};
  random.shuffle(assigned).forEach(([origin, destination], i) => {
    const number = `HAT${String(i + 1).padStart(3, '0')}`;
    const block = blockMinutes(origin, destination);
    const departure = random.int(0, 23) * 60;
    const arrival = departure + block;
    const level = (block - 60) / 300;
    const dates: PyDict = {};
    for (const date of SCHEDULE_DATES) dates[date] = dateRecord(random, date, departure, block, level);
    table[number] = {
      flight_number: number,
      origin,
      destination,
      scheduled_departure_time_est: clock(departure),
      scheduled_arrival_time_est: arrival >= 1440 ? `${clock(arrival - 1440)}+1` : clock(arrival),
      dates,
    };
  });
  return table;
}
