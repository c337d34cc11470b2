import { compare, type PyNum, pyRound } from '../../../../core/python/index.ts';
import { argList, argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../retail/index.ts';
import { checkItemsInOrder } from '../../../retail/lookups.ts';
import { requestExchange } from '../../../retail/tools/exchange-delivered-order-items.ts';
import { getOrder, getPaymentMethod, isGiftCard, priceDifference } from '../lookups.ts';

export const exchangeDeliveredOrderItemsTool: ToolDefinition = {
  ...tauBench.exchangeDeliveredOrderItemsTool,
  // tau2's own description; the name, parameters and access are tau-bench's.
  description:
    "Exchange items of a delivered order for other available variants of the same products; the price difference is paid or refunded with the given payment method. A delivered order can be exchanged or returned only once. Explain the exchange and get the customer's explicit yes first.",
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    const itemIds = argList<string>(args, 'item_ids');
    const newItemIds = argList<string>(args, 'new_item_ids');
    const paymentMethodId = argString(args, 'payment_method_id');
    const current = getOrder(db, orderId);
    if (lookup(current, 'status') !== 'delivered')
      throw new ToolError('Non-delivered order cannot be exchanged');
    checkItemsInOrder(current, itemIds, (itemId) => `Number of ${itemId} not found.`);
    if (itemIds.length !== newItemIds.length) {
      throw new ToolError('The number of items to be exchanged should match.');
    }
    // Summed from the int 0 in request order, then rounded once (an empty request stays the int 0).
    const swap = priceDifference(db, current, itemIds, newItemIds, { refuseUnchanged: false });
    const difference = pyRound(swap.difference, 2);

    const method = getPaymentMethod(db, lookup<string>(current, 'user_id'), paymentMethodId);
    if (isGiftCard(method) && compare(lookup<PyNum>(method, 'balance'), difference) < 0) {
      throw new ToolError('Insufficient gift card balance to pay for the price difference');
    }

    return requestExchange(db, orderId, { itemIds, newItemIds, paymentMethodId, difference });
  },
};
