import { compareCodePoints, type PyDict, pyDumps } from '../../../../core/python/index.ts';
import { argList, argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import { checkItemCounts, getOrder, getPaymentMethod, getUser, isGiftCard } from '../lookups.ts';
import { itemIdsParameter, orderIdParameter } from './parameters.ts';

export const returnDeliveredOrderItemsTool: ToolDefinition = {
  name: 'return_delivered_order_items',
  description:
    "Request the return of items of a delivered order; the refund goes to the original payment method or a gift card. The order becomes 'return requested' and the customer gets an email on how to send the items back. Explain the return and get the customer's explicit yes first.",
  parameters: {
    type: 'object',
    properties: {
      order_id: orderIdParameter,
      item_ids: itemIdsParameter("Ids of the items to return, e.g. '1008292230'; an id may repeat."),
      payment_method_id: {
        type: 'string',
        description:
          "Where the refund goes: the order's original payment method or one of the customer's gift cards, e.g. 'gift_card_0000000'.",
      },
    },
    required: ['order_id', 'item_ids', 'payment_method_id'],
  },
  access: 'write',
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
    checkItemCounts(current, itemIds, () => 'Some item not found');

    const order = db.edit('orders', orderId);
    order.status = 'return requested';
    order.return_items = [...itemIds].sort(compareCodePoints);
    order.return_payment_method_id = paymentMethodId;
    return pyDumps(order);
  },
};
