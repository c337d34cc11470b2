import { describe, expect, it } from 'vitest';
import { expectDescribed } from '../../../../test/support/domain-fixtures.ts';
import { smallTau2Airline } from '../../../../test/support/tau2-airline.ts';
import { fromJs, type PyDict, type PyValue, parsePyJson } from '../../../core/python/index.ts';
import { State } from '../../../core/state/index.ts';
import { callTool } from '../../../core/tools/dispatch.ts';
import { normaliseAirlineRecord } from './data-model.ts';
import { tau2AirlineToolKit } from './toolkit.ts';

// Every observation, hash and check of the reference's airline cases is in test/tau2-parity.test.ts;
// these cover the tools and branches those cases do not reach, as tau2's airline code behaves.

const domain = smallTau2Airline;

function call(state: State, name: string, args: Record<string, unknown>): string {
  return callTool(domain, state, name, fromJs(args) as PyValue).observation;
}

/** A refusal on a fresh state: the text, and nothing written. */
function expectRefusal(name: string, args: Record<string, unknown>, error: string): void {
  const state = new State(domain.base);
  expect(call(state, name, args)).toBe(`Error: ${error}`);
  expect(state.writeCount).toBe(0);
}

const parsed = (text: string) => parsePyJson(text) as PyDict;
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

describe('tau2 airline toolkit', () => {
  it("has tau2's tools in tau2's order, each described", () => {
    expect(tau2AirlineToolKit.tools.map((t) => t.name)).toEqual([
      'book_reservation',
      'calculate',
      'cancel_reservation',
      'get_reservation_details',
      'get_user_details',
      'list_all_airports',
      'search_direct_flight',
      'search_onestop_flight',
      'send_certificate',
      'transfer_to_human_agents',
      'update_reservation_baggages',
      'update_reservation_flights',
      'update_reservation_passengers',
      'get_flight_status',
    ]);
    expectDescribed(tau2AirlineToolKit.tools);
    expect(tau2AirlineToolKit.tools.find((t) => t.name === 'transfer_to_human_agents')?.terminates).toBe(
      false,
    );
  });

  it('stores records as the data model dumps them', () => {
    const user = domain.base.table('users').records.get('ann_1')!;
    expect(user.address).toEqual({
      address1: '1 Elm St',
      address2: null,
      city: 'Austin',
      country: 'USA',
      state: 'TX',
      zip: '78701',
    });
    expect((user.payment_methods as PyDict).gift_card_1).toEqual({
      source: 'gift_card',
      id: 'gift_card_1',
      amount: 60,
    });
    expect(typeof ((user.payment_methods as PyDict).gift_card_1 as PyDict).amount).toBe('number');
    const flight = domain.base.table('flights').records.get('HAT001')!;
    expect(Object.keys(flight).slice(0, 3)).toEqual(['flight_number', 'origin', 'destination']);
    expect(() => normaliseAirlineRecord('reservations', { reservation_id: 'X' })).toThrow(
      /user_id: is missing/,
    );
  });
});

describe('tau2 airline reads', () => {
  it('lists airports as records and tells a flight status as plain text', () => {
    const state = new State(domain.base);
    expect(call(state, 'list_all_airports', {})).toMatch(/^\[\{"iata": "SFO", "city": "San Francisco"\}, /);
    expect(call(state, 'get_flight_status', { flight_number: 'HAT004', date: '2024-05-20' })).toBe('delayed');
    expect(call(state, 'get_flight_status', { flight_number: 'HAT001', date: '2024-05-21' })).toBe(
      'cancelled',
    );
    expectRefusal(
      'get_flight_status',
      { flight_number: 'HAT009', date: '2024-05-20' },
      'Flight HAT009 not found',
    );
    expectRefusal(
      'get_flight_status',
      { flight_number: 'HAT001', date: '2024-05-22' },
      'Flight HAT001 not found on date 2024-05-22',
    );
    expectRefusal('get_reservation_details', { reservation_id: 'NOPE' }, 'Reservation NOPE not found');
  });

  it('finds direct flights with a null date, and one-stop pairs priced on each leg own date', () => {
    const state = new State(domain.base);
    const direct = JSON.parse(
      call(state, 'search_direct_flight', { origin: 'ATL', destination: 'SEA', date: '2024-05-20' }),
    );
    // HAT004 is delayed that day: not bookable.
    expect(direct.map((f: { flight_number: string }) => f.flight_number)).toEqual(['HAT002']);
    expect(Object.keys(direct[0])).toEqual([
      'flight_number',
      'origin',
      'destination',
      'status',
      'scheduled_departure_time_est',
      'scheduled_arrival_time_est',
      'date',
      'available_seats',
      'prices',
    ]);
    expect(direct[0].date).toBeNull();
    const pairs = JSON.parse(
      call(state, 'search_onestop_flight', { origin: 'ATL', destination: 'BOS', date: '2024-05-20' }),
    );
    expect(pairs).toHaveLength(1);
    const [leg1, leg2] = pairs[0];
    expect([leg1.date, leg2.date]).toEqual(['2024-05-20', '2024-05-21']);
    // The second leg shows its own date's seats and prices (tau-bench shows the first date's).
    expect(leg2.prices.economy).toBe(320);
    expect(leg2.available_seats.economy).toBe(4);
    // Landing after midnight on the 5th looks for the 6th, written without padding ('2024-05-6').
    expect(
      JSON.parse(
        call(state, 'search_onestop_flight', { origin: 'ATL', destination: 'BOS', date: '2024-05-05' }),
      ),
    ).toEqual([]);
  });
});

describe('tau2 airline bookings', () => {
  it('books with whole-dollar payments, takes the seats and spends certificates and gift cards', () => {
    const state = new State(domain.base);
    const result = parsed(
      call(
        state,
        'book_reservation',
        booking({
          cabin: 'business',
          passengers: [ann, { ...ann, first_name: 'Bo', nickname: 'dropped' }],
          payment_methods: [
            { payment_id: 'certificate_1', amount: 150.0 },
            { payment_id: 'gift_card_1', amount: 60 },
            { payment_id: 'credit_card_1', amount: 390 },
          ],
        }),
      ),
    );
    expect(result.reservation_id).toBe('HATHAT');
    expect(result.status).toBeNull();
    expect(result.payment_history).toEqual([
      { payment_id: 'certificate_1', amount: 150n },
      { payment_id: 'gift_card_1', amount: 60n },
      { payment_id: 'credit_card_1', amount: 390n },
    ]);
    expect(result.passengers).toEqual([ann, { ...ann, first_name: 'Bo' }]);
    expect(result.flights).toEqual([
      { flight_number: 'HAT001', origin: 'JFK', destination: 'ATL', date: '2024-05-20', price: 300n },
    ]);
    const seats = ((state.get('flights', 'HAT001')!.dates as PyDict)['2024-05-20'] as PyDict).available_seats;
    expect(seats).toEqual({ basic_economy: 2n, economy: 2n, business: 0n });
    const methods = state.get('users', 'ann_1')!.payment_methods as PyDict;
    expect(Object.keys(methods)).toEqual(['credit_card_1', 'gift_card_1']);
    expect(methods.gift_card_1).toEqual({ source: 'gift_card', id: 'gift_card_1', amount: 0 });
    expect(state.get('users', 'ann_1')!.reservations).toEqual(['RES001', 'HATHAT']);
    // No seats left in business now.
    expect(
      call(
        state,
        'book_reservation',
        booking({ cabin: 'business', payment_methods: [{ payment_id: 'credit_card_1', amount: 300 }] }),
      ),
    ).toBe('Error: Not enough seats on flight HAT001');
  });

  it('refuses a fourth booking instead of overwriting the third', () => {
    const state = new State(domain.base);
    for (const id of ['HATHAT', 'HATHAU'])
      expect(parsed(call(state, 'book_reservation', booking({}))).reservation_id).toBe(id);
    expect(
      parsed(
        call(
          state,
          'book_reservation',
          booking({ cabin: 'basic_economy', payment_methods: [{ payment_id: 'credit_card_1', amount: 50 }] }),
        ),
      ).reservation_id,
    ).toBe('HATHAV');
    expect(call(state, 'book_reservation', booking({}))).toBe('Error: Too many reservations');
  });

  it('refuses bookings in tau2 words, writing nothing', () => {
    expectRefusal('book_reservation', booking({ user_id: 'bob_2' }), 'User bob_2 not found');
    expectRefusal(
      'book_reservation',
      booking({ flights: [{ flight_number: 'HAT001', date: '2024-05-21' }] }),
      'Flight HAT001 not available on date 2024-05-21',
    );
    expectRefusal(
      'book_reservation',
      booking({ flights: [{ flight_number: 'HAT404', date: '2024-05-20' }] }),
      'Flight HAT404 not found',
    );
    expectRefusal(
      'book_reservation',
      booking({ payment_methods: [{ payment_id: 'paypal_9', amount: 100 }] }),
      'Payment method paypal_9 not found',
    );
    expectRefusal(
      'book_reservation',
      booking({ payment_methods: [{ payment_id: 'gift_card_1', amount: 100 }] }),
      'Not enough balance in payment method gift_card_1',
    );
    expectRefusal(
      'book_reservation',
      booking({ insurance: 'yes' }),
      'Payment amount does not add up, total price is 130, but paid 100',
    );
    // tau2 types a payment's amount as an int and the cabin as one of three: refused before the tool runs.
    expectRefusal(
      'book_reservation',
      booking({ payment_methods: [{ payment_id: 'credit_card_1', amount: 99.5 }] }),
      "argument 'payment_methods[0].amount' must be an integer, got 99.5",
    );
    expectRefusal(
      'book_reservation',
      booking({ cabin: 'first' }),
      `argument 'cabin' must be one of "basic_economy", "economy", "business", got "first"`,
    );
  });
});

describe('tau2 airline changes', () => {
  it("changes flights and the reservation's cabin, refunding a cheaper itinerary", () => {
    const state = new State(domain.base);
    const args = {
      reservation_id: 'RES001',
      flights: [{ flight_number: 'HAT001', date: '2024-05-20' }],
      payment_id: 'gift_card_1',
    };
    const result = parsed(call(state, 'update_reservation_flights', { ...args, cabin: 'basic_economy' }));
    expect(result.cabin).toBe('basic_economy');
    expect(result.flights).toEqual([
      { flight_number: 'HAT001', origin: 'JFK', destination: 'ATL', date: '2024-05-20', price: 50n },
    ]);
    expect((result.payment_history as PyDict[]).at(-1)).toEqual({ payment_id: 'gift_card_1', amount: -50n });
    // A refund to a gift card credits it (a float balance stays a float).
    expect(((state.get('users', 'ann_1')!.payment_methods as PyDict).gift_card_1 as PyDict).amount).toBe(110);
    // Same flights, same cabin: the price paid is kept and nothing is charged.
    const fresh = new State(domain.base);
    const kept = parsed(call(fresh, 'update_reservation_flights', { ...args, cabin: 'economy' }));
    expect(kept.payment_history).toHaveLength(1);
    expectRefusal(
      'update_reservation_flights',
      { ...args, cabin: 'business', payment_id: 'certificate_1' },
      'Certificate cannot be used to update reservation',
    );
    expectRefusal(
      'update_reservation_flights',
      { ...args, cabin: 'business' },
      'Gift card balance is not enough',
    );
    expectRefusal(
      'update_reservation_flights',
      { ...args, cabin: 'economy', payment_id: 'paypal_1' },
      'Payment method not found',
    );
  });

  it('changes bags, passengers, cancels twice and sends certificates', () => {
    const state = new State(domain.base);
    const bags = parsed(
      call(state, 'update_reservation_baggages', {
        reservation_id: 'RES001',
        total_baggages: 2,
        nonfree_baggages: 1,
        payment_id: 'credit_card_1',
      }),
    );
    expect(bags.payment_history).toEqual([
      { payment_id: 'credit_card_1', amount: 100n },
      { payment_id: 'credit_card_1', amount: 50n },
    ]);
    expectRefusal(
      'update_reservation_passengers',
      { reservation_id: 'RES001', passengers: [ann, ann] },
      'Number of passengers does not match',
    );
    const renamed = parsed(
      call(state, 'update_reservation_passengers', {
        reservation_id: 'RES001',
        passengers: [{ dob: '1990-01-01', last_name: 'Li', first_name: 'Ann', age: 34 }],
      }),
    );
    expect(renamed.passengers).toEqual([{ first_name: 'Ann', last_name: 'Li', dob: '1990-01-01' }]);
    call(state, 'cancel_reservation', { reservation_id: 'RES001' });
    const twice = parsed(call(state, 'cancel_reservation', { reservation_id: 'RES001' }));
    expect((twice.payment_history as PyDict[]).map((p) => p.amount)).toEqual([
      100n,
      50n,
      -100n,
      -50n,
      -100n,
      -50n,
      100n,
      50n,
    ]);
    expect(twice.status).toBe('cancelled');

    const gifts = new State(domain.base);
    expect(call(gifts, 'send_certificate', { user_id: 'ann_1', amount: 100.0 })).toBe(
      'Certificate certificate_3221322 added to user ann_1 with amount 100.',
    );
    expect((gifts.get('users', 'ann_1')!.payment_methods as PyDict).certificate_3221322 as PyDict).toEqual({
      source: 'certificate',
      id: 'certificate_3221322',
      amount: 100,
    });
    call(gifts, 'send_certificate', { user_id: 'ann_1', amount: 50 });
    call(gifts, 'send_certificate', { user_id: 'ann_1', amount: 50 });
    expect(call(gifts, 'send_certificate', { user_id: 'ann_1', amount: 50 })).toBe(
      'Error: Too many certificates',
    );
    expectRefusal('send_certificate', { user_id: 'zed', amount: 50 }, 'User zed not found');
  });
});
