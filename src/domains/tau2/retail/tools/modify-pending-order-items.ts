import { compare, type PyDict, type PyNum, pyDumps, pyRound, sub } from '../../../../core/python/index.ts';
import { argList, argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../retail/index.ts';
import { checkItemsInOrder, pyAbs } from '../../../retail/lookups.ts';
import {
  editPaymentMethod,
  getOrder,
  getPaymentMethod,
  isGiftCard,
  orderItem,
  orderPayment,
  priceDifference,
} from '../lookups.ts';

export const modifyPendingOrderItemsTool: ToolDefinition = {
  ...tauBench.modifyPendingOrderItemsTool,
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    const itemIds = argList<string>(args, 'item_ids');
    const newItemIds = argList<string>(args, 'new_item_ids');
    const paymentMethodId = argString(args, 'payment_method_id');
    const current = getOrder(db, orderId);
    if (lookup(current, 'status') !== 'pending') throw new ToolError('Non-pending order cannot be modified');
    checkItemsInOrder(current, itemIds, (itemId) => `${itemId} not found`);
    if (itemIds.length !== newItemIds.length) {
      throw new ToolError('The number of items to be exchanged should match');
    }
    // Unlike an exchange, the difference is not rounded before it is charged.
    const { difference, lastVariant } = priceDifference(db, current, itemIds, newItemIds, {
      refuseUnchanged: true,
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
      const item = orderItem(items, itemId);
      item.item_id = newItemIds[i]!;
      item.price = lookup(lastVariant, 'price');
      item.options = lookup(lastVariant, 'options');
    });
    order.status = 'pending (item modified)';
    return pyDumps(order);
  },
};
