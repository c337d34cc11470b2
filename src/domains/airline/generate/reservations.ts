import { type PyDict, setKeyOrder, sum } from '../../../core/python/index.ts';
import type { Random } from '../../shared/random.ts';
import { addDays, daysBetween, NOW, SCHEDULE_DATES } from './calendar.ts';
import { CABINS, type Cabin, FARE_RANGES } from './flights.ts';
import { connects, type FlightIndex, type FlightInfo, type Leg, legsOf } from './itinerary.ts';
import { EXTRA_BAG_PRICE, freeBags, INSURANCE_PER_PASSENGER } from './rules.ts';
import { IdPool, type Membership, type Person, randomPerson } from './users.ts';

/** Ids `book_reservation` gives new reservations; generated ones never take them. */
const BOOKING_IDS = ['HATHAT', 'HATHAU', 'HATHAV'];
const ID_CHARACTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
const LAST_DATE = SCHEDULE_DATES[SCHEDULE_DATES.length - 1]!;
/** Reservations were made from this moment up to the current time. */
const FIRST_BOOKING_MS = Date.UTC(2024, 3, 30);
const BOOKING_WINDOW_S = (Date.parse(`${NOW}Z`) - FIRST_BOOKING_MS) / 1000;
const MAX_ATTEMPTS = 500;

/** Payment sources a reservation was paid with (certificates are used up by a booking). */
export function canPay(method: Readonly<PyDict>): boolean {
  return method.source === 'credit_card' || method.source === 'gift_card';
}

function createdAt(random: Random): string {
  const ms = FIRST_BOOKING_MS + random.int(0, BOOKING_WINDOW_S - 1) * 1000;
  return new Date(ms).toISOString().slice(0, 19);
}

/** The flight's record on a leg's date, when the schedule has it. */
function onDate(leg: Leg): PyDict | undefined {
  return leg.flight.dates[leg.date] as PyDict | undefined;
}

/** A leg can be on a reservation made at `created` for `seats` passengers. */
function bookable(leg: Leg, cabin: Cabin, seats: number, created: string): boolean {
  const day = onDate(leg);
  if (day === undefined) return false;
  if (`${leg.date}T${leg.flight.departure}` <= created) return false;
  if (day.status !== 'available') return true;
  return ((day.available_seats as PyDict)[cabin] as bigint) >= BigInt(seats);
}

/** A random trip leaving on `date` from `origin` (any origin when undefined) to `destination`. */
function trip(
  index: FlightIndex,
  random: Random,
  date: string,
  from?: string,
  to?: string,
): Leg[] | undefined {
  let flights: FlightInfo[];
  if (from === undefined) {
    const first = random.pick(index.all);
    const onward = index.from(first.destination).filter((f) => f.destination !== first.origin);
    const next = random.chance(0.3) ? [] : onward.filter((f) => connects(first, f));
    flights = next.length === 0 ? [first] : [first, random.pick(next)];
  } else {
    const direct = index.direct(from, to!).map((f) => [f]);
    const oneStop = index.oneStop(from, to!);
    const options = direct.length > 0 && (oneStop.length === 0 || random.chance(0.4)) ? direct : oneStop;
    if (options.length === 0) return undefined;
    flights = random.pick(options);
  }
  return legsOf(flights, date);
}

interface Buyer {
  id: string;
  record: PyDict;
  payers: string[];
}

function passengersFor(random: Random, buyer: Buyer, count: number): Person[] {
  const name = buyer.record.name as PyDict;
  const self: Person = {
    first_name: name.first_name as string,
    last_name: name.last_name as string,
    dob: buyer.record.dob as string,
  };
  const saved = (buyer.record.saved_passengers as Person[]).map((p) => ({ ...p }));
  const pool = random.chance(0.8) ? [self, ...saved] : random.shuffle([...saved, self]);
  return Array.from({ length: count }, (_, i) => pool[i] ?? randomPerson(random));
}

function fareOf(random: Random, leg: Leg, cabin: Cabin): bigint {
  const day = onDate(leg)!;
  if (day.status === 'available') return (day.prices as PyDict)[cabin] as bigint;
  const [low, high] = FARE_RANGES[cabin];
  return BigInt(random.int(low, high));
}

/** A reservation for `buyer`, its id left empty; undefined when the random trip does not fit. */
function build(random: Random, index: FlightIndex, buyer: Buyer): PyDict | undefined {
  const created = createdAt(random);
  const roundTrip = random.chance(0.48);
  const cabin = random.pick(CABINS);
  const seats = random.pick([1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4]);
  const createdDay = created.slice(0, 10);
  const room = daysBetween(createdDay, LAST_DATE) - (roundTrip ? 2 : 0);
  if (room < 0) return undefined;
  const start = addDays(createdDay, random.int(0, Math.min(27, room)));
  const out = trip(index, random, start);
  if (out === undefined) return undefined;
  const origin = out[0]!.flight.origin;
  const destination = out.at(-1)!.flight.destination;
  let legs = out;
  if (roundTrip) {
    const last = out.at(-1)!;
    const gap = random.int(last.flight.overnight ? 2 : 1, 10);
    if (addDays(last.date, gap) > LAST_DATE) return undefined;
    const back = trip(index, random, addDays(last.date, gap), destination, origin);
    if (back === undefined) return undefined;
    legs = [...out, ...back];
  }
  if (!legs.every((leg) => bookable(leg, cabin, seats, created))) return undefined;

  const membership = buyer.record.membership as Membership;
  const allowance = freeBags(membership, cabin, seats);
  const total =
    (random.chance(0.5) ? 0 : random.int(1, Math.max(1, allowance))) +
    (random.chance(0.1) ? random.int(1, 2) : 0);
  const nonfree = Math.max(0, total - allowance);
  const insurance = random.chance(0.5) ? 'yes' : 'no';
  const flights = legs.map((leg) => ({
    origin: leg.flight.origin,
    destination: leg.flight.destination,
    flight_number: leg.flight.number,
    date: leg.date,
    price: fareOf(random, leg, cabin),
  }));
  const n = BigInt(seats);
  let amount = (sum(flights.map((f) => f.price)) as bigint) * n + EXTRA_BAG_PRICE * BigInt(nonfree);
  if (insurance === 'yes') amount += INSURANCE_PER_PASSENGER * n;
  for (const leg of legs) {
    const day = onDate(leg)!;
    if (day.status !== 'available') continue;
    const available = day.available_seats as PyDict;
    available[cabin] = (available[cabin] as bigint) - n;
  }
  return {
    reservation_id: '',
    user_id: buyer.id,
    origin,
    destination,
    flight_type: roundTrip ? 'round_trip' : 'one_way',
    cabin,
    flights,
    passengers: passengersFor(random, buyer, seats),
    payment_history: [{ payment_id: random.pick(buyer.payers), amount }],
    created_at: created,
    total_baggages: BigInt(total),
    nonfree_baggages: BigInt(nonfree),
    insurance,
  };
}

/**
 * The reservations table. Each reservation belongs to a user who holds a credit card or gift card (it
 * paid with one of them); its flights connect and fly on their dates, later dates had seats in the cabin
 * (which this takes from `flights`), fares are the flight's current fares where it is still on sale, and
 * the payment covers fares, insurance and paid bags exactly. The user's `reservations` list gets its id.
 */
export function generateReservations(
  random: Random,
  count: number,
  index: FlightIndex,
  users: PyDict,
): PyDict {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`reservations must be a whole number >= 0, got ${count}`);
  }
  const buyers: Buyer[] = [];
  for (const [id, record] of Object.entries(users)) {
    const methods = (record as PyDict).payment_methods as PyDict;
    const payers = Object.keys(methods).filter((m) => canPay(methods[m] as PyDict));
    if (payers.length > 0) buyers.push({ id, record: record as PyDict, payers });
  }
  if (count > 0 && buyers.length === 0) throw new RangeError('no user holds a credit card or gift card');
  const ids = new IdPool(BOOKING_IDS);
  const table: PyDict = {};
  const order: string[] = [];
  for (let i = 0; i < count; i++) {
    const buyer = random.pick(buyers);
    let reservation: PyDict | undefined;
    for (let attempt = 0; reservation === undefined; attempt++) {
      if (attempt === MAX_ATTEMPTS) {
        throw new RangeError(`cannot place reservation ${i + 1}: too few flights or seats`);
      }
      reservation = build(random, index, buyer);
    }
    const id = ids.take(() => Array.from({ length: 6 }, () => random.pick(ID_CHARACTERS)).join(''));
    reservation.reservation_id = id;
    table[id] = reservation;
    order.push(id);
    (buyer.record.reservations as string[]).push(id);
  }
  // ids such as '429815' look like array indices: keep the insertion order explicitly, as Python does
  setKeyOrder(table, order);
  return table;
}
