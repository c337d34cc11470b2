import { assembleDomain } from '../../src/core/domain/assemble.ts';
import type { Domain } from '../../src/core/domain/types.ts';
import { tau2Flavour } from '../../src/core/flavours/tau2/index.ts';
import { dictKeys, fromJs, type PyDict, type PyValue } from '../../src/core/python/index.ts';
import { normaliseAirlineRecord, tau2AirlineToolKit } from '../../src/domains/tau2/index.ts';

/**
 * A small airline in tau2's flavour for unit tests that need no shared data: four flights (one with a
 * second leg landing after midnight, one delayed), one user with a card, a gift card and a
 * certificate, and one reservation. Records go through tau2's data model as a loaded folder's do.
 */

const open = (seats: number, price: number) => ({
  status: 'available',
  available_seats: { basic_economy: seats, economy: seats, business: seats },
  prices: { basic_economy: price / 2, economy: price, business: price * 3 },
});

const tables = fromJs({
  flights: {
    HAT001: {
      origin: 'JFK',
      destination: 'ATL',
      flight_number: 'HAT001',
      scheduled_departure_time_est: '20:00:00',
      scheduled_arrival_time_est: '23:00:00',
      dates: { '2024-05-20': open(2, 100), '2024-05-21': { status: 'cancelled' } },
    },
    HAT002: {
      origin: 'ATL',
      destination: 'SEA',
      flight_number: 'HAT002',
      scheduled_departure_time_est: '22:00:00',
      scheduled_arrival_time_est: '01:00:00+1',
      dates: { '2024-05-05': open(5, 200), '2024-05-20': open(5, 200) },
    },
    HAT003: {
      origin: 'SEA',
      destination: 'BOS',
      flight_number: 'HAT003',
      scheduled_departure_time_est: '08:00:00',
      scheduled_arrival_time_est: '16:00:00',
      dates: { '2024-05-06': open(5, 300), '2024-05-20': open(5, 250), '2024-05-21': open(4, 320) },
    },
    HAT004: {
      origin: 'ATL',
      destination: 'SEA',
      flight_number: 'HAT004',
      scheduled_departure_time_est: '23:30:00',
      scheduled_arrival_time_est: '02:00:00+1',
      dates: {
        '2024-05-20': {
          status: 'delayed',
          estimated_departure_time_est: '2024-05-21T00:30:00',
          estimated_arrival_time_est: '2024-05-21T03:00:00',
        },
      },
    },
  },
  users: {
    ann_1: {
      user_id: 'ann_1',
      name: { first_name: 'Ann', last_name: 'Lee' },
      address: { address1: '1 Elm St', city: 'Austin', country: 'USA', state: 'TX', zip: '78701' },
      email: 'ann@example.com',
      dob: '1990-01-01',
      payment_methods: {
        credit_card_1: { source: 'credit_card', id: 'credit_card_1', brand: 'visa', last_four: '1234' },
        gift_card_1: { source: 'gift_card', id: 'gift_card_1', amount: 60 },
        certificate_1: { source: 'certificate', id: 'certificate_1', amount: 150 },
      },
      saved_passengers: [],
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
        { origin: 'JFK', destination: 'ATL', flight_number: 'HAT001', date: '2024-05-20', price: 100 },
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

export const smallTau2Airline: Domain = assembleDomain({
  name: 'airline',
  flavour: tau2Flavour,
  source: { layout: 'tau2', path: '(in memory)' },
  tables: Object.entries(tables).map(([table, records]) => [
    table,
    dictKeys(records).map((id): [string, PyValue] => [
      id,
      normaliseAirlineRecord(table, records[id] as PyDict),
    ]),
  ]),
  tools: tau2AirlineToolKit.tools,
  policy: '',
  userGuidelines: '',
  tasks: new Map(),
  defaultSplit: 'base',
});
