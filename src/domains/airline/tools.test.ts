import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  domainOfTables,
  expectDescribed,
  expectReferenceSchemas,
  toolCaller,
} from '../../../test/support/domain-fixtures.ts';
import { noSharedData, shared, skipReason } from '../../../test/support/shared-data.ts';
import { loadDomainFolder } from '../../core/domain/loaders/index.ts';
import type { Domain } from '../../core/domain/types.ts';
import { fromJs, type PyDict, parsePyJson } from '../../core/python/index.ts';
import { State, tauBenchStateHash } from '../../core/state/index.ts';
import { callTool } from '../../core/tools/dispatch.ts';
import { builtInToolKits } from '../toolkits.ts';
import { airlineToolKit } from './toolkit.ts';

// Every observation and state hash of the reference's airline cases is checked in test/parity.test.ts.
describe.skipIf(noSharedData)(`airline tools against the tau-bench reference (${skipReason})`, () => {
  let domain: Domain;
  beforeAll(async () => {
    domain = await loadDomainFolder(shared('tau-bench', 'airline'), builtInToolKits);
  });

  it('declares exactly the reference schemas, in its order', () => {
    const reference = JSON.parse(readFileSync(shared('tau-bench', 'airline', 'tool_schemas.json'), 'utf8'));
    // The reference keeps descriptions on nested items: those are part of the schema, word for word.
    expectReferenceSchemas([...domain.tools.values()], reference);
  });
});

describe('airline toolkit', () => {
  it('describes every tool and every parameter', () => {
    expectDescribed(airlineToolKit.tools);
  });
});

describe('airline tools on a small airline', () => {
  const open = (seats: number, price: number) => ({
    status: 'available',
    available_seats: { basic_economy: seats, economy: seats, business: seats },
    prices: { basic_economy: price / 2, economy: price, business: price * 3 },
  });
  const data = fromJs({
    flights: {
      HAT001: {
        flight_number: 'HAT001',
        origin: 'JFK',
        destination: 'ATL',
        scheduled_departure_time_est: '20:00:00',
        scheduled_arrival_time_est: '23:00:00',
        dates: {
          '2024-05-05': open(1, 100),
          '2024-05-20': open(1, 100),
          '2024-05-21': { status: 'cancelled' },
        },
      },
      HAT002: {
        flight_number: 'HAT002',
        origin: 'ATL',
        destination: 'SEA',
        scheduled_departure_time_est: '22:00:00',
        scheduled_arrival_time_est: '01:00:00+1',
        dates: { '2024-05-05': open(5, 200), '2024-05-09': open(5, 200), '2024-05-20': open(5, 200) },
      },
      HAT003: {
        flight_number: 'HAT003',
        origin: 'SEA',
        destination: 'BOS',
        scheduled_departure_time_est: '08:00:00',
        scheduled_arrival_time_est: '16:00:00',
        dates: {
          '2024-05-06': open(5, 300),
          '2024-05-10': open(5, 300),
          '2024-05-20': open(5, 250),
          '2024-05-21': open(5, 300),
        },
      },
    },
    users: {
      ann_1: {
        name: { first_name: 'Ann', last_name: 'Lee' },
        payment_methods: {
          credit_card_1: { source: 'credit_card', brand: 'visa', last_four: '1234', id: 'credit_card_1' },
          gift_card_1: { source: 'gift_card', amount: 60, id: 'gift_card_1' },
          certificate_1: { source: 'certificate', amount: 150, id: 'certificate_1' },
        },
        membership: 'gold',
        reservations: ['RES001'],
      },
    },
    reservations: {
      RES001: {
        reservation_id: 'RES001',
        user_id: 'ann_1',
        origin: 'JFK',
        destination: 'ATL',
        flight_type: 'one_way',
        cabin: 'economy',
        flights: [
          { flight_number: 'HAT001', date: '2024-05-20', price: 100, origin: 'JFK', destination: 'ATL' },
        ],
        passengers: [{ first_name: 'Ann', last_name: 'Lee', dob: '1990-01-01' }],
        payment_history: [{ payment_id: 'credit_card_1', amount: 100 }],
        created_at: '2024-05-01T10:00:00',
        total_baggages: 0,
        nonfree_baggages: 0,
        insurance: 'no',
      },
    },
  }) as Record<string, PyDict>;
  const domain = domainOfTables(airlineToolKit, data);
  const { call, expectRefusal } = toolCaller(domain);
  const ann = { first_name: 'Ann', last_name: 'Lee', dob: '1990-01-01' };
  const booking = (changes: Record<string, unknown>) => ({
    user_id: 'ann_1',
    origin: 'JFK',
    destination: 'ATL',
    flight_type: 'one_way',
    cabin: 'economy',
    flights: [{ flight_number: 'HAT001', date: '2024-05-20' }],
    passengers: [ann],
    payment_methods: [{ payment_id: 'credit_card_1', amount: 100 }],
    total_baggages: 0,
    nonfree_baggages: 0,
    insurance: 'no',
    ...changes,
  });

  it('refuses bookings without writing anything', () => {
    expectRefusal('book_reservation', booking({ user_id: 'bob_2' }), 'user not found');
    // the cabin is not checked against its enum: the seat lookup fails as a Python KeyError
    expectRefusal('book_reservation', booking({ cabin: 'economy X' }), "'economy X'");
    expectRefusal(
      'book_reservation',
      booking({ flights: [{ flight_number: 'HAT001', date: '2024-05-21' }] }),
      'flight HAT001 not available on date 2024-05-21',
    );
    expectRefusal(
      'book_reservation',
      booking({ passengers: [ann, ann] }),
      'not enough seats on flight HAT001',
    );
    expectRefusal(
      'book_reservation',
      booking({ payment_methods: [{ payment_id: 'gift_card_1', amount: 100 }] }),
      'not enough balance in payment method gift_card_1',
    );
    expectRefusal(
      'book_reservation',
      booking({ payment_methods: [{ payment_id: 'credit_card_1', amount: 99.5 }] }),
      'payment amount does not add up, total price is 100, but paid 99.5',
    );
    // A certificate listed twice passes the checks, then fails on the second use (a KeyError in the
    // reference, which keeps its first deduction; here the call changes nothing).
    expectRefusal(
      'book_reservation',
      booking({
        payment_methods: [
          { payment_id: 'certificate_1', amount: 50 },
          { payment_id: 'certificate_1', amount: 50 },
        ],
      }),
      "'certificate_1'",
    );
  });

  it('refuses changes without writing anything', () => {
    const flights = [{ flight_number: 'HAT001', date: '2024-05-20' }];
    expectRefusal('cancel_reservation', { reservation_id: 'NOPE00' }, 'reservation not found');
    expectRefusal('get_reservation_details', { reservation_id: 'NOPE00' }, 'user not found');
    expectRefusal('send_certificate', { user_id: 'bob_2', amount: 50 }, 'user not found');
    expectRefusal(
      'update_reservation_flights',
      { reservation_id: 'RES001', cabin: 'business', flights, payment_id: 'certificate_1' },
      'certificate cannot be used to update reservation',
    );
    expectRefusal(
      'update_reservation_flights',
      { reservation_id: 'RES001', cabin: 'business', flights, payment_id: 'gift_card_1' },
      'gift card balance is not enough',
    );
    expectRefusal(
      'update_reservation_baggages',
      { reservation_id: 'RES001', total_baggages: 2, nonfree_baggages: 2, payment_id: 'paypal_9' },
      'payment method not found',
    );
    expectRefusal(
      'update_reservation_passengers',
      { reservation_id: 'RES001', passengers: [ann, ann] },
      'number of passengers does not match',
    );
  });

  it('books with Python arithmetic and the fixed id and time', () => {
    const state = new State(domain.base);
    const out = call(
      state,
      'book_reservation',
      booking({
        payment_methods: [
          { payment_id: 'gift_card_1', amount: 40.5 },
          { payment_id: 'credit_card_1', amount: 109.5 },
        ],
        nonfree_baggages: 1,
      }),
    );
    expect(out).toContain('"reservation_id": "HATHAT"');
    expect(out).toContain('"created_at": "2024-05-15T15:00:00"');
    expect(out).toContain('"flights": [{"flight_number": "HAT001", "date": "2024-05-20", "price": 100, ');
    expect(call(state, 'get_user_details', { user_id: 'ann_1' })).toContain(
      '"gift_card_1": {"source": "gift_card", "amount": 19.5, "id": "gift_card_1"}',
    );
  });

  it('searches connections the way the reference does', () => {
    const state = new State(domain.base);
    const search = (date: string) =>
      call(state, 'search_onestop_flight', { origin: 'ATL', destination: 'BOS', date });
    // The first leg lands after midnight, so the second flies the next day, but its seats and prices
    // are read on the first leg's date.
    const pairs = parsePyJson(search('2024-05-20')) as PyDict[][];
    expect(pairs.map((pair) => pair.map((leg) => [leg.flight_number, leg.date]))).toEqual([
      [
        ['HAT002', '2024-05-20'],
        ['HAT003', '2024-05-21'],
      ],
    ]);
    expect(pairs[0]![1]!.prices).toEqual(fromJs({ basic_economy: 125, economy: 250, business: 750 }));
    // the next day is written unpadded ('2024-05-6'), which no flight has
    expect(search('2024-05-05')).toBe('[]');
    // the second flight flies on the next day but has no record for the first leg's date: a KeyError
    expect(search('2024-05-09')).toBe("Error: '2024-05-09'");
    expect(search('2024-05-xy')).toBe("Error: invalid literal for int() with base 10: 'xy'");
  });

  it('issues certificates under the three fixed ids, then nothing', () => {
    const state = new State(domain.base);
    const amounts = ['100', '100.0', '12.5'];
    ['3221322', '3221323', '3221324'].forEach((id, i) => {
      const args = parsePyJson(`{"user_id": "ann_1", "amount": ${amounts[i]}}`);
      expect(callTool(domain, state, 'send_certificate', args).observation).toBe(
        `Certificate certificate_${id} added to user ann_1 with amount ${amounts[i]}.`,
      );
    });
    const before = tauBenchStateHash(state);
    expect(call(state, 'send_certificate', { user_id: 'ann_1', amount: 100 })).toBe('None');
    expect(tauBenchStateHash(state)).toBe(before);
  });
});
