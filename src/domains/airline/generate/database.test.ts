import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noSharedData, shared, skipReason } from '../../../../test/support/shared-data.ts';
import {
  cloneValue,
  dictKeys,
  isDict,
  type PyDict,
  type PyValue,
  parsePyJson,
} from '../../../core/python/index.ts';
import { SCHEDULE_DATES, TODAY } from './calendar.ts';
import { type AirlineDatabase, airlineDatabaseJson, generateAirlineDatabase } from './database.ts';
import { checkAirlineDatabase } from './invariants.ts';

const TABLES = ['flights', 'reservations', 'users'] as const;

/** Every field path of a value with the type found there, and the key order of each fixed-shape object. */
function shapes(value: PyValue, path: string, out: Set<string>): Set<string> {
  if (isDict(value)) {
    const keyed = path.endsWith('.dates') || path.endsWith('.payment_methods');
    const keys = dictKeys(value);
    if (!keyed) out.add(`${path} {${keys.join(',')}}`);
    for (const key of keys) shapes(value[key]!, `${path}.${keyed ? '*' : key}`, out);
  } else if (Array.isArray(value)) {
    for (const item of value) shapes(item, `${path}[]`, out);
  } else {
    out.add(`${path}: ${value === null ? 'null' : typeof value}`);
  }
  return out;
}

function tableShapes(table: PyDict): string[] {
  const out = new Set<string>();
  for (const id of dictKeys(table)) shapes(table[id]!, '', out);
  return [...out].sort();
}

describe('generateAirlineDatabase', () => {
  const db = generateAirlineDatabase({ seed: 7 });

  it('has the reference scale by default and the same bytes for the same seed', () => {
    expect(dictKeys(db.users)).toHaveLength(500);
    expect(dictKeys(db.flights)).toHaveLength(300);
    expect(dictKeys(db.reservations)).toHaveLength(2000);
    const text = airlineDatabaseJson(db);
    expect(airlineDatabaseJson(generateAirlineDatabase({ seed: 7 }))).toBe(text);
    expect(airlineDatabaseJson(generateAirlineDatabase({ seed: 8 }))).not.toBe(text);
    expect(airlineDatabaseJson(generateAirlineDatabase({ seed: '7' }))).toBe(text);
    // the text reads back into the same values (ints stay ints)
    expect(airlineDatabaseJson(parsePyJson(text) as unknown as AirlineDatabase)).toBe(text);
  });

  it('keeps every invariant at full size', () => {
    for (const seed of [7, 11, 'sigma']) {
      const data = seed === 7 ? db : generateAirlineDatabase({ seed });
      expect(checkAirlineDatabase(data), `seed ${seed}`).toEqual([]);
    }
  });

  it('keeps every invariant at other sizes', () => {
    for (const sizes of [
      { users: 3, flights: 4, reservations: 5 },
      { users: 40, flights: 999, reservations: 100 },
      { users: 1000, flights: 500, reservations: 4000 },
    ]) {
      const data = generateAirlineDatabase({ seed: 3, ...sizes });
      expect(dictKeys(data.users), JSON.stringify(sizes)).toHaveLength(sizes.users);
      expect(dictKeys(data.flights)).toHaveLength(sizes.flights);
      expect(dictKeys(data.reservations)).toHaveLength(sizes.reservations);
      expect(checkAirlineDatabase(data), JSON.stringify(sizes)).toEqual([]);
    }
  });

  it('refuses sizes it cannot make', () => {
    expect(() => generateAirlineDatabase({ seed: 1, flights: 0 })).toThrow(RangeError);
    expect(() => generateAirlineDatabase({ seed: 1, flights: 1000 })).toThrow(/999/);
    expect(() => generateAirlineDatabase({ seed: 1, users: 0 })).toThrow(RangeError);
    expect(() => generateAirlineDatabase({ seed: 1, reservations: 1.5 })).toThrow(RangeError);
  });

  it('gives every date the statuses its place against the current time allows', () => {
    const seen = { past: new Set<string>(), today: new Set<string>(), ahead: new Set<string>() };
    for (const id of dictKeys(db.flights)) {
      const dates = (db.flights[id] as PyDict).dates as PyDict;
      expect(dictKeys(dates)).toEqual(SCHEDULE_DATES);
      for (const date of SCHEDULE_DATES) {
        const when = date < TODAY ? 'past' : date === TODAY ? 'today' : 'ahead';
        seen[when].add((dates[date] as PyDict).status as string);
      }
    }
    expect([...seen.past].sort()).toEqual(['cancelled', 'landed']);
    expect([...seen.today].sort()).toEqual(['delayed', 'flying', 'landed', 'on time']);
    expect([...seen.ahead]).toEqual(['available']);
  });

  it('holds the situations tasks need', () => {
    const reservations = Object.values(db.reservations) as PyDict[];
    const statusOf = (s: PyDict) =>
      (((db.flights[s.flight_number as string] as PyDict).dates as PyDict)[s.date as string] as PyDict)
        .status;
    const some = (test: (r: PyDict) => boolean) => reservations.filter(test).length;
    expect(some((r) => r.flight_type === 'round_trip')).toBeGreaterThan(500);
    expect(some((r) => (r.flights as PyDict[]).length === 2 && r.flight_type === 'one_way')).toBeGreaterThan(
      300,
    );
    expect(some((r) => (r.created_at as string) > '2024-05-14T15:00:00')).toBeGreaterThan(20);
    expect(some((r) => (r.flights as PyDict[]).some((s) => statusOf(s) === 'cancelled'))).toBeGreaterThan(30);
    expect(some((r) => (r.flights as PyDict[]).some((s) => statusOf(s) === 'delayed'))).toBeGreaterThan(5);
    expect(some((r) => (r.nonfree_baggages as bigint) > 0n)).toBeGreaterThan(20);
    for (const cabin of ['basic_economy', 'economy', 'business'])
      expect(some((r) => r.cabin === cabin)).toBeGreaterThan(400);
  });

  it('reports broken invariants', () => {
    const broken = cloneValue(db as unknown as PyDict) as unknown as AirlineDatabase;
    const [rid] = dictKeys(broken.reservations);
    const reservation = broken.reservations[rid!] as PyDict;
    (reservation.payment_history as PyDict[])[0]!.amount = 1n;
    (reservation.flights as PyDict[])[0]!.flight_number = 'HAT999';
    const user = broken.users[reservation.user_id as string] as PyDict;
    user.reservations = (user.reservations as string[]).filter((id) => id !== rid);
    const problems = checkAirlineDatabase(broken);
    expect(problems.some((p) => p.includes('not in its user'))).toBe(true);
    expect(problems.some((p) => p.includes('does not fly'))).toBe(true);
    expect(problems.some((p) => p.includes('paid 1'))).toBe(true);
  });
});

describe.skipIf(noSharedData)(`the generated airline against the reference data (${skipReason})`, () => {
  it('has exactly the reference tables, fields, key orders and value types', () => {
    const db = generateAirlineDatabase({ seed: 1 });
    for (const table of TABLES) {
      const reference = parsePyJson(
        readFileSync(shared('tau-bench/airline', `${table}.json`), 'utf8'),
      ) as PyDict;
      expect(tableShapes(db[table]), table).toEqual(tableShapes(reference));
    }
  });
});
