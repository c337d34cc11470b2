import { add, type PyDict, type PyNum, sub, toFloat } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { lookup, ToolError } from '../../../core/tools/tool.ts';
import { firstItem } from '../../retail/lookups.ts';
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
 * The price difference of swapping each item for the new item at the same position, summed from the
 * int 0 in request order (an empty request gives the int 0), and the last new variant checked (the
 * item change gives its price to every changed item). Refuses, per position in turn, an unchanged item
 * when `refuseUnchanged` (the item change does, the exchange does not), an item the order lacks, then
 * a new item that is not an available variant of the old item's product.
 */
export function priceDifference(
  db: Db,
  order: Readonly<PyDict>,
  itemIds: readonly string[],
  newItemIds: readonly string[],
  { refuseUnchanged }: { refuseUnchanged: boolean },
): { difference: PyNum; lastVariant: Readonly<PyDict> | undefined } {
  let difference: PyNum = 0n;
  let lastVariant: Readonly<PyDict> | undefined;
  const items = lookup<PyDict[]>(order, 'items');
  itemIds.forEach((itemId, i) => {
    const newItemId = newItemIds[i]!;
    if (refuseUnchanged && itemId === newItemId) {
      throw new ToolError('The new item id should be different from the old item id');
    }
    const item = orderItem(items, itemId);
    const variant = getVariant(db, lookup<string>(item, 'product_id'), newItemId);
    if (lookup(variant, 'available') !== true) {
      throw new ToolError(`New item ${newItemId} not found or available`);
    }
    difference = add(difference, sub(lookup<PyNum>(variant, 'price'), lookup<PyNum>(item, 'price')));
    lastVariant = variant;
  });
  return { difference, lastVariant };
}

/** The first item of an order with this id, or tau2's refusal. */
export function orderItem<T extends Readonly<PyDict>>(items: readonly T[], itemId: string): T {
  const item = firstItem(items, itemId);
  if (item === undefined) throw new ToolError(`Item ${itemId} not found`);
  return item;
}

/** A new `OrderPayment` as the data model dumps it (the amount validated into a float). */
export function orderPayment(transactionType: string, amount: PyNum, paymentMethodId: string): PyDict {
  return { transaction_type: transactionType, amount: toFloat(amount), payment_method_id: paymentMethodId };
}
