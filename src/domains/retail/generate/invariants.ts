import {
  compareCodePoints,
  dictKeys,
  type PyDict,
  type PyNum,
  pyRound,
  sum,
} from '../../../core/python/index.ts';
import type { RetailDatabase } from './database.ts';

const STATUSES = new Set([
  'pending',
  'pending (item modified)',
  'processed',
  'delivered',
  'cancelled',
  'return requested',
  'exchange requested',
]);
const PAYMENT_ID = /^(credit_card|paypal|gift_card)_\d{7}$/;

/**
 * Every way a retail database breaks the rules the tools and tasks rely on, as readable lines (none
 * when it is consistent): id formats and uniqueness, every referenced id exists, orders agree with
 * their customer's payment methods and the product variants, and each status agrees with the
 * shipments and payments.
 */
export function checkRetailDatabase(db: RetailDatabase): string[] {
  const problems: string[] = [];
  const fail = (where: string, problem: string) => problems.push(`${where}: ${problem}`);
  const variants = checkProducts(db, fail);
  checkUsers(db, fail);
  for (const orderId of dictKeys(db.orders)) checkOrder(db, orderId, variants, fail);
  return problems;
}

type Fail = (where: string, problem: string) => void;

function checkProducts(db: RetailDatabase, fail: Fail): Map<string, PyDict> {
  const variants = new Map<string, PyDict>();
  const names = new Set<string>();
  for (const productId of dictKeys(db.products)) {
    const product = db.products[productId] as PyDict;
    const where = `product ${productId}`;
    if (!/^\d{10}$/.test(productId) || product.product_id !== productId) fail(where, 'bad product id');
    if (names.has(product.name as string)) fail(where, `name "${String(product.name)}" is used twice`);
    names.add(product.name as string);
    for (const itemId of dictKeys(product.variants as PyDict)) {
      const variant = (product.variants as PyDict)[itemId] as PyDict;
      if (!/^\d{10}$/.test(itemId) || variant.item_id !== itemId) fail(where, `bad item id ${itemId}`);
      if (variants.has(itemId) || Object.hasOwn(db.products, itemId))
        fail(where, `id ${itemId} is used twice`);
      if (typeof variant.price !== 'number' || !(variant.price > 0))
        fail(where, `${itemId}: price must be a float`);
      if (typeof variant.available !== 'boolean') fail(where, `${itemId}: available must be a boolean`);
      variants.set(itemId, { ...variant, product_id: productId, name: product.name as string });
    }
  }
  return variants;
}

function checkUsers(db: RetailDatabase, fail: Fail): void {
  const emails = new Set<string>();
  const people = new Set<string>();
  for (const userId of dictKeys(db.users)) {
    const user = db.users[userId] as PyDict;
    const where = `user ${userId}`;
    const name = user.name as PyDict;
    const zip = (user.address as PyDict).zip as string;
    const handle = `${String(name.first_name)}_${String(name.last_name)}`.toLowerCase();
    if (!new RegExp(`^${handle}_\\d{4}$`).test(userId)) fail(where, 'user id does not match the name');
    if (!/^\d{5}$/.test(zip)) fail(where, `bad zip ${zip}`);
    const person = `${handle} ${zip}`;
    if (people.has(person)) fail(where, 'another user has the same name and zip');
    people.add(person);
    if (emails.has(user.email as string)) fail(where, 'email is used twice');
    emails.add(user.email as string);
    const methods = user.payment_methods as PyDict;
    if (dictKeys(methods).length === 0) fail(where, 'no payment method');
    for (const id of dictKeys(methods)) {
      const method = methods[id] as PyDict;
      if (!PAYMENT_ID.test(id) || method.id !== id || !id.startsWith(`${String(method.source)}_`)) {
        fail(where, `bad payment method ${id}`);
      }
      if (method.source === 'gift_card' && !(Number(method.balance) >= 0)) fail(where, `${id}: bad balance`);
      if (method.source === 'credit_card' && !/^\d{4}$/.test(method.last_four as string)) {
        fail(where, `${id}: bad last_four`);
      }
    }
    const listed = user.orders as string[];
    const own = dictKeys(db.orders).filter((id) => (db.orders[id] as PyDict).user_id === userId);
    if (listed.join() !== own.join()) fail(where, 'orders list differs from the orders of this user');
  }
}

function checkOrder(db: RetailDatabase, orderId: string, variants: Map<string, PyDict>, fail: Fail): void {
  const order = db.orders[orderId] as PyDict;
  const where = `order ${orderId}`;
  if (!/^#W\d{7}$/.test(orderId) || order.order_id !== orderId) fail(where, 'bad order id');
  const user = db.users[order.user_id as string] as PyDict | undefined;
  if (user === undefined) {
    fail(where, `unknown user ${String(order.user_id)}`);
    return;
  }
  const methods = user.payment_methods as PyDict;
  const items = order.items as PyDict[];
  if (items.length === 0) fail(where, 'no items');
  for (const item of items) {
    const variant = variants.get(item.item_id as string);
    if (variant === undefined) fail(where, `unknown item ${String(item.item_id)}`);
    else if (
      variant.product_id !== item.product_id ||
      variant.name !== item.name ||
      variant.price !== item.price ||
      JSON.stringify(variant.options) !== JSON.stringify(item.options)
    ) {
      fail(where, `item ${String(item.item_id)} differs from its product variant`);
    }
  }
  const status = order.status as string;
  if (!STATUSES.has(status)) fail(where, `unknown status ${status}`);
  const history = order.payment_history as PyDict[];
  for (const entry of history) {
    if (!Object.hasOwn(methods, entry.payment_method_id as string))
      fail(where, 'paid with a method of someone else');
  }
  const first = history[0];
  const itemIds = items.map((item) => item.item_id as string);
  if (first?.transaction_type !== 'payment') {
    fail(where, 'the first transaction must be a payment');
    return;
  }
  const total = pyRound(sum(items.map((item) => item.price as PyNum)), 2);
  let paid = Number(first.amount);
  for (const entry of history.slice(1))
    paid += (entry.transaction_type === 'payment' ? 1 : -1) * Number(entry.amount);
  const expected = status === 'cancelled' ? 0 : Number(total);
  if (Math.abs(paid - expected) > 0.005) fail(where, `payments add up to ${paid}, expected ${expected}`);
  if (status === 'cancelled' && history.length !== 2)
    fail(where, 'a cancelled order has one payment and its refund');
  if (status !== 'cancelled' && status !== 'pending (item modified)' && history.length !== 1) {
    fail(where, 'expected exactly one payment');
  }
  const fulfillments = order.fulfillments as PyDict[];
  if (status.startsWith('pending')) {
    if (fulfillments.length > 0) fail(where, 'a pending order has not shipped');
  } else {
    const shipped = fulfillments.flatMap((f) => f.item_ids as string[]);
    if (fulfillments.length === 0 || sorted(shipped).join() !== sorted(itemIds).join()) {
      fail(where, 'the shipments must hold exactly the items');
    }
    for (const f of fulfillments) {
      if (!(f.tracking_id as string[]).every((t) => /^\d{12}$/.test(t))) fail(where, 'bad tracking id');
    }
  }
  if (status === 'return requested') {
    const refundTo = order.return_payment_method_id as string;
    if (!isSubset(order.return_items as string[], itemIds)) fail(where, 'returned items not in the order');
    if (
      refundTo !== first.payment_method_id &&
      !(refundTo.startsWith('gift_card_') && Object.hasOwn(methods, refundTo))
    ) {
      fail(where, 'a refund goes to the original method or a gift card');
    }
  }
  if (status === 'exchange requested') {
    if (!isSubset(order.exchange_items as string[], itemIds)) fail(where, 'exchanged items not in the order');
    const products = new Set(items.map((item) => item.product_id));
    for (const id of order.exchange_new_items as string[]) {
      const variant = variants.get(id);
      if (variant === undefined || !products.has(variant.product_id!))
        fail(where, `new item ${id} does not fit`);
    }
    if (!Object.hasOwn(methods, order.exchange_payment_method_id as string))
      fail(where, 'bad exchange method');
    if (typeof order.exchange_price_difference !== 'number')
      fail(where, 'the price difference must be a float');
  }
}

function sorted(ids: string[]): string[] {
  return [...ids].sort(compareCodePoints);
}

function isSubset(part: string[], whole: string[]): boolean {
  const left = [...whole];
  for (const id of part) {
    const at = left.indexOf(id);
    if (at < 0) return false;
    left.splice(at, 1);
  }
  return sorted(part).join() === part.join();
}
