import { type PyDict, type PyNum, toFloat } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { lookup, ToolError } from '../../../core/tools/tool.ts';
import { findRecord } from '../../shared/records.ts';

/** Record lookups of tau2's retail tools, each with tau2's refusal. */

export function getOrder(db: Db, orderId: string): Readonly<PyDict> {
  return findRecord(db, 'orders', orderId, 'Order not found');
}

export function getUser(db: Db, userId: string): Readonly<PyDict> {
  return findRecord(db, 'users', userId, 'User not found');
}

export function getProduct(db: Db, productId: string): Readonly<PyDict> {
  return findRecord(db, 'products', productId, 'Product not found');
}

/** The variant with this item id in the first product (in the data's order) that has it. */
export function getItem(db: Db, itemId: string): Readonly<PyDict> {
  for (const productId of db.ids('products')) {
    const variants = lookup<PyDict>(db.get('products', productId), 'variants');
    if (Object.hasOwn(variants, itemId)) return variants[itemId] as PyDict;
  }
  throw new ToolError('Item not found');
}

export function getVariant(db: Db, productId: string, variantId: string): Readonly<PyDict> {
  const variants = lookup<PyDict>(getProduct(db, productId), 'variants');
  if (!Object.hasOwn(variants, variantId)) throw new ToolError('Variant not found');
  return variants[variantId] as PyDict;
}

/** One of a user's payment methods (refusing an unknown user first, then an unknown method). */
export function getPaymentMethod(db: Db, userId: string, paymentMethodId: string): Readonly<PyDict> {
  const methods = lookup<PyDict>(getUser(db, userId), 'payment_methods');
  if (!Object.hasOwn(methods, paymentMethodId)) throw new ToolError('Payment method not found');
  return methods[paymentMethodId] as PyDict;
}

/** The editable copy of a user's payment method, for a balance change. */
export function editPaymentMethod(db: Db, userId: string, paymentMethodId: string): PyDict {
  return lookup<PyDict>(lookup<PyDict>(db.edit('users', userId), 'payment_methods'), paymentMethodId);
}

/** A payment method is a gift card when the data model reads it as one (its `source`). */
export function isGiftCard(method: Readonly<PyDict>): boolean {
  return method.source === 'gift_card';
}

/**
 * Refuses with `message(id)` the first requested item id that occurs more often in the request than
 * in the order (a request may name the same item twice).
 */
export function checkItemCounts(
  order: Readonly<PyDict>,
  itemIds: readonly string[],
  message: (itemId: string) => string,
): void {
  const inOrder = counts(lookup<PyDict[]>(order, 'items').map((item) => lookup<string>(item, 'item_id')));
  const requested = counts(itemIds);
  for (const itemId of itemIds) {
    if ((requested.get(itemId) ?? 0) > (inOrder.get(itemId) ?? 0)) throw new ToolError(message(itemId));
  }
}

function counts(ids: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const id of ids) out.set(id, (out.get(id) ?? 0) + 1);
  return out;
}

/** The first item of an order with this id (`next(...)` over the items), or undefined. */
export function firstItem<T extends Readonly<PyDict>>(items: readonly T[], itemId: string): T | undefined {
  return items.find((item) => lookup(item, 'item_id') === itemId);
}

/** A new `OrderPayment` as the data model dumps it (the amount validated into a float). */
export function orderPayment(transactionType: string, amount: PyNum, paymentMethodId: string): PyDict {
  return { transaction_type: transactionType, amount: toFloat(amount), payment_method_id: paymentMethodId };
}

/** Python's `abs` on an int or a float. */
export function pyAbs(x: PyNum): PyNum {
  if (typeof x === 'bigint') return x < 0n ? -x : x;
  return Math.abs(x);
}
