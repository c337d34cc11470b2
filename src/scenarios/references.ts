import type { Domain } from '../core/domain/types.ts';
import { isDict, type PyDict, type PyValue } from '../core/python/index.ts';

/** A scenario's records as one lookup: the new ones first, then the domain's own. */
export class RecordView {
  readonly domain: Domain;
  readonly added: ReadonlyMap<string, ReadonlyArray<[string, PyDict]>>;

  constructor(domain: Domain, added: ReadonlyMap<string, ReadonlyArray<[string, PyDict]>>) {
    this.domain = domain;
    this.added = added;
  }

  get(table: string, id: string): Readonly<PyDict> | undefined {
    const mine = this.added.get(table)?.find(([key]) => key === id);
    return mine?.[1] ?? this.domain.base.tables.get(table)?.records.get(id);
  }

  /** The new records of a table. */
  rows(table: string): ReadonlyArray<[string, PyDict]> {
    return this.added.get(table) ?? [];
  }

  isNew(table: string, id: string): boolean {
    return this.rows(table).some(([key]) => key === id);
  }
}

function num(value: PyValue | undefined): number {
  return typeof value === 'bigint' || typeof value === 'number' ? Number(value) : Number.NaN;
}

function same(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.005;
}

function list(value: PyValue | undefined): PyValue[] {
  return Array.isArray(value) ? value : [];
}

function dict(value: PyValue | undefined): PyDict {
  return isDict(value) ? value : {};
}

/** The domain's reference rules, by the tables it has (retail: orders and products; airline: reservations and flights). */
export function referenceProblems(view: RecordView): string[] {
  const tables = view.domain.base.tables;
  if (tables.has('orders') && tables.has('products')) return retailReferences(view);
  if (tables.has('reservations') && tables.has('flights')) return airlineReferences(view);
  return [];
}

/**
 * Retail: an order belongs to a customer who lists it; its items are variants of their products with
 * the variant's options and price; it was paid with the customer's own methods, and what was paid,
 * less refunds, is the items' total (nothing for a cancelled order). A new customer's name and zip
 * code, and email, are not another customer's: the agent finds customers by them.
 */
function retailReferences(view: RecordView): string[] {
  const problems: string[] = [];
  for (const [id, order] of view.rows('orders')) {
    const at = `order ${id}`;
    const userId = order.user_id as string;
    const user = view.get('users', userId);
    if (user === undefined) {
      problems.push(`${at}: its user_id "${userId}" is not a customer`);
      continue;
    }
    if (order.order_id !== undefined && order.order_id !== id)
      problems.push(`${at}: its order_id is "${String(order.order_id)}", not its key`);
    if (!list(user.orders).includes(id))
      problems.push(`${at}: its customer ${userId} does not list it in "orders"`);
    let total = 0;
    list(order.items).forEach((raw, i) => {
      const item = dict(raw);
      const where = `${at} item ${i}`;
      const product = view.get('products', item.product_id as string);
      if (product === undefined) {
        problems.push(`${where}: product ${String(item.product_id)} does not exist`);
        return;
      }
      const variant = dict(product.variants as PyValue)[item.item_id as string];
      if (!isDict(variant)) {
        problems.push(
          `${where}: item ${String(item.item_id)} is not a variant of product ${String(item.product_id)} (${String(product.name)})`,
        );
        return;
      }
      if (item.name !== product.name)
        problems.push(
          `${where}: its name is "${String(item.name)}", the product is "${String(product.name)}"`,
        );
      if (optionsText(item.options) !== optionsText(variant.options))
        problems.push(
          `${where}: its options (${optionsText(item.options)}) are not item ${String(item.item_id)}'s (${optionsText(variant.options)})`,
        );
      if (!same(num(item.price), num(variant.price)))
        problems.push(
          `${where}: its price ${String(item.price)} is not item ${String(item.item_id)}'s price ${String(variant.price)}`,
        );
      total += num(item.price);
    });
    const methods = dict(user.payment_methods as PyValue);
    let net = 0;
    for (const raw of list(order.payment_history)) {
      const payment = dict(raw);
      const method = payment.payment_method_id as string;
      if (!(method in methods))
        problems.push(
          `${at}: payment method ${method} is not one of ${userId}'s (${Object.keys(methods).join(', ')})`,
        );
      net += (payment.transaction_type === 'refund' ? -1 : 1) * num(payment.amount);
    }
    const expected = order.status === 'cancelled' ? 0 : total;
    if (!same(net, expected))
      problems.push(
        `${at}: its payments come to ${net.toFixed(2)}, but its ${order.status === 'cancelled' ? 'refunded total should be 0' : `items total ${total.toFixed(2)}`}`,
      );
  }
  for (const [userId, user] of view.rows('users')) {
    for (const orderId of list(user.orders)) {
      const order = view.get('orders', orderId as string);
      if (order === undefined) problems.push(`customer ${userId}: order ${String(orderId)} does not exist`);
      else if (order.user_id !== userId)
        problems.push(`customer ${userId}: order ${String(orderId)} is another customer's`);
    }
    const name = dict(user.name as PyValue);
    const zip = dict(user.address as PyValue).zip;
    for (const other of view.domain.base.tables.get('users')?.records.values() ?? []) {
      const theirs = dict(other.name as PyValue);
      if (
        theirs.first_name === name.first_name &&
        theirs.last_name === name.last_name &&
        dict(other.address as PyValue).zip === zip
      )
        problems.push(`customer ${userId}: another customer has the same name and zip code`);
      if (other.email === user.email)
        problems.push(`customer ${userId}: another customer has the email ${String(user.email)}`);
    }
  }
  return problems;
}

const CABINS = ['basic_economy', 'economy', 'business'];
const EXTRA_BAG = 50;
const INSURANCE = 30;

/**
 * Airline: a reservation belongs to a customer who lists it; each of its flights exists, flies on
 * the date given between the airports given; it was paid with the customer's own methods, and the
 * payments add up to the fares for every passenger, the paid bags and the insurance.
 */
function airlineReferences(view: RecordView): string[] {
  const problems: string[] = [];
  for (const [id, reservation] of view.rows('reservations')) {
    const at = `reservation ${id}`;
    const userId = reservation.user_id as string;
    const user = view.get('users', userId);
    if (user === undefined) {
      problems.push(`${at}: its user_id "${userId}" is not a customer`);
      continue;
    }
    if (reservation.reservation_id !== undefined && reservation.reservation_id !== id)
      problems.push(`${at}: its reservation_id is "${String(reservation.reservation_id)}", not its key`);
    if (!list(user.reservations).includes(id))
      problems.push(`${at}: its customer ${userId} does not list it in "reservations"`);
    if (!CABINS.includes(reservation.cabin as string))
      problems.push(`${at}: cabin "${String(reservation.cabin)}" is not one of ${CABINS.join(', ')}`);
    let fares = 0;
    list(reservation.flights).forEach((raw, i) => {
      const leg = dict(raw);
      const where = `${at} flight ${i}`;
      const flight = view.get('flights', leg.flight_number as string);
      if (flight === undefined) {
        problems.push(`${where}: flight ${String(leg.flight_number)} does not exist`);
        return;
      }
      if (!isDict(dict(flight.dates as PyValue)[leg.date as string]))
        problems.push(`${where}: flight ${String(leg.flight_number)} does not fly on ${String(leg.date)}`);
      if (flight.origin !== leg.origin || flight.destination !== leg.destination)
        problems.push(
          `${where}: flight ${String(leg.flight_number)} flies ${String(flight.origin)}-${String(flight.destination)}, not ${String(leg.origin)}-${String(leg.destination)}`,
        );
      fares += num(leg.price);
    });
    const passengers = list(reservation.passengers).length;
    const methods = dict(user.payment_methods as PyValue);
    let paid = 0;
    for (const raw of list(reservation.payment_history)) {
      const payment = dict(raw);
      if (!(String(payment.payment_id) in methods))
        problems.push(
          `${at}: payment method ${String(payment.payment_id)} is not one of ${userId}'s (${Object.keys(methods).join(', ')})`,
        );
      paid += num(payment.amount);
    }
    const expected =
      fares * passengers +
      EXTRA_BAG * num(reservation.nonfree_baggages) +
      (reservation.insurance === 'yes' ? INSURANCE * passengers : 0);
    if (!same(paid, expected))
      problems.push(
        `${at}: its payments come to ${paid}, but fares, paid bags and insurance for ${passengers} passenger(s) come to ${expected}`,
      );
  }
  for (const [userId, user] of view.rows('users')) {
    for (const reservationId of list(user.reservations)) {
      const reservation = view.get('reservations', reservationId as string);
      if (reservation === undefined)
        problems.push(`customer ${userId}: reservation ${String(reservationId)} does not exist`);
      else if (reservation.user_id !== userId)
        problems.push(`customer ${userId}: reservation ${String(reservationId)} is another customer's`);
    }
  }
  return problems;
}

/** Options as `key: value` pairs in key order, to compare and show them. */
function optionsText(value: PyValue | undefined): string {
  const d = dict(value);
  return Object.keys(d)
    .sort()
    .map((k) => `${k}: ${String(d[k])}`)
    .join(', ');
}
