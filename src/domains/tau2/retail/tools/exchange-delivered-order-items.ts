import {
  add,
  compare,
  compareCodePoints,
  type PyDict,
  type PyNum,
  pyDumps,
  pyRound,
  sub,
} from '../../../../core/python/index.ts';
import { argList, argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import {
  checkItemCounts,
  firstItem,
  getOrder,
  getPaymentMethod,
  getVariant,
  isGiftCard,
} from '../lookups.ts';
import { itemIdsParameter, orderIdParameter, priceDifferencePaymentMethodParameter } from './parameters.ts';

export const exchangeDeliveredOrderItemsTool: ToolDefinition = {
  name: 'exchange_delivered_order_items',
  description:
    "Exchange items of a delivered order for other available variants of the same products; the price difference is paid or refunded with the given payment method. A delivered order can be exchanged or returned only once. Explain the exchange and get the customer's explicit yes first.",
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
    const current = getOrder(db, orderId);
    if (lookup(current, 'status') !== 'delivered')
      throw new ToolError('Non-delivered order cannot be exchanged');
    checkItemCounts(current, itemIds, (itemId) => `Number of ${itemId} not found.`);
    if (itemIds.length !== newItemIds.length) {
      throw new ToolError('The number of items to be exchanged should match.');
    }
    // Summed from the int 0 in request order, then rounded once (an empty request stays the int 0).
    let difference: PyNum = 0n;
    const items = lookup<PyDict[]>(current, 'items');
    itemIds.forEach((itemId, i) => {
      const item = firstItem(items, itemId);
      if (item === undefined) throw new ToolError(`Item ${itemId} not found`);
      const variant = getVariant(db, lookup<string>(item, 'product_id'), newItemIds[i]!);
      if (lookup(variant, 'available') !== true) {
        throw new ToolError(`New item ${newItemIds[i]!} not found or available`);
      }
      difference = add(difference, sub(lookup<PyNum>(variant, 'price'), lookup<PyNum>(item, 'price')));
    });
    difference = pyRound(difference, 2);

    const method = getPaymentMethod(db, lookup<string>(current, 'user_id'), paymentMethodId);
    if (isGiftCard(method) && compare(lookup<PyNum>(method, 'balance'), difference) < 0) {
      throw new ToolError('Insufficient gift card balance to pay for the price difference');
    }

    const order = db.edit('orders', orderId);
    order.status = 'exchange requested';
    order.exchange_items = [...itemIds].sort(compareCodePoints);
    order.exchange_new_items = [...newItemIds].sort(compareCodePoints);
    order.exchange_payment_method_id = paymentMethodId;
    order.exchange_price_difference = difference;
    return pyDumps(order);
  },
};
