import {
  add,
  compare,
  type PyDict,
  type PyNum,
  pyDumps,
  pyRound,
  sub,
} from '../../../../core/python/index.ts';
import { argList, argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import {
  checkItemCounts,
  editPaymentMethod,
  firstItem,
  getOrder,
  getPaymentMethod,
  getVariant,
  isGiftCard,
  orderPayment,
  pyAbs,
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
    const current = getOrder(db, orderId);
    if (lookup(current, 'status') !== 'pending') throw new ToolError('Non-pending order cannot be modified');
    checkItemCounts(current, itemIds, (itemId) => `${itemId} not found`);
    if (itemIds.length !== newItemIds.length) {
      throw new ToolError('The number of items to be exchanged should match');
    }
    // Unlike an exchange, the difference is not rounded before it is charged.
    let difference: PyNum = 0n;
    let variant: Readonly<PyDict> | undefined;
    const currentItems = lookup<PyDict[]>(current, 'items');
    itemIds.forEach((itemId, i) => {
      const newItemId = newItemIds[i]!;
      if (itemId === newItemId)
        throw new ToolError('The new item id should be different from the old item id');
      const item = firstItem(currentItems, itemId);
      if (item === undefined) throw new ToolError(`Item ${itemId} not found`);
      variant = getVariant(db, lookup<string>(item, 'product_id'), newItemId);
      if (lookup(variant, 'available') !== true) {
        throw new ToolError(`New item ${newItemId} not found or available`);
      }
      difference = add(difference, sub(lookup<PyNum>(variant, 'price'), lookup<PyNum>(item, 'price')));
    });

    const userId = lookup<string>(current, 'user_id');
    const method = getPaymentMethod(db, userId, paymentMethodId);
    const giftCard = isGiftCard(method);
    if (giftCard && compare(lookup<PyNum>(method, 'balance'), difference) < 0) {
      throw new ToolError('Insufficient gift card balance to pay for the new item');
    }

    const order = db.edit('orders', orderId);
    lookup<PyDict[]>(order, 'payment_history').push(
      orderPayment(compare(difference, 0n) > 0 ? 'payment' : 'refund', pyAbs(difference), paymentMethodId),
    );
    if (giftCard) {
      const card = editPaymentMethod(db, userId, paymentMethodId);
      card.balance = pyRound(sub(lookup<PyNum>(card, 'balance'), difference), 2);
    }
    // tau2 gives every changed item the price and options of the *last* new item checked above (its
    // loop variable outlives the loop); each swap lands on the first item that has the id by then.
    const items = lookup<PyDict[]>(order, 'items');
    itemIds.forEach((itemId, i) => {
      const item = firstItem(items, itemId);
      if (item === undefined) throw new ToolError(`Item ${itemId} not found`);
      item.item_id = newItemIds[i]!;
      item.price = lookup(variant, 'price');
      item.options = lookup(variant, 'options');
    });
    order.status = 'pending (item modified)';
    return pyDumps(order);
  },
};
