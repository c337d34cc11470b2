import type { PyDict } from '../../../core/python/index.ts';
import {
  dictOf,
  dumpModel,
  float,
  int,
  listOf,
  literal,
  type Model,
  model,
  str,
  union,
} from '../data-model.ts';

/**
 * tau2's airline data model: the records of `flights`, `users` and `reservations` and the field order
 * their dumps print in. Unlike tau-bench's airline (plain JSON), every record has a fixed shape:
 * prices, payments and bag counts are ints, gift-card and certificate balances are floats, a
 * reservation always has a `status` (`null` unless cancelled), and nested records print in the
 * model's order (a reservation's flight segment starts with its `flight_number`).
 */

export const CABINS = ['business', 'economy', 'basic_economy'] as const;
export const FLIGHT_TYPES = ['round_trip', 'one_way'] as const;
export const INSURANCE = ['yes', 'no'] as const;

const perCabin = dictOf(int);

/** A flight's record for one date, told apart by its `status`. */
const flightDate = union('status', {
  available: {
    name: 'FlightDateStatusAvailable',
    fields: [
      { name: 'status', type: str },
      { name: 'available_seats', type: perCabin },
      { name: 'prices', type: perCabin },
    ],
  },
  landed: {
    name: 'FlightDateStatusLanded',
    fields: [
      { name: 'status', type: str },
      { name: 'actual_departure_time_est', type: str },
      { name: 'actual_arrival_time_est', type: str },
    ],
  },
  cancelled: { name: 'FlightDateStatusCancelled', fields: [{ name: 'status', type: str }] },
  delayed: {
    name: 'FlightDateStatusDelayed',
    fields: [
      { name: 'status', type: str },
      { name: 'estimated_departure_time_est', type: str },
      { name: 'estimated_arrival_time_est', type: str },
    ],
  },
  flying: {
    name: 'FlightDataStatusFlying',
    fields: [
      { name: 'status', type: str },
      { name: 'actual_departure_time_est', type: str },
      { name: 'estimated_arrival_time_est', type: str },
    ],
  },
  'on time': {
    name: 'FlightDataStatusOnTime',
    fields: [
      { name: 'status', type: str },
      { name: 'estimated_departure_time_est', type: str },
      { name: 'estimated_arrival_time_est', type: str },
    ],
  },
});

export const flightModel: Model = {
  name: 'Flight',
  fields: [
    { name: 'flight_number', type: str },
    { name: 'origin', type: str },
    { name: 'destination', type: str },
    { name: 'scheduled_departure_time_est', type: str },
    { name: 'scheduled_arrival_time_est', type: str },
    { name: 'dates', type: dictOf(flightDate) },
  ],
};

export const passengerModel: Model = {
  name: 'Passenger',
  fields: [
    { name: 'first_name', type: str },
    { name: 'last_name', type: str },
    { name: 'dob', type: str },
  ],
};

const paymentMethod = union('source', {
  credit_card: {
    name: 'CreditCard',
    fields: [
      { name: 'source', type: str },
      { name: 'id', type: str },
      { name: 'brand', type: str },
      { name: 'last_four', type: str },
    ],
  },
  gift_card: {
    name: 'GiftCard',
    fields: [
      { name: 'source', type: str },
      { name: 'id', type: str },
      { name: 'amount', type: float },
    ],
  },
  certificate: {
    name: 'Certificate',
    fields: [
      { name: 'source', type: str },
      { name: 'id', type: str },
      { name: 'amount', type: float },
    ],
  },
});

export const userModel: Model = {
  name: 'User',
  fields: [
    { name: 'user_id', type: str },
    {
      name: 'name',
      type: model({
        name: 'Name',
        fields: [
          { name: 'first_name', type: str },
          { name: 'last_name', type: str },
        ],
      }),
    },
    {
      name: 'address',
      type: model({
        name: 'Address',
        fields: [
          { name: 'address1', type: str },
          { name: 'address2', type: str, optional: true },
          { name: 'city', type: str },
          { name: 'country', type: str },
          { name: 'state', type: str },
          { name: 'zip', type: str },
        ],
      }),
    },
    { name: 'email', type: str },
    { name: 'dob', type: str },
    { name: 'payment_methods', type: dictOf(paymentMethod) },
    { name: 'saved_passengers', type: listOf(model(passengerModel)) },
    { name: 'membership', type: literal('gold', 'silver', 'regular') },
    { name: 'reservations', type: listOf(str) },
  ],
};

/** A payment (or, negative, a refund) in a reservation's history. */
export const paymentModel: Model = {
  name: 'Payment',
  fields: [
    { name: 'payment_id', type: str },
    { name: 'amount', type: int },
  ],
};

/** A flight segment as a tool is given it. */
export const flightInfoModel: Model = {
  name: 'FlightInfo',
  fields: [
    { name: 'flight_number', type: str },
    { name: 'date', type: str },
  ],
};

export const reservationFlightModel: Model = {
  name: 'ReservationFlight',
  fields: [
    { name: 'flight_number', type: str },
    { name: 'origin', type: str },
    { name: 'destination', type: str },
    { name: 'date', type: str },
    { name: 'price', type: int },
  ],
};

export const reservationModel: Model = {
  name: 'Reservation',
  fields: [
    { name: 'reservation_id', type: str },
    { name: 'user_id', type: str },
    { name: 'origin', type: str },
    { name: 'destination', type: str },
    { name: 'flight_type', type: literal(...FLIGHT_TYPES) },
    { name: 'cabin', type: literal(...CABINS) },
    { name: 'flights', type: listOf(model(reservationFlightModel)) },
    { name: 'passengers', type: listOf(model(passengerModel)) },
    { name: 'payment_history', type: listOf(model(paymentModel)) },
    { name: 'created_at', type: str },
    { name: 'total_baggages', type: int },
    { name: 'nonfree_baggages', type: int },
    { name: 'insurance', type: literal(...INSURANCE) },
    { name: 'status', type: literal('cancelled'), optional: true },
  ],
};

const MODELS: Readonly<Record<string, Model>> = {
  flights: flightModel,
  users: userModel,
  reservations: reservationModel,
};

/** One record of the airline database as tau2's data model dumps it. */
export function normaliseAirlineRecord(table: string, record: Readonly<PyDict>): PyDict {
  const m = MODELS[table];
  if (m === undefined) throw new Error(`no table "${table}" in the tau2 airline data model`);
  return dumpModel(m, record as PyDict);
}
