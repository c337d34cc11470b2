import { dictKeys, type PyDict } from '../../../core/python/index.ts';
import { AIRPORTS } from './airports.ts';
import { addDays, NOW, SCHEDULE_DATES, TODAY } from './calendar.ts';
import type { AirlineDatabase } from './database.ts';
import { CABINS, type Cabin, FARE_RANGES, MAX_SEATS } from './flights.ts';
import { connects, flightInfo } from './itinerary.ts';
import { EXTRA_BAG_PRICE, INSURANCE_PER_PASSENGER, MAX_PASSENGERS } from './rules.ts';
import { MEMBERSHIPS } from './users.ts';

const AIRPORT_CODES = new Set(AIRPORTS.map((a) => a.code));
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d:00(\+1)?$/;
const STAMP = /^2024-0[45]-\d\dT([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const DAY_FIELDS: Record<string, string[]> = {
  landed: ['status', 'actual_departure_time_est', 'actual_arrival_time_est'],
  cancelled: ['status'],
  available: ['status', 'available_seats', 'prices'],
  delayed: ['status', 'estimated_departure_time_est', 'estimated_arrival_time_est'],
  'on time': ['status', 'estimated_departure_time_est', 'estimated_arrival_time_est'],
  flying: ['status', 'actual_departure_time_est', 'estimated_arrival_time_est'],
};

function statusesOn(date: string): string[] {
  if (date < TODAY) return ['landed', 'cancelled'];
  if (date === TODAY) return ['landed', 'flying', 'delayed', 'on time'];
  return ['available'];
}

function sameKeys(record: Readonly<PyDict>, keys: readonly string[]): boolean {
  const own = dictKeys(record as PyDict);
  return own.length === keys.length && own.every((k, i) => k === keys[i]);
}

function isInt(value: unknown, low: bigint, high: bigint): boolean {
  return typeof value === 'bigint' && value >= low && value <= high;
}

function checkFlights(db: AirlineDatabase, problems: string[]): void {
  for (const id of dictKeys(db.flights)) {
    const f = db.flights[id] as PyDict;
    const where = `flight ${id}`;
    if (!/^HAT\d{3}$/.test(id) || f.flight_number !== id) problems.push(`${where}: bad number`);
    if (!AIRPORT_CODES.has(f.origin as string) || !AIRPORT_CODES.has(f.destination as string)) {
      problems.push(`${where}: unknown airport`);
    }
    if (f.origin === f.destination) problems.push(`${where}: goes nowhere`);
    if (
      !CLOCK.test(f.scheduled_departure_time_est as string) ||
      (f.scheduled_departure_time_est as string).includes('+')
    ) {
      problems.push(`${where}: bad departure time`);
    }
    if (!CLOCK.test(f.scheduled_arrival_time_est as string)) problems.push(`${where}: bad arrival time`);
    const dates = f.dates as PyDict;
    if (!sameKeys(dates, SCHEDULE_DATES)) problems.push(`${where}: dates are not the schedule`);
    for (const date of dictKeys(dates)) {
      const day = dates[date] as PyDict;
      const status = day.status as string;
      if (!statusesOn(date).includes(status)) problems.push(`${where} ${date}: status ${status}`);
      if (!sameKeys(day, DAY_FIELDS[status] ?? [])) problems.push(`${where} ${date}: fields`);
      for (const key of Object.keys(day)) {
        if (key.endsWith('_time_est') && !STAMP.test(day[key] as string))
          problems.push(`${where} ${date}: ${key}`);
      }
      if (status !== 'available') continue;
      const seats = day.available_seats as PyDict;
      const prices = day.prices as PyDict;
      if (!sameKeys(seats, CABINS) || !sameKeys(prices, CABINS)) problems.push(`${where} ${date}: cabins`);
      for (const cabin of CABINS) {
        const [low, high] = FARE_RANGES[cabin];
        if (!isInt(seats[cabin], 0n, BigInt(MAX_SEATS))) problems.push(`${where} ${date}: seats ${cabin}`);
        if (!isInt(prices[cabin], BigInt(low), BigInt(high)))
          problems.push(`${where} ${date}: price ${cabin}`);
      }
    }
  }
}

function checkUsers(db: AirlineDatabase, problems: string[]): void {
  const owners = new Map<string, string>();
  for (const id of dictKeys(db.users)) {
    const u = db.users[id] as PyDict;
    const where = `user ${id}`;
    const name = u.name as PyDict;
    if (`${name.first_name}_${name.last_name}_`.toLowerCase() !== id.slice(0, -4) || !/\d{4}$/.test(id)) {
      problems.push(`${where}: id does not follow the name`);
    }
    if (!MEMBERSHIPS.includes(u.membership as never)) problems.push(`${where}: membership`);
    const methods = u.payment_methods as PyDict;
    for (const pid of dictKeys(methods)) {
      const m = methods[pid] as PyDict;
      if (m.id !== pid || !pid.startsWith(`${m.source}_`)) problems.push(`${where}: payment id ${pid}`);
      if (owners.has(pid)) problems.push(`${where}: payment id ${pid} also belongs to ${owners.get(pid)}`);
      owners.set(pid, id);
      if (m.source === 'credit_card' && !/^\d{4}$/.test(m.last_four as string))
        problems.push(`${where}: ${pid}`);
      if (m.source !== 'credit_card' && !isInt(m.amount, 0n, 10_000n))
        problems.push(`${where}: ${pid} amount`);
    }
    const listed = u.reservations as string[];
    if (new Set(listed).size !== listed.length) problems.push(`${where}: a reservation listed twice`);
    for (const rid of listed) {
      const r = db.reservations[rid] as PyDict | undefined;
      if (r === undefined || r.user_id !== id) problems.push(`${where}: lists ${rid}, which is not theirs`);
    }
  }
}

function checkReservation(db: AirlineDatabase, id: string, problems: string[]): void {
  const r = db.reservations[id] as PyDict;
  const where = `reservation ${id}`;
  if (!/^[A-Z0-9]{6}$/.test(id) || r.reservation_id !== id) problems.push(`${where}: bad id`);
  const user = db.users[r.user_id as string] as PyDict | undefined;
  if (user === undefined) {
    problems.push(`${where}: unknown user ${r.user_id}`);
    return;
  }
  if (!(user.reservations as string[]).includes(id)) problems.push(`${where}: not in its user's list`);
  const cabin = r.cabin as Cabin;
  const segments = r.flights as PyDict[];
  const passengers = r.passengers as PyDict[];
  if (!CABINS.includes(cabin)) problems.push(`${where}: cabin ${cabin}`);
  if (passengers.length < 1 || passengers.length > MAX_PASSENGERS) problems.push(`${where}: passengers`);
  if (!STAMP.test(r.created_at as string) || (r.created_at as string) > NOW)
    problems.push(`${where}: created_at`);
  segments.forEach((s, i) => {
    const record = db.flights[s.flight_number as string] as PyDict | undefined;
    const day = (record?.dates as PyDict | undefined)?.[s.date as string] as PyDict | undefined;
    if (record === undefined || day === undefined) {
      problems.push(`${where}: flight ${s.flight_number} does not fly on ${s.date}`);
      return;
    }
    if (s.origin !== record.origin || s.destination !== record.destination)
      problems.push(`${where}: segment ${i} route`);
    if (day.status === 'available' && s.price !== (day.prices as PyDict)[cabin])
      problems.push(`${where}: segment ${i} fare`);
    const [low, high] = FARE_RANGES[cabin];
    if (!isInt(s.price, BigInt(low), BigInt(high))) problems.push(`${where}: segment ${i} price`);
    if (i === 0 && `${s.date}T${record.scheduled_departure_time_est}` <= (r.created_at as string)) {
      problems.push(`${where}: leaves before it was booked`);
    }
    const previous = segments[i - 1];
    if (previous === undefined) return;
    if (previous.destination !== s.origin) problems.push(`${where}: segments ${i - 1} and ${i} do not join`);
    if (previous.destination === r.destination && r.flight_type === 'round_trip') {
      if ((s.date as string) <= (previous.date as string)) problems.push(`${where}: returns too early`);
      return;
    }
    const before = db.flights[previous.flight_number as string] as PyDict | undefined;
    if (before === undefined) return; // reported with its own segment
    const first = flightInfo(before);
    const second = flightInfo(record);
    const date = first.overnight ? addDays(previous.date as string, 1) : previous.date;
    if (!connects(first, second) || s.date !== date) problems.push(`${where}: no connection at segment ${i}`);
  });
  const first = segments[0];
  const last = segments.at(-1);
  if (first?.origin !== r.origin) problems.push(`${where}: origin`);
  const end = r.flight_type === 'one_way' ? r.destination : r.origin;
  if (last?.destination !== end) problems.push(`${where}: ends at ${last?.destination}`);
  if (r.flight_type === 'round_trip' && !segments.some((s) => s.destination === r.destination)) {
    problems.push(`${where}: never reaches ${r.destination}`);
  }
  const n = BigInt(passengers.length);
  let expected = segments.reduce((t, s) => t + (s.price as bigint), 0n) * n;
  expected += EXTRA_BAG_PRICE * (r.nonfree_baggages as bigint);
  if (r.insurance === 'yes') expected += INSURANCE_PER_PASSENGER * n;
  const payments = r.payment_history as PyDict[];
  const methods = user.payment_methods as PyDict;
  for (const p of payments) {
    const method = methods[p.payment_id as string] as PyDict | undefined;
    if (method === undefined) problems.push(`${where}: paid with ${p.payment_id}, not the user's`);
    else if (method.source === 'certificate')
      problems.push(`${where}: paid with a certificate that still exists`);
  }
  const paid = payments.reduce((t, p) => t + (p.amount as bigint), 0n);
  if (paid !== expected) problems.push(`${where}: paid ${paid}, fares and extras make ${expected}`);
  if ((r.nonfree_baggages as bigint) > (r.total_baggages as bigint)) problems.push(`${where}: bags`);
}

/**
 * Every way a generated airline database can be inconsistent, as one line each (empty when it is
 * sound): formats, statuses against the current time, references between tables, itineraries, fares,
 * payments and seat counts.
 */
export function checkAirlineDatabase(db: AirlineDatabase): string[] {
  const problems: string[] = [];
  checkFlights(db, problems);
  checkUsers(db, problems);
  for (const id of dictKeys(db.reservations)) checkReservation(db, id, problems);
  return problems;
}
