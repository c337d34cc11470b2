import { add, dictKeys, type PyDict, type PyNum, sub } from '../../core/python/index.ts';
import type { Db } from '../../core/state/index.ts';
import { keyError, lookup, ToolError } from '../../core/tools/tool.ts';
import { findRecord } from '../shared/records.ts';

/** The order with this id, or the reference's refusal when there is none. */
export function findOrder(db: Db, orderId: string): Readonly<PyDict> {
  return findRecord(db, 'orders', orderId, 'order not found');
}

/**
 * The order with this id when it has the status a tool needs, else the reference's refusals: first for a
 * missing order, then `refusal` (such as 'non-pending order cannot be modified') for another status.
 */
export function findOrderWithStatus(
  db: Db,
  orderId: string,
  status: string,
  refusal: string,
): Readonly<PyDict> {
  const order = findOrder(db, orderId);
  if (lookup(order, 'status') !== status) throw new ToolError(refusal);
  return order;
}

/** The id of the customer an order belongs to. */
export function orderUserId(order: Readonly<PyDict>): string {
  return lookup<string>(order, 'user_id');
}

/** The payment methods of an order's customer (a missing customer fails like Python's `users[id]`). */
export function customerPaymentMethods(db: Db, order: Readonly<PyDict>): Readonly<PyDict> {
  const userId = orderUserId(order);
  const user = db.get('users', userId);
  if (user === undefined) throw keyError(userId);
  return lookup<PyDict>(user, 'payment_methods');
}

/** One of the payment methods of an order's customer, or the reference's refusal when they have no such method. */
export function customerPaymentMethod(
  db: Db,
  order: Readonly<PyDict>,
  paymentMethodId: string,
): Readonly<PyDict> {
  const methods = customerPaymentMethods(db, order);
  if (!Object.hasOwn(methods, paymentMethodId)) throw new ToolError('payment method not found');
  return methods[paymentMethodId] as PyDict;
}

export function orderItems(order: Readonly<PyDict>): readonly PyDict[] {
  return lookup<PyDict[]>(order, 'items');
}

/**
 * Checks that each requested item id occurs in the order at least as often as in the request
 * (a list may name the same item twice); refuses with `message(id)` for the first one that does not.
 */
export function checkItemsInOrder(
  order: Readonly<PyDict>,
  itemIds: readonly string[],
  message: (itemId: string) => string,
): void {
  const inOrder = countIds(orderItems(order).map((item) => lookup<string>(item, 'item_id')));
  const requested = countIds(itemIds);
  for (const itemId of itemIds) {
    if ((requested.get(itemId) ?? 0) > (inOrder.get(itemId) ?? 0)) throw new ToolError(message(itemId));
  }
}

function countIds(ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** The first item of an order with this id (Python's `next(...)` over the items), or undefined. */
export function firstItem<T extends Readonly<PyDict>>(items: readonly T[], itemId: string): T | undefined {
  return items.find((item) => lookup(item, 'item_id') === itemId);
}

/** The first item of the order with this id, as the reference picks it. */
export function firstItemWithId<T extends Readonly<PyDict>>(items: readonly T[], itemId: string): T {
  const item = firstItem(items, itemId);
  // Python's `[...][0]` on an empty list; callers check the counts first, so this is not reached.
  if (item === undefined) throw new ToolError('list index out of range');
  return item;
}

function productVariants(db: Db, productId: string): Readonly<PyDict> {
  const product = db.get('products', productId);
  if (product === undefined) throw keyError(productId);
  return lookup<PyDict>(product, 'variants');
}

/** The variant `itemId` of a product (a missing one fails like Python's `variants[id]`). */
export function variantOf(db: Db, productId: string, itemId: string): Readonly<PyDict> {
  return lookup<PyDict>(productVariants(db, productId), itemId);
}

/** The variant `itemId` of a product when it exists and is available, else the reference's refusal. */
export function availableVariant(db: Db, productId: string, itemId: string): Readonly<PyDict> {
  const variants = productVariants(db, productId);
  const variant = Object.hasOwn(variants, itemId) ? (variants[itemId] as PyDict) : undefined;
  if (variant === undefined || !truthy(lookup(variant, 'available'))) {
    throw new ToolError(`new item ${itemId} not found or available`);
  }
  return variant;
}

/**
 * What swapping each item for the new item at the same position costs: the sum of (new price - old
 * price), accumulated from the int 0 in request order exactly as the reference does (so an empty
 * request gives the int 0, and float rounding matches). Refuses a new item that is not an available
 * variant of the old item's product.
 */
export function priceDifference(
  db: Db,
  order: Readonly<PyDict>,
  itemIds: readonly string[],
  newItemIds: readonly string[],
): PyNum {
  if (itemIds.length !== newItemIds.length) {
    throw new ToolError('the number of items to be exchanged should match');
  }
  const items = orderItems(order);
  let difference: PyNum = 0n;
  itemIds.forEach((itemId, i) => {
    const item = firstItemWithId(items, itemId);
    const variant = availableVariant(db, lookup<string>(item, 'product_id'), newItemIds[i]!);
    difference = add(difference, sub(lookup<PyNum>(variant, 'price'), lookup<PyNum>(item, 'price')));
  });
  return difference;
}

/** Python truthiness of a JSON value. */
function truthy(value: unknown): boolean {
  if (value === null || value === false || value === '' || value === 0 || value === 0n) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return dictKeys(value as PyDict).length > 0;
  return true; // any other number (NaN included) or string
}

/** Python's `abs` on an int or a float. */
export function pyAbs(x: PyNum): PyNum {
  if (typeof x === 'bigint') return x < 0n ? -x : x;
  return Math.abs(x);
}
