import {
  cloneValue,
  compare,
  type PyDict,
  type PyNum,
  pyDumps,
  pyRound,
  sub,
} from '../../../core/python/index.ts';
import { argList, argString, lookup, type ToolDefinition, ToolError } from '../../../core/tools/tool.ts';
import {
  checkItemsInOrder,
  customerPaymentMethod,
  findOrderWithStatus,
  firstItemWithId,
  orderItems,
  orderUserId,
  priceDifference,
  pyAbs,
  variantOf,
} from '../lookups.ts';
import { itemIdsParameter, orderIdParameter, priceDifferencePaymentMethodParameter } from './parameters.ts';

export const modifyPendingOrderItemsTool: ToolDefinition = {
  name: 'modify_pending_order_items',
  description:
    "Swap items of a pending order for other available variants of the same products, paying or refunding the price difference. Possible only once per order (it becomes 'pending (item modified)'). Explain the change and get the customer's explicit yes first.",
  parameters: {
    type: 'object',
    properties: {
      order_id: orderIdParameter,
      item_ids: itemIdsParameter("Ids of the items to change, e.g. '1008292230'; an id may repeat."),
      new_item_ids: itemIdsParameter(
        'Ids of the new items, one per changed item at the same position, each a variant of the same product; an id may repeat.',
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
    const current = findOrderWithStatus(db, orderId, 'pending', 'non-pending order cannot be modified');
    checkItemsInOrder(current, itemIds, (itemId) => `${itemId} not found`);
    // Unlike an exchange, the difference is not rounded before it is charged.
    const difference = priceDifference(db, current, itemIds, newItemIds);

    const method = customerPaymentMethod(db, current, paymentMethodId);
    const isGiftCard = lookup(method, 'source') === 'gift_card';
    if (isGiftCard && compare(lookup<PyNum>(method, 'balance'), difference) < 0) {
      throw new ToolError('insufficient gift card balance to pay for the new item');
    }

    const order = db.edit('orders', orderId);
    lookup<PyDict[]>(order, 'payment_history').push({
      transaction_type: compare(difference, 0n) > 0 ? 'payment' : 'refund',
      amount: pyAbs(difference),
      payment_method_id: paymentMethodId,
    });
    if (isGiftCard) {
      const user = db.edit('users', orderUserId(order));
      const card = lookup<PyDict>(lookup<PyDict>(user, 'payment_methods'), paymentMethodId);
      card.balance = pyRound(sub(lookup<PyNum>(card, 'balance'), difference), 2);
    }
    // Each swap looks up the first item that has the id *now*, after the earlier swaps, as the
    // reference does: with ids [a, b] -> [b, c] both swaps land on the same item.
    const items = orderItems(order) as PyDict[];
    itemIds.forEach((itemId, i) => {
      const item = firstItemWithId(items, itemId);
      const newItemId = newItemIds[i]!;
      const variant = variantOf(db, lookup<string>(item, 'product_id'), newItemId);
      item.item_id = newItemId;
      item.price = lookup(variant, 'price');
      item.options = cloneValue(lookup(variant, 'options'));
    });
    order.status = 'pending (item modified)';
    return pyDumps(order);
  },
};
