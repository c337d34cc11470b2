import { compare, compareCodePoints, type PyNum, pyDumps, pyRound } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argList, argString, lookup, type ToolDefinition, ToolError } from '../../../core/tools/tool.ts';
import {
  checkItemsInOrder,
  customerPaymentMethod,
  findOrderWithStatus,
  priceDifference,
} from '../lookups.ts';
import { itemIdsParameter, orderIdParameter, priceDifferencePaymentMethodParameter } from './parameters.ts';

export const exchangeDeliveredOrderItemsTool: ToolDefinition = {
  name: 'exchange_delivered_order_items',
  description:
    "Request the exchange of items of a delivered order for other available variants of the same products; the order becomes 'exchange requested'. A delivered order can be returned or exchanged only once. Explain the exchange and get the customer's explicit yes first.",
  parameters: {
    type: 'object',
    properties: {
      order_id: orderIdParameter,
      item_ids: itemIdsParameter("Ids of the items to exchange, e.g. '1008292230'; an id may repeat."),
      new_item_ids: itemIdsParameter(
        'Ids of the new items, one per exchanged item at the same position, each a variant of the same product; an id may repeat.',
      ),
      payment_method_id: priceDifferencePaymentMethodParameter,
    },
    required: ['order_id', 'item_ids', 'new_item_ids', 'payment_method_id'],
  },
  access: 'write',
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    const itemIds = argList<string>(args, 'item_ids');
    const newItemIds = argList<string>(args, 'new_item_ids');
    const paymentMethodId = argString(args, 'payment_method_id');
    const current = findOrderWithStatus(db, orderId, 'delivered', 'non-delivered order cannot be exchanged');
    checkItemsInOrder(current, itemIds, (itemId) => `${itemId} not found`);
    const difference = pyRound(priceDifference(db, current, itemIds, newItemIds), 2);

    const method = customerPaymentMethod(db, current, paymentMethodId);
    // Nothing is charged yet: a gift card only has to hold the difference.
    if (
      lookup(method, 'source') === 'gift_card' &&
      compare(lookup<PyNum>(method, 'balance'), difference) < 0
    ) {
      throw new ToolError('insufficient gift card balance to pay for the price difference');
    }

    return requestExchange(db, orderId, { itemIds, newItemIds, paymentMethodId, difference });
  },
};

/**
 * Marks a delivered order 'exchange requested' with the request's items (sorted), payment method and
 * price difference, and returns the order's dump: the same fields in the same order in both flavours.
 */
export function requestExchange(
  db: Db,
  orderId: string,
  request: {
    itemIds: readonly string[];
    newItemIds: readonly string[];
    paymentMethodId: string;
    difference: PyNum;
  },
): string {
  const order = db.edit('orders', orderId);
  order.status = 'exchange requested';
  order.exchange_items = [...request.itemIds].sort(compareCodePoints);
  order.exchange_new_items = [...request.newItemIds].sort(compareCodePoints);
  order.exchange_payment_method_id = request.paymentMethodId;
  order.exchange_price_difference = request.difference;
  return pyDumps(order);
}
