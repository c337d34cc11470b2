import type { PyDict } from '../../../../core/python/index.ts';
import { argList, argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../retail/index.ts';
import { checkItemsInOrder } from '../../../retail/lookups.ts';
import { requestReturn } from '../../../retail/tools/return-delivered-order-items.ts';
import { getOrder, getPaymentMethod, getUser, isGiftCard } from '../lookups.ts';

export const returnDeliveredOrderItemsTool: ToolDefinition = {
  ...tauBench.returnDeliveredOrderItemsTool,
  // tau2's own description; the name, parameters and access are tau-bench's.
  description:
    "Request the return of items of a delivered order; the refund goes to the original payment method or a gift card. The order becomes 'return requested' and the customer gets an email on how to send the items back. Explain the return and get the customer's explicit yes first.",
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    const itemIds = argList<string>(args, 'item_ids');
    const paymentMethodId = argString(args, 'payment_method_id');
    const current = getOrder(db, orderId);
    if (lookup(current, 'status') !== 'delivered')
      throw new ToolError('Non-delivered order cannot be returned');
    const user = getUser(db, lookup<string>(current, 'user_id'));
    const method = getPaymentMethod(db, lookup<string>(user, 'user_id'), paymentMethodId);
    if (!isGiftCard(method)) {
      const history = lookup<PyDict[]>(current, 'payment_history');
      if (history.length === 0) throw new ToolError('list index out of range');
      if (paymentMethodId !== lookup(history[0], 'payment_method_id')) {
        throw new ToolError('Payment method should be the original payment method');
      }
    }
    checkItemsInOrder(current, itemIds, () => 'Some item not found');

    return requestReturn(db, orderId, itemIds, paymentMethodId);
  },
};
